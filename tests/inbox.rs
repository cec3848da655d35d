//! The handshake inbox as a user meets it: the demo organization through the memory backend, drawn
//! with ratatui's TestBackend, answered key by key.

mod support;

use crossterm::event::KeyCode;
use orgtui::api::memory::MemoryOrg;
use orgtui::api::readonly::ReadOnly;
use orgtui::api::{ApiError, OrgApi};
use orgtui::app::Model;
use orgtui::app::dialog::Dialog;
use orgtui::app::inbox::all_features_change;
use orgtui::org::{AccountId, ParentId, RootId};
use support::drive;
use support::view::{assert_toast, find, hit, model_for, press, screen};

const INVITED: &str = "444455556666";
const OURS: &str = "h-d3moinv00001";
const PARTNERS: &str = "h-p4rtnerinv07";

fn account(id: &str) -> AccountId {
    AccountId::parse(id).unwrap()
}

/// Moves the inbox cursor to a handshake.
async fn select(model: &mut Model, api: &dyn OrgApi, id: &str) {
    press(model, api, "g").await;
    for _ in 0..model.inbox.visible().len() {
        if model.inbox.selected().is_some_and(|i| i.handshake.id.as_str() == id) {
            return;
        }
        press(model, api, "j").await;
    }
    panic!("{id} not in the inbox");
}

fn state_of(model: &Model, id: &str) -> String {
    model.inbox.items.iter().find(|i| i.handshake.id.as_str() == id).unwrap().handshake.state.clone()
}

#[tokio::test]
async fn an_invited_account_accepts_one_invitation_and_declines_another() {
    let management = MemoryOrg::demo().unwrap();
    let api = management.as_caller(account(INVITED));
    let mut model = model_for(&api, 120, 40, false).await;
    // Outside any organization: the app opens on the inbox, calmly.
    let lines = screen(&model, 120, 40);
    find(&lines, "Inbox · received · 2 waiting of 2");
    assert!(lines[38].contains("✉ 2 waiting") && lines[38].contains("no organization"), "{}", lines[38]);
    assert!(model.toast.is_none(), "no error for what is normal: {:?}", model.toast);

    select(&mut model, &api, OURS).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Message   “Welcome to Example Corp's organization");
    find(&lines, "├─ MASTER_EMAIL aws-root@example-corp.com");
    press(&mut model, &api, "a").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Accept the invitation to join o-d3mo1example?");
    find(&lines, "Account 444455556666 joins organization o-d3mo1example, whose management");
    find(&lines, "account is 111122223333 (aws-root@example-corp.com).");
    find(&lines, "apply policies to yours");
    assert!(lines[39].contains("y yes") && lines[39].contains("n/Esc no"), "{}", lines[39]);
    press(&mut model, &api, "y").await;
    assert_eq!(state_of(&model, OURS), "ACCEPTED");
    let lines = screen(&model, 120, 40);
    let row = find(&lines, "← o-d3mo1example");
    assert!(lines[row].contains("ACCEPTED"), "{}", lines[row]);
    assert!(model.inbox.selected().is_some_and(|i| i.handshake.id.as_str() == OURS), "the cursor stayed on it");
    assert!(lines[38].contains("o-d3mo1example"), "a member now: {}", lines[38]);
    assert!(
        lines[39].contains("✓ Accepted the invitation to join o-d3mo1example; it is ACCEPTED: changed in the demo"),
        "{}",
        lines[39]
    );

    select(&mut model, &api, PARTNERS).await;
    press(&mut model, &api, "d").await;
    find(&screen(&model, 120, 40), "Decline the invitation to join o-p4rtner0rg1?");
    press(&mut model, &api, "y").await;
    assert_eq!(state_of(&model, PARTNERS), "DECLINED");
    assert!(screen(&model, 120, 40)[38].contains("o-d3mo1example"));
    assert_eq!(model.inbox.waiting(), 0);

    // The organization's side: the account is now under the root.
    let root = ParentId::Root(RootId::parse("r-d3mo").unwrap());
    let accounts = management.list_accounts_for_parent(&root).await.unwrap();
    assert!(accounts.iter().any(|a| a.id.as_str() == INVITED));
    // And as a member now, the tree pane explains why it shows nothing.
    press(&mut model, &api, "i").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "These credentials may not list the organization");
    find(&lines, "Mgmt email");
}

