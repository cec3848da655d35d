//! Condition blocks, evaluated only where the question gives the value of a key. Everything else is
//! reported as not evaluated: an offline reading cannot know a caller's tags or the request's TLS.

use super::glob;
use super::statement::Test;

/// What the checker knows about the request, by condition key (lower case: keys ignore case).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    known: Vec<(String, String)>,
}

impl Facts {
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.known.retain(|(k, _)| k != &key.to_ascii_lowercase());
        self.known.push((key.to_ascii_lowercase(), value.into()));
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        let key = key.to_ascii_lowercase();
        self.known.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Truth {
    Holds,
    Fails,
    /// The tests that could not be evaluated, as written.
    Unknown(Vec<String>),
}

/// All tests of a statement must hold (AWS ANDs them): one that fails decides, whatever is unknown.
pub fn evaluate(tests: &[Test], facts: &Facts) -> Truth {
    let mut unknown = Vec::new();
    for test in tests {
        match one(test, facts) {
            Some(false) => return Truth::Fails,
            Some(true) => {}
            None => unknown.push(test.describe()),
        }
    }
    if unknown.is_empty() { Truth::Holds } else { Truth::Unknown(unknown) }
}

/// Some(answer) when the key's value is known and the operator is one orgtui evaluates.
fn one(test: &Test, facts: &Facts) -> Option<bool> {
    // The set qualifiers mean the same as the plain operator for the single-valued keys known here.
    let operator = test.operator.split_once(':').map_or(test.operator.as_str(), |(_, op)| op);
    let operator = operator.strip_suffix("IfExists").unwrap_or(operator);
    let value = facts.get(&test.key)?;
    if test.values.iter().any(|v| v.contains("${")) {
        return None; // a policy variable: its value is not known offline
    }
    let any = |f: &dyn Fn(&str) -> bool| test.values.iter().any(|v| f(v));
    Some(match operator {
        "StringEquals" | "ArnEquals" => any(&|v| v == value),
        "StringNotEquals" | "ArnNotEquals" => !any(&|v| v == value),
        "StringEqualsIgnoreCase" => any(&|v| v.eq_ignore_ascii_case(value)),
        "StringNotEqualsIgnoreCase" => !any(&|v| v.eq_ignore_ascii_case(value)),
        "StringLike" | "ArnLike" => any(&|v| glob::matches(v, value, false)),
        "StringNotLike" | "ArnNotLike" => !any(&|v| glob::matches(v, value, false)),
        "Bool" => any(&|v| v.eq_ignore_ascii_case(value)),
        // Every key known here is present in the request.
        "Null" => any(&|v| v.eq_ignore_ascii_case("false")),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(operator: &str, key: &str, values: &[&str]) -> Test {
        Test { operator: operator.into(), key: key.into(), values: values.iter().map(|v| (*v).to_owned()).collect() }
    }

    #[test]
    fn known_keys_are_evaluated_and_unknown_ones_are_named() {
        let mut facts = Facts::default();
        facts.set("aws:RequestedRegion", "eu-west-1");
        let outside = test("StringNotEquals", "aws:requestedregion", &["eu-west-1", "us-east-1"]);
        assert_eq!(evaluate(std::slice::from_ref(&outside), &facts), Truth::Fails);
        facts.set("aws:RequestedRegion", "ap-south-1");
        assert_eq!(evaluate(std::slice::from_ref(&outside), &facts), Truth::Holds);
        let role = test("ArnNotLike", "aws:PrincipalARN", &["arn:aws:iam::*:role/Admin"]);
        assert_eq!(
            evaluate(&[outside.clone(), role.clone()], &facts),
            Truth::Unknown(vec!["ArnNotLike aws:PrincipalARN arn:aws:iam::*:role/Admin".into()])
        );
        facts.set("aws:RequestedRegion", "eu-west-1");
        assert_eq!(evaluate(&[role, outside], &facts), Truth::Fails, "a failing test decides, unknowns or not");
    }

    #[test]
    fn qualifiers_if_exists_variables_and_null_are_read() {
        let mut facts = Facts::default();
        facts.set("aws:PrincipalOrgID", "o-abc");
        assert_eq!(one(&test("StringNotEqualsIfExists", "aws:PrincipalOrgID", &["o-abc"]), &facts), Some(false));
        assert_eq!(one(&test("ForAnyValue:StringLike", "aws:PrincipalOrgID", &["o-*"]), &facts), Some(true));
        assert_eq!(one(&test("StringEquals", "aws:PrincipalOrgID", &["${aws:ResourceOrgID}"]), &facts), None);
        assert_eq!(one(&test("Null", "aws:PrincipalOrgID", &["true"]), &facts), Some(false));
        assert_eq!(one(&test("NumericLessThan", "aws:PrincipalOrgID", &["3"]), &facts), None);
    }
}
