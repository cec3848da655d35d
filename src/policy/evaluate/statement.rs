//! An SCP's or RCP's statements, read from the policy text for the checker. AWS validated the text
//! when it was saved, so this reads leniently: an element it does not know is ignored.

use serde_json::Value;

use super::glob;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// Action/NotAction or Resource/NotResource: the names a statement is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Names {
    Only(Vec<String>),
    Except(Vec<String>),
}

/// How much of what the question stands for a statement's names cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    All,
    Part,
    None,
}

impl Names {
    pub fn reach(&self, query: &str, ignore_case: bool) -> Reach {
        let (list, except) = match self {
            Self::Only(list) => (list, false),
            Self::Except(list) => (list, true),
        };
        let covered = list.iter().any(|p| glob::covers(p, query, ignore_case));
        let touched = list.iter().any(|p| glob::overlaps(p, query, ignore_case));
        match (covered, touched, except) {
            (true, _, false) | (false, false, true) => Reach::All,
            (true, _, true) | (false, false, false) => Reach::None,
            (false, true, _) => Reach::Part,
        }
    }

    /// How a statement's names cover one literal name (no wildcard in it stands for anything).
    pub fn reach_literal(&self, name: &str) -> Reach {
        let (list, except) = match self {
            Self::Only(list) => (list, false),
            Self::Except(list) => (list, true),
        };
        if list.iter().any(|p| glob::matches(p, name, false)) != except { Reach::All } else { Reach::None }
    }

    /// As written, for the level summary and the answer.
    pub fn describe(&self) -> String {
        match self {
            Self::Only(list) => list.join(", "),
            Self::Except(list) => format!("everything but {}", list.join(", ")),
        }
    }

    pub fn is_everything(&self) -> bool {
        matches!(self, Self::Only(list) if list.iter().any(|p| p == "*"))
    }
}

/// One test of a Condition block: `"StringNotEquals": {"aws:RequestedRegion": [...]}` is one test per key.
#[derive(Debug, Clone, PartialEq)]
pub struct Test {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

impl Test {
    pub fn describe(&self) -> String {
        let values =
            if self.values.len() == 1 { self.values[0].clone() } else { format!("[{}]", self.values.join(", ")) };
        format!("{} {} {}", self.operator, self.key, values)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The Sid, or "statement N" (1-based) when it has none.
    pub label: String,
    pub effect: Effect,
    pub action: Names,
    pub resource: Names,
    /// False when an RCP statement names principals other than everyone.
    pub any_principal: bool,
    pub conditions: Vec<Test>,
}

impl Statement {
    /// One line in words: "Deny ec2:RunInstances on arn:aws:ec2:*:*:instance/* if …".
    pub fn summary(&self) -> String {
        let effect = if self.effect == Effect::Allow { "Allow" } else { "Deny" };
        let mut text = format!("{effect} {}", self.action.describe());
        if !self.resource.is_everything() {
            text.push_str(&format!(" on {}", self.resource.describe()));
        }
        if !self.conditions.is_empty() {
            let tests: Vec<String> = self.conditions.iter().map(Test::describe).collect();
            text.push_str(&format!(" if {}", tests.join(" and ")));
        }
        text
    }
}

/// The statements of a policy, or why the text cannot be read as one.
pub fn parse(content: &str) -> Result<Vec<Statement>, String> {
    let doc: Value = serde_json::from_str(content).map_err(|e| format!("not JSON ({e})"))?;
    let statements = match doc.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => return Err("it has no Statement".into()),
    };
    statements.into_iter().enumerate().map(|(i, s)| statement(i, s)).collect()
}

fn statement(index: usize, s: &Value) -> Result<Statement, String> {
    let label = match s.get("Sid").and_then(Value::as_str) {
        Some(sid) if !sid.is_empty() => sid.to_owned(),
        _ => format!("statement {}", index + 1),
    };
    let effect = match s.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        _ => return Err(format!("{label} has no Effect of Allow or Deny")),
    };
    let action = names(s, "Action", "NotAction").ok_or_else(|| format!("{label} has neither Action nor NotAction"))?;
    // A statement without Resource is about every resource (SCPs may leave it out).
    let resource = names(s, "Resource", "NotResource").unwrap_or_else(|| Names::Only(vec!["*".into()]));
    let any_principal = match s.get("Principal") {
        None => true,
        Some(Value::String(p)) => p == "*",
        Some(Value::Object(map)) => map.values().any(|v| strings(v).iter().any(|p| p == "*")),
        Some(_) => false,
    };
    let mut conditions = Vec::new();
    if let Some(Value::Object(block)) = s.get("Condition") {
        for (operator, keys) in block {
            if let Value::Object(keys) = keys {
                for (key, values) in keys {
                    conditions.push(Test { operator: operator.clone(), key: key.clone(), values: strings(values) });
                }
            }
        }
    }
    Ok(Statement { label, effect, action, resource, any_principal, conditions })
}

fn names(s: &Value, only: &str, except: &str) -> Option<Names> {
    s.get(only).map(|v| Names::Only(strings(v))).or_else(|| s.get(except).map(|v| Names::Except(strings(v))))
}

/// A string or a list of them; numbers and booleans (legal in conditions) as they are written.
fn strings(v: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(_) | Value::Number(_) => Some(v.to_string()),
        _ => None,
    };
    match v {
        Value::Array(list) => list.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}
