//! "Did you mean": the names nearest a misspelt one, by edit distance (a swap of two neighbouring
//! letters counts as one edit: the commonest typo), ignoring case.

/// The closest `max` candidates within a distance that still looks like a typo of `typed`.
pub fn nearest<'a>(typed: &str, candidates: impl Iterator<Item = &'a str>, max: usize) -> Vec<String> {
    let typed: Vec<char> = typed.to_ascii_lowercase().chars().collect();
    // A third of the name, at least one and at most four edits.
    let limit = (typed.len() / 3).clamp(1, 4);
    let mut found: Vec<(usize, &str)> = candidates
        // Names whose lengths differ by more than the limit cannot be near: skip the table.
        .filter(|c| c.len().abs_diff(typed.len()) <= limit)
        .filter_map(|c| {
            let d = distance(&typed, &c.to_ascii_lowercase().chars().collect::<Vec<_>>());
            (d <= limit).then_some((d, c))
        })
        .collect();
    found.sort_by_key(|(d, c)| (*d, c.len(), c.to_owned()));
    // Only the nearest: a name two edits away is noise beside one a single edit away.
    let best = found.first().map_or(0, |(d, _)| *d);
    found.into_iter().take_while(|(d, _)| *d == best).take(max).map(|(_, c)| c.to_owned()).collect()
}

/// Optimal string alignment distance.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_and_slips_are_one_edit() {
        let d = |a: &str, b: &str| distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert_eq!(d("getobjcet", "getobject"), 1);
        assert_eq!(d("getobect", "getobject"), 1);
        assert_eq!(d("putobject", "getobject"), 2);
        let names = ["GetObject", "GetObjectAcl", "PutObject", "DeleteObject"];
        assert_eq!(nearest("GetObjcet", names.into_iter(), 2), ["GetObject"]);
        assert!(nearest("Zzzzzzzz", names.into_iter(), 2).is_empty(), "nothing near: no suggestion");
    }
}