#[tokio::test]
async fn no_is_the_safe_answer_and_changes_nothing() {
    let api = MemoryOrg::demo().unwrap().with_caller(account(INVITED));
    let mut model = model_for(&api, 120, 40, false).await;
    select(&mut model, &api, OURS).await;
    press(&mut model, &api, "a").await;
    assert!(model.dialog.is_some());
    press(&mut model, &api, "n").await;
    assert!(model.dialog.is_none());
    press(&mut model, &api, "d").await;
    hit(&mut model, &api, KeyCode::Esc).await;
    assert_eq!(state_of(&model, OURS), "OPEN");
    let fresh = api.list_handshakes_for_account().await.unwrap();
    assert!(fresh.iter().all(|h| h.state == "OPEN"), "the server was not asked");
}

#[tokio::test]
async fn the_management_account_sees_what_it_sent_and_cancels_an_invitation() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "i").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Inbox · received and sent · 2 waiting of 6");
    let first_final = find(&lines, "DECLINED");
    assert!(find(&lines, "→ email vendor@partner-example.net") < first_final, "waiting ones come first");
    find(&lines, "expired ");
    select(&mut model, &api, "h-d3moinv00002").await;
    press(&mut model, &api, "a").await;
    assert!(model.dialog.is_none());
    assert_toast(&model, "c cancels it");
    press(&mut model, &api, "c").await;
    find(&screen(&model, 120, 40), "Cancel the invitation to vendor@partner-example.net?");
    press(&mut model, &api, "y").await;
    assert_eq!(state_of(&model, "h-d3moinv00002"), "CANCELED");
    assert_eq!(model.inbox.waiting(), 1);
    // The filter keeps only what waits.
    press(&mut model, &api, "f").await;
    assert_eq!(model.inbox.visible().len(), 1);
    find(&screen(&model, 120, 40), "showing waiting only");
}

#[tokio::test]
async fn a_refused_invitation_gives_the_typed_text_back_with_the_reason() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "I12345").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    find(&screen(&model, 120, 40), "an account id has 12 digits; 12345 has 5");
    for _ in 0..5 {
        hit(&mut model, &api, KeyCode::Backspace).await;
    }
    // An invitation to 444455556666 is already open: AWS refuses a second one.
    press(&mut model, &api, INVITED).await;
    hit(&mut model, &api, KeyCode::Tab).await;
    press(&mut model, &api, "welcome aboard").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    find(&screen(&model, 120, 40), "Invite account 444455556666 to o-d3mo1example?");
    press(&mut model, &api, "n").await;
    assert!(matches!(&model.dialog, Some(Dialog::Invite(f)) if f.notes == "welcome aboard"), "no goes back");
    hit(&mut model, &api, KeyCode::Enter).await;
    press(&mut model, &api, "y").await;
    let Some(Dialog::Invite(form)) = &model.dialog else { panic!("{:?}", model.dialog) };
    assert_eq!((form.target.as_str(), form.notes.as_str()), (INVITED, "welcome aboard"));
    let lines = screen(&model, 120, 40);
    find(&lines, "already exists");
    find(&lines, "welcome aboard");
}

#[tokio::test]
async fn an_answer_overtaken_by_events_is_explained_and_the_list_shows_the_truth() {
    let management = MemoryOrg::demo().unwrap();
    let api = management.as_caller(account(INVITED));
    let mut model = model_for(&api, 120, 40, false).await;
    select(&mut model, &api, OURS).await;
    press(&mut model, &api, "a").await;
    // Meanwhile the organization withdraws the invitation.
    management.cancel_handshake(&orgtui::org::HandshakeId::parse(OURS).unwrap()).await.unwrap();
    press(&mut model, &api, "y").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "AcceptHandshake did not go through");
    find(&lines, "It was answered, canceled or expired meanwhile");
    assert_eq!(state_of(&model, OURS), "CANCELED");
    press(&mut model, &api, "q").await;
    assert!(model.dialog.is_none() && !model.quit, "q closes the message first");
}

