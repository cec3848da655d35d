//! Kept edits: found at start, offered by `e` on their policy, listed by the organization menu, and
//! opened as an edit that carries on from the kept text (AWS's current version is still its base,
//! so a change made meanwhile is caught before saving).

use crate::app::dialog::{Dialog, Tone, para};
use crate::app::{Effect, Model};
use crate::edit::kept::{KeptEdit, NEW_POLICY};
use crate::keymap::Action;
use crate::org::PolicyId;

use super::toast;

/// At start: what the recovery directory holds.
pub(super) fn load(model: &Model) -> Vec<Effect> {
    model.recovery_dir.clone().map(|dir| Effect::ListKept { dir }).into_iter().collect()
}

/// The newest kept text of a policy's content, if any.
pub(super) fn newest_for<'a>(model: &'a Model, id: &PolicyId) -> Option<&'a KeptEdit> {
    model.kept.iter().find(|k| k.policy == id.as_str() && !k.rename)
}

/// `e` on a policy with a kept edit: ask which text to start from.
pub(super) fn offer(model: &mut Model, id: PolicyId, name: String, kept: KeptEdit) -> Vec<Effect> {
    model.dialog = Some(Dialog::KeptChoice { id, name, kept, cursor: 0 });
    Vec::new()
}

/// Keys in the two kept-edit dialogs (the menu's keys).
pub(super) fn on_action(model: &mut Model, dialog: Dialog, action: Action) -> Vec<Effect> {
    match (dialog, action) {
        (Dialog::KeptChoice { id, name, kept, cursor }, Action::Down | Action::Up) => {
            let cursor = super::list::step(cursor, 2, action);
            model.dialog = Some(Dialog::KeptChoice { id, name, kept, cursor });
            Vec::new()
        }
        (Dialog::KeptChoice { id, kept, cursor, .. }, Action::Confirm) => {
            let kept = (cursor == 0).then_some(kept.path);
            vec![Effect::FetchForEdit { id, rename: false, kept }]
        }
        (Dialog::KeptList { cursor }, Action::Down | Action::Up) => {
            let cursor = super::list::step(cursor, model.kept.len(), action);
            model.dialog = Some(Dialog::KeptList { cursor });
            Vec::new()
        }
        (Dialog::KeptList { cursor }, Action::Confirm) => match model.kept.get(cursor).cloned() {
            Some(kept) => open(model, kept),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Enter on a kept edit: a policy's text opens as an edit of that policy; what cannot (a new
/// policy's text, a name and description) is shown where it is, to copy from.
fn open(model: &mut Model, kept: KeptEdit) -> Vec<Effect> {
    match PolicyId::parse(&kept.policy) {
        Ok(id) if !kept.rename && kept.policy != NEW_POLICY => {
            if let Some(other) = &model.edit {
                let text = format!("Finish or abandon the edit of {} first.", other.name);
                return vec![toast(model, text, true)];
            }
            vec![Effect::FetchForEdit { id, rename: false, kept: Some(kept.path) }]
        }
        _ => {
            let body = vec![
                para(Tone::Plain, format!("It is in {}.", kept.path.display())),
                para(
                    Tone::Plain,
                    if kept.rename {
                        "E on the policy changes its name and description: copy them from the file."
                    } else {
                        "N creates a policy: paste the file's text into the editor it opens."
                    },
                ),
            ];
            model.dialog = Some(Dialog::Notice { title: model.kept_label(&kept), body });
            Vec::new()
        }
    }
}
