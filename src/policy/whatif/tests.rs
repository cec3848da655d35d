//! The what-if on the demo organization, one kind of change at a time.

use super::*;
use crate::api::memory::MemoryOrg;
use crate::org::{PolicyId, PolicyType, TargetId};
use crate::snapshot::Snapshot;

fn demo() -> Snapshot {
    MemoryOrg::demo_snapshot().unwrap()
}

fn pid(id: &str) -> PolicyId {
    PolicyId::parse(id).unwrap()
}

fn target(id: &str) -> TargetId {
    TargetId::parse(id).unwrap()
}

fn run(s: &Snapshot, proposal: Proposal) -> Preview {
    preview(&from_snapshot(s, &proposal), &proposal, &questions(&[]))
}

const DENY_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Sid":"Nothing","Effect":"Deny","Action":"*","Resource":"*"}]}"#;

fn add_policy(s: &mut Snapshot, id: &str, name: &str, content: &str) -> PolicyId {
    let mut record = s.policies.iter().find(|p| p.id.as_str() == "p-dnyleave01").unwrap().clone();
    record.id = pid(id);
    record.name = name.into();
    record.content = content.into();
    record.target_ids.clear();
    s.policies.push(record);
    pid(id)
}

#[test]
fn detaching_full_access_at_the_root_locks_out_every_member_account() {
    let s = demo();
    let p = run(&s, Proposal::Detach { policy: pid("p-FullAWSAccess"), target: target("r-d3mo") });
    let members = s.accounts.iter().filter(|a| a.id.as_str() != "111122223333").count();
    assert_eq!(p.reached, members, "every member account is under the root");
    assert_eq!(p.locked_out.len(), members, "DenyLeaveOrganization alone allows nothing");
    assert!(p.locked_out.iter().all(|l| l.level == "the SCPs at root Root"), "{:?}", p.locked_out[0]);
    assert_eq!(p.management.as_deref(), Some("management (111122223333)"), "named, not restricted");
    assert!(p.critical(), "the user must type yes");
    let root = p.allow_changes.iter().find(|c| c.level == "At root Root, SCPs").expect("the root's list changes");
    assert_eq!((root.lost.as_slice(), root.gained.len()), (&["every action (*)".to_owned()][..], 0));
    let run = p.verdicts.iter().find(|v| v.question == "ec2:RunInstances in us-east-1").unwrap();
    assert_eq!((run.before, run.after), (Verdict::Allowed, Verdict::Denied));
}

#[test]
fn a_deny_everything_scp_on_an_ou_names_exactly_its_accounts() {
    let mut s = demo();
    let deny = add_policy(&mut s, "p-denyall999", "DenyEverything", DENY_ALL);
    let p = run(&s, Proposal::Attach { policy: deny, target: target("ou-d3mo-wklprd01") });
    let mut names: Vec<&str> = p.groups.iter().flat_map(|(_, n)| n.iter().map(String::as_str)).collect();
    names.sort();
    let expected = [
        "analytics-prod",
        "api-prod",
        "data-lake-prod",
        "ledger-prod",
        "mobile-backend-prod",
        "payments-fraud-prod",
        "payments-prod",
        "web-prod",
    ];
    assert_eq!(names, expected, "the accounts under Workloads/Prod, and only those");
    assert_eq!(p.groups[0].0, "Root/Workloads/Prod");
    assert!(p.groups.iter().any(|(g, _)| g == "Root/Workloads/Prod/Payments"));
    let deny = p.denies.iter().find(|d| d.statement == "SCP DenyEverything › Nothing").unwrap();
    assert_eq!((deny.starts, deny.stops, deny.says.as_str()), (8, 0, "Deny *"));
    assert!(p.locked_out.is_empty(), "a Deny is not an empty allow list: nothing is locked out by the rule");
    let s3 = p.verdicts.iter().find(|v| v.question == "s3:PutObject in eu-west-1").unwrap();
    assert_eq!((s3.after, s3.accounts), (Verdict::Denied, 8));
    assert!(p.management.is_none());
}

