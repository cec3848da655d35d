//! What applies here (`w`) on the demo organization: the SCP/RCP chain by level, the action checker
//! through its form, the effective management policies, caching and `r`, and "where used" (`u`) with
//! its jump into the tree.

mod support;

use crossterm::event::KeyCode;
use orgtui::api::OrgApi;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::applies;
use orgtui::app::dialog::Dialog;
use orgtui::app::update::update;
use orgtui::app::{Effect, Model, Pane};
use orgtui::org::{PolicyId, TargetId};
use orgtui::policy::evaluate::Verdict;
use support::view::{ask, find, hit, key, model_for, open_path, press, screen};

fn verdict(model: &Model) -> (Verdict, String, Vec<String>) {
    let answer = applies::answer(model).expect("a question was asked").expect("everything is loaded");
    let first = answer.findings.first().map(|f| format!("{} at {}", f.statement, f.level)).unwrap_or_default();
    (answer.verdict, first, answer.unevaluated)
}

async fn open_on(api: &MemoryOrg, path: &[&str]) -> Model {
    let mut model = model_for(api, 140, 45, false).await;
    open_path(&mut model, api, path).await;
    press(&mut model, api, "w").await;
    model
}

#[tokio::test]
async fn an_account_shows_each_level_with_its_scps_and_rcps() {
    let api = MemoryOrg::demo().unwrap();
    let model = open_on(&api, &["Workloads", "Prod", "Payments", "ledger-prod"]).await;
    assert_eq!(model.focus, Pane::Chain);
    let levels: Vec<(String, Vec<String>)> = applies::path(&model)
        .iter()
        .map(|l| {
            (
                l.label.clone(),
                l.policies.iter().filter(|p| p.policy_type.is_authorization()).map(|p| p.name.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(
        levels,
        [
            (
                "root Root".to_owned(),
                vec![
                    "FullAWSAccess".into(),
                    "DenyLeaveOrganization".into(),
                    "RCPFullAWSAccess".into(),
                    "EnforceSecureTransport".into()
                ]
            ),
            (
                "OU Workloads".to_owned(),
                vec![
                    "FullAWSAccess".into(),
                    "RegionRestriction".into(),
                    "ProtectSecurityTooling".into(),
                    "RCPFullAWSAccess".into()
                ]
            ),
            (
                "OU Prod".to_owned(),
                vec!["FullAWSAccess".into(), "DataPerimeterResources".into(), "RCPFullAWSAccess".into()]
            ),
            ("OU Payments".to_owned(), vec!["FullAWSAccess".into(), "RCPFullAWSAccess".into()]),
            ("account ledger-prod (100001544205)".to_owned(), vec!["FullAWSAccess".into(), "RCPFullAWSAccess".into()]),
        ]
    );
    let lines = screen(&model, 140, 45);
    find(&lines, "What applies · account ledger-prod (100001544205)");
    find(&lines, "root Root › OU Workloads › OU Prod › OU Payments › account ledger-prod");
    find(&lines, "an action is allowed only if an Allow covers it at every level");
    find(&lines, "SCP RegionRestriction");
    find(&lines, "Deny organizations:LeaveOrganization");
}

#[tokio::test]
async fn may_this_account_run_instances_in_eu_west_1() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = open_on(&api, &["Workloads", "Prod", "web-prod"]).await;
    ask(&mut model, &api, "ec2:RunInstances", "", "eu-west-1").await;
    let (v, first, unevaluated) = verdict(&model);
    assert_eq!(v, Verdict::Allowed);
    assert_eq!(first, "FullAWSAccess › statement 1 at root Root");
    assert!(unevaluated.is_empty(), "{unevaluated:?}");
    let lines = screen(&model, 140, 45);
    find(&lines, "Check: ec2:RunInstances in eu-west-1");
    find(&lines, "✓ Allowed: an Allow covers ec2:RunInstances at every level");
    find(&lines, "An offline reading of the attached policies, not a call to AWS");

    // Outside the approved regions the region SCP decides, save for its principal exception.
    ask(&mut model, &api, "ec2:RunInstances", "", "us-west-2").await;
    let (v, first, unevaluated) = verdict(&model);
    assert_eq!(v, Verdict::Depends);
    assert_eq!(first, "RegionRestriction › DenyOutsideApprovedRegions at OU Workloads");
    assert_eq!(
        unevaluated,
        [
            "SCP RegionRestriction › DenyOutsideApprovedRegions: ArnNotLike aws:PrincipalARN arn:aws:iam::*:role/OrganizationAccountAccessRole"
        ]
    );
    find(&screen(&model, 140, 45), "Not evaluated (give the key in the request context, c)");

    ask(&mut model, &api, "organizations:LeaveOrganization", "", "").await;
    let (v, first, _) = verdict(&model);
    assert_eq!((v, first.as_str()), (Verdict::Denied, "DenyLeaveOrganization › DenyLeave at root Root"));
}

#[tokio::test]
async fn a_sandbox_account_may_run_only_small_instances_and_the_answer_says_so() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = open_on(&api, &["Sandbox", "sandbox-alice"]).await;
    ask(&mut model, &api, "ec2:RunInstances", "", "eu-west-1").await;
    let (v, first, unevaluated) = verdict(&model);
    assert_eq!((v, first.as_str()), (Verdict::Depends, "SandboxGuardrails › DenyLargeInstances at OU Sandbox"));
    assert_eq!(
        unevaluated,
        [
            "SCP SandboxGuardrails › DenyLargeInstances: ForAnyValue:StringNotLike ec2:InstanceType [t3.*, t4g.*, m7g.medium]"
        ]
    );
    // Reserved purchases are denied outright.
    ask(&mut model, &api, "ec2:PurchaseReservedInstancesOffering", "", "").await;
    assert_eq!(verdict(&model).0, Verdict::Denied);
    // A typo in the form is said there, and nothing is lost.
    press(&mut model, &api, "c").await;
    // The form names the account as the view does, not by its id alone.
    find(&screen(&model, 120, 40), "May account sandbox-alice (100002779569) call this?");
    for _ in 0..64 {
        hit(&mut model, &api, KeyCode::Backspace).await;
    }
    press(&mut model, &api, "ec2 RunInstances").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    match &model.dialog {
        Some(Dialog::Check(form)) => {
            assert_eq!(form.action, "ec2 RunInstances");
            assert!(form.error.as_deref().is_some_and(|e| e.contains("service:Action")), "{:?}", form.error);
        }
        other => panic!("the form should stay open: {other:?}"),
    }
}

#[tokio::test]
async fn effective_tag_and_backup_policies_come_with_what_they_are_made_of() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = open_on(&api, &["Workloads", "Prod", "web-prod"]).await;
    press(&mut model, &api, "l").await; // AI opt-out → Backup
    let lines = screen(&model, 140, 45);
    find(&lines, "Effective Backup policy");
    find(&lines, "OU Prod: DailyBackups");
    find(&lines, "BACKUP_POLICY · updated 2024-10-01 12:00");
    find(&lines, "\"prod-daily\"");
    press(&mut model, &api, "l").await; // Tag
    let lines = screen(&model, 140, 45);
    find(&lines, "root Root: CostCenterTags");
    find(&lines, "OU Workloads: CostCenterTags, EnvironmentTag");
    find(&lines, "\"cost-center\"");

    // No backup policy is attached above a sandbox: EffectivePolicyNotFound, said as such.
    let mut model = open_on(&api, &["Sandbox", "sandbox-alice"]).await;
    press(&mut model, &api, "l").await;
    find(&screen(&model, 140, 45), "No effective Backup policy applies to this account.");

    // An account not active yet has none, though AI opt-out is attached at the root: its state is said.
    let model = open_on(&api, &["new-region-pilot"]).await;
    find(&screen(&model, 140, 45), "is PENDING_ACTIVATION.");
}

#[tokio::test]
async fn an_ou_shows_its_chain_and_explains_effective_policies_are_per_account() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = open_on(&api, &["Workloads"]).await;
    let lines = screen(&model, 140, 45);
    find(&lines, "What applies · OU Workloads");
    find(&lines, "AWS computes effective policies for accounts only");
    ask(&mut model, &api, "ec2:RunInstances", "", "eu-west-1").await;
    let answer = applies::answer(&model).unwrap().unwrap();
    assert_eq!(answer.verdict, Verdict::Allowed);
    let levels: Vec<&str> = answer.findings.iter().map(|f| f.level.as_str()).collect();
    assert_eq!(levels, ["root Root", "OU Workloads"], "an Allow named at each of the OU's two levels");
}

