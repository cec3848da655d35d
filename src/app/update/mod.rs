//! `update(&mut Model, Msg) -> Vec<Effect>`: the one place where state changes.

mod accounts;
mod applies;
mod copy;
mod dialogs;
mod edit;
mod governance;
mod inbox;
mod kept;
mod list;
mod mouse;
mod moving;
mod policy_changes;
mod replies;
mod revalidate;
mod scroll;
mod search;
mod structure;
mod tree;
mod whatif;
mod where_used;

#[cfg(test)]
mod tests;

use std::time::Duration;

use crate::keymap::{self, Action, Context};
use crate::org::tree::NodeKind;

use super::{Effect, Model, Msg, MsgLater, Pane, Toast};

/// How long the cursor must rest on a node before its details (tags, policies) are fetched: moving
/// through a long list of accounts does not fire a request per row.
pub const DETAILS_DEBOUNCE: Duration = Duration::from_millis(150);
pub const TOAST_TIME: Duration = Duration::from_secs(5);

/// The effects to run when the app starts: list the roots, and the handshakes (for the badge). A
/// model opened from the cache shows it at once and asks instead who the organization is (to check
/// the cache is of it) and for everything the cache filled in, as background work.
pub fn init(model: &mut Model) -> Vec<Effect> {
    let mut effects = if model.cached.is_some() {
        let mut effects = vec![Effect::LoadOrganization];
        effects.extend(crate::app::cache::revalidate(model));
        effects
    } else {
        tree::load_roots(model)
    };
    effects.extend(inbox::load(model));
    effects.extend(kept::load(model));
    count_requests(model, &effects);
    effects
}

