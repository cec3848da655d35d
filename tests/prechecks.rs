//! What orgtui already knows is checked before the call (AWS stays the authority): a policy name
//! already taken, an invitation to a member, a second invitation accepted after joining, an invite
//! from a member's credentials. Each says why on the spot, and no call is made.

mod support;

use crossterm::event::{KeyCode, KeyEvent};
use orgtui::api::memory::MemoryOrg;
use orgtui::app::dialog::Dialog;
use orgtui::app::update::update;
use orgtui::app::{Effect, Model, Msg};
use orgtui::org::AccountId;

use support::view::{assert_toast, hit, key, model_for, press};

fn enter(model: &mut Model) -> Vec<Effect> {
    update(model, Msg::Key(KeyEvent::from(KeyCode::Enter)))
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        update(model, key(c));
    }
}

fn form_error(model: &Model) -> Option<String> {
    match &model.dialog {
        Some(Dialog::PolicyForm(f)) => f.error.clone(),
        Some(Dialog::Invite(f)) => f.error.clone(),
        other => panic!("no form open: {other:?}"),
    }
}

#[tokio::test]
async fn a_new_policy_whose_name_is_taken_is_stopped_on_the_form_before_the_editor() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "N").await;
    let Some(Dialog::NewPolicyType { types, .. }) = &model.dialog else { panic!("{:?}", model.dialog) };
    assert_eq!(types[0].short(), "SCP");
    hit(&mut model, &api, KeyCode::Enter).await;
    type_text(&mut model, "DenyLeaveOrganization");
    let effects = enter(&mut model);
    assert!(!effects.iter().any(|e| matches!(e, Effect::OpenEditor { .. })), "the editor does not open: {effects:?}");
    let error = form_error(&model).unwrap();
    assert_eq!(error, "An SCP named DenyLeaveOrganization already exists (p-dnyleave01): AWS requires another name.");
    // The name can be changed right there (Ctrl-w deletes the word), and then the editor opens.
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('w'), crossterm::event::KeyModifiers::CONTROL)));
    type_text(&mut model, "DenyLeaveOrganization2");
    let effects = enter(&mut model);
    assert!(effects.iter().any(|e| matches!(e, Effect::OpenEditor { .. })), "{effects:?}");
}

#[tokio::test]
async fn inviting_an_account_already_in_the_tree_is_stopped_on_the_form() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    // The Security OU's accounts are listed once it is opened.
    press(&mut model, &api, "jjl").await;
    for target in ["100000205894", "aws+billing-tools@example-corp.com"] {
        press(&mut model, &api, "I").await;
        type_text(&mut model, target);
        let effects = enter(&mut model);
        assert!(effects.is_empty(), "{effects:?}");
        let error = form_error(&model).unwrap_or_default();
        assert!(error.contains("is already a member of this organization"), "{target}: {error}");
        hit(&mut model, &api, KeyCode::Esc).await;
    }
}

#[tokio::test]
async fn after_joining_an_organization_a_second_invitation_cannot_be_accepted_but_can_be_declined() {
    let api = MemoryOrg::demo().unwrap().with_caller(AccountId::parse("444455556666").unwrap());
    let mut model = model_for(&api, 120, 40, false).await;
    assert!(model.org.is_none());
    assert_eq!(model.focus, orgtui::app::Pane::Inbox, "outside any organization it opens on the inbox");
    let first = model.inbox.visible().iter().position(|i| i.handshake.id.as_str() == "h-d3moinv00001").unwrap();
    model.inbox.cursor = first;
    press(&mut model, &api, "ay").await;
    assert!(model.org.is_some(), "joined");
    let other = model.inbox.visible().iter().position(|i| i.handshake.id.as_str() == "h-p4rtnerinv07").unwrap();
    model.inbox.cursor = other;
    let effects = update(&mut model, key('a'));
    assert!(model.dialog.is_none() && effects.iter().all(|e| matches!(e, Effect::After { .. })));
    assert_toast(&model, "already belongs to o-d3mo1example: it must leave it before joining another");
    press(&mut model, &api, "d").await;
    assert!(matches!(model.dialog, Some(Dialog::Confirm { .. })), "declining stays possible");
}

#[tokio::test]
async fn a_member_account_is_not_offered_invite_and_says_why() {
    let api = MemoryOrg::demo().unwrap().with_caller(AccountId::parse("100000205894").unwrap());
    let mut model = model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "I").await;
    assert!(model.dialog.is_none());
    assert_toast(&model, "Only the management account invites accounts");
    press(&mut model, &api, "o").await;
    let effects = enter(&mut model);
    assert!(effects.iter().all(|e| matches!(e, Effect::After { .. })), "{effects:?}");
    assert!(matches!(model.dialog, Some(Dialog::Menu { .. })), "the menu stays open");
    assert_toast(&model, "Only the management account invites accounts");
}
