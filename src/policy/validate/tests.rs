//! Many bad and edge-case documents per type, each with the message a user should see.

use super::*;

fn scp() -> PolicyType {
    PolicyType::new(PolicyType::SCP)
}

fn rcp() -> PolicyType {
    PolicyType::new(PolicyType::RCP)
}

fn tag() -> PolicyType {
    PolicyType::new("TAG_POLICY")
}

/// The problems as the user reads them.
fn check(t: &PolicyType, text: &str) -> Vec<String> {
    validate(t, text).iter().map(ToString::to_string).collect()
}

fn one(t: &PolicyType, text: &str) -> String {
    let problems = check(t, text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems.into_iter().next().unwrap_or_default()
}

fn stmt(body: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{body}]}}"#)
}

#[test]
fn good_documents_pass() {
    let good_scp = stmt(
        r#"{"Sid": "DenyRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}, "BoolIfExists": {"aws:MultiFactorAuthPresent": false}}}"#,
    );
    assert_eq!(check(&scp(), &good_scp), Vec::<String>::new());
    let allow = stmt(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#);
    assert_eq!(check(&scp(), &allow), Vec::<String>::new());
    let single = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:Delete*"}}"#;
    assert_eq!(check(&scp(), single), Vec::<String>::new(), "Statement may be one object");
    let good_rcp = stmt(
        r#"{"Effect": "Deny", "Principal": "*", "Action": ["s3:*"], "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}"#,
    );
    assert_eq!(check(&rcp(), &good_rcp), Vec::<String>::new());
    let good_tag = r#"{"tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"},
        "tag_value": {"@@assign": ["100", "200"]}, "enforced_for": {"@@assign": ["ec2:instance"]}}}}"#;
    assert_eq!(check(&tag(), good_tag), Vec::<String>::new());
}

#[test]
fn columns_count_from_one_as_editors_do() {
    let p = validate(&scp(), "{\n  \"Version\": \"2012-10-17\",\n").remove(0);
    assert!(p.line > 0 && p.column >= 1, "{p}");
    assert!(!p.to_string().contains("column 0"), "{p}");
}

#[test]
fn json_syntax_errors_give_line_and_column() {
    let text =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\" \"Action\": \"*\"}\n  ]\n}";
    let p = one(&scp(), text);
    assert!(p.starts_with("line 4, column 23: not valid JSON: expected `,` or `}`"), "{p}");
    let p = one(&scp(), "{\"Version\": \"2012-10-17\",}");
    assert!(p.starts_with("line 1, column 26: not valid JSON: trailing comma"), "{p}");
    assert!(one(&tag(), "").contains("not valid JSON: EOF while parsing"));
}

