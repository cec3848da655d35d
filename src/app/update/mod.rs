//! `update(&mut Model, Msg) -> Vec<Effect>`: the one place where state changes.

mod replies;
mod scroll;
mod tree;

#[cfg(test)]
mod tests;

use std::time::Duration;

use crate::keymap::{self, Action, Context};

use super::{Effect, Model, Msg, MsgLater, Pane, Toast};

/// How long the cursor must rest on a node before its details (tags, policies) are fetched: moving
/// through a long list of accounts does not fire a request per row.
pub const DETAILS_DEBOUNCE: Duration = Duration::from_millis(150);
pub const TOAST_TIME: Duration = Duration::from_secs(5);

/// The effects to run when the app starts: list the roots.
pub fn init(model: &mut Model) -> Vec<Effect> {
    let effects = tree::load_roots(model);
    count_requests(model, &effects);
    effects
}

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.dirty = true;
    let effects = match msg {
        Msg::Key(key) => on_key(model, key),
        Msg::Resize(w, h) => {
            model.size = (w, h);
            tree::keep_cursor_visible(model);
            Vec::new()
        }
        Msg::Tick => {
            model.spinner = model.spinner.wrapping_add(1);
            Vec::new()
        }
        Msg::Terminate => {
            model.quit = true;
            Vec::new()
        }
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
        reply => replies::on_reply(model, reply),
    };
    count_requests(model, &effects);
    effects
}

fn count_requests(model: &mut Model, effects: &[Effect]) {
    model.in_flight += effects.iter().filter(|e| e.is_request()).count();
}

pub(crate) fn context(model: &Model) -> Context {
    if model.help_scroll.is_some() {
        Context::Help
    } else if model.focus == Pane::Tree {
        Context::Tree
    } else {
        Context::Text
    }
}

fn on_key(model: &mut Model, key: crossterm::event::KeyEvent) -> Vec<Effect> {
    use crossterm::event::KeyEventKind;
    if key.kind == KeyEventKind::Release {
        model.dirty = false;
        return Vec::new();
    }
    let ctx = context(model);
    let Some(action) = keymap::lookup(ctx, &key, model.read_only) else {
        model.dirty = false;
        return Vec::new();
    };
    match (ctx, action) {
        (_, Action::Quit) => {
            model.quit = true;
            Vec::new()
        }
        (_, Action::Help) => {
            model.help_scroll = Some(0);
            Vec::new()
        }
        (_, Action::CloseHelp) => {
            model.help_scroll = None;
            Vec::new()
        }
        (_, Action::NextPane) => {
            model.focus = model.focus.next();
            Vec::new()
        }
        (_, Action::PrevPane) => {
            model.focus = model.focus.prev();
            Vec::new()
        }
        (Context::Help, action) => {
            scroll::help(model, action);
            Vec::new()
        }
        (Context::Tree, action) => tree::on_action(model, action),
        (_, Action::Refresh) => tree::refresh_details(model),
        (_, action) => {
            scroll::pane(model, action);
            Vec::new()
        }
    }
}

/// Shows a short message in the status bar, cleared after a while.
pub(crate) fn toast(model: &mut Model, text: String, is_error: bool) -> Effect {
    let id = model.next_id();
    model.toast = Some(Toast { id, text, is_error });
    Effect::After { delay: TOAST_TIME, msg: MsgLater::ToastExpired { id } }
}
