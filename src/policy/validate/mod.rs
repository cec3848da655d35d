//! Local checks of a policy document before AWS sees it, with messages that point at the problem:
//! JSON syntax (line and column), the structure of SCPs and RCPs, the inheritance operators of
//! management policies, and the size AWS allows the type, counted on the minified text that is sent.

mod actions;
mod authorization;
mod locate;
mod management;

use std::fmt;

use serde_json::Value;

use super::limits::{max_size, minify};
use crate::org::PolicyType;

/// An error keeps the policy from being saved; a warning is said and the user decides (a quota
/// the organization may have had raised, an action the catalogue does not know).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Problem {
    /// 1-based; 0 when the problem is about the whole document.
    pub line: usize,
    pub column: usize,
    /// Where in the document (`Statement[1].Effect`), empty for the whole document.
    pub path: String,
    pub message: String,
    pub severity: Severity,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any of the problems keeps the text from being saved.
pub fn blocking(problems: &[Problem]) -> bool {
    problems.iter().any(Problem::is_error)
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        if self.line > 0 {
            write!(f, "line {}, column {}: ", self.line, self.column)?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Problems found while walking the parsed document, by path; placed in the text at the end.
#[derive(Default)]
pub(super) struct Found(Vec<(String, String, Severity)>);

impl Found {
    pub(super) fn add(&mut self, path: &str, message: impl Into<String>) {
        self.0.push((path.to_owned(), message.into(), Severity::Error));
    }

    pub(super) fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.0.push((path.to_owned(), message.into(), Severity::Warning));
    }
}

/// Every problem with `text` as a policy of `policy_type`; empty when AWS should accept it.
pub fn validate(policy_type: &PolicyType, text: &str) -> Vec<Problem> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return vec![Problem {
                line: e.line(),
                // serde_json says column 0 for an error right after a line break (the end of the
                // text); editors count columns from 1.
                column: e.column().max(1),
                path: String::new(),
                message: format!("not valid JSON: {}", syntax_message(&e)),
                severity: Severity::Error,
            }];
        }
    };
    let mut found = Found::default();
    match policy_type.as_str() {
        PolicyType::SCP => authorization::check(&value, authorization::Kind::Scp, &mut found),
        PolicyType::RCP => authorization::check(&value, authorization::Kind::Rcp, &mut found),
        _ => management::check(&value, &mut found),
    }
    if policy_type.is_authorization() {
        actions::check(&value, &mut found);
    }
    let positions = locate::positions(text);
    let mut problems: Vec<Problem> = found
        .0
        .into_iter()
        .map(|(path, message, severity)| {
            let (line, column) = positions.get(&path).copied().unwrap_or((0, 0));
            Problem { line, column, path, message, severity }
        })
        .collect();
    let size = minify(text).chars().count();
    let max = max_size(policy_type);
    // The size quota may have been raised for this organization: said, and left to AWS.
    if size > max {
        problems.push(Problem {
            message: format!(
                "{size} characters once minified; AWS's default quota for {} policies is {max} ({} over): \
                 AWS refuses it unless this organization's quota was raised",
                policy_type.short(),
                size - max
            ),
            severity: Severity::Warning,
            ..Problem::default()
        });
    }
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

/// serde_json's message without its trailing " at line L column C" (the Problem carries those).
fn syntax_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

/// A JSON value's kind in words, for messages.
pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
