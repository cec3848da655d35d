//! Scrolling the text panes and the help overlay. How far each can go depends on its text wrapped
//! to the current size: the view measured it before this input (`model.scroll_limits`), and an
//! offset never passes it (so scrolling back up after G moves at once).

use crate::app::{Model, Pane};
use crate::keymap::Action;

const PAGE: u16 = 10;

fn step(current: u16, action: Action, max: u16) -> u16 {
    let next = match action {
        Action::Down => current.saturating_add(1),
        Action::Up => current.saturating_sub(1),
        Action::PageDown => current.saturating_add(PAGE),
        Action::PageUp => current.saturating_sub(PAGE),
        Action::Top => 0,
        Action::Bottom => max,
        _ => current,
    };
    next.min(max)
}

pub(super) fn pane(model: &mut Model, action: Action) {
    let max = model.scroll_limits.of(model.focus);
    match model.focus {
        Pane::Policy => model.policy_scroll = step(model.policy_scroll, action, max),
        Pane::Details => model.details_scroll = step(model.details_scroll, action, max),
        Pane::Handshake => model.inbox.detail_scroll = step(model.inbox.detail_scroll, action, max),
        Pane::Chain | Pane::Effective => {
            if let Some(view) = model.applies.as_mut() {
                let scroll =
                    if model.focus == Pane::Chain { &mut view.chain_scroll } else { &mut view.effective_scroll };
                *scroll = step(*scroll, action, max);
            }
        }
        Pane::Tree | Pane::Inbox => {}
    }
}

pub(super) fn help(model: &mut Model, action: Action) {
    if let Some(scroll) = model.help_scroll {
        model.help_scroll = Some(step(scroll, action, model.scroll_limits.help));
    }
}