#[test]
fn scp_structure_problems_point_at_the_element() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Alow\", \"Action\": \"s3:*\"}\n  ]\n}";
    assert_eq!(
        one(&scp(), text),
        r#"line 4, column 16: Statement[0].Effect: "Alow" must be "Allow" or "Deny" (exactly)"#
    );
    let cases: &[(&str, &str)] = &[
        (r#"{"Effect": "Deny"}"#, "Statement[0]: Action (or NotAction) is missing"),
        (r#"{"Effect": "Deny", "Action": "*", "NotAction": "s3:*"}"#, "use Action or NotAction, not both"),
        (r#"{"Action": "*"}"#, "Effect is missing"),
        (r#"{"Effect": "Deny", "Action": "s3"}"#, r#""s3" is not service:action"#),
        (r#"{"Effect": "Deny", "Action": "s*:Get*"}"#, "wildcards may not stand in the service prefix"),
        (r#"{"Effect": "Deny", "Action": "S3:GetObject"}"#, "the service prefix is lower-case"),
        (r#"{"Effect": "Deny", "Action": []}"#, "Statement[0].Action: the list is empty"),
        (r#"{"Effect": "Deny", "Action": [1]}"#, "Statement[0].Action[0]: expected a string, not a number"),
        (r#"{"Effect": "Deny", "Action": "*", "Resource": "bucket"}"#, r#""bucket" is not "*" or an ARN"#),
        (r#"{"Effect": "Deny", "Action": "*", "Principal": "*"}"#, "SCPs have no Principal"),
        (r#"{"Effect": "Deny", "Action": "*", "Actions": "*"}"#, r#""Actions" is not an element of an SCP statement"#),
        (r#"{"Sid": "no spaces", "Effect": "Deny", "Action": "*"}"#, "a Sid may hold only letters and digits"),
        (
            r#"{"Effect": "Deny", "Action": "*", "Condition": {"StringEqual": {"aws:x": "y"}}}"#,
            r#""StringEqual" is not a condition operator"#,
        ),
        (
            r#"{"Effect": "Deny", "Action": "*", "Condition": {"StringEquals": "y"}}"#,
            "StringEquals takes {key: value(s)}, not a string",
        ),
        (
            r#"{"Effect": "Deny", "Action": "*", "Condition": {"StringEquals": {"aws:x": {"a": 1}}}}"#,
            "a condition value is a string, number, true/false or a list of them, not an object",
        ),
        (r#"{"Effect": "Deny", "Action": "*", "Condition": []}"#, "Condition is {operator: {key: value}}, not a list"),
        (
            r#"{"Effect": "Deny", "Action": "*", "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": []}}}"#,
            "the list of values is empty",
        ),
    ];
    for (body, expected) in cases {
        let p = one(&scp(), &stmt(body));
        assert!(p.contains(expected), "{body}\n→ {p}\nexpected {expected}");
        assert!(p.starts_with("line 1, column "), "placed in the text: {p}");
    }
}

#[test]
fn the_document_itself_is_checked() {
    assert!(one(&scp(), r#"{"Statement": {"Effect": "Deny", "Action": "*"}}"#).contains("Version is missing"));
    assert!(one(&scp(), r#"{"Version": "2012-10-17"}"#).contains("Statement is missing"));
    assert!(
        one(&scp(), r#"{"Version": "2020-01-01", "Statement": {"Effect": "Deny", "Action": "*"}}"#)
            .contains("is not a policy language version")
    );
    assert!(one(&scp(), r#"{"Version": "2012-10-17", "Statement": []}"#).contains("the Statement list is empty"));
    assert!(one(&scp(), r#"{"Version": "2012-10-17", "Statement": "x"}"#).contains("Statement is an object or a list"));
    assert!(one(&scp(), r#"["x"]"#).contains("a policy is a JSON object, not a list"));
    let extra = r#"{"Version": "2012-10-17", "Statment": [], "Statement": {"Effect": "Deny", "Action": "*"}}"#;
    assert!(one(&scp(), extra).contains(r#"unknown top-level element "Statment""#));
}

#[test]
fn rcp_rules() {
    let allow = stmt(r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}"#);
    assert!(one(&rcp(), &allow).contains("RCPs only deny"));
    let no_principal = stmt(r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#);
    assert!(one(&rcp(), &no_principal).contains("needs \"Principal\": \"*\""));
    let principal =
        stmt(r#"{"Effect": "Deny", "Principal": {"AWS": "123456789012"}, "Action": "s3:*", "Resource": "*"}"#);
    assert!(one(&rcp(), &principal).contains("accept only \"*\" as Principal"));
    let not_action = stmt(r#"{"Effect": "Deny", "Principal": "*", "NotAction": "s3:*", "Resource": "*"}"#);
    let problems = check(&rcp(), &not_action);
    assert!(problems.iter().any(|p| p.contains("RCPs do not support NotAction")), "{problems:?}");
    let no_resource = stmt(r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*"}"#);
    assert!(one(&rcp(), &no_resource).contains("Resource (or NotResource) is missing"));
}

#[test]
fn management_policy_operators_stand_where_they_may() {
    let cases: &[(&str, &str)] = &[
        (r#"{"@@assign": "x"}"#, "@@assign sets the value of a key; it cannot stand at the top"),
        (r#"{"tags": {"cc": {"tag_key": {"@@asign": "CostCenter"}}}}"#, "unknown operator @@asign"),
        (
            r#"{"tags": {"cc": {"tag_key": {"@@assign": {"a": 1}}}}}"#,
            "@@assign takes a string, number, true/false or a list, not an object",
        ),
        (
            r#"{"tags": {"cc": {"tag_key": {"@@assign": "CostCenter", "extra": "x"}}}}"#,
            r#""extra" stands beside an operator"#,
        ),
        (
            r#"{"tags": {"cc": {"@@operators_allowed_for_child_policies": ["@@everything"]}}}"#,
            "takes a list of @@all, @@none",
        ),
    ];
    for (text, expected) in cases {
        let p = one(&tag(), text);
        assert!(p.contains(expected), "{text}\n→ {p}\nexpected {expected}");
    }
    let child_control = r#"{"tags": {"cc": {"@@operators_allowed_for_child_policies": ["@@none"], "tag_key": {"@@operators_allowed_for_child_policies": ["@@none"], "@@assign": "CostCenter"}}}}"#;
    assert_eq!(check(&tag(), child_control), Vec::<String>::new());
    let backup = r#"{"plans": {"daily": {"regions": {"@@append": ["eu-west-1"]}, "rules": {"r": {"lifecycle": {"delete_after_days": {"@@assign": "35"}}}}}}}"#;
    assert_eq!(check(&PolicyType::new("BACKUP_POLICY"), backup), Vec::<String>::new());
}

#[test]
fn size_is_counted_on_the_minified_text_and_warns_past_the_default_quota() {
    // Lots of indentation does not count; the characters that will be sent do.
    let actions: Vec<String> = (0..700).map(|i| format!("\"s3:Action{i:04}\"")).collect();
    let spaced =
        stmt(&format!("{{\"Effect\": \"Deny\", \"Action\": [\n{}\n]}}", actions.join(",\n                    ")));
    assert!(minify(&spaced).len() > 10_240);
    let found = validate(&scp(), &spaced);
    let size = found.iter().find(|p| p.message.contains("characters once minified")).expect("the size is said");
    assert_eq!(size.severity, Severity::Warning, "the organization's quota may have been raised: {size}");
    assert!(
        size.to_string().starts_with("warning: ") && size.message.contains("default quota for SCP policies is 10240")
    );
    assert!(!blocking(&found.into_iter().filter(|p| p.message.contains("minified")).collect::<Vec<_>>()));
    // 9,000 characters: within the SCP quota of 2026, past the RCP one.
    let fits: Vec<String> = (0..470).map(|i| format!("\"s3:GetObject{i:04}\"")).collect();
    let nine = stmt(&format!("{{\"Effect\": \"Deny\", \"Action\": [{}]}}", fits.join(",")));
    assert!((8_000..10_240).contains(&minify(&nine).len()), "{}", minify(&nine).len());
    assert!(!validate(&scp(), &nine).iter().any(|p| p.message.contains("minified")), "an SCP may hold 10,240");
    let rcp_text =
        nine.replace("\"Effect\": \"Deny\",", "\"Effect\": \"Deny\", \"Principal\": \"*\", \"Resource\": \"*\",");
    assert!(validate(&rcp(), &rcp_text).iter().any(|p| p.message.contains("RCP policies is 5120")));
    let opt_out =
        format!(r#"{{"services": {{"default": {{"opt_out_policy": {{"@@assign": "{}"}}}}}}}}"#, "x".repeat(2_500));
    assert!(
        one(&PolicyType::new("AISERVICES_OPT_OUT_POLICY"), &opt_out).contains("quota for AI opt-out policies is 2500")
    );
    assert_eq!(check(&tag(), &opt_out), Vec::<String>::new(), "tag policies may be 10,000");
}

#[test]
fn scps_and_rcps_take_only_the_2012_version() {
    let old = r#"{"Version": "2008-10-17", "Statement": {"Effect": "Deny", "Action": "*"}}"#;
    assert!(one(&scp(), old).contains("only Version \"2012-10-17\""));
}

#[test]
fn actions_and_keys_are_checked_against_the_catalogue_as_warnings() {
    let typo = stmt(r#"{"Effect": "Deny", "Action": ["s3:GetObjcet", "s3:PutObject"], "Resource": "*"}"#);
    let found = validate(&scp(), &typo);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Warning, "AWS accepts it: the user decides");
    assert_eq!(found[0].path, "Statement[0].Action[0]");
    assert!(
        found[0].message.contains("s3:GetObjcet is not an Amazon S3 action; did you mean s3:GetObject?"),
        "{}",
        found[0]
    );
    assert!(found[0].line > 0, "placed in the text");
    let prefix = stmt(r#"{"Effect": "Deny", "Action": "ec3:RunInstances", "Resource": "*"}"#);
    assert!(one(&scp(), &prefix).contains("\"ec3\" is not an AWS service prefix"));
    assert!(one(&scp(), &prefix).contains("did you mean ec2:RunInstances?"));
    let nothing = stmt(r#"{"Effect": "Deny", "Action": "s3:Gte*", "Resource": "*"}"#);
    assert!(one(&scp(), &nothing).contains("s3:Gte* matches no Amazon S3 action"));
    let key = stmt(
        r#"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}"#,
    );
    let p = one(&scp(), &key);
    assert!(p.contains("ec2:InstanceType is not a condition key of s3:GetObject"), "{p}");
    let fine = stmt(
        r#"{"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringNotEquals": {"ec2:InstanceType": "t3.micro", "aws:RequestedRegion": "eu-west-1"}}}"#,
    );
    assert_eq!(check(&scp(), &fine), Vec::<String>::new(), "a key the action takes, and a global one");
    assert!(!blocking(&validate(&scp(), &typo)), "warnings never keep a policy from being saved");
}