#[tokio::test]
async fn read_only_mode_has_no_answering_keys_and_the_api_refuses_anyway() {
    let inner = std::sync::Arc::new(MemoryOrg::demo().unwrap().with_caller(account(INVITED)));
    let api = ReadOnly::wrap(inner);
    let mut model = model_for(api.as_ref(), 120, 40, true).await;
    let lines = screen(&model, 120, 40);
    assert!(!lines[39].contains("accept") && !lines[39].contains("decline"), "{}", lines[39]);
    find(&lines, "Read-only mode: answering is off.");
    press(&mut model, api.as_ref(), "adcI").await;
    assert!(model.dialog.is_none());
    let id = orgtui::org::HandshakeId::parse(OURS).unwrap();
    assert!(matches!(api.accept_handshake(&id).await, Err(ApiError::ReadOnly { .. })));
    press(&mut model, api.as_ref(), "o").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "entries that change the organization are off");
    assert!(!lines.join("\n").contains("Invite an account"));
}

#[tokio::test]
async fn enabling_all_features_asks_every_invited_member_and_shows_progress() {
    let mut snapshot = MemoryOrg::demo_snapshot().unwrap();
    snapshot.organization.feature_set = "CONSOLIDATED_BILLING".into();
    let now = snapshot.taken_at;
    let management = MemoryOrg::new(snapshot).with_clock(std::sync::Arc::new(move || now));
    let mut model = model_for(&management, 120, 40, false).await;
    press(&mut model, &management, "oj").await;
    hit(&mut model, &management, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Enable all features in o-d3mo1example?");
    find(&lines, "APPROVE_ALL_FEATURES");
    find(&lines, "including its administrators and root user");
    press(&mut model, &management, "y").await;
    let change = all_features_change(&model.inbox).expect("a change under way");
    assert_eq!((change.accepted, change.asked), (0, 3));
    // One member agrees; after a refresh the menu says how far it has come.
    let invited = MemoryOrg::demo_snapshot()
        .unwrap()
        .accounts
        .into_iter()
        .find(|a| a.joined_method.as_deref() == Some("INVITED") && a.state == "ACTIVE");
    let member = management.as_caller(invited.unwrap().id);
    let mine = member.list_handshakes_for_account().await.unwrap();
    let request = mine.iter().find(|h| h.action == "ENABLE_ALL_FEATURES").expect("a member was asked");
    member.accept_handshake(&request.id).await.unwrap();
    press(&mut model, &management, "ir").await;
    press(&mut model, &management, "o").await;
    find(&screen(&model, 120, 40), "Enabling all features: 1 of 3 invited members accepted");
}

#[tokio::test]
async fn dialogs_fit_small_terminals_and_notes_cannot_inject_escapes() {
    let mut snapshot = MemoryOrg::demo_snapshot().unwrap();
    let notes = snapshot.handshakes[0].resources.iter_mut().find(|r| r.resource_type == "NOTES").unwrap();
    notes.value = "hi\u{1b}]0;pwned\u{7}\u{1b}[2J there".into();
    let api = MemoryOrg::new(snapshot).with_caller(account(INVITED));
    let mut model = model_for(&api, 60, 12, false).await;
    select(&mut model, &api, OURS).await;
    press(&mut model, &api, "a").await;
    for (w, h) in [(60, 12), (80, 24), (120, 40)] {
        drive::send(&mut model, &api, orgtui::app::Msg::Resize(w, h)).await;
        let all = screen(&model, w, h).join("\n");
        assert!(!all.contains('\u{1b}') && !all.contains("pwned"), "{all}");
        assert!(all.contains("Accept the invitation"), "{all}");
    }
}
