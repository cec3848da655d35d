//! Moving accounts on the demo: marks that survive moving about, the destination picker, a
//! confirmation that says what each account stops and starts inheriting, one MoveAccount each, the
//! tree as the server holds it afterwards, and a partial failure that lists what moved and what not.

mod support;

use crossterm::event::KeyCode;
use orgtui::api::OrgApi;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::dialog::Dialog;
use orgtui::org::{AccountId, ParentId};

use support::view::{assert_toast, find, hit, model_for, open_path, press, screen, select};

async fn under(api: &MemoryOrg, parent: &str) -> Vec<String> {
    let parent = ParentId::parse(parent).unwrap();
    let mut names: Vec<String> =
        api.list_accounts_for_parent(&parent).await.unwrap().into_iter().map(|a| a.name).collect();
    names.sort();
    names
}

/// The demo with ledger-prod and `other` (both in Workloads › Prod › Payments) marked.
async fn two_marked(api: &MemoryOrg, other: &str) -> orgtui::app::Model {
    let mut model = model_for(api, 140, 45, false).await;
    open_path(&mut model, api, &["Workloads", "Prod", "Payments", "ledger-prod"]).await;
    press(&mut model, api, "m").await;
    select(&mut model, api, other).await;
    press(&mut model, api, "m").await;
    model
}

#[tokio::test]
async fn marked_accounts_move_together_after_a_confirmation_that_says_what_changes() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = two_marked(&api, "payments-fraud-prod").await;
    // Marks survive moving about; the status bar counts them and the rows show them.
    press(&mut model, &api, "gG").await;
    let lines = screen(&model, 140, 45);
    find(&lines, "✓ 2 marked");
    find(&lines, "✓ ledger-prod");
    press(&mut model, &api, "M").await;
    let Some(Dialog::MovePicker(picker)) = &model.dialog else { panic!("{:?}", model.dialog) };
    assert_eq!(picker.accounts.len(), 2);
    press(&mut model, &api, "sandbox").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 140, 45);
    find(&lines, "Move 2 accounts to Root › Sandbox?");
    let Some(Dialog::ConfirmMove { body, moves, .. }) = &model.dialog else { panic!("{:?}", model.dialog) };
    assert_eq!(moves.len(), 2);
    let ledger = body.iter().find(|p| p.text.starts_with("ledger-prod")).unwrap();
    assert!(
        ledger
            .text
            .starts_with("ledger-prod (100001544205) moves from Root › Workloads › Prod › Payments to Root › Sandbox."),
        "{}",
        ledger.text
    );
    assert!(
        ledger.text.contains("stops inheriting: Workloads (SCP FullAWSAccess, SCP RegionRestriction"),
        "{}",
        ledger.text
    );
    assert!(ledger.text.contains("Prod (SCP FullAWSAccess, SCP DataPerimeterResources"), "{}", ledger.text);
    // Sandbox's policies were asked for when the confirmation opened; the text follows them.
    assert!(ledger.text.contains("it starts inheriting: Sandbox (SCP "), "{}", ledger.text);
    assert!(!ledger.text.contains("not loaded"), "{}", ledger.text);
    // The what-if, worked out before the confirmation can be answered: what starts and stops applying.
    let text = lines.join("\n");
    assert!(text.contains("Reaches 2 accounts:"), "{text}");
    let whatif = model.whatif.as_ref().expect("the move has a what-if");
    let orgtui::app::whatif::State::Ready(preview) = &whatif.state else { panic!("{:?}", whatif.state) };
    let stops = preview.denies.iter().find(|d| d.statement.starts_with("SCP DataPerimeterResources")).unwrap();
    assert_eq!((stops.starts, stops.stops), (0, 2), "Prod's perimeter stops applying to both");
    let starts = preview.denies.iter().find(|d| d.statement.starts_with("SCP SandboxGuardrails")).unwrap();
    assert_eq!((starts.starts, starts.stops), (2, 0), "Sandbox's guardrails start applying to both");
    // Enter answers nothing; y moves.
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(matches!(model.dialog, Some(Dialog::ConfirmMove { .. })));
    press(&mut model, &api, "y").await;
    assert_toast(&model, "Moved 2 accounts to Root › Sandbox: changed in the demo (kept until you quit).");
    assert!(model.marked.is_empty(), "the moved accounts are unmarked");
    let sandbox = under(&api, "ou-d3mo-sbx00001").await;
    assert!(sandbox.contains(&"ledger-prod".to_owned()) && sandbox.contains(&"payments-fraud-prod".to_owned()));
    assert_eq!(under(&api, "ou-d3mo-pay00001").await, ["payments-prod"], "the tree's source as the server holds it");
    // The tree reloaded Payments: the moved accounts are gone from it.
    let lines = screen(&model, 140, 45);
    assert!(!lines.iter().any(|l| l.contains("ledger-prod  100001544205")), "{}", lines.join("\n"));
}

