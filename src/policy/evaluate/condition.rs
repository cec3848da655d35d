//! Condition blocks, evaluated where the request's context gives the value of a key (or says it is
//! absent); everything else is reported as not evaluated: an offline reading cannot know a caller's
//! tags or the request's TLS unless it is told.
//!
//! IAM's rules, as its "condition operators" and "multivalued context keys" pages give them:
//! - a key absent from the request makes every operator false, except `Null` (which asks exactly
//!   that), the `…IfExists` forms (true), and `ForAllValues:` (true: no value fails);
//! - `ForAnyValue:` holds when one of the request's values matches, `ForAllValues:` when every one does;
//! - policy variables (`${aws:PrincipalOrgID}`) in a value are replaced by the request's value of
//!   that key, and a test whose variable is unknown is itself unknown.

use std::net::IpAddr;

use time::OffsetDateTime;

use super::glob;
use super::statement::Test;

/// What is known of one key of the request.
#[derive(Debug, Clone, PartialEq)]
pub enum Known {
    /// Present, with these values (more than one for a multivalued key).
    Values(Vec<String>),
    /// Not in the request at all.
    Absent,
}

/// Where a fact came from, for the answer to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Typed by the user in the context.
    Given,
    /// Read from the organization by orgtui (the account, its org path, the region, …).
    Filled,
}

/// What the checker knows about the request, by condition key (keys ignore case).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    known: Vec<(String, String, Known, Source)>,
}

impl Facts {
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.put(key, Known::Values(vec![value.into()]), Source::Filled);
    }

    /// A fact, replacing what was known of the key.
    pub fn put(&mut self, key: &str, value: Known, source: Source) {
        let lower = key.to_ascii_lowercase();
        self.known.retain(|(k, ..)| *k != lower);
        self.known.push((lower, key.to_owned(), value, source));
    }

    pub fn get(&self, key: &str) -> Option<&Known> {
        let key = key.to_ascii_lowercase();
        self.known.iter().find(|(k, ..)| *k == key).map(|(_, _, v, _)| v)
    }

    /// Every fact, as written, in the order it was learned.
    pub fn all(&self) -> impl Iterator<Item = (&str, &Known, Source)> {
        self.known.iter().map(|(_, key, v, s)| (key.as_str(), v, *s))
    }

    /// A single-valued key's value, for a policy variable.
    fn single(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Known::Values(v) if v.len() == 1 => Some(v[0].as_str()),
            _ => None,
        }
    }
}

