//! The blast radius through the UI, on the demo organization: what a confirmation says before an
//! SCP change, the typed yes a lock-out needs, an edit's what-if beside its diff, the checker with a
//! request context on the demo's data-perimeter SCP, and a wildcard expanded into real actions.

mod support;

use crossterm::event::KeyCode;
use orgtui::api::OrgApi as _;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::Model;
use orgtui::app::applies;
use orgtui::app::dialog::{Dialog, Stage};
use orgtui::org::{PolicyType, TargetId};
use orgtui::policy::evaluate::Verdict;
use support::view::{
    ask, ask_in_context, assert_toast, choose_to_attach, find, hit, model_for, open_path, press, screen, select,
};

async fn scps_on(api: &MemoryOrg, target: &str) -> Vec<String> {
    let target = TargetId::parse(target).unwrap();
    let scp = PolicyType::new(PolicyType::SCP);
    api.list_policies_for_target(&target, &scp).await.unwrap().into_iter().map(|p| p.name).collect()
}

/// The whole confirmation, scrolled through, as one text.
fn dialog_text(model: &Model) -> String {
    let gate = model.whatif.as_ref().expect("a what-if beside the confirmation");
    orgtui::app::whatif::paras(gate).into_iter().map(|p| p.text).collect::<Vec<_>>().join("\n")
}

#[tokio::test]
async fn detaching_full_access_at_the_root_says_every_member_is_locked_out_and_needs_a_typed_yes() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 100, 30, false).await;
    press(&mut model, &api, "jlj").await; // the root's FullAWSAccess
    press(&mut model, &api, "D").await;
    let text = dialog_text(&model);
    assert!(
        text.contains("Every action will be denied for every member account it reaches (39)"),
        "before anything is sent:\n{text}"
    );
    assert!(text.contains("management (111122223333) is the management account: SCPs and RCPs do not restrict it"));
    assert!(text.contains("At root Root, SCPs, the allow list changes: no longer allowed: every action (*)"));
    let lines = screen(&model, 100, 30);
    find(&lines, "Every action will be denied for every member account");
    find(&lines, "type yes: _");
    // y and Enter alone do nothing: the user must type the word.
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_toast(&model, "type yes, then Enter");
    press(&mut model, &api, "ye").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(scps_on(&api, "r-d3mo").await.contains(&"FullAWSAccess".to_owned()), "nothing sent yet");
    press(&mut model, &api, "s").await;
    find(&screen(&model, 100, 30), "type yes: yes_");
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(!scps_on(&api, "r-d3mo").await.contains(&"FullAWSAccess".to_owned()), "detached after yes");
    assert!(model.whatif.is_none() && model.dialog.is_none());
}

#[tokio::test]
async fn esc_on_a_lock_out_changes_nothing() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 100, 30, false).await;
    press(&mut model, &api, "jljD").await;
    press(&mut model, &api, "yes").await;
    hit(&mut model, &api, KeyCode::Esc).await;
    assert!(model.dialog.is_none() && model.whatif.is_none());
    assert!(scps_on(&api, "r-d3mo").await.contains(&"FullAWSAccess".to_owned()));
}

#[tokio::test]
async fn attaching_the_region_scp_to_an_ou_lists_its_accounts_and_what_they_lose() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 100, 30, false).await;
    select(&mut model, &api, "Security").await;
    choose_to_attach(&mut model, &api, "regionr").await;
    let text = dialog_text(&model);
    assert!(text.contains("Reaches 3 accounts:\n• Root/Security: audit, log-archive, security-tooling (3)"), "{text}");
    assert!(text.contains(
        "SCP RegionRestriction › DenyOutsideApprovedRegions starts applying to 3 accounts: Deny everything but iam:*"
    ));
    assert!(
        text.contains("• ec2:RunInstances in ap-southeast-2: depends on conditions for 3 accounts (3 were allowed)")
    );
    // Not critical: y confirms.
    assert!(!model.whatif.as_ref().unwrap().needs_typing());
    press(&mut model, &api, "y").await;
    assert!(scps_on(&api, "ou-d3mo-sec00001").await.contains(&"RegionRestriction".to_owned()));
}

#[tokio::test]
async fn the_users_last_checks_are_asked_again_before_a_change() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 140, 45, false).await;
    open_path(&mut model, &api, &["Security", "audit"]).await;
    press(&mut model, &api, "w").await;
    ask(&mut model, &api, "guardduty:DeleteDetector", "", "eu-west-1").await;
    hit(&mut model, &api, KeyCode::Esc).await;
    select(&mut model, &api, "Security").await;
    choose_to_attach(&mut model, &api, "protectsec").await;
    let text = dialog_text(&model);
    assert!(text.contains("• guardduty:DeleteDetector in eu-west-1: depends on conditions for 3 accounts"), "{text}");
}