#[test]
fn attaching_the_region_scp_lists_what_the_accounts_lose() {
    let s = demo();
    let p = run(&s, Proposal::Attach { policy: pid("p-region0001"), target: target("ou-d3mo-sec00001") });
    assert_eq!(p.reached, 3, "log-archive, audit, security-tooling");
    let deny = &p.denies[0];
    assert_eq!(deny.statement, "SCP RegionRestriction › DenyOutsideApprovedRegions");
    assert!(deny.says.starts_with("Deny everything but iam:*") && deny.says.contains("aws:RequestedRegion"));
    assert_eq!(deny.starts, 3);
    // The principal exception is not known: outside the regions, RunInstances comes to depend on it.
    let ec2 = p.verdicts.iter().find(|v| v.question == "ec2:RunInstances in ap-southeast-2").unwrap();
    assert_eq!((ec2.before, ec2.after, ec2.accounts), (Verdict::Allowed, Verdict::Depends, 3));
    assert!(!p.verdicts.iter().any(|v| v.question == "ec2:RunInstances in us-east-1"), "an approved region");
    assert!(!p.critical());
}

#[test]
fn an_allow_list_change_says_what_is_lost_and_gained() {
    let mut s = demo();
    let only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"}]}"#;
    let list = add_policy(&mut s, "p-allowlst1", "AllowS3Ec2", only);
    s.policies.iter_mut().find(|p| p.id == list).unwrap().target_ids.push(target("ou-d3mo-sbx00001"));
    let p = run(&s, Proposal::Detach { policy: pid("p-FullAWSAccess"), target: target("ou-d3mo-sbx00001") });
    let change = p.allow_changes.iter().find(|c| c.level == "At OU Sandbox, SCPs").unwrap();
    assert_eq!(change.lost, ["every action (*)"]);
    assert!(change.gained.iter().any(|g| g.contains("s3:*, ec2:*")), "{change:?}");
    assert!(p.locked_out.is_empty());
    let iam = p.verdicts.iter().find(|v| v.question == "iam:CreateRole").unwrap();
    assert_eq!((iam.before, iam.after, iam.accounts), (Verdict::Allowed, Verdict::Denied, 7));
}

#[test]
fn an_edit_is_compared_wherever_the_policy_is_attached() {
    let s = demo();
    // DenyLeaveOrganization (at the root) rewritten to also deny CloudTrail's StopLogging.
    let content = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeave","Effect":"Deny","Action":["organizations:LeaveOrganization"],"Resource":"*"},{"Sid":"KeepTrails","Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"*"}]}"#;
    let p = run(&s, Proposal::Edit { policy: pid("p-dnyleave01"), content: content.into() });
    assert_eq!(p.reached, s.accounts.len() - 1);
    let starts: Vec<&str> = p.denies.iter().filter(|d| d.starts > 0).map(|d| d.statement.as_str()).collect();
    assert_eq!(starts, ["SCP DenyLeaveOrganization › KeepTrails"]);
    let trail = p.verdicts.iter().find(|v| v.question == "cloudtrail:StopLogging in us-east-1").unwrap();
    assert_eq!(trail.after, Verdict::Denied);
    // Accounts where ProtectSecurityTooling already denied it (with a principal exception) went from
    // depends to denied; the rest from allowed.
    let total: usize =
        p.verdicts.iter().filter(|v| v.question == "cloudtrail:StopLogging in us-east-1").map(|v| v.accounts).sum();
    assert!(total > 0 && total <= p.reached);
    // An edit that allows nothing at the root: locked out.
    let broken = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#;
    let full = run(&s, Proposal::Edit { policy: pid("p-FullAWSAccess"), content: broken.into() });
    assert_eq!(full.locked_out.len(), s.accounts.len() - 1);
}

#[test]
fn disabling_scps_lifts_every_deny() {
    let s = demo();
    let p = run(&s, Proposal::Disable { policy_type: PolicyType::new(PolicyType::SCP) });
    assert_eq!(p.reached, s.accounts.len() - 1);
    assert!(p.locked_out.is_empty());
    let leave = p.denies.iter().find(|d| d.statement == "SCP DenyLeaveOrganization › DenyLeave").unwrap();
    assert_eq!((leave.starts, leave.stops), (0, s.accounts.len() - 1));
    let v = p.verdicts.iter().find(|v| v.question == "organizations:LeaveOrganization").unwrap();
    assert_eq!((v.before, v.after), (Verdict::Denied, Verdict::Allowed));
    assert!(p.denies.iter().all(|d| !d.statement.starts_with("RCP")), "RCPs still apply");
}