#[tokio::test]
async fn what_was_loaded_is_reused_and_r_fetches_it_again() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 140, 45, false).await;
    // A tag policy shown in the policy pane first: r in the view reloads SCPs/RCPs, not it.
    open_path(&mut model, &api, &["Workloads", "Policies", "EnvironmentTag"]).await;
    let tag = PolicyId::parse("p-tagenv001").unwrap();
    assert!(model.policies[&tag].prepared.is_some());
    open_path(&mut model, &api, &["Workloads", "Prod", "web-prod"]).await;
    press(&mut model, &api, "w").await;
    press(&mut model, &api, "w").await; // back to the tree
    assert_eq!(model.focus, Pane::Tree);
    let effects = update(&mut model, key('w'));
    assert!(effects.is_empty(), "opened again, nothing is fetched again: {effects:?}");
    // A policy attached meanwhile shows after r, with its text.
    let deny = PolicyId::parse("p-dnyall001").unwrap();
    api.attach_policy(&deny, &TargetId::parse("100001029470").unwrap()).await.unwrap();
    ask(&mut model, &api, "ec2:DescribeInstances", "", "eu-west-1").await;
    assert_eq!(verdict(&model).0, Verdict::Allowed, "before r the view shows what it loaded");
    press(&mut model, &api, "r").await;
    let (v, first, _) = verdict(&model);
    assert_eq!(
        (v, first.as_str()),
        (Verdict::Denied, "DenyAllSuspended › DenyEverything at account web-prod (100001029470)")
    );
    assert!(model.policies[&tag].prepared.is_some(), "the policy pane's text stays");
    let mut log = Vec::new();
    let effects = update(&mut model, key('r'));
    support::drive::settle_with(&mut model, &api, effects, &mut log, &mut |_, _| None).await;
    assert!(log.iter().any(|e| matches!(e, Effect::LoadEffective { .. })), "r asks for the effective policies too");
}