#[tokio::test]
async fn an_edit_shows_its_what_if_beside_the_diff_and_warns_of_a_misspelt_action() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "jljj").await; // the root's DenyLeaveOrganization
    model.editor = "sed -i s/organizations:LeaveOrganization/organizations:LeaveOrganizaton/".into();
    press(&mut model, &api, "e").await;
    assert!(matches!(model.dialog, Some(Dialog::Review { stage: Stage::Preview, .. })), "a warning is no error");
    let lines = screen(&model, 120, 60);
    let problems: Vec<String> = model.edit.as_ref().unwrap().problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].ends_with(
        "organizations:LeaveOrganizaton is not an AWS Organizations action; did you mean organizations:LeaveOrganization?"
    ));
    find(&lines, "organizations:LeaveOrganizaton is not an AWS");
    find(&lines, "did you mean organizations:LeaveOrganization?");
    let text = dialog_text(&model);
    assert!(text.contains("SCP DenyLeaveOrganization › DenyLeave stops applying to 39 accounts"), "{text}");
    // Beside the diff: both on the screen at once.
    let row = find(&lines, "+        \"organizations:LeaveOrganizaton\"");
    assert!(lines[row - 4..row + 4].iter().any(|l| l.contains("• Root/")), "the what-if stands beside the diff");
    // The four suspended accounts stay denied by DenyAllSuspended.
    assert!(text.contains("• organizations:LeaveOrganization: allowed for 35 accounts (35 were denied)"), "{text}");
    find(&lines, "SCP: affects 39 member accounts through 1 root.");
}

#[tokio::test]
async fn the_data_perimeter_scp_answers_from_the_request_context() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 160, 50, true).await;
    open_path(&mut model, &api, &["Workloads", "Prod", "web-prod"]).await;
    press(&mut model, &api, "w").await;
    let table = "arn:aws:dynamodb:eu-west-1:999988887777:table/partners";
    ask_in_context(&mut model, &api, "dynamodb:GetItem", table, "", "aws:ResourceOrgID=o-someoneelse").await;
    let answer = applies::answer(&model).unwrap().unwrap();
    assert_eq!(answer.verdict, Verdict::Denied, "{answer:#?}");
    assert_eq!(answer.findings[0].statement, "DataPerimeterResources › EnforceResourcePerimeter");
    assert!(answer.context.iter().any(|c| c == "aws:ResourceOrgID = o-someoneelse (given)"));
    ask_in_context(&mut model, &api, "dynamodb:GetItem", table, "", "aws:ResourceOrgID=o-d3mo1example").await;
    assert_eq!(applies::answer(&model).unwrap().unwrap().verdict, Verdict::Allowed);
    // A table of an account in the organization: orgtui fills aws:ResourceOrgID itself.
    let own = "arn:aws:dynamodb:eu-west-1:100001132417:table/orders";
    ask_in_context(&mut model, &api, "dynamodb:GetItem", own, "", "").await;
    let answer = applies::answer(&model).unwrap().unwrap();
    assert_eq!(answer.verdict, Verdict::Allowed, "{answer:#?}");
    assert!(answer.context.iter().any(|c| c == "aws:ResourceOrgID = o-d3mo1example (filled in by orgtui)"));
    assert!(
        answer
            .context
            .iter()
            .any(|c| c.starts_with("aws:PrincipalOrgPaths = o-d3mo1example/r-d3mo/ou-d3mo-wkl00001/ou-d3mo-wklprd01/"))
    );
    // Given nothing of an outside table, the answer depends on the key, and names it.
    ask_in_context(&mut model, &api, "dynamodb:GetItem", table, "", "").await;
    let answer = applies::answer(&model).unwrap().unwrap();
    assert_eq!(answer.verdict, Verdict::Depends);
    assert!(answer.unevaluated.iter().any(|u| u.contains("aws:ResourceOrgID")), "{:?}", answer.unevaluated);
}

#[tokio::test]
async fn a_wildcard_is_expanded_into_the_real_actions_and_completion_fills_names() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 160, 50, true).await;
    open_path(&mut model, &api, &["Sandbox", "sandbox-alice"]).await;
    press(&mut model, &api, "w").await;
    ask(&mut model, &api, "ec2:Purchase*", "", "eu-west-1").await;
    let answer = applies::answer(&model).unwrap().unwrap();
    let e = answer.expansion.expect("expanded");
    assert!(e.denied.contains(&"ec2:PurchaseReservedInstancesOffering".to_owned()), "{e:?}");
    assert!(e.allowed.iter().any(|a| a.starts_with("ec2:Purchase")), "other purchases stay allowed: {e:?}");
    assert_eq!((e.actions, e.denied.len(), e.allowed.len()), (5, 1, 4), "as the README says: {e:?}");
    find(&screen(&model, 160, 50), "ec2:Purchase* — 5 actions: 1 denied, 4 allowed");
    // Completion with →, in the action field.
    press(&mut model, &api, "c").await;
    for _ in 0.."ec2:Purchase*".len() {
        hit(&mut model, &api, KeyCode::Backspace).await;
    }
    press(&mut model, &api, "cloudtrail:StopL").await;
    find(&screen(&model, 160, 50), "→ completes: cloudtrail:StopLogging");
    hit(&mut model, &api, KeyCode::Right).await;
    let Some(Dialog::Check(form)) = &model.dialog else { panic!("the form stays open") };
    assert_eq!(form.action, "cloudtrail:StopLogging");
}