impl Known {
    pub fn describe(&self) -> String {
        match self {
            Known::Values(v) if v.len() == 1 => v[0].clone(),
            Known::Values(v) => format!("[{}]", v.join(", ")),
            Known::Absent => "absent".to_owned(),
        }
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Set {
    /// No qualifier: a single-valued key (a multivalued one is read as "any value").
    Plain,
    Any,
    All,
}

/// Some(answer) when the key's value is known and the operator is one orgtui evaluates.
fn one(test: &Test, facts: &Facts) -> Option<bool> {
    let (set, operator) = match test.operator.split_once(':') {
        Some(("ForAnyValue", op)) => (Set::Any, op),
        Some(("ForAllValues", op)) => (Set::All, op),
        Some(_) => return None,
        None => (Set::Plain, test.operator.as_str()),
    };
    let (operator, if_exists) = match operator.strip_suffix("IfExists") {
        Some(op) => (op, true),
        None => (operator, false),
    };
    let known = facts.get(&test.key)?;
    if operator == "Null" {
        let absent = *known == Known::Absent;
        return Some(test.values.iter().any(|v| v.eq_ignore_ascii_case(if absent { "true" } else { "false" })));
    }
    let values = match known {
        Known::Absent => return Some(if_exists || set == Set::All),
        Known::Values(v) => v,
    };
    let policy: Vec<String> = test.values.iter().map(|v| substitute(v, facts)).collect::<Option<_>>()?;
    let matches = |request: &str| compare(operator, &policy, request);
    let each: Vec<bool> = values.iter().map(|v| matches(v)).collect::<Option<_>>()?;
    Some(match set {
        Set::All => each.iter().all(|b| *b),
        Set::Any | Set::Plain => each.iter().any(|b| *b),
    })
}

/// Whether one request value satisfies the operator against the policy's values (any of them, for
/// the positive operators; none of them, for the negated ones). None for an operator orgtui does
/// not evaluate, or a value it cannot read as the operator's type.
fn compare(operator: &str, policy: &[String], request: &str) -> Option<bool> {
    let any = |f: &dyn Fn(&str) -> Option<bool>| -> Option<bool> {
        let mut found = false;
        for v in policy {
            found |= f(v)?;
        }
        Some(found)
    };
    let (positive, negated) = match operator.find("Not") {
        Some(at) => (format!("{}{}", &operator[..at], &operator[at + 3..]), true),
        None => (operator.to_owned(), false),
    };
    let found = match positive.as_str() {
        "StringEquals" | "ArnEquals" => any(&|v| Some(v == request)),
        "StringEqualsIgnoreCase" => any(&|v| Some(v.eq_ignore_ascii_case(request))),
        "StringLike" | "ArnLike" => any(&|v| Some(glob::matches(v, request, false))),
        "Bool" => any(&|v| Some(v.eq_ignore_ascii_case(request))),
        "NumericEquals" => numeric(policy, request, |p, r| r == p),
        "NumericLessThan" => numeric(policy, request, |p, r| r < p),
        "NumericLessThanEquals" => numeric(policy, request, |p, r| r <= p),
        "NumericGreaterThan" => numeric(policy, request, |p, r| r > p),
        "NumericGreaterThanEquals" => numeric(policy, request, |p, r| r >= p),
        "DateEquals" => date(policy, request, |p, r| r == p),
        "DateLessThan" => date(policy, request, |p, r| r < p),
        "DateLessThanEquals" => date(policy, request, |p, r| r <= p),
        "DateGreaterThan" => date(policy, request, |p, r| r > p),
        "DateGreaterThanEquals" => date(policy, request, |p, r| r >= p),
        "IpAddress" => match request.parse::<IpAddr>() {
            Ok(ip) => any(&|v| in_cidr(ip, v)),
            Err(_) => None,
        },
        _ => return None,
    };
    // The negated forms exist only for equality, matching and IpAddress ("NumericNotLessThan" does not).
    const NEGATABLE: &[&str] = &[
        "StringEquals",
        "StringEqualsIgnoreCase",
        "StringLike",
        "ArnEquals",
        "ArnLike",
        "NumericEquals",
        "DateEquals",
        "IpAddress",
    ];
    if negated && !NEGATABLE.contains(&positive.as_str()) {
        return None;
    }
    Some(found? != negated)
}

fn numeric(policy: &[String], request: &str, op: impl Fn(f64, f64) -> bool) -> Option<bool> {
    let r: f64 = request.trim().parse().ok()?;
    let mut found = false;
    for p in policy {
        found |= op(p.trim().parse().ok()?, r);
    }
    Some(found)
}

fn date(policy: &[String], request: &str, op: impl Fn(OffsetDateTime, OffsetDateTime) -> bool) -> Option<bool> {
    let r = parse_date(request)?;
    let mut found = false;
    for p in policy {
        found |= op(parse_date(p)?, r);
    }
    Some(found)
}

/// ISO 8601 as IAM takes it (`2026-12-01T10:00:00Z`, or a date alone for its midnight UTC) or
/// seconds since the epoch.
pub fn parse_date(text: &str) -> Option<OffsetDateTime> {
    use time::format_description::well_known::Rfc3339;
    let text = text.trim();
    if let Ok(seconds) = text.parse::<i64>() {
        return OffsetDateTime::from_unix_timestamp(seconds).ok();
    }
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .or_else(|| OffsetDateTime::parse(&format!("{text}T00:00:00Z"), &Rfc3339).ok())
}

/// Whether `ip` lies in `cidr` (`203.0.113.0/24`, `2001:db8::/32`, or one address).
pub fn in_cidr(ip: IpAddr, cidr: &str) -> Option<bool> {
    let (net, bits) = match cidr.trim().split_once('/') {
        Some((net, bits)) => (net.parse::<IpAddr>().ok()?, Some(bits.parse::<u32>().ok()?)),
        None => (cidr.trim().parse::<IpAddr>().ok()?, None),
    };
    Some(match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let bits = bits.unwrap_or(32);
            if bits > 32 {
                return None;
            }
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let bits = bits.unwrap_or(128);
            if bits > 128 {
                return None;
            }
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    })
}

/// A policy value with its variables replaced (`${aws:PrincipalOrgID}`, `${aws:username, 'none'}`,
/// and the escapes `${*}`, `${?}`, `${$}`); None when a variable's value is not known.
pub fn substitute(value: &str, facts: &Facts) -> Option<String> {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Some(out);
        };
        let inner = &after[..end];
        match inner {
            "*" | "?" | "$" => out.push_str(inner),
            _ => {
                let (key, default) = match inner.split_once(',') {
                    Some((key, d)) => (key.trim(), Some(d.trim().trim_matches('\''))),
                    None => (inner.trim(), None),
                };
                match (facts.single(key), facts.get(key), default) {
                    (Some(v), ..) => out.push_str(v),
                    (None, Some(Known::Absent), Some(d)) => out.push_str(d),
                    _ => return None,
                }
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(operator: &str, key: &str, values: &[&str]) -> Test {
        Test { operator: operator.into(), key: key.into(), values: values.iter().map(|v| (*v).to_owned()).collect() }
    }

    fn given(pairs: &[(&str, &[&str])]) -> Facts {
        let mut facts = Facts::default();
        for (key, values) in pairs {
            let known = if values.is_empty() {
                Known::Absent
            } else {
                Known::Values(values.iter().map(|v| (*v).to_owned()).collect())
            };
            facts.put(key, known, Source::Given);
        }
        facts
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
    fn qualifiers_if_exists_and_null_are_read() {
        let mut facts = Facts::default();
        facts.set("aws:PrincipalOrgID", "o-abc");
        assert_eq!(one(&test("StringNotEqualsIfExists", "aws:PrincipalOrgID", &["o-abc"]), &facts), Some(false));
        assert_eq!(one(&test("ForAnyValue:StringLike", "aws:PrincipalOrgID", &["o-*"]), &facts), Some(true));
        assert_eq!(one(&test("Null", "aws:PrincipalOrgID", &["true"]), &facts), Some(false));
        assert_eq!(one(&test("BinaryEquals", "aws:PrincipalOrgID", &["3"]), &facts), None);
    }

    #[test]
    fn an_absent_key_is_not_a_value() {
        let facts = given(&[("aws:PrincipalTag/team", &[])]);
        let key = "aws:PrincipalTag/team";
        assert_eq!(one(&test("StringEquals", key, &["ops"]), &facts), Some(false));
        assert_eq!(one(&test("StringNotEquals", key, &["ops"]), &facts), Some(false), "absent: every operator fails");
        assert_eq!(one(&test("StringNotEqualsIfExists", key, &["ops"]), &facts), Some(true));
        assert_eq!(one(&test("Null", key, &["true"]), &facts), Some(true));
        assert_eq!(one(&test("ForAllValues:StringEquals", key, &["ops"]), &facts), Some(true), "vacuously");
        assert_eq!(one(&test("ForAnyValue:StringEquals", key, &["ops"]), &facts), Some(false));
        assert_eq!(one(&test("StringEquals", "aws:username", &["x"]), &facts), None, "not given: unknown");
    }

    #[test]
    fn multivalued_keys_take_the_set_operators() {
        let facts = given(&[("aws:TagKeys", &["team", "cost"])]);
        let allowed = &["team", "cost", "env"];
        assert_eq!(one(&test("ForAllValues:StringEquals", "aws:TagKeys", allowed), &facts), Some(true));
        assert_eq!(one(&test("ForAllValues:StringEquals", "aws:TagKeys", &["team"]), &facts), Some(false));
        assert_eq!(one(&test("ForAnyValue:StringEquals", "aws:TagKeys", &["team"]), &facts), Some(true));
        assert_eq!(one(&test("ForAnyValue:StringNotLike", "aws:TagKeys", &["t*"]), &facts), Some(true), "cost");
        assert_eq!(one(&test("ForAllValues:StringNotLike", "aws:TagKeys", &["t*"]), &facts), Some(false));
        let paths = given(&[("aws:PrincipalOrgPaths", &["o-a/r-b/ou-c/ou-d/"])]);
        let under = test("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", &["o-a/r-b/ou-c/*"]);
        assert_eq!(one(&under, &paths), Some(true));
    }

    #[test]
    fn ip_date_and_numeric_operators() {
        let facts = given(&[
            ("aws:SourceIp", &["203.0.113.7"]),
            ("aws:CurrentTime", &["2026-12-01T12:00:00Z"]),
            ("s3:max-keys", &["50"]),
        ]);
        assert_eq!(one(&test("IpAddress", "aws:SourceIp", &["203.0.113.0/24"]), &facts), Some(true));
        assert_eq!(one(&test("NotIpAddress", "aws:SourceIp", &["203.0.113.0/24", "10.0.0.0/8"]), &facts), Some(false));
        assert_eq!(one(&test("NotIpAddress", "aws:SourceIp", &["198.51.100.0/24"]), &facts), Some(true));
        assert_eq!(in_cidr("2001:db8::1".parse().unwrap(), "2001:db8::/32"), Some(true));
        assert_eq!(in_cidr("2001:db9::1".parse().unwrap(), "2001:db8::/32"), Some(false));
        assert_eq!(one(&test("DateGreaterThan", "aws:CurrentTime", &["2026-06-01"]), &facts), Some(true));
        assert_eq!(one(&test("DateLessThan", "aws:CurrentTime", &["2026-06-01T00:00:00Z"]), &facts), Some(false));
        assert_eq!(one(&test("DateLessThan", "aws:CurrentTime", &["1796169600"]), &facts), Some(true), "epoch");
        assert_eq!(one(&test("NumericLessThanEquals", "s3:max-keys", &["100"]), &facts), Some(true));
        assert_eq!(one(&test("NumericNotEquals", "s3:max-keys", &["50"]), &facts), Some(false));
        assert_eq!(one(&test("NumericGreaterThan", "s3:max-keys", &["lots"]), &facts), None, "not a number");
    }

    #[test]
    fn policy_variables_are_substituted_from_what_is_known() {
        let mut facts = given(&[("aws:ResourceOrgID", &["o-other"]), ("aws:username", &[])]);
        let perimeter = test("StringNotEqualsIfExists", "aws:ResourceOrgID", &["${aws:PrincipalOrgID}"]);
        assert_eq!(one(&perimeter, &facts), None, "the principal's organization is not known yet");
        facts.set("aws:PrincipalOrgID", "o-mine");
        assert_eq!(one(&perimeter, &facts), Some(true), "another organization's resource");
        facts.put("aws:ResourceOrgID", Known::Values(vec!["o-mine".into()]), Source::Given);
        assert_eq!(one(&perimeter, &facts), Some(false));
        assert_eq!(substitute("home/${aws:username, 'nobody'}/${*}", &facts).as_deref(), Some("home/nobody/*"));
        assert_eq!(substitute("${aws:PrincipalTag/team}", &facts), None);
    }
}
