//! Keys inside a dialog: confirming or dismissing a change, typing an invitation, choosing from the
//! organization menu, closing a message.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::dialog::{Command, Dialog, InviteForm, MenuItem, menu_items};
use crate::app::{Effect, Model, Pane, wording};
use crate::keymap::Action;
use crate::org::InviteTarget;

use super::inbox;

/// `o` (the organization menu) and `I` (the invitation form).
pub(super) fn open(model: &mut Model, action: Action) -> Vec<Effect> {
    model.dialog = Some(match action {
        Action::Invite => Dialog::Invite(InviteForm::default()),
        _ => Dialog::Menu { cursor: 0 },
    });
    // The menu counts the accounts where a management policy is not enforced: read once, kept.
    if action == Action::Invite { Vec::new() } else { super::governance::ensure(model, false) }
}

/// An action in a dialog other than the search box and the where-used list (which are areas of
/// their own: `update/mod.rs` sends their keys there, and `q`/`Ctrl-c` to quitting, before this).
pub(super) fn on_action(model: &mut Model, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::whatif::on_action(model, action) {
        return effects;
    }
    if crate::app::text_field::TextField::takes(action) {
        return edit_field(model, action);
    }
    let Some(dialog) = model.dialog.take() else { return Vec::new() };
    let confirmation = matches!(
        dialog,
        Dialog::Confirm { .. }
            | Dialog::ConfirmMove { .. }
            | Dialog::ConfirmAttachment { .. }
            | Dialog::ConfirmDelete { .. }
            | Dialog::ConfirmType { .. }
            | Dialog::ConfirmStructure { .. }
            | Dialog::ConfirmAccount { .. }
    );
    // Scrolling a confirmation is not an answer to it.
    if confirmation && matches!(action, Action::Down | Action::Up | Action::PageDown | Action::PageUp) {
        model.dialog = Some(dialog);
        return Vec::new();
    }
    match (dialog, action) {
        (
            dialog @ (Dialog::AccountForm(_)
            | Dialog::ConfirmAccount { .. }
            | Dialog::AccountEnd { .. }
            | Dialog::TypeId { .. }),
            action,
        ) => super::accounts::on_action(model, dialog, action),
        (Dialog::Governance { scroll }, action) => super::governance::on_action(model, scroll, action),
        (dialog @ (Dialog::StructureForm(_) | Dialog::ConfirmStructure { .. }), action) => {
            super::structure::on_action(model, dialog, action)
        }
        (Dialog::MovePicker(picker), action) => super::moving::on_picker(model, picker, action),
        (Dialog::ConfirmMove { moves, .. }, Action::Confirm) => vec![Effect::MoveAccounts { moves, done: Vec::new() }],
        (Dialog::ConfirmMove { .. }, _) => Vec::new(),
        (dialog @ (Dialog::KeptChoice { .. } | Dialog::KeptList { .. }), action) => {
            super::kept::on_action(model, dialog, action)
        }
        (Dialog::Review { stage, title, body, diff, scroll }, Action::Down | Action::Up) => {
            let scroll = if action == Action::Down { scroll.saturating_add(1) } else { scroll.saturating_sub(1) };
            // The what-if's lines scroll above the diff.
            let extra = model.whatif.as_ref().map_or(0, |g| 3 * crate::app::whatif::paras(g).len());
            let scroll = scroll.min(u16::try_from(diff.len() + extra).unwrap_or(u16::MAX));
            model.dialog = Some(Dialog::Review { stage, title, body, diff, scroll });
            Vec::new()
        }
        (Dialog::Review { stage, .. }, action) => super::edit::on_review(model, stage, action),
        (Dialog::ConfirmAttachment { change, .. }, Action::Confirm) => vec![Effect::Change { change }],
        (Dialog::ConfirmAttachment { .. }, _) => Vec::new(),
        (Dialog::ConfirmDelete { id, name, .. }, Action::Confirm) => vec![Effect::Delete { id, name }],
        (Dialog::ConfirmDelete { .. }, _) => Vec::new(),
        (Dialog::ConfirmType { root, policy_type, enable, .. }, Action::Confirm) => {
            vec![Effect::SetPolicyType { root, policy_type, enable }]
        }
        (Dialog::ConfirmType { .. }, _) => Vec::new(),
        (Dialog::Types { root, types, cursor }, Action::Down | Action::Up) => {
            let cursor = super::list::step(cursor, types.len(), action);
            model.dialog = Some(Dialog::Types { root, types, cursor });
            Vec::new()
        }
        (Dialog::Types { root, types, cursor }, Action::Confirm) => match types.get(cursor).cloned() {
            Some(t) => super::policy_changes::choose_type(model, root, t),
            None => Vec::new(),
        },
        (Dialog::Types { .. }, _) => Vec::new(),
        (Dialog::NewPolicyType { types, cursor }, Action::Down | Action::Up) => {
            let cursor = super::list::step(cursor, types.len(), action);
            model.dialog = Some(Dialog::NewPolicyType { types, cursor });
            Vec::new()
        }
        (Dialog::NewPolicyType { types, cursor }, Action::Confirm) => match types.get(cursor).cloned() {
            Some(t) => super::edit::new_policy_named(model, t),
            None => Vec::new(),
        },
        (Dialog::NewPolicyType { .. }, _) => Vec::new(),
        (Dialog::Picker(picker), Action::Confirm) => super::policy_changes::choose(model, picker),
        (Dialog::Picker(_), Action::Dismiss) => Vec::new(),
        (Dialog::Picker(picker), Action::Delete) => {
            let chosen = picker.matches().get(picker.cursor).map(|p| p.policy.clone());
            match chosen {
                Some(p) => super::policy_changes::confirm_delete(model, p),
                None => {
                    model.dialog = Some(Dialog::Picker(picker));
                    Vec::new()
                }
            }
        }
        (Dialog::Picker(mut picker), Action::Down | Action::Up) => {
            picker.cursor = super::list::step(picker.cursor, picker.matches().len(), action);
            model.dialog = Some(Dialog::Picker(picker));
            Vec::new()
        }
        (mut dialog @ (Dialog::Invite(_) | Dialog::PolicyForm(_)), Action::NextField) => {
            dialog.next_field();
            model.dialog = Some(dialog);
            Vec::new()
        }
        (Dialog::Picker(picker), _) => {
            model.dialog = Some(Dialog::Picker(picker));
            Vec::new()
        }
        (Dialog::Notice { .. }, Action::EditAgain) if model.edit.is_some() => {
            super::edit::on_review(model, crate::app::dialog::Stage::Problems, Action::EditAgain)
        }
        (Dialog::Confirm { command, .. }, Action::Confirm) => inbox::run(model, command),
        (Dialog::Confirm { back, .. }, _) => {
            // "No" on an invitation goes back to the form as it was typed.
            model.dialog = back.map(Dialog::Invite);
            Vec::new()
        }
        (Dialog::Invite(form), Action::Confirm) => review_invitation(model, form),
        (Dialog::Invite(_), _) => Vec::new(),
        (Dialog::PolicyForm(form), Action::Confirm) => super::edit::renamed(model, form),
        // Closing the form ends the rename (a name is quick to type again; nothing to keep).
        (Dialog::PolicyForm(_), _) => {
            model.edit = None;
            Vec::new()
        }
        (Dialog::Menu { cursor }, Action::Down | Action::Up) => {
            let cursor = super::list::step(cursor, menu_items(model.read_only, model.kept.len()).len(), action);
            model.dialog = Some(Dialog::Menu { cursor });
            Vec::new()
        }
        (Dialog::Menu { cursor }, Action::Confirm) => {
            choose(model, menu_items(model.read_only, model.kept.len()).get(cursor).copied())
        }
        (Dialog::Menu { .. } | Dialog::Notice { .. }, _) => Vec::new(),
        (Dialog::Check(form), Action::Confirm) => super::applies::ask(model, form),
        (Dialog::Check(form), Action::Dismiss) => {
            super::applies::keep_form(model, form);
            Vec::new()
        }
        (mut dialog @ Dialog::Check(_), action) => {
            match action {
                Action::NextField => dialog.next_field(),
                Action::Complete => {
                    if let Dialog::Check(form) = &mut dialog {
                        form.complete();
                    }
                }
                _ => {}
            }
            model.dialog = Some(dialog);
            Vec::new()
        }
        // Routed to their own areas before this (see above); nothing here acts on them.
        (dialog @ (Dialog::Search(_) | Dialog::WhereUsed { .. }), _) => {
            model.dialog = Some(dialog);
            Vec::new()
        }
    }
}

