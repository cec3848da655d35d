//! The checker, case by case: each row is a path of attached policies, a question, and the verdict
//! with the statement that must decide it.

use super::*;

const FULL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
const RCP_FULL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
const DENY_LEAVE: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#;
const ONLY_S3_EC2: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Listed","Effect":"Allow","Action":["s3:*","ec2:Describe*"],"Resource":"*"}]}"#;
const REGIONS: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Regions","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}"#;
const REGIONS_EXCEPT_ROLE: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Regions","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"},"ArnNotLike":{"aws:PrincipalARN":"arn:aws:iam::*:role/Admin"}}}]}"#;
const DENY_PUT_MIDDLE: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoDeletes","Effect":"Deny","Action":"s3:Delete*Tagging","Resource":"*"}]}"#;
const DENY_BUCKET: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Logs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::audit-logs/*"}]}"#;
const RCP_TLS: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#;
const RCP_ORG_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-mine"}}}]}"#;
const RCP_DENY_KMS: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoKms","Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"}]}"#;

fn p(name: &str, content: &str) -> Attached {
    Attached::read(name, content)
}

/// Root, OU, account: SCPs per level; each level also gets RCPFullAWSAccess plus `rcps` at the account.
fn path(scps: [&[(&str, &str)]; 3], rcps: &[(&str, &str)]) -> Vec<Level> {
    ["root Root", "OU Workloads", "account dev"]
        .iter()
        .zip(scps)
        .enumerate()
        .map(|(i, (name, scps))| Level {
            name: (*name).into(),
            scps: scps.iter().map(|(n, c)| p(n, c)).collect(),
            rcps: std::iter::once(p("RCPFullAWSAccess", RCP_FULL))
                .chain(rcps.iter().filter(|_| i == 2).map(|(n, c)| p(n, c)))
                .collect(),
        })
        .collect()
}

fn ask(levels: &[Level], action: &str, resource: &str, region: &str) -> Answer {
    let subject =
        Subject { account: Some("123456789012".into()), organization: Some("o-mine".into()), ..Subject::default() };
    check(&Question::parse(action, resource, region).unwrap(), &subject, levels)
}

const F: (&str, &str) = ("FullAWSAccess", FULL);

/// What the case is about, the path, action, resource, region, the verdict, and the statement (or,
/// for a level that allows nothing, the empty string) that must come first among the findings.
type Case = (&'static str, Vec<Level>, &'static str, &'static str, &'static str, Verdict, &'static str);

#[test]
fn the_table() {
    // (what, path, action, resource, region, verdict, the first finding's statement or level)
    let cases: Vec<Case> = vec![
        (
            "full access everywhere allows",
            path([&[F], &[F], &[F]], &[]),
            "ec2:RunInstances",
            "",
            "",
            Verdict::Allowed,
            "FullAWSAccess › statement 1",
        ),
        (
            "a deny at the root wins over allows below",
            path([&[F, ("DenyLeave", DENY_LEAVE)], &[F], &[F]], &[]),
            "organizations:LeaveOrganization",
            "",
            "",
            Verdict::Denied,
            "DenyLeave › NoLeave",
        ),
        (
            "other actions pass the deny",
            path([&[F, ("DenyLeave", DENY_LEAVE)], &[F], &[F]], &[]),
            "organizations:DescribeOrganization",
            "",
            "",
            Verdict::Allowed,
            "FullAWSAccess › statement 1",
        ),
        (
            "allow needed at every level: an allow list in the OU leaves ec2:Run* out",
            path([&[F], &[("Listed", ONLY_S3_EC2)], &[F]], &[]),
            "ec2:RunInstances",
            "",
            "",
            Verdict::Denied,
            "",
        ),
        (
            "the allow list lets its own actions through",
            path([&[F], &[("Listed", ONLY_S3_EC2)], &[F]], &[]),
            "ec2:DescribeInstances",
            "",
            "",
            Verdict::Allowed,
            "FullAWSAccess › statement 1",
        ),
        (
            "a level with nothing attached allows nothing",
            path([&[F], &[F], &[]], &[]),
            "s3:GetObject",
            "",
            "",
            Verdict::Denied,
            "",
        ),
        (
            "NotAction: a region deny skips iam",
            path([&[F, ("Regions", REGIONS)], &[F], &[F]], &[]),
            "iam:CreateRole",
            "",
            "ap-south-1",
            Verdict::Allowed,
            "FullAWSAccess › statement 1",
        ),
        (
            "NotAction: the region deny catches ec2 outside eu-west-1",
            path([&[F, ("Regions", REGIONS)], &[F], &[F]], &[]),
            "ec2:RunInstances",
            "",
            "us-west-2",
            Verdict::Denied,
            "Regions › Regions",
        ),
        (
            "the region deny lets eu-west-1 through",
            path([&[F, ("Regions", REGIONS)], &[F], &[F]], &[]),
            "ec2:RunInstances",
            "",
            "eu-west-1",
            Verdict::Allowed,
            "FullAWSAccess › statement 1",
        ),
        (
            "the region comes from the ARN when none is typed",
            path([&[F, ("Regions", REGIONS)], &[F], &[F]], &[]),
            "ec2:RunInstances",
            "arn:aws:ec2:us-west-2:123456789012:instance/*",
            "",
            Verdict::Denied,
            "Regions › Regions",
        ),
        (
            "no region: the region condition is unevaluated",
            path([&[F, ("Regions", REGIONS)], &[F], &[F]], &[]),
            "ec2:RunInstances",
            "",
            "",
            Verdict::Depends,
            "Regions › Regions",
        ),
        (
            "a principal condition cannot be evaluated offline",
            path([&[F, ("Regions", REGIONS_EXCEPT_ROLE)], &[F], &[F]], &[]),
            "ec2:RunInstances",
            "",
            "us-west-2",
            Verdict::Depends,
            "Regions › Regions",
        ),
        (
            "wildcard in the middle matches a concrete action",
            path([&[F], &[F, ("NoDeletes", DENY_PUT_MIDDLE)], &[F]], &[]),
            "s3:DeleteObjectTagging",
            "",
            "",
            Verdict::Denied,
            "NoDeletes › NoDeletes",
        ),
        (
            "wildcard in the middle leaves other deletes alone",
            path([&[F], &[F, ("NoDeletes", DENY_PUT_MIDDLE)], &[F]], &[]),
            "s3:DeleteObject",
            "",
            "",
            Verdict::Allowed,
            "FullAWSAccess › statement 1",
        ),
        (
            "a wildcard question the deny covers only in part",
            path([&[F], &[F, ("NoDeletes", DENY_PUT_MIDDLE)], &[F]], &[]),
            "s3:Delete*",
            "",
            "",
            Verdict::Depends,
            "NoDeletes › NoDeletes",
        ),
        (
            "a wildcard question at the end, fully denied",
            path([&[F], &[F, ("NoDeletes", DENY_PUT_MIDDLE)], &[F]], &[]),
            "s3:Delete*Tagging",
            "",
            "",
            Verdict::Denied,
            "NoDeletes › NoDeletes",
        ),
        (
            "a wildcard question an allow list covers in part",
            path([&[F], &[("Listed", ONLY_S3_EC2)], &[F]], &[]),
            "ec2:*",
            "",
            "",
            Verdict::Depends,
            "Listed › Listed",
        ),
        (
            "a resource deny: the named bucket is denied",
            path([&[F, ("Logs", DENY_BUCKET)], &[F], &[F]], &[]),
            "s3:PutObject",
            "arn:aws:s3:::audit-logs/2026/x.json",
            "",
            Verdict::Denied,
            "Logs › Logs",
        ),
        (
            "a resource deny: another bucket passes",
            path([&[F, ("Logs", DENY_BUCKET)], &[F], &[F]], &[]),
            "s3:PutObject",
            "arn:aws:s3:::data/x",
            "",
            Verdict::Allowed,
            "FullAWSAccess › statement 1",
        ),
        (
            "a resource deny without a resource: some resources",
            path([&[F, ("Logs", DENY_BUCKET)], &[F], &[F]], &[]),
            "s3:PutObject",
            "",
            "",
            Verdict::Depends,
            "Logs › Logs",
        ),
        (
            "RCP scope: kms is covered and denied by the account's RCP",
            path([&[F], &[F], &[F]], &[("NoKms", RCP_DENY_KMS)]),
            "kms:Decrypt",
            "",
            "",
            Verdict::Denied,
            "NoKms › NoKms",
        ),
        (
            "RCP scope: ec2 is not an RCP service",
            path([&[F], &[F], &[F]], &[("NoKms", RCP_DENY_KMS)]),
            "ec2:RunInstances",
            "",
            "",
            Verdict::Allowed,
            "FullAWSAccess › statement 1",
        ),
        (
            "RCP: TLS cannot be known offline",
            path([&[F], &[F], &[F]], &[("TLS", RCP_TLS)]),
            "s3:GetObject",
            "",
            "",
            Verdict::Depends,
            "TLS › TLS",
        ),
        (
            "RCP: an org-only deny passes a caller of this organization",
            path([&[F], &[F], &[F]], &[("OrgOnly", RCP_ORG_ONLY)]),
            "sts:AssumeRole",
            "",
            "",
            Verdict::Allowed,
            "FullAWSAccess › statement 1",
        ),
        (
            "RCP: a resource of another account is that account's business",
            path([&[F], &[F], &[F]], &[("NoKms", RCP_DENY_KMS)]),
            "kms:Decrypt",
            "arn:aws:kms:eu-west-1:999999999999:key/abc",
            "",
            Verdict::Allowed,
            "FullAWSAccess › statement 1",
        ),
    ];
    for (what, levels, action, resource, region, verdict, decider) in cases {
        let answer = ask(&levels, action, resource, region);
        assert_eq!(answer.verdict, verdict, "{what}: {answer:#?}");
        let first = answer.findings.first().unwrap_or_else(|| panic!("{what}: no finding named"));
        assert_eq!(first.statement, decider, "{what}: {answer:#?}");
    }
}

#[test]
fn an_implicit_denial_names_the_level_without_an_allow() {
    let answer = ask(&path([&[F], &[("Listed", ONLY_S3_EC2)], &[F]], &[]), "ec2:RunInstances", "", "");
    assert_eq!(answer.findings[0].level, "OU Workloads");
    assert!(answer.headline.contains("nothing at OU Workloads allows ec2:RunInstances"), "{}", answer.headline);
}

#[test]
fn unevaluated_conditions_are_named_with_their_statement() {
    let answer =
        ask(&path([&[F, ("Regions", REGIONS_EXCEPT_ROLE)], &[F], &[F]], &[]), "ec2:RunInstances", "", "us-west-2");
    assert_eq!(
        answer.unevaluated,
        ["SCP Regions › Regions: ArnNotLike aws:PrincipalARN arn:aws:iam::*:role/Admin"],
        "the region test was evaluated (it holds), the principal test could not be"
    );
    assert!(answer.findings[0].says.contains("only if ArnNotLike aws:PrincipalARN"), "{:?}", answer.findings[0]);
    assert!(answer.notes[0].contains("offline reading"), "the answer says what it is");
}

#[test]
fn the_management_account_is_not_restricted() {
    let subject = Subject { account: Some("111122223333".into()), management: true, ..Subject::default() };
    let q = Question::parse("*", "", "").unwrap();
    let answer = check(&q, &subject, &path([&[], &[], &[]], &[]));
    assert_eq!(answer.verdict, Verdict::Allowed);
    assert!(answer.headline.contains("management account"));
}

#[test]
fn questions_are_checked_as_typed() {
    assert!(Question::parse("s3 PutObject", "", "").unwrap_err().contains("service:Action"));
    assert!(Question::parse("s3:Put\u{1b}", "", "").is_err());
    assert!(Question::parse("s3:PutObject", "bucket/x", "").unwrap_err().contains("not an ARN"));
    assert!(Question::parse("s3:PutObject", "", "eu west").unwrap_err().contains("region"));
    let q = Question::parse(" ec2:Run* ", "arn:aws:ec2:eu-west-1:1:instance/*", "").unwrap();
    assert_eq!((q.action.as_str(), q.region.as_deref()), ("ec2:Run*", Some("eu-west-1")));
    assert_eq!(Question::parse("*", "*", "US-EAST-1").unwrap().region.as_deref(), Some("us-east-1"));
}

#[test]
fn a_level_says_what_its_allow_list_permits() {
    let of = |texts: &[&str]| texts.iter().flat_map(|t| parse(t).unwrap()).collect::<Vec<_>>();
    assert_eq!(allow_list(&of(&[FULL, DENY_LEAVE])), AllowList::Everything);
    assert_eq!(allow_list(&of(&[ONLY_S3_EC2])), AllowList::Only(vec!["s3:*, ec2:Describe*".into()]));
    assert_eq!(allow_list(&of(&[DENY_LEAVE])), AllowList::Nothing);
    assert_eq!(allow_list(&of(&[])), AllowList::Nothing);
}

#[test]
fn an_unreadable_policy_is_left_out_and_said() {
    let levels = path([&[F, ("Broken", "{not json")], &[F], &[F]], &[]);
    let answer = ask(&levels, "s3:GetObject", "", "");
    assert_eq!(answer.verdict, Verdict::Allowed);
    assert!(answer.notes.iter().any(|n| n.contains("Broken at root Root was left out")), "{:?}", answer.notes);
}

#[test]
fn with_scps_disabled_in_the_root_no_scp_restricts() {
    let subject = Subject { account: Some("1".into()), scps_disabled: true, ..Subject::default() };
    let q = Question::parse("ec2:RunInstances", "", "").unwrap();
    // Nothing attached anywhere would deny everything if SCPs were enabled.
    let answer = check(&q, &subject, &path([&[], &[], &[]], &[]));
    assert_eq!(answer.verdict, Verdict::Allowed);
    assert!(answer.notes.iter().any(|n| n.contains("SCPs are not enabled")), "{:?}", answer.notes);
}

#[test]
fn an_action_that_takes_only_star_is_not_reached_by_a_statement_about_some_arns() {
    let levels = path([&[F, ("Logs", DENY_BUCKET)], &[F], &[F]], &[]);
    // s3:* on one bucket's objects would only partly reach a pattern question…
    assert_eq!(ask(&levels, "s3:Get*", "", "").verdict, Verdict::Depends);
    // …but ListAllMyBuckets is requested on "*" itself: the bucket's Deny does not apply.
    let list = ask(&levels, "s3:ListAllMyBuckets", "", "");
    assert_eq!(list.verdict, Verdict::Allowed, "{list:#?}");
    let with_arn = ask(&levels, "s3:ListAllMyBuckets", "arn:aws:s3:::audit-logs/x", "");
    assert!(with_arn.notes.iter().any(|n| n.contains("takes no resource ARN")), "{:?}", with_arn.notes);
    // An action that takes ARNs is still reached.
    assert_eq!(ask(&levels, "s3:GetObject", "arn:aws:s3:::audit-logs/x", "").verdict, Verdict::Denied);
}

#[test]
fn a_wildcard_is_expanded_into_the_real_actions_it_stands_for() {
    let levels = path([&[F, ("NoDeletes", DENY_PUT_MIDDLE)], &[F], &[F]], &[]);
    let subject =
        Subject { account: Some("123456789012".into()), organization: Some("o-mine".into()), ..Subject::default() };
    let q = Question::parse("s3:Delete*", "", "").unwrap();
    let answer = check_expanded(&q, &subject, &levels);
    let e = answer.expansion.expect("expanded");
    assert!(e.actions > 10);
    assert!(e.denied.iter().all(|a| a.starts_with("s3:Delete") && a.ends_with("Tagging")), "{:?}", e.denied);
    assert!(e.denied.contains(&"s3:DeleteObjectTagging".to_owned()));
    assert_eq!(e.denied.len() + e.allowed.len() + e.depends.len(), e.actions);
    assert!(e.describe("s3:Delete*").starts_with(&format!(
        "s3:Delete* — {} actions: {} denied",
        e.actions,
        e.denied.len()
    )));
}