pub(crate) use tree::keep_cursor_visible;

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.dirty = true;
    let mut effects = match msg {
        Msg::Key(key) => on_key(model, key),
        Msg::Paste(text) => {
            let effects = dialogs::on_paste(model, &text);
            typed(model);
            effects
        }
        Msg::Mouse(event) => mouse::on_mouse(model, event),
        Msg::Resize(w, h) => {
            model.size = (w, h);
            tree::keep_cursor_visible(model);
            Vec::new()
        }
        Msg::Budget(status) => {
            model.dirty = status.describe() != model.budget.describe();
            model.budget = status;
            Vec::new()
        }
        Msg::Tick => {
            model.spinner = model.spinner.wrapping_add(1);
            Vec::new()
        }
        // SIGTERM/SIGHUP (a dropped ssh session): an open edit is written to its recovery file first.
        Msg::Terminate => quit(model),
        Msg::ToastExpired { id } => {
            if model.toast.as_ref().is_some_and(|t| t.id == id) {
                model.toast = None;
            } else {
                model.dirty = false;
            }
            Vec::new()
        }
        Msg::DetailsDue { req } => {
            if model.pending_details == Some(req) {
                model.pending_details = None;
                tree::load_details(model)
            } else {
                model.dirty = false;
                Vec::new()
            }
        }
        reply @ (Msg::Inbox { .. } | Msg::Organization { .. } | Msg::Done { .. }) => inbox::on_reply(model, reply),
        reply @ (Msg::EditBase { .. }
        | Msg::Edited { .. }
        | Msg::Impact { .. }
        | Msg::Conflict { .. }
        | Msg::Saved { .. }
        | Msg::Kept { .. }) => edit::on_reply(model, reply),
        Msg::Pickable { result } => policy_changes::on_pickable(model, result),
        reply @ Msg::Moved { .. } => moving::on_moved(model, reply),
        reply @ Msg::StructureChanged { .. } => structure::on_changed(model, reply),
        reply @ Msg::AccountChanged { .. } => accounts::on_changed(model, reply),
        reply @ (Msg::PollCreate { .. } | Msg::CreateProgress { .. }) => accounts::on_poll(model, reply),
        Msg::CreateStatuses { result } => accounts::on_requests(model, result),
        Msg::KeptList { kept } => {
            model.in_flight = model.in_flight.saturating_sub(1);
            model.kept = kept;
            Vec::new()
        }
        reply @ Msg::Changed { .. } => policy_changes::on_changed(model, reply),
        reply @ Msg::Deleted { .. } => policy_changes::on_deleted(model, reply),
        reply @ Msg::PolicyTypeSet { .. } => policy_changes::on_type_set(model, reply),
        reply @ Msg::Effective { .. } => applies::on_effective(model, reply),
        reply @ (Msg::WhatIf { .. } | Msg::WhatIfProgress { .. }) => {
            // An edit under review counts its reach from the what-if's answer.
            if whatif::on_reply(model, reply) {
                edit::whatif_ready(model);
            }
            Vec::new()
        }
        reply @ (Msg::Targets { .. } | Msg::Located { .. }) => where_used::on_reply(model, reply),
        reply @ Msg::Indexed { .. } => search::on_indexed(model, reply),
        reply @ Msg::Revalidated { .. } => revalidate::on_revalidated(model, reply),
        reply @ Msg::Attached { .. } => {
            let mut effects = replies::on_reply(model, reply);
            // A level of the what-applies path listed its policies: their texts are needed next
            // (also while the inbox is over the view, which is where `i` returns to).
            if model.browse_focus.in_applies() {
                effects.extend(applies::load(model));
            }
            moving::refresh(model);
            effects
        }
        reply @ (Msg::Roots { .. } | Msg::Children { .. }) => {
            let mut effects = replies::on_reply(model, reply);
            structure::refresh(model);
            if matches!(model.reveal, Some(crate::app::applies::Reveal::Opening(_))) {
                effects.extend(where_used::advance(model));
            }
            effects
        }
        Msg::Governance { req, result } => {
            governance::on_loaded(model, req, result);
            // `w` open on an account whose policy turns out not to be enforced: why, asked for now.
            applies::validation(model)
        }
        reply @ Msg::ValidationErrors { .. } => {
            governance::on_errors(model, reply);
            Vec::new()
        }
        reply @ Msg::Tags { .. } => {
            let effects = replies::on_reply(model, reply);
            search::refresh(model); // a tag: query's results grow as tags arrive
            effects
        }
        reply => replies::on_reply(model, reply),
    };
    // A jump arrived at its target (by a reply, a search or a where-used pick): the keys held for
    // it act there now.
    if model.reveal.is_none() && !model.held.is_empty() {
        effects.extend(replay_held(model));
    }
    count_requests(model, &effects);
    effects
}

/// Whether the tree's cursor is on an OU (where `E` and `X` act on the OU, not a policy).
fn on_ou(model: &Model) -> bool {
    model.focus == Pane::Tree && matches!(model.selected_kind(), Some(NodeKind::Ou(_)))
}

/// Whether the tree's cursor is on an account (where `X` removes or closes it).
fn on_account(model: &Model) -> bool {
    model.focus == Pane::Tree && matches!(model.selected_kind(), Some(NodeKind::Account(_)))
}

fn count_requests(model: &mut Model, effects: &[Effect]) {
    model.in_flight += effects.iter().filter(|e| e.is_request()).count();
}

/// The contexts whose keys are live on the current screen, most specific first. Every screen ends
/// with `Anywhere` (Ctrl-c quits from anywhere).
pub fn contexts(model: &Model) -> &'static [Context] {
    contexts_under_help(model, model.help_scroll.is_some())
}

