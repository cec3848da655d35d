//! SCPs and RCPs: the IAM policy grammar, with what each allows.
//!
//! - SCPs: Effect Allow or Deny; Action or NotAction; Resource or NotResource; Condition; no
//!   Principal (an SCP applies to the principals of the accounts it is attached to). Since
//!   September 2025 AWS accepts every element in Allow statements too, so this does not flag them.
//! - RCPs: Effect Deny only (the one Allow is the AWS managed RCPFullAWSAccess, which cannot be
//!   edited); Principal required and only "*"; no NotPrincipal and no NotAction.

use serde_json::{Map, Value};

use super::{Found, kind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Scp,
    Rcp,
}

const TOP: &[&str] = &["Version", "Id", "Statement"];
/// AWS's SCP and RCP syntax pages name one version; 2008-10-17 (accepted by IAM) is refused here.
const VERSION: &str = "2012-10-17";
const SCP_ELEMENTS: &[&str] = &["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"];
const RCP_ELEMENTS: &[&str] = &["Sid", "Effect", "Principal", "Action", "Resource", "NotResource", "Condition"];

pub fn check(doc: &Value, kind_of: Kind, found: &mut Found) {
    let Some(doc) = doc.as_object() else {
        found.add("", format!("a policy is a JSON object, not {}", kind(doc)));
        return;
    };
    for key in doc.keys().filter(|k| !TOP.contains(&k.as_str())) {
        found.add(key, format!("unknown top-level element {key:?}; a policy has Version, Id and Statement"));
    }
    match doc.get("Version") {
        None => found.add("", "Version is missing: add \"Version\": \"2012-10-17\""),
        Some(Value::String(v)) if v == VERSION => {}
        Some(Value::String(v)) if v == "2008-10-17" => {
            found.add("Version", "SCPs and RCPs take only Version \"2012-10-17\" (2008-10-17 is IAM's older version)")
        }
        Some(v) => found.add("Version", format!("{v} is not a policy language version; use \"2012-10-17\"")),
    }
    match doc.get("Statement") {
        None => found.add("", "Statement is missing"),
        Some(Value::Object(s)) => statement(s, "Statement", kind_of, found),
        Some(Value::Array(list)) if list.is_empty() => found.add("Statement", "the Statement list is empty"),
        Some(Value::Array(list)) => {
            for (i, s) in list.iter().enumerate() {
                let path = format!("Statement[{i}]");
                match s.as_object() {
                    Some(s) => statement(s, &path, kind_of, found),
                    None => found.add(&path, format!("a statement is an object, not {}", kind(s))),
                }
            }
        }
        Some(v) => found.add("Statement", format!("Statement is an object or a list of them, not {}", kind(v))),
    }
}

fn statement(s: &Map<String, Value>, path: &str, kind_of: Kind, found: &mut Found) {
    let elements = if kind_of == Kind::Scp { SCP_ELEMENTS } else { RCP_ELEMENTS };
    let name = if kind_of == Kind::Scp { "an SCP" } else { "an RCP" };
    for key in s.keys().filter(|k| !elements.contains(&k.as_str())) {
        let why = match (key.as_str(), kind_of) {
            ("Principal" | "NotPrincipal", Kind::Scp) => {
                "SCPs have no Principal: they apply to every principal of the accounts they are attached to"
            }
            ("NotPrincipal", Kind::Rcp) => "RCPs do not support NotPrincipal; use Principal \"*\" with a Condition",
            ("NotAction", Kind::Rcp) => "RCPs do not support NotAction; list the actions in Action",
            _ => "",
        };
        let message =
            if why.is_empty() { format!("{key:?} is not an element of {name} statement") } else { why.into() };
        found.add(&format!("{path}.{key}"), message);
    }
    if let Some(sid) = s.get("Sid") {
        match sid.as_str() {
            Some(text) if text.chars().all(|c| c.is_ascii_alphanumeric()) => {}
            Some(_) => found.add(&format!("{path}.Sid"), "a Sid may hold only letters and digits"),
            None => found.add(&format!("{path}.Sid"), format!("Sid is a string, not {}", kind(sid))),
        }
    }
    match s.get("Effect").map(|e| (e, e.as_str())) {
        None => found.add(path, "Effect is missing: \"Allow\" or \"Deny\""),
        Some((_, Some("Deny"))) => {}
        Some((_, Some("Allow"))) if kind_of == Kind::Scp => {}
        Some((_, Some("Allow"))) => {
            found.add(&format!("{path}.Effect"), "RCPs only deny; only the AWS managed RCPFullAWSAccess allows");
        }
        Some((e, _)) => found.add(&format!("{path}.Effect"), format!("{e} must be \"Allow\" or \"Deny\" (exactly)")),
    }
    if kind_of == Kind::Rcp {
        match s.get("Principal") {
            None => found.add(path, "an RCP statement needs \"Principal\": \"*\""),
            Some(Value::String(p)) if p == "*" => {}
            Some(p) => found.add(&format!("{path}.Principal"), format!("RCPs accept only \"*\" as Principal, not {p}")),
        }
    }
    one_of(s, path, "Action", "NotAction", true, found, action);
    one_of(s, path, "Resource", "NotResource", kind_of == Kind::Rcp, found, resource);
    if let Some(c) = s.get("Condition") {
        condition(c, &format!("{path}.Condition"), found);
    }
}

