//! Management policies (tag, backup, AI services opt-out, chatbot, declarative, ...): JSON objects
//! whose leaves are set with the inheritance operators. `@@assign`, `@@append` and `@@remove` set a
//! value and stand inside a key's object, alone or beside `@@operators_allowed_for_child_policies`
//! (never beside ordinary keys, never at the top of the document); their values are strings,
//! numbers, true/false or lists, not objects.

use serde_json::Value;

use super::{Found, kind};

const VALUE_OPERATORS: &[&str] = &["@@assign", "@@append", "@@remove"];
const CHILD_CONTROL: &str = "@@operators_allowed_for_child_policies";
const CHILD_CONTROL_VALUES: &[&str] = &["@@all", "@@none", "@@assign", "@@append", "@@remove"];

pub fn check(doc: &Value, found: &mut Found) {
    let Some(top) = doc.as_object() else {
        found.add("", format!("a policy is a JSON object, not {}", kind(doc)));
        return;
    };
    for key in top.keys().filter(|k| VALUE_OPERATORS.contains(&k.as_str())) {
        found.add(key, format!("{key} sets the value of a key; it cannot stand at the top of the document"));
    }
    walk(doc, "", found);
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

fn walk(v: &Value, path: &str, found: &mut Found) {
    match v {
        Value::Object(map) => {
            let has_value_op = map.keys().any(|k| VALUE_OPERATORS.contains(&k.as_str()));
            for (key, child) in map {
                let child_path = join(path, key);
                if let Some(op) = key.strip_prefix("@@") {
                    operator(key, op, child, &child_path, found);
                    continue;
                }
                if has_value_op {
                    found.add(&child_path, format!("{key:?} stands beside an operator; a key's value is set by @@assign, @@append or @@remove alone"));
                }
                walk(child, &child_path, found);
            }
        }
        Value::Array(list) => {
            for (i, item) in list.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

fn operator(key: &str, _name: &str, value: &Value, path: &str, found: &mut Found) {
    if VALUE_OPERATORS.contains(&key) {
        if let Value::Object(_) = value {
            found.add(path, format!("{key} takes a string, number, true/false or a list, not an object"));
        }
        return;
    }
    if key == CHILD_CONTROL {
        let ok = value.as_array().is_some_and(|list| {
            !list.is_empty() && list.iter().all(|v| v.as_str().is_some_and(|s| CHILD_CONTROL_VALUES.contains(&s)))
        });
        if !ok {
            found.add(path, format!("{key} takes a list of {}", CHILD_CONTROL_VALUES.join(", ")));
        }
        return;
    }
    found.add(
        path,
        format!("unknown operator {key}; the operators are @@assign, @@append, @@remove and {CHILD_CONTROL}"),
    );
}