/// The contexts of the screen, with the `?` overlay over it (`help`) or not: what the overlay lists
/// is the screen under it.
pub fn contexts_under_help(model: &Model, help: bool) -> &'static [Context] {
    use crate::app::dialog::Dialog;
    use Context as C;
    let gated = matches!(
        model.dialog,
        Some(
            Dialog::ConfirmAttachment { .. }
                | Dialog::ConfirmType { .. }
                | Dialog::ConfirmMove { .. }
                | Dialog::Review { .. }
        )
    );
    if gated && model.whatif.as_ref().is_some_and(|g| g.needs_typing()) {
        return &[C::TypeYes, C::Anywhere];
    }
    match (&model.dialog, help, model.focus) {
        (Some(Dialog::Confirm { .. }), ..) => &[C::Confirm, C::Anywhere],
        (Some(Dialog::Invite(_) | Dialog::PolicyForm(_) | Dialog::Check(_) | Dialog::StructureForm(_)), ..) => {
            &[C::Form, C::Field, C::Anywhere]
        }
        (Some(Dialog::WhereUsed { .. }), ..) => &[C::WhereUsed, C::Anywhere],
        (Some(Dialog::Menu { .. }), ..) => &[C::Menu, C::Anywhere],
        (Some(Dialog::Notice { .. }), ..) => &[C::Notice, C::Anywhere],
        (Some(Dialog::AccountForm(_) | Dialog::TypeId { .. }), ..) => &[C::Form, C::Field, C::Anywhere],
        (Some(Dialog::ConfirmAccount { .. }), ..) => &[C::Confirm, C::Anywhere],
        (Some(Dialog::AccountEnd { .. }), ..) => &[C::Menu, C::Anywhere],
        (Some(Dialog::Governance { .. }), ..) => &[C::Governance, C::Anywhere],
        (Some(Dialog::Review { .. }), ..) => &[C::Review, C::Anywhere],
        (Some(Dialog::ConfirmAttachment { .. } | Dialog::ConfirmDelete { .. } | Dialog::ConfirmType { .. }), ..) => {
            &[C::Confirm, C::Anywhere]
        }
        (
            Some(
                Dialog::Types { .. }
                | Dialog::NewPolicyType { .. }
                | Dialog::KeptChoice { .. }
                | Dialog::KeptList { .. },
            ),
            ..,
        ) => &[C::Menu, C::Anywhere],
        (Some(Dialog::Picker(_)), ..) => &[C::Picker, C::Field, C::Anywhere],
        (Some(Dialog::MovePicker(_)), ..) => &[C::MovePicker, C::Field, C::Anywhere],
        (Some(Dialog::ConfirmMove { .. } | Dialog::ConfirmStructure { .. }), ..) => &[C::Confirm, C::Anywhere],
        (Some(Dialog::Search(_)), ..) => &[C::Search, C::Field, C::Anywhere],
        (None, true, _) => &[C::Help, C::Anywhere],
        (None, false, Pane::Tree) => &[C::Tree, C::Global, C::Anywhere],
        (None, false, Pane::Inbox) => &[C::Inbox, C::Answer, C::Global, C::Anywhere],
        (None, false, Pane::Handshake) => &[C::Handshake, C::Text, C::Answer, C::Global, C::Anywhere],
        (None, false, Pane::Details | Pane::Policy) => &[C::Shown, C::Text, C::Global, C::Anywhere],
        (None, false, Pane::Chain | Pane::Effective) => &[C::Applies, C::Text, C::Global, C::Anywhere],
    }
}

fn on_key(model: &mut Model, key: crossterm::event::KeyEvent) -> Vec<Effect> {
    use crossterm::event::KeyEventKind;
    if key.kind == KeyEventKind::Release {
        model.dirty = false;
        return Vec::new();
    }
    let Some(binding) = keymap::lookup(contexts(model), &key) else {
        // In a form, the search box or the picker, keys without a binding are text.
        if model.dialog.is_some() {
            let effects = dialogs::on_text(model, key);
            typed(model);
            return effects;
        }
        model.dirty = false;
        return Vec::new();
    };
    let jumping =
        model.reveal.is_some() && model.dialog.is_none() && model.help_scroll.is_none() && model.focus == Pane::Tree;
    if jumping && let Some(effects) = during_jump(model, binding) {
        return effects;
    }
    // A key that cannot work here says why, in one line, and changes nothing else.
    if let Some(why) = crate::app::keys::why_not(model, binding) {
        return vec![toast(model, crate::app::wording::sentence(&why), true)];
    }
    act(model, binding.action)
}

