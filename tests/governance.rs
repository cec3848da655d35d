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
