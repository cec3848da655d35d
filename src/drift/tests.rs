//! The comparison over the demo organization, changed by hand one way at a time.

use super::*;
use crate::api::memory::MemoryOrg;
use crate::org::{AccountId, OuId, ParentId, PolicyId};
use crate::snapshot::Snapshot;

fn demo() -> Snapshot {
    MemoryOrg::demo_snapshot().unwrap()
}

fn account<'a>(s: &'a mut Snapshot, name: &str) -> &'a mut crate::snapshot::AccountRecord {
    s.accounts.iter_mut().find(|a| a.name == name).unwrap()
}

fn policy<'a>(s: &'a mut Snapshot, id: &str) -> &'a mut crate::snapshot::PolicyRecord {
    s.policies.iter_mut().find(|p| p.id.as_str() == id).unwrap()
}

fn ou_id(id: &str) -> OuId {
    OuId::parse(id).unwrap()
}

/// Each change as `kind id key`, for comparing whole lists.
fn summary(d: &Drift) -> Vec<String> {
    d.changes.iter().map(|c| format!("{} {} {}", c.kind.key(), c.subject.id(), c.key())).collect()
}

#[test]
fn the_same_organization_has_no_changes() {
    let d = compare(&demo(), &demo());
    assert!(d.is_empty() && d.not_compared.is_empty() && d.organizations.is_none(), "{d:?}");
}

#[test]
fn each_change_is_reported_once_and_an_ou_renamed_moves_nothing_under_it() {
    let old = demo();
    let mut new = demo();
    // web-prod moves from Workloads/Prod to Workloads/Staging; Workloads is renamed (every path
    // below it changes, but nothing under it moved); a policy is edited and detached; a tag changes.
    account(&mut new, "web-prod").parent_id = ParentId::Ou(ou_id("ou-d3mo-wklstg01"));
    new.organizational_units.iter_mut().find(|o| o.name == "Workloads").unwrap().name = "Apps".into();
    let region = policy(&mut new, "p-region0001");
    region.content = region.content.replace("\"budgets:*\",", "");
    region.target_ids.retain(|t| t.as_str() != "ou-d3mo-sbx00001");
    account(&mut new, "billing-tools").tags = vec![crate::org::Tag { key: "owner".into(), value: "bob".into() }];
    let d = compare(&old, &new);
    let web = account(&mut new, "web-prod").id.to_string();
    assert_eq!(
        summary(&d),
        vec![
            "account 100000205894 tags".to_owned(),
            format!("account {web} moved"),
            "ou ou-d3mo-wkl00001 renamed".to_owned(),
            "policy p-region0001 edited".to_owned(),
            "policy p-region0001 detached".to_owned(),
        ]
    );
    let moved = d.changes.iter().find(|c| c.key() == "moved").unwrap();
    // Paths are each side's own: the old one under the old name, the new one under the new.
    assert_eq!(moved.what, What::Moved { from: "Root/Workloads/Prod".into(), to: "Root/Apps/Staging".into() });
    let edited = d.changes.iter().find(|c| c.key() == "edited").unwrap();
    let What::Edited { diff, reformatted: false } = &edited.what else { panic!("{edited:?}") };
    assert_eq!(diff_counts(diff), (1, 0), "one line less, in the pretty-printed text");
    assert!(diff.iter().any(|l| l.text.contains("budgets:*")));
    let tags = d.changes.iter().find(|c| c.key() == "tags").unwrap();
    assert_eq!(tags.describe(false), "tags: owner: finops → bob");
}

#[test]
fn additions_and_removals_take_their_attachments_with_them() {
    let old = demo();
    let mut new = demo();
    // An account leaves (FullAWSAccess was attached to it: no "detached" for that), one joins.
    let leaving = account(&mut new, "web-prod").id.clone();
    new.accounts.retain(|a| a.id != leaving);
    for p in &mut new.policies {
        p.target_ids.retain(|t| t.as_str() != leaving.as_str());
    }
    let mut joining = new.accounts[0].clone();
    joining.id = AccountId::parse("999988887777").unwrap();
    joining.name = "newcomer".into();
    new.accounts.push(joining);
    // A policy is deleted (detached from its targets first, as AWS requires): both are said.
    new.policies.retain(|p| p.id.as_str() != "p-sbxguard1");
    let d = compare(&old, &new);
    assert_eq!(
        summary(&d),
        vec![
            "account 999988887777 added".to_owned(),
            format!("account {leaving} removed"),
            "policy p-sbxguard1 removed".to_owned(),
            "policy p-sbxguard1 detached".to_owned(),
        ]
    );
    assert_eq!(d.changes[1].describe(false), "removed from Root/Workloads/Prod");
    assert_eq!(d.changes[2].describe(false), "deleted");
}