/// A key while a jump is opening the tree: one that acts on the selection waits for the target
/// (said in the status bar), a movement cancels the jump; others act at once (None).
fn during_jump(model: &mut Model, binding: &keymap::Binding) -> Option<Vec<Effect>> {
    if crate::app::keys::is_navigation(binding.action) {
        let mut effects = where_used::cancel(model);
        effects.extend(act(model, binding.action));
        return Some(effects);
    }
    if !acts_on_selection(binding.action) {
        return None;
    }
    if binding.mutating && model.read_only {
        return None; // refused at once, with its reason
    }
    model.held.push(binding.action);
    let keys = keymap::keys_text(binding);
    let text = format!("{keys} waits for the jump to finish, then acts on the target (a movement key cancels).");
    Some(vec![toast(model, text, false)])
}

/// The actions whose meaning depends on the row under the cursor.
fn acts_on_selection(action: Action) -> bool {
    matches!(
        action,
        Action::WhatApplies
            | Action::WhereUsed
            | Action::EditPolicy
            | Action::Rename
            | Action::Attach
            | Action::Detach
            | Action::Delete
            | Action::NewOu
            | Action::NewAccount
            | Action::EditTags
            | Action::PolicyTypes
            | Action::NewPolicy
            | Action::Mark
            | Action::MoveAccounts
            | Action::CopyId
            | Action::CopyArn
            | Action::Refresh
    )
}

/// The keys held during a jump, now that the target is selected: each as if pressed there (its rule
/// read on the target).
fn replay_held(model: &mut Model) -> Vec<Effect> {
    let mut effects = Vec::new();
    for action in std::mem::take(&mut model.held) {
        let binding = keymap::active(contexts(model)).find(|b| b.action == action);
        let Some(binding) = binding else { continue };
        if let Some(why) = crate::app::keys::why_not(model, binding) {
            effects.push(toast(model, crate::app::wording::sentence(&why), true));
            continue;
        }
        effects.extend(act(model, action));
    }
    effects
}

/// An action while a dialog is open: `q`/`Ctrl-c` quit from any of them; the search box and the
/// where-used list are areas of their own; the rest (forms, confirmations, menus) are the dialogs'.
/// Their text fields are edited in one place (the dialogs'), and a changed search query asks again.
fn on_dialog(model: &mut Model, action: Action) -> Vec<Effect> {
    if action == Action::Quit {
        model.dialog = None;
        model.whatif = None;
        return quit(model);
    }
    let area = model.whatif.is_none() && !crate::app::text_field::TextField::takes(action);
    let effects = match model.dialog.take() {
        Some(crate::app::dialog::Dialog::Search(search_box)) if area => search::on_action(model, search_box, action),
        Some(crate::app::dialog::Dialog::WhereUsed { policy, cursor }) if area => {
            where_used::on_action(model, policy, cursor, action)
        }
        dialog => {
            model.dialog = dialog;
            dialogs::on_action(model, action)
        }
    };
    if crate::app::text_field::TextField::takes(action) {
        typed(model);
    }
    effects
}

/// After text was typed, deleted or pasted into a dialog's field: a changed search query is asked
/// of the index again (other dialogs read their fields when submitted).
fn typed(model: &mut Model) {
    if model.dirty {
        search::refresh(model);
    }
}