/// A text field key, in the field that has the cursor. → at the end of the check form's action
/// field completes the name (as a shell's suggestion does).
fn edit_field(model: &mut Model, action: Action) -> Vec<Effect> {
    let Some(dialog) = model.dialog.as_mut() else { return Vec::new() };
    if let Dialog::Check(form) = dialog
        && action == Action::CursorRight
        && form.field == 0
        && form.action.at_end()
    {
        form.complete();
        return Vec::new();
    }
    model.dirty = dialog.edit_field(action);
    Vec::new()
}

/// Keys without a binding: text for the forms, the search box and the picker filter; other dialogs
/// ignore them. `model.dirty` says whether a field changed.
pub(super) fn on_text(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if super::whatif::on_text(model, &key) {
        return Vec::new();
    }
    let typed = match key.code {
        KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) && !c.is_control() => {
            model.dialog.as_mut().is_some_and(|d| d.type_char(c))
        }
        _ => false,
    };
    model.dirty = typed;
    Vec::new()
}

/// Pasted text, into the field being typed (a form, the search box, the picker's filter, a typed
/// `yes`): character by character as if typed, line breaks as spaces, control characters dropped.
/// Outside a field a paste does nothing: it is never read as keys.
pub(super) fn on_paste(model: &mut Model, text: &str) -> Vec<Effect> {
    model.dirty = false;
    if model.dialog.is_none() {
        return Vec::new();
    }
    // An id copied with its line's end pastes without it.
    for c in text.trim_end_matches(['\n', '\r']).chars() {
        let c = if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c };
        if c.is_control() {
            continue;
        }
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        if super::whatif::on_text(model, &key) {
            model.dirty = true;
            continue;
        }
        if model.dialog.as_mut().is_some_and(|d| d.type_char(c)) {
            model.dirty = true;
        }
    }
    Vec::new()
}

