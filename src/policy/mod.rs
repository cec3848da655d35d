//! Policy text: pretty-printing and syntax highlighting, prepared off the UI thread and cached per policy.

pub mod catalogue;
pub mod evaluate;
pub mod highlight;
pub mod limits;
pub mod templates;
pub mod validate;
pub mod whatif;

use crate::org::Policy;
pub use highlight::{Segment, StyledLine};

/// A policy ready to show: its data and its content pretty-printed and highlighted, once.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedPolicy {
    pub policy: Policy,
    pub lines: Vec<StyledLine>,
    /// False when the content is not valid JSON (shown as it came, unhighlighted).
    pub valid_json: bool,
    /// An SCP's or RCP's statements, read here once (off the UI thread) for the what-applies view
    /// and the checker; None for the other types.
    pub statements: Option<Result<Vec<evaluate::Statement>, String>>,
}

/// Pretty-prints JSON with two-space indents, keeping the author's key order.
pub fn pretty(content: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(content).ok()?;
    serde_json::to_string_pretty(&value).ok()
}

/// The text as a person reads and edits it, line by line: pretty-printed (ending in a newline) when
/// it is JSON, as it came otherwise. AWS often keeps policies minified.
pub fn readable(content: &str) -> String {
    pretty(content).map(|t| t + "\n").unwrap_or_else(|| content.to_owned())
}

pub fn prepare(policy: Policy) -> PreparedPolicy {
    let statements = policy.summary.policy_type.is_authorization().then(|| evaluate::parse(&policy.content));
    let (lines, valid_json) = match pretty(&policy.content) {
        Some(text) => (highlight::json(&text), true),
        None => (highlight::plain(&policy.content), false),
    };
    PreparedPolicy { policy, lines, valid_json, statements }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_keeps_key_order_and_escapes_control_characters() {
        let text = pretty(r#"{"Version":"2012-10-17","Statement":[{"Sid":"x\u001b[2J","Effect":"Deny"}]}"#).unwrap();
        assert!(text.starts_with("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\""), "{text}");
        // serde_json writes the escape back as \u001b: the raw ESC byte never reaches the screen.
        assert!(text.contains("\\u001b[2J") && !text.contains('\u{1b}'));
        assert_eq!(pretty("{not json"), None);
    }
}