type Check = fn(&str, &str, &mut Found);

/// Exactly one (or, when not `required`, at most one) of two exclusive elements, each a string or a
/// non-empty list of strings checked by `each`.
fn one_of(s: &Map<String, Value>, path: &str, a: &str, b: &str, required: bool, found: &mut Found, each: Check) {
    match (s.get(a), s.get(b)) {
        (Some(_), Some(_)) => found.add(path, format!("use {a} or {b}, not both")),
        (None, None) if required => found.add(path, format!("{a} (or {b}) is missing")),
        (None, None) => {}
        (Some(v), None) => strings(v, &format!("{path}.{a}"), found, each),
        (None, Some(v)) => strings(v, &format!("{path}.{b}"), found, each),
    }
}

fn strings(v: &Value, path: &str, found: &mut Found, each: Check) {
    match v {
        Value::String(text) => each(text, path, found),
        Value::Array(list) if list.is_empty() => found.add(path, "the list is empty"),
        Value::Array(list) => {
            for (i, item) in list.iter().enumerate() {
                let item_path = format!("{path}[{i}]");
                match item.as_str() {
                    Some(text) => each(text, &item_path, found),
                    None => found.add(&item_path, format!("expected a string, not {}", kind(item))),
                }
            }
        }
        _ => found.add(path, format!("expected a string or a list of strings, not {}", kind(v))),
    }
}

/// `*`, or `service:action` where the service is lower-case letters, digits and dashes, and the
/// action may use the wildcards `*` and `?`.
fn action(text: &str, path: &str, found: &mut Found) {
    if text == "*" {
        return;
    }
    let Some((service, name)) = text.split_once(':') else {
        found.add(path, format!("{text:?} is not service:action (e.g. \"s3:GetObject\", \"ec2:*\")"));
        return;
    };
    if service.contains(['*', '?']) {
        found.add(path, format!("{text:?}: wildcards may not stand in the service prefix, only in the action"));
    } else if service.is_empty() || !service.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        found.add(path, format!("{text:?}: the service prefix is lower-case letters, digits and dashes"));
    }
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '*' | '?' | '-' | '_')) {
        found.add(path, format!("{text:?}: the action is letters and digits, with * or ? as wildcards"));
    }
}

fn resource(text: &str, path: &str, found: &mut Found) {
    if text != "*" && !text.starts_with("arn:") {
        found.add(path, format!("{text:?} is not \"*\" or an ARN (arn:partition:service:region:account:resource)"));
    }
}

/// `{"StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}}`: operator → key → value(s).
fn condition(c: &Value, path: &str, found: &mut Found) {
    let Some(operators) = c.as_object() else {
        found.add(path, format!("Condition is {{operator: {{key: value}}}}, not {}", kind(c)));
        return;
    };
    if operators.is_empty() {
        found.add(path, "the Condition is empty");
    }
    for (op, keys) in operators {
        let op_path = format!("{path}.{op}");
        if !is_operator(op) {
            found.add(&op_path, format!("{op:?} is not a condition operator (e.g. StringEquals, ArnLike, Bool)"));
        }
        let Some(keys) = keys.as_object() else {
            found.add(&op_path, format!("{op} takes {{key: value(s)}}, not {}", kind(keys)));
            continue;
        };
        if keys.is_empty() {
            found.add(&op_path, format!("{op} names no condition key"));
        }
        for (key, value) in keys {
            let key_path = format!("{op_path}.{key}");
            let scalar = |v: &Value| matches!(v, Value::String(_) | Value::Bool(_) | Value::Number(_));
            match value {
                v if scalar(v) => {}
                Value::Array(list) if !list.is_empty() && list.iter().all(scalar) => {}
                Value::Array(list) if list.is_empty() => found.add(&key_path, "the list of values is empty"),
                v => found.add(
                    &key_path,
                    format!("a condition value is a string, number, true/false or a list of them, not {}", kind(v)),
                ),
            }
        }
    }
}

/// The IAM operators: a known base, optionally with `IfExists`, optionally behind a set qualifier.
fn is_operator(op: &str) -> bool {
    const BASE: &[&str] = &[
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnLike",
        "ArnNotEquals",
        "ArnNotLike",
        "Null",
    ];
    let op = op.strip_prefix("ForAllValues:").or_else(|| op.strip_prefix("ForAnyValue:")).unwrap_or(op);
    let op = if op == "Null" { op } else { op.strip_suffix("IfExists").unwrap_or(op) };
    BASE.contains(&op)
}
