//! The text in the editor. Problems from the last check are written above the policy as `#` comment
//! lines (as `kubectl edit` does) and stripped before the next check: JSON has no comments, so a
//! leading `#` line can only be ours or the user's note, never policy text.

use crate::policy::validate::Problem;

const MARK: &str = "# orgtui:";

/// The text to open in the editor: the user's policy text, below the problems found in it.
pub fn with_problems(text: &str, problems: &[Problem]) -> String {
    if problems.is_empty() {
        return text.to_owned();
    }
    let mut out = format!("{MARK} this policy was not saved: fix the problems below, save and quit.\n");
    out.push_str(&format!("{MARK} quit without saving to go back to orgtui (your text is kept).\n"));
    // Line numbers are those the editor shows: the policy starts below these comment lines.
    let offset = problems.len() + 3;
    for p in problems {
        let mut p = p.clone();
        if p.line > 0 {
            p.line += offset;
        }
        out.push_str(&format!("{MARK}   {}\n", p.to_string().replace('\n', " ")));
    }
    out.push_str(&format!("{MARK} (lines starting with # at the top are removed before checking)\n"));
    out.push_str(text);
    out
}

/// The policy text without the comment lines at its top.
pub fn strip_header(text: &str) -> String {
    let mut rest = text;
    while rest.starts_with('#') {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    rest.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_go_on_top_and_come_off_again() {
        let problem =
            Problem { line: 2, column: 5, path: "Version".into(), message: "bad".into(), ..Problem::default() };
        let text = "{\n  \"Version\": 1\n}\n";
        let shown = with_problems(text, &[problem]);
        assert!(shown.starts_with("# orgtui: this policy was not saved"));
        assert!(shown.contains("# orgtui:   line 6, column 5: Version: bad\n"), "as the editor numbers it");
        assert_eq!(shown.lines().nth(5), Some("  \"Version\": 1"));
        assert_eq!(strip_header(&shown), text);
        assert_eq!(with_problems(text, &[]), text);
        assert_eq!(strip_header("# a note\n# another\n{}"), "{}");
        assert_eq!(strip_header("#only"), "");
    }
}