/// What an action does where the user is: the key table's answer to a key, or a mouse wheel's.
pub(super) fn act(model: &mut Model, action: Action) -> Vec<Effect> {
    if model.dialog.is_some() {
        return on_dialog(model, action);
    }
    match action {
        Action::Quit => quit(model),
        Action::Suspend => {
            model.suspend = true;
            Vec::new()
        }
        Action::EditPolicy => edit::start(model, false),
        Action::Rename if on_ou(model) => structure::open_rename(model),
        Action::Rename => edit::start(model, true),
        Action::NewOu => structure::open_create(model),
        Action::EditTags => structure::open_tags(model),
        Action::Attach => policy_changes::open_picker(model),
        Action::Detach => policy_changes::detach(model),
        Action::Mark => moving::toggle(model),
        Action::MoveAccounts => moving::open(model),
        Action::Delete if on_ou(model) => structure::delete(model),
        Action::Delete if on_account(model) => accounts::open_end(model),
        Action::NewAccount => accounts::open_create(model),
        Action::Delete => policy_changes::delete(model),
        Action::PolicyTypes => policy_changes::policy_types(model),
        Action::NewPolicy => edit::new_policy(model),
        Action::WhatApplies => applies::open(model),
        Action::WhereUsed => where_used::open(model),
        Action::CopyId | Action::CopyArn => copy::on_action(model, action),
        Action::Search => search::open(model),
        Action::Reindex => search::rebuild(model),
        Action::Help => {
            model.help_scroll = Some(0);
            Vec::new()
        }
        Action::CloseHelp => {
            model.help_scroll = None;
            Vec::new()
        }
        _ if model.help_scroll.is_some() => {
            scroll::help(model, action);
            Vec::new()
        }
        Action::Back => back(model),
        Action::NextPane => focus(model, model.focus.next()),
        Action::PrevPane => focus(model, model.focus.prev()),
        Action::ToggleInbox if model.focus.in_inbox() => focus(model, model.browse_focus),
        Action::ToggleInbox => focus(model, Pane::Inbox),
        Action::OrgMenu | Action::Invite => dialogs::open(model, action),
        Action::Accept | Action::Decline | Action::CancelHandshake | Action::Filter => inbox::on_action(model, action),
        _ => match model.focus {
            Pane::Tree => tree::on_action(model, action),
            Pane::Inbox => inbox::on_action(model, action),
            Pane::Handshake if action == Action::Refresh => inbox::load(model),
            Pane::Details | Pane::Policy if action == Action::Refresh => tree::refresh_details(model),
            Pane::Chain | Pane::Effective => applies::on_action(model, action),
            _ => {
                scroll::pane(model, action);
                Vec::new()
            }
        },
    }
}

/// Quits, once an unsaved policy edit is safe in a recovery file.
pub(super) fn quit(model: &mut Model) -> Vec<Effect> {
    if model.edit.is_some() {
        model.quit_after_keep = true;
        return edit::abandon(model);
    }
    model.quit = true;
    Vec::new()
}

/// Esc: one step back towards the tree.
fn back(model: &mut Model) -> Vec<Effect> {
    match model.focus {
        Pane::Handshake => focus(model, Pane::Inbox),
        Pane::Inbox => focus(model, if model.browse_focus.in_inbox() { Pane::Tree } else { model.browse_focus }),
        Pane::Tree if model.reveal.is_none() && !model.marked.is_empty() => moving::clear(model),
        Pane::Tree => where_used::cancel(model),
        _ => {
            model.browse_focus = Pane::Tree;
            focus(model, Pane::Tree)
        }
    }
}

fn focus(model: &mut Model, pane: Pane) -> Vec<Effect> {
    if !pane.in_inbox() {
        model.browse_focus = pane;
    }
    model.focus = pane;
    Vec::new()
}

/// Shows a short message in the status bar, cleared after a while.
pub(crate) fn toast(model: &mut Model, text: String, is_error: bool) -> Effect {
    let id = model.next_id();
    model.toast = Some(Toast { id, text, is_error });
    Effect::After { delay: TOAST_TIME, msg: MsgLater::ToastExpired { id } }
}
