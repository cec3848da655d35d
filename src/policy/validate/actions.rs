//! Actions and condition keys against the catalogue of real AWS actions: a misspelt action in a
//! Deny denies nothing, so it is pointed out, with the nearest real names. Warnings only: AWS adds
//! actions faster than any embedded list, and AWS itself accepts unknown names.

use serde_json::{Map, Value};

use super::Found;
use crate::policy::catalogue::{self, Catalogue};

pub fn check(doc: &Value, found: &mut Found) {
    let c = catalogue::get();
    if c.is_empty() {
        return;
    }
    match doc.get("Statement") {
        Some(Value::Object(s)) => statement(c, s, "Statement", found),
        Some(Value::Array(list)) => {
            for (i, s) in list.iter().enumerate() {
                if let Value::Object(s) = s {
                    statement(c, s, &format!("Statement[{i}]"), found);
                }
            }
        }
        _ => {}
    }
}

/// The strings of an element with the path of each.
fn listed<'a>(v: &'a Value, path: &str) -> Vec<(&'a str, String)> {
    match v {
        Value::String(s) => vec![(s.as_str(), path.to_owned())],
        Value::Array(list) => {
            list.iter().enumerate().filter_map(|(i, v)| Some((v.as_str()?, format!("{path}[{i}]")))).collect()
        }
        _ => Vec::new(),
    }
}

fn statement(c: &Catalogue, s: &Map<String, Value>, path: &str, found: &mut Found) {
    let mut named = Vec::new();
    for element in ["Action", "NotAction"] {
        let Some(v) = s.get(element) else { continue };
        for (text, at) in listed(v, &format!("{path}.{element}")) {
            let real = action(c, text, &at, found);
            if element == "Action" {
                named.push(real);
            }
        }
    }
    // Condition keys are checked against the actions the statement names, when all are known.
    let Some(actions) = named.into_iter().collect::<Option<Vec<Vec<String>>>>() else { return };
    let actions: Vec<String> = actions.into_iter().flatten().collect();
    if actions.is_empty() {
        return;
    }
    let Some(Value::Object(block)) = s.get("Condition") else { return };
    for (operator, keys) in block {
        let Value::Object(keys) = keys else { continue };
        for key in keys.keys() {
            if !actions.iter().any(|a| c.takes_key(a, key).unwrap_or(true)) {
                let what = if actions.len() == 1 {
                    actions[0].clone()
                } else {
                    format!("any of the {} actions named", actions.len())
                };
                found.warn(
                    &format!("{path}.Condition.{operator}.{key}"),
                    format!("{key} is not a condition key of {what}: this test never matches a request"),
                );
            }
        }
    }
}

/// The real actions `text` stands for; None when it cannot be read against the catalogue (`*`, a
/// malformed name), so condition keys are not checked.
fn action(c: &Catalogue, text: &str, path: &str, found: &mut Found) -> Option<Vec<String>> {
    let (prefix, name) = text.split_once(':')?;
    if text == "*" || prefix.contains(['*', '?']) {
        return None;
    }
    let hint = |found: &[String]| match found {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        more => format!("; did you mean one of {}?", more.join(", ")),
    };
    let Some(service) = c.service(prefix) else {
        let near = c.nearest(text, 3);
        found
            .warn(path, format!("{prefix:?} is not an AWS service prefix (catalogue of {}){}", c.updated, hint(&near)));
        return None;
    };
    let expanded = c.expand(text);
    if expanded.is_empty() {
        if name.contains(['*', '?']) {
            found.warn(path, format!("{text} matches no {} action", service.name));
        } else {
            let near = c.nearest(text, 3);
            found.warn(path, format!("{text} is not an {} action{}", service.name, hint(&near)));
        }
        return None;
    }
    Some(expanded)
}
