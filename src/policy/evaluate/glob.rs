//! IAM's wildcards: `*` is any run of characters (none included), `?` any one character. Besides
//! matching a name, the checker compares two patterns, because the user may ask about `s3:Put*`:
//! does a statement's pattern cover every name the question's pattern can stand for, or only some?

/// Whether `text` matches `pattern`.
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    // Every character of a name is itself, a `*` or `?` in it included.
    let text: Vec<Sym> = text.chars().map(|c| Sym::Char(fold(c, ignore_case))).collect();
    covers_syms(&chars(pattern, ignore_case), &text)
}

/// Whether every name `inner` can stand for also matches `outer`. Exact for the patterns people
/// write; where it cannot tell, it says no, which the checker reports as "partly" rather than
/// claiming a cover that is not there.
pub fn covers(outer: &str, inner: &str, ignore_case: bool) -> bool {
    covers_syms(&chars(outer, ignore_case), &chars(inner, ignore_case))
}

/// Whether some name matches both patterns.
pub fn overlaps(a: &str, b: &str, ignore_case: bool) -> bool {
    let (a, b) = (chars(a, ignore_case), chars(b, ignore_case));
    // reach[i][j]: the first i symbols of `a` and the first j of `b` can spell the same text.
    let mut reach = vec![vec![false; b.len() + 1]; a.len() + 1];
    reach[0][0] = true;
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            if !reach[i][j] {
                continue;
            }
            // A star may spell nothing, or one more character of the other side's text.
            if i < a.len() && a[i] == Sym::Star {
                reach[i + 1][j] = true;
                if j < b.len() {
                    reach[i][j + 1] = true;
                }
            }
            if j < b.len() && b[j] == Sym::Star {
                reach[i][j + 1] = true;
                if i < a.len() {
                    reach[i + 1][j] = true;
                }
            }
            if i < a.len() && j < b.len() && a[i] != Sym::Star && b[j] != Sym::Star && a[i].meets(b[j]) {
                reach[i + 1][j + 1] = true;
            }
        }
    }
    reach[a.len()][b.len()]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sym {
    Char(char),
    One,
    Star,
}

impl Sym {
    fn meets(self, other: Sym) -> bool {
        match (self, other) {
            (Sym::Char(a), Sym::Char(b)) => a == b,
            _ => true,
        }
    }
}

fn chars(text: &str, ignore_case: bool) -> Vec<Sym> {
    text.chars()
        .map(|c| match c {
            '*' => Sym::Star,
            '?' => Sym::One,
            c => Sym::Char(fold(c, ignore_case)),
        })
        .collect()
}

fn fold(c: char, ignore_case: bool) -> char {
    if ignore_case { c.to_ascii_lowercase() } else { c }
}

/// `outer` matches the whole of `inner`, where `inner`'s wildcards stand for any text: a star in
/// `inner` is matched only by a star in `outer`, a `?` by a `?` or a star.
fn covers_syms(outer: &[Sym], inner: &[Sym]) -> bool {
    let mut reach = vec![vec![false; inner.len() + 1]; outer.len() + 1];
    reach[0][0] = true;
    for i in 0..=outer.len() {
        for j in 0..=inner.len() {
            if !reach[i][j] || i == outer.len() {
                continue;
            }
            match outer[i] {
                Sym::Star => {
                    reach[i + 1][j] = true;
                    if j < inner.len() {
                        reach[i][j + 1] = true;
                    }
                }
                Sym::One if j < inner.len() && inner[j] != Sym::Star => reach[i + 1][j + 1] = true,
                Sym::Char(c) if j < inner.len() && inner[j] == Sym::Char(c) => reach[i + 1][j + 1] = true,
                _ => {}
            }
        }
    }
    reach[outer.len()][inner.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_with_stars_and_question_marks() {
        assert!(matches("s3:*", "s3:PutObject", true));
        assert!(matches("ec2:*Instances", "ec2:RunInstances", true));
        assert!(matches("EC2:RUNINSTANCES", "ec2:RunInstances", true), "actions ignore case");
        assert!(!matches("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", false), "ARNs do not");
        assert!(matches("iam:?etRole", "iam:GetRole", true));
        assert!(!matches("iam:?etRole", "iam:etRole", true));
        assert!(matches("*", "", true));
        assert!(!matches("s3:Get*", "s3:PutObject", true));
        // A name that holds a star is still a name: it matches a star pattern, not a literal.
        assert!(!matches("s3:Get", "s3:*", true));
    }

    #[test]
    fn a_pattern_covers_another_only_when_every_name_fits() {
        assert!(covers("*", "s3:Put*", true));
        assert!(covers("s3:*", "s3:Put*", true));
        assert!(covers("s3:P*", "s3:Put*", true));
        assert!(!covers("s3:PutObject", "s3:Put*", true));
        assert!(!covers("s3:Put?", "s3:Put*", true));
        assert!(covers("s3:Get?bject", "s3:Get?bject", true));
        assert!(covers("s3:*Object", "s3:Get*Object", true));
    }

    #[test]
    fn two_patterns_overlap_when_one_name_fits_both() {
        assert!(overlaps("s3:Put*", "s3:*Object", true));
        assert!(overlaps("ec2:*", "*", true));
        assert!(!overlaps("s3:Get*", "s3:Put*", true));
        assert!(overlaps("s3:?ut*", "s3:Put*", true));
        assert!(!overlaps("iam:*", "s3:*", true));
    }
}
