//! The governance view on the demo: delegated administrators with their services, trusted access and
//! the resource policy from the organization menu, an account's role in its details, and a format 1
//! snapshot saying it holds none of it.

mod support;

use crossterm::event::KeyCode;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::dialog::Dialog;

use support::view::{find, hit, model_for, open_path, press, screen};

/// `o`, down to Governance, Enter.
async fn open_governance(model: &mut orgtui::app::Model, api: &MemoryOrg) {
    press(model, api, "o").await;
    let entries = orgtui::app::dialog::menu_items(model.read_only, 0);
    let at = entries.iter().position(|i| *i == orgtui::app::dialog::MenuItem::Governance).unwrap();
    for _ in 0..at {
        press(model, api, "j").await;
    }
    hit(model, api, KeyCode::Enter).await;
    assert!(matches!(model.dialog, Some(Dialog::Governance { .. })), "{:?}", model.dialog);
}

async fn governance_view(read_only: bool, size: (u16, u16)) -> (MemoryOrg, orgtui::app::Model) {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, size.0, size.1, read_only).await;
    open_governance(&mut model, &api).await;
    (api, model)
}

#[tokio::test]
async fn the_menu_shows_delegated_administrators_trusted_services_and_the_resource_policy() {
    let (api, mut model) = governance_view(false, (120, 40)).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Delegated administrators (2)");
    find(&lines, "security-tooling  100000514735  since 2023-03-14");
    find(&lines, "guardduty  since 2023-03-14");
    find(&lines, "Trusted access (8 services)");
    find(&lines, "sso.amazonaws.com  since 2022-11-08");
    // The policy is below the fold: j scrolls to it.
    for _ in 0..20 {
        press(&mut model, &api, "j").await;
    }
    let lines = screen(&model, 120, 40);
    find(&lines, "Resource policy");
    find(&lines, "SecurityToolingReadsTheOrganization");
    hit(&mut model, &api, KeyCode::Esc).await;
    assert!(model.dialog.is_none());
}

#[tokio::test]
async fn on_a_small_terminal_and_read_only_it_is_there_and_scrolls() {
    let (api, mut model) = governance_view(true, (80, 24)).await;
    let lines = screen(&model, 80, 24);
    find(&lines, "Governance");
    find(&lines, "Delegated administrators (2)");
    find(&lines, "more");
    for _ in 0..40 {
        press(&mut model, &api, "j").await;
    }
    find(&screen(&model, 80, 24), "organizations:List*");
    let hints = orgtui::app::keys::hints(&model);
    assert!(hints.contains(&("r", "reload")) && hints.contains(&("j/k", "scroll")), "{hints:?}");
}

#[tokio::test]
async fn an_account_s_details_say_what_it_administers() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    open_path(&mut model, &api, &["Security", "security-tooling"]).await;
    find(&screen(&model, 120, 40), "Role       delegated administrator for guardduty, securityhub");
    open_path(&mut model, &api, &["Security", "audit"]).await;
    assert!(!screen(&model, 120, 40).iter().any(|l| l.contains("Role ")), "audit administers nothing");
}

#[tokio::test]
async fn a_format_1_snapshot_says_it_holds_no_governance_records() {
    let mut old = MemoryOrg::demo_snapshot().unwrap();
    old.format = 1;
    old.delegated_administrators.clear();
    old.trusted_services.clear();
    old.resource_policy = None;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.json");
    std::fs::write(&path, old.to_json().unwrap()).unwrap();
    let api = MemoryOrg::new(orgtui::snapshot::Snapshot::read(&path).unwrap());
    let mut model = model_for(&api, 120, 40, true).await;
    open_governance(&mut model, &api).await;
    find(&screen(&model, 120, 40), "not in this snapshot: its format (1) predates");
}

#[tokio::test]
async fn the_menu_counts_the_accounts_where_a_management_policy_is_not_enforced() {
    let (api, mut model) = governance_view(false, (80, 24)).await;
    hit(&mut model, &api, KeyCode::Esc).await;
    press(&mut model, &api, "o").await;
    find(&screen(&model, 80, 24), "Governance: delegated admins, trusted access, ...  ⚠ 2 not enforced");
    hit(&mut model, &api, KeyCode::Esc).await;
    open_governance(&mut model, &api).await;
    for _ in 0..14 {
        press(&mut model, &api, "j").await;
    }
    let lines = screen(&model, 80, 24);
    find(&lines, "Management policies not enforced (2 accounts)");
    find(&lines, "Backup policy  ledger-prod  100001544205");
    find(&lines, "Tag policy  web-staging  100001853046");
}

#[tokio::test]
async fn w_on_an_account_whose_policy_is_not_enforced_says_why() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 200, 50, true).await;
    open_path(&mut model, &api, &["Workloads", "Staging", "web-staging"]).await;
    press(&mut model, &api, "w").await;
    // The tag tab: AI opt-out, Backup, Tag.
    press(&mut model, &api, "ll").await;
    let lines = screen(&model, 200, 50);
    let text = lines.join("\n");
    find(&lines, "AWS does not enforce this account's effective Tag policy:");
    assert!(text.contains("ELEMENTS_TOO_MANY at tags/costcenter/tag_value"), "{text}");
    assert!(text.contains("(from CostCenterTags, EnvironmentTag)"), "contributing ids named from the path: {text}");
    // Its backup policy is enforced: no warning there.
    press(&mut model, &api, "h").await;
    assert!(!screen(&model, 200, 50).join("\n").contains("does not enforce"));
    // An account whose policies are all enforced asks nothing more.
    let asked = model.governance.errors.len();
    assert_eq!(asked, 1, "only web-staging's tag policy was asked about");
}

#[tokio::test]
async fn the_invalid_effective_policy_calls_answer_as_aws_does() {
    use orgtui::api::{ApiError, OrgApi};
    use orgtui::org::{AccountId, PolicyType};
    let api = MemoryOrg::demo().unwrap();
    let backup = PolicyType::new("BACKUP_POLICY");
    let listed = api.list_accounts_with_invalid_effective_policy(&backup).await.unwrap();
    assert_eq!(listed.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["ledger-prod"]);
    let ledger = AccountId::parse("100001544205").unwrap();
    let errors = api.list_effective_policy_validation_errors(&ledger, &backup).await.unwrap();
    assert_eq!(
        (errors[0].code.as_str(), errors[0].contributing.as_slice()),
        ("ELEMENTS_TOO_MANY", &["p-bkpdaily1".to_owned()][..])
    );
    let web = AccountId::parse("100001029470").unwrap();
    assert!(
        api.list_effective_policy_validation_errors(&web, &backup).await.unwrap().is_empty(),
        "enforced: no errors"
    );
    let scp = PolicyType::new(PolicyType::SCP);
    let e = api.list_accounts_with_invalid_effective_policy(&scp).await.unwrap_err();
    assert!(matches!(e, ApiError::InvalidInput { .. }), "{e:?}");
    let gone = AccountId::parse("999999999999").unwrap();
    assert!(matches!(
        api.list_effective_policy_validation_errors(&gone, &backup).await,
        Err(ApiError::NotFound { .. })
    ));
    // Reads: the read-only wrapper lets them through.
    let ro = orgtui::api::readonly::ReadOnly::wrap(std::sync::Arc::new(MemoryOrg::demo().unwrap()));
    assert_eq!(ro.list_accounts_with_invalid_effective_policy(&backup).await.unwrap().len(), 1);
}