#[tokio::test]
async fn a_partial_failure_lists_what_moved_and_what_did_not() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = two_marked(&api, "payments-prod").await;
    // Someone moves ledger-prod meanwhile: its source is no longer Payments.
    let ledger = AccountId::parse("100001544205").unwrap();
    let payments = ParentId::parse("ou-d3mo-pay00001").unwrap();
    api.move_account(&ledger, &payments, &ParentId::parse("r-d3mo").unwrap()).await.unwrap();
    press(&mut model, &api, "M").await;
    press(&mut model, &api, "sandbox").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    press(&mut model, &api, "y").await;
    let lines = screen(&model, 140, 45);
    find(&lines, "1 of 2 accounts moved");
    find(&lines, "• payments-prod (");
    find(&lines, "Not moved (still marked):");
    find(&lines, "• ledger-prod (100001544205): source parent not found");
    assert_eq!(model.marked.len(), 1, "what did not move stays marked");
}

#[tokio::test]
async fn read_only_has_no_marks_and_no_move_and_esc_clears_the_marks() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 140, 45, true).await;
    open_path(&mut model, &api, &["Workloads", "Prod", "Payments", "ledger-prod"]).await;
    // Marks exist to be moved: in read-only mode neither is offered, and each says why.
    press(&mut model, &api, "m").await;
    assert!(model.marked.is_empty());
    assert_toast(&model, "Read-only: nothing is changed.");
    press(&mut model, &api, "M").await;
    assert!(model.dialog.is_none());
    assert_toast(&model, "Read-only: nothing is changed.");
    // Where changes are allowed, Esc clears the marks.
    let mut model = model_for(&api, 140, 45, false).await;
    open_path(&mut model, &api, &["Workloads", "Prod", "Payments", "ledger-prod"]).await;
    press(&mut model, &api, "m").await;
    hit(&mut model, &api, KeyCode::Esc).await;
    assert!(model.marked.is_empty());
    assert_toast(&model, "1 mark cleared.");
}

#[tokio::test]
async fn moves_go_one_at_a_time_and_say_how_far_they_have_got() {
    use orgtui::app::moving::Move;
    use orgtui::app::{Effect, Msg};
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    let step = |name: &str| Move {
        account: AccountId::parse("100001544205").unwrap(),
        name: name.to_owned(),
        source: ParentId::parse("ou-d3mo-pay00001").unwrap(),
        destination: ParentId::parse("ou-d3mo-sbx00001").unwrap(),
    };
    let refused = Err(orgtui::api::ApiError::not_found("source parent"));
    let msg = Msg::Moved { results: vec![(step("a"), Ok(())), (step("b"), refused)], rest: vec![step("c")] };
    let effects = orgtui::app::update::update(&mut model, msg);
    assert_toast(&model, "Moving accounts: 2 of 3 sent, 1 refused so far");
    let next = effects.iter().find_map(|e| match e {
        Effect::MoveAccounts { moves, done } => Some((moves.len(), done.len())),
        _ => None,
    });
    assert_eq!(next, Some((1, 2)), "the next move is sent with what was done so far: {effects:?}");
}

#[tokio::test]
async fn the_move_waits_for_its_what_if_and_a_lock_out_needs_a_typed_yes() {
    use orgtui::app::update::update;
    use support::view::key;
    let api = MemoryOrg::demo().unwrap();
    let mut model = two_marked(&api, "payments-prod").await;
    press(&mut model, &api, "M").await;
    press(&mut model, &api, "suspended").await;
    // Enter on the destination, its effects held back: the what-if has not answered yet.
    let effects = update(&mut model, support::view::code(KeyCode::Enter));
    assert!(effects.iter().any(|e| matches!(e, orgtui::app::Effect::WhatIf { .. })), "{effects:?}");
    let held = update(&mut model, key('y'));
    assert!(!held.iter().any(|e| matches!(e, orgtui::app::Effect::MoveAccounts { .. })), "nothing is sent: {held:?}");
    assert!(model.toast.as_ref().unwrap().text.contains("working out what this changes"));
    assert!(matches!(model.dialog, Some(Dialog::ConfirmMove { .. })));
    support::drive::settle(&mut model, &api, effects).await;
    let lines = screen(&model, 140, 45);
    find(&lines, "SCP DenyAllSuspended");
    // Suspended denies everything but allows it too: not a lock-out, so y goes ahead.
    press(&mut model, &api, "y").await;
    assert_toast(&model, "Moved 2 accounts to Root › Suspended: changed in the demo (kept until you quit).");
}

#[tokio::test]
async fn a_move_where_nothing_is_allowed_is_held_until_yes_is_typed() {
    let api = MemoryOrg::demo().unwrap();
    // Sandbox loses FullAWSAccess: its SCPs allow nothing.
    let full = orgtui::org::PolicyId::parse("p-FullAWSAccess").unwrap();
    let sandbox = orgtui::org::TargetId::parse("ou-d3mo-sbx00001").unwrap();
    api.detach_policy(&full, &sandbox).await.unwrap();
    let mut model = two_marked(&api, "payments-prod").await;
    press(&mut model, &api, "M").await;
    press(&mut model, &api, "sandbox").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 140, 45);
    find(&lines, "Every action will be denied for every member account it reaches (2)");
    press(&mut model, &api, "y").await;
    assert!(matches!(model.dialog, Some(Dialog::ConfirmMove { .. })), "y alone does not move");
    press(&mut model, &api, "es").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_toast(&model, "Moved 2 accounts to Root › Sandbox: changed in the demo (kept until you quit).");
    assert!(under(&api, "ou-d3mo-sbx00001").await.contains(&"ledger-prod".to_owned()));
}