#[test]
fn the_users_own_questions_come_first_and_an_incomplete_preview_is_critical() {
    let asked = crate::policy::evaluate::Question::parse("dynamodb:GetItem", "", "eu-west-1").unwrap();
    let qs = questions(std::slice::from_ref(&asked));
    assert_eq!(qs[0], asked);
    assert_eq!(qs.len(), 1 + SENTINELS.len());
    let s = demo();
    let proposal = Proposal::Attach { policy: pid("p-region0001"), target: target("ou-d3mo-sec00001") };
    let mut exposure = from_snapshot(&s, &proposal);
    exposure.incomplete.push("ListTargetsForPolicy p-x: access denied".into());
    let p = preview(&exposure, &proposal, &qs);
    assert!(p.critical() && p.locked_out.is_empty(), "what could not be read needs a typed yes");
}

fn account(id: &str) -> crate::org::AccountId {
    crate::org::AccountId::parse(id).unwrap()
}

#[test]
fn a_move_compares_the_levels_left_with_the_levels_entered() {
    let s = demo();
    // web-prod leaves Workloads/Prod (RegionRestriction, DataPerimeterResources…) for Suspended (DenyAllSuspended).
    let p =
        run(&s, Proposal::Move { accounts: vec![account("100001029470")], destination: target("ou-d3mo-sus00001") });
    assert_eq!(p.reached, 1);
    assert_eq!(p.groups, [("Root/Workloads/Prod".to_owned(), vec!["web-prod".to_owned()])], "grouped where it is now");
    let started: Vec<&str> = p.denies.iter().filter(|d| d.starts == 1).map(|d| d.statement.as_str()).collect();
    assert!(started.iter().any(|d| d.starts_with("SCP DenyAllSuspended")), "{started:?}");
    let stopped: Vec<&str> = p.denies.iter().filter(|d| d.stops == 1).map(|d| d.statement.as_str()).collect();
    assert!(stopped.contains(&"SCP RegionRestriction › DenyOutsideApprovedRegions"), "{stopped:?}");
    let run_ec2 = p.verdicts.iter().find(|v| v.question == "ec2:RunInstances in us-east-1").unwrap();
    assert_eq!((run_ec2.before, run_ec2.after, run_ec2.accounts), (Verdict::Allowed, Verdict::Denied, 1));
    assert!(p.allow_changes.is_empty(), "no level's own list changes in a move");
    assert!(!p.critical(), "a Deny is not an empty allow list");

    // new-region-pilot (under the root alone) into Workloads: the region guardrail starts applying.
    let pilot = Proposal::Move { accounts: vec![account("100004117880")], destination: target("ou-d3mo-wkl00001") };
    let p = run(&s, pilot);
    let ec2 = p.verdicts.iter().find(|v| v.question == "ec2:RunInstances in ap-southeast-2").unwrap();
    assert_eq!((ec2.before, ec2.after), (Verdict::Allowed, Verdict::Depends));
}

#[test]
fn a_move_into_an_ou_that_allows_nothing_locks_the_account_out() {
    let mut s = demo();
    // An OU with no Allow at all: FullAWSAccess detached from Sandbox, nothing else allowing.
    s.policies
        .iter_mut()
        .find(|p| p.id.as_str() == "p-FullAWSAccess")
        .unwrap()
        .target_ids
        .retain(|t| t.to_string() != "ou-d3mo-sbx00001");
    let accounts = vec![account("100001029470"), account("100001132417"), account("111122223333")];
    let p = run(&s, Proposal::Move { accounts, destination: target("ou-d3mo-sbx00001") });
    assert_eq!(p.reached, 2, "the management account is named, not counted");
    assert!(p.management.is_some());
    let names: Vec<&str> = p.locked_out.iter().map(|l| l.account.as_str()).collect();
    assert_eq!(names, ["web-prod", "api-prod"]);
    assert_eq!(p.locked_out[0].level, "the SCPs at OU Sandbox");
    assert!(p.critical());
}