#[tokio::test]
async fn where_used_lists_targets_and_jumps_to_one_deep_in_a_collapsed_tree() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 140, 45, true).await;
    open_path(&mut model, &api, &["Workloads", "Policies", "RegionRestriction"]).await;
    press(&mut model, &api, "u").await;
    let lines = screen(&model, 140, 45);
    find(&lines, "Where RegionRestriction is attached");
    find(&lines, "▶ OU      Sandbox  ou-d3mo-sbx00001");
    find(&lines, "OU      Workloads  ou-d3mo-wkl00001");
    find(&lines, "2 target(s)");
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_eq!(model.selected_kind().map(|k| k.name().to_owned()).as_deref(), Some("Sandbox"));

    // FullAWSAccess from the root's Policies, jumping to an account four levels down that nobody
    // expanded: the tree opens level by level (ListParents gives the way).
    let mut model = model_for(&api, 140, 45, true).await;
    open_path(&mut model, &api, &["Policies", "FullAWSAccess"]).await;
    assert!(!model.rows.iter().any(|r| model.tree.get(r.id).is_some_and(|n| n.kind.name() == "Payments")));
    press(&mut model, &api, "u").await;
    let entry = &model.targets[&PolicyId::parse("p-FullAWSAccess").unwrap()];
    let index = entry.sorted().iter().position(|t| t.name == "ledger-prod").expect("ledger-prod is a target");
    for _ in 0..index {
        press(&mut model, &api, "j").await;
    }
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(model.dialog.is_none());
    assert_eq!(model.focus, Pane::Tree);
    assert_eq!(model.selected_kind().map(|k| k.name().to_owned()).as_deref(), Some("ledger-prod"));
    let lines = screen(&model, 140, 45);
    find(&lines, "▾ ▣ Payments");
    find(&lines, "Account");
}

#[tokio::test]
async fn escape_sequences_in_policy_names_and_text_never_reach_the_screen() {
    let mut snapshot = MemoryOrg::demo_snapshot().unwrap();
    let leave = snapshot.policies.iter_mut().find(|p| p.name == "DenyLeaveOrganization").unwrap();
    leave.name = "Deny\u{1b}]0;pwned\u{7}Leave".to_owned();
    leave.content = r#"{"Version":"2012-10-17","Statement":[{"Sid":"No\u001b[2JLeave","Effect":"Deny","Action":"organizations:Leave\u001b[31mOrganization","Resource":"*"}]}"#.to_owned();
    let api = MemoryOrg::new(snapshot);
    let mut model = open_on(&api, &["Workloads", "Prod", "web-prod"]).await;
    ask(&mut model, &api, "organizations:*", "", "").await;
    let all = screen(&model, 140, 45).join("\n");
    // The whole sequence goes, not just its first byte: no "]0;pwned" is left to read.
    let lines = screen(&model, 140, 45);
    find(&lines, "SCP DenyLeave  p-dnyleave01");
    find(&lines, "SCP DenyLeave › NoLeave at root Root: denies it for only");
    assert!(!all.contains("pwned") && !all.contains("[2J") && !all.contains("[31m"), "{all}");
    for bad in ['\u{1b}', '\u{7}'] {
        assert!(!all.contains(bad), "{bad:?} reached the screen:\n{all}");
    }
}

#[tokio::test]
async fn a_small_terminal_draws_the_view_and_scrolls_to_its_end() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 60, 12, false).await;
    open_path(&mut model, &api, &["Workloads", "Prod", "Payments", "ledger-prod"]).await;
    press(&mut model, &api, "w").await;
    find(&screen(&model, 60, 12), "What applies");
    press(&mut model, &api, "G").await;
    let lines = screen(&model, 60, 12);
    find(&lines, "FullAWSAccess");
    assert!(model.applies.as_ref().unwrap().chain_scroll > 0, "G scrolled the chain");
    hit(&mut model, &api, KeyCode::Tab).await;
    assert_eq!(model.focus, Pane::Effective);
    press(&mut model, &api, "G").await;
    find(&screen(&model, 60, 12), "}");
    assert!(model.applies.as_ref().unwrap().effective_scroll > 0, "G scrolled the effective policy");
}
