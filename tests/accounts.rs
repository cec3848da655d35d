//! Accounts' life cycle on the demo: a new account requested in an OU (created in the root, then
//! moved there), the checks before the call, removing and closing an account once its id is typed,
//! and a request that fails said in words.

mod support;

use crossterm::event::KeyCode;
use orgtui::api::OrgApi;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::Msg;
use orgtui::app::accounts::Following;
use orgtui::app::dialog::Dialog;
use orgtui::org::lifecycle::CreateStatus;
use orgtui::org::{AccountId, ParentId};

use support::drive;
use support::view::{assert_toast, find, hit, model_for, open_path, press, screen};

fn form_error(model: &orgtui::app::Model) -> String {
    match &model.dialog {
        Some(Dialog::AccountForm(f)) => f.error.clone().unwrap_or_default(),
        Some(Dialog::TypeId { error, .. }) => error.clone().unwrap_or_default(),
        other => panic!("no form: {other:?}"),
    }
}

#[tokio::test]
async fn a_new_account_is_created_in_the_root_and_moved_into_the_ou_after_a_confirmation() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    open_path(&mut model, &api, &["Workloads", "Dev"]).await;
    press(&mut model, &api, "C").await;
    find(&screen(&model, 120, 40), "New account in Root › Workloads › Dev");
    press(&mut model, &api, "payments-staging").await;
    hit(&mut model, &api, KeyCode::Tab).await;
    // An email the organization has already is refused before the call.
    press(&mut model, &api, "aws+web-dev@example-corp.com").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(form_error(&model).contains("web-dev (100002161887) has this email already"), "{}", form_error(&model));
    drive::send(&mut model, &api, support::view::ctrl('u')).await;
    press(&mut model, &api, "payments-staging@example-corp").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(form_error(&model).contains("is not an email address"), "{}", form_error(&model));
    press(&mut model, &api, ".com").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Create the account payments-staging?");
    find(&lines, "OrganizationAccountAccessRole; its IAM users may not see billing (DENY).");
    find(&lines, "moves it into");
    press(&mut model, &api, "y").await;
    assert_toast(&model, "Moved payments-staging to Root › Workloads › Dev");
    let dev = ParentId::parse("ou-d3mo-wkldev01").unwrap();
    let under = api.list_accounts_for_parent(&dev).await.unwrap();
    assert!(under.iter().any(|a| a.name == "payments-staging" && a.email == "payments-staging@example-corp.com"));
    let requests = api.list_create_statuses().await.unwrap();
    assert_eq!(requests[0].state, "SUCCEEDED");
    // A request made elsewhere with an email AWS knows: the menu's list says why it failed.
    let again = orgtui::org::lifecycle::NewAccount {
        name: "twin".into(),
        email: "payments-staging@example-corp.com".into(),
        role_name: orgtui::org::lifecycle::DEFAULT_ROLE.into(),
        billing_access: false,
        tags: Vec::new(),
    };
    api.create_account(&again).await.unwrap();
    press(&mut model, &api, "o").await;
    let entries = orgtui::app::dialog::menu_items(false, 0);
    let at = entries.iter().position(|i| *i == orgtui::app::dialog::MenuItem::AccountRequests).unwrap();
    for _ in 0..at {
        press(&mut model, &api, "j").await;
    }
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Recent account requests");
    find(&lines, "• twin");
    find(&lines, "FAILED: another AWS account already uses");
    find(&lines, "• payments-staging");
    find(&lines, "SUCCEEDED → ");
}

#[tokio::test]
async fn removing_and_closing_ask_for_the_account_s_id_and_the_tree_shows_the_result() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    open_path(&mut model, &api, &["Sandbox", "sandbox-alice"]).await;
    press(&mut model, &api, "X").await;
    find(&screen(&model, 120, 40), "Remove it from the organization...");
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Remove sandbox-alice from the organization?");
    find(&lines, "standalone account");
    press(&mut model, &api, "sandbox-alice").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(form_error(&model).contains("Type the account's id, 100002779569"), "{}", form_error(&model));
    drive::send(&mut model, &api, support::view::ctrl('u')).await;
    press(&mut model, &api, "100002779569").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_toast(&model, "sandbox-alice left the organization");
    assert!(api.describe_account(&AccountId::parse("100002779569").unwrap()).await.is_err());

    open_path(&mut model, &api, &["Sandbox", "sandbox-bob"]).await;
    press(&mut model, &api, "Xj").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Close sandbox-bob?");
    find(&lines, "after 90 days");
    find(&lines, "about 10 here");
    press(&mut model, &api, "100002882516").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_toast(&model, "sandbox-bob is closing (PENDING_CLOSURE)");
    let bob = api.describe_account(&AccountId::parse("100002882516").unwrap()).await.unwrap();
    assert_eq!(bob.state, "PENDING_CLOSURE");
    // The tree listed Sandbox again: the row says so, and X says why it has nothing more to do.
    open_path(&mut model, &api, &["Sandbox", "sandbox-bob"]).await;
    find(&screen(&model, 120, 40), "PENDING_CLOSURE");
    press(&mut model, &api, "X").await;
    assert_toast(&model, "sandbox-bob is PENDING_CLOSURE: only an ACTIVE account can be removed or closed");
}

#[tokio::test]
async fn the_management_account_is_refused_and_read_only_offers_none_of_it() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    support::view::select(&mut model, &api, "management").await;
    press(&mut model, &api, "X").await;
    assert!(model.dialog.is_none());
    assert_toast(&model, "The management account can neither leave its organization nor be closed from here");
    let mut model = model_for(&api, 120, 40, true).await;
    support::view::select(&mut model, &api, "Sandbox").await;
    press(&mut model, &api, "C").await;
    assert!(model.dialog.is_none());
    assert_toast(&model, "Read-only: nothing is changed.");
}

#[tokio::test]
async fn a_request_that_fails_later_is_said_in_words() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    let status = CreateStatus {
        id: "car-1".into(),
        name: "payments-staging".into(),
        state: "FAILED".into(),
        requested: None,
        completed: None,
        account_id: None,
        failure: Some("ACCOUNT_LIMIT_EXCEEDED".into()),
    };
    let following = Following {
        status: CreateStatus { state: "IN_PROGRESS".into(), ..status.clone() },
        parent: ParentId::parse("r-d3mo").unwrap(),
    };
    drive::send(&mut model, &api, Msg::CreateProgress { following, result: Ok(status) }).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "payments-staging was not created");
    find(&lines, "(ACCOUNT_LIMIT_EXCEEDED)");
}

#[tokio::test]
async fn the_forms_fit_a_bastion_terminal() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 80, 24, false).await;
    support::view::select(&mut model, &api, "Sandbox").await;
    press(&mut model, &api, "C").await;
    let lines = screen(&model, 80, 24);
    find(&lines, "New account in Root › Sandbox");
    find(&lines, "Tags (key=value, separated by commas)");
    find(&lines, "Enter review");
    hit(&mut model, &api, KeyCode::Esc).await;
    press(&mut model, &api, "O").await;
    let lines = screen(&model, 80, 24);
    find(&lines, "New OU in Root › Sandbox");
    find(&lines, "no aws: keys");
    find(&lines, "Enter review");
}