/// A member of this organization already, as far as orgtui has seen (the tree and the search index):
/// inviting it would be refused, so the form says so with who it is.
fn already_member(model: &Model, target: &InviteTarget) -> Option<String> {
    let mut known = model.known_accounts();
    let found = match target {
        InviteTarget::Account(id) => known.find(|a| &a.id == id),
        InviteTarget::Email(email) => known.find(|a| a.email.eq_ignore_ascii_case(email)),
    }?;
    Some(format!(
        "{} ({}, {}) is already a member of this organization: nothing to invite.",
        found.name, found.id, found.email
    ))
}

fn review_invitation(model: &mut Model, mut form: InviteForm) -> Vec<Effect> {
    match InviteTarget::parse(&form.target).and_then(|t| match already_member(model, &t) {
        Some(why) => Err(why),
        None => Ok(t),
    }) {
        Ok(target) => {
            let notes = Some(form.notes.trim().to_owned()).filter(|n| !n.is_empty());
            let (title, body) = wording::invite(&target, notes.as_deref(), model.org.as_ref());
            form.error = None;
            model.dialog =
                Some(Dialog::Confirm { title, body, command: Command::Invite { target, notes }, back: Some(form) });
        }
        Err(why) => {
            form.error = Some(why);
            form.on_notes = false;
            model.dialog = Some(Dialog::Invite(form));
        }
    }
    Vec::new()
}

fn choose(model: &mut Model, item: Option<MenuItem>) -> Vec<Effect> {
    match item {
        Some(MenuItem::Invite) => model.dialog = Some(Dialog::Invite(InviteForm::default())),
        Some(MenuItem::EnableAllFeatures) => {
            let (title, body) = wording::enable_all_features(model.org.as_ref());
            model.dialog = Some(Dialog::Confirm { title, body, command: Command::EnableAllFeatures, back: None });
        }
        Some(MenuItem::Inbox) => model.focus = Pane::Inbox,
        Some(MenuItem::KeptEdits) => model.dialog = Some(Dialog::KeptList { cursor: 0 }),
        Some(MenuItem::Governance) => return super::governance::open(model),
        Some(MenuItem::AccountRequests) => {
            model.dialog = Some(Dialog::Notice {
                title: super::accounts::REQUESTS.to_owned(),
                body: vec![crate::app::dialog::para(crate::app::dialog::Tone::Plain, "Listing them...")],
            });
            return vec![Effect::ListCreateStatuses];
        }
        None => {}
    }
    Vec::new()
}