#[test]
fn a_reformatted_policy_says_so_and_policy_types_are_compared_per_root() {
    let old = demo();
    let mut new = demo();
    let backups = policy(&mut new, "p-bkpdaily1");
    let minified =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&backups.content).unwrap()).unwrap();
    let spaced = minified.replacen('{', "{ ", 1);
    assert_ne!(spaced, backups.content);
    backups.content = spaced;
    new.roots[0].policy_types.retain(|t| t.policy_type.as_str() != "BACKUP_POLICY");
    let d = compare(&old, &new);
    let texts: Vec<String> = d.changes.iter().map(|c| c.describe(false)).collect();
    assert!(texts.contains(&"reformatted (the same JSON)".to_owned()), "{texts:?}");
    assert!(texts.contains(&"policy type disabled: Backup".to_owned()), "{texts:?}");
}

#[test]
fn what_a_quick_snapshot_did_not_record_is_unknown_not_removed() {
    let old = demo();
    let mut new = demo();
    for a in &mut new.accounts {
        a.tags.clear();
    }
    for o in &mut new.organizational_units {
        o.tags.clear();
    }
    new.omitted = vec!["tags".into(), "effective_policies".into(), "handshakes".into()];
    let d = compare(&old, &new);
    assert!(d.is_empty(), "no tag reported removed: {:?}", summary(&d));
    assert_eq!(d.not_compared, vec![NotCompared { what: "tags", side: Side::New, why: "taken with --quick" }]);
    // A format 1 file holds no governance records: those are unknown too, not all removed.
    let mut v1 = demo();
    v1.format = 1;
    v1.delegated_administrators.clear();
    v1.trusted_services.clear();
    let d = compare(&v1, &demo());
    assert!(d.is_empty(), "{:?}", summary(&d));
    assert!(d.not_compared.iter().any(|n| n.what == "the governance records" && n.side == Side::Old));
}

#[test]
fn governance_changes_name_the_account_and_the_service() {
    let old = demo();
    let mut new = demo();
    let admin = new.delegated_administrators[0].clone();
    let service = admin.services[0].principal.clone();
    new.delegated_administrators[0].services.remove(0);
    new.trusted_services
        .push(crate::org::governance::ServiceSince { principal: "example.amazonaws.com".into(), since: None });
    let d = compare(&old, &new);
    let texts: Vec<String> = d.changes.iter().map(|c| format!("{}: {}", c.name, c.describe(false))).collect();
    assert!(texts.contains(&format!("{}: no longer delegated administrator for {service}", admin.name)), "{texts:?}");
    assert!(texts.contains(&"example.amazonaws.com: trusted access enabled".to_owned()), "{texts:?}");
}

#[test]
fn the_marks_put_each_change_where_the_tree_shows_it() {
    let old = demo();
    let mut new = demo();
    account(&mut new, "web-prod").parent_id = ParentId::Ou(ou_id("ou-d3mo-wklstg01"));
    let web = TargetId::Account(account(&mut new, "web-prod").id.clone());
    new.accounts.retain(|a| a.name != "api-prod");
    policy(&mut new, "p-region0001").target_ids.retain(|t| t.as_str() != "ou-d3mo-sbx00001");
    policy(&mut new, "p-sbxguard1").target_ids.push(TargetId::Ou(ou_id("ou-d3mo-wklstg01")));
    let m = marks::Marks::new("old.json".into(), &old, &new);
    use marks::Mark;
    assert_eq!(m.target(&web), Some(Mark::Moved));
    let staging = TargetId::Ou(ou_id("ou-d3mo-wklstg01"));
    assert_eq!(m.target(&staging), Some(Mark::Changed), "a policy was attached to it");
    assert_eq!(m.policy(&staging, &PolicyId::parse("p-sbxguard1").unwrap()), Some(Mark::Added));
    let sandbox = TargetId::Ou(ou_id("ou-d3mo-sbx00001"));
    assert_eq!(m.policy(&sandbox, &PolicyId::parse("p-sbxguard1").unwrap()), None, "attached there before too");
    // The removed account under the OU it was in; the detached policy in Sandbox's Policies group.
    let prod = TargetId::Ou(ou_id("ou-d3mo-wklprd01"));
    let gone: Vec<&str> = m.gone_under(&prod).iter().map(|&i| m.gone(i).unwrap().name.as_str()).collect();
    assert_eq!(gone, ["api-prod"]);
    let detached: Vec<&str> = m.detached_from(&sandbox).iter().map(|&i| m.gone(i).unwrap().name.as_str()).collect();
    assert_eq!(detached, ["RegionRestriction"]);
    assert_eq!((m.count(Mark::Moved), m.count(Mark::Removed), m.count(Mark::Added)), (1, 1, 0));
    assert_eq!(m.target_changes(&staging, false), ["SCP SandboxGuardrails attached here"]);
    assert!(m.target(&TargetId::Ou(ou_id("ou-d3mo-wkl00001"))).is_none(), "nothing changed in Workloads itself");
}
