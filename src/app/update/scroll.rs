//! Scrolling the text panes and the help overlay.

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
    match model.focus {
        Pane::Policy => {
            let lines = model
                .shown_policy
                .as_ref()
                .and_then(|id| model.policies.get(id))
                .and_then(|e| e.prepared.as_ref())
                .map_or(0, |p| p.lines.len());
            model.policy_scroll = step(model.policy_scroll, action, last_line(lines));
        }
        Pane::Details => {
            // The view builds these lines anyway; counting them here (pure, no IO) keeps the offset
            // inside the text, so scrolling back up after G moves at once.
            let max = last_line(crate::ui::details::line_count(model));
            model.details_scroll = step(model.details_scroll, action, max);
        }
        Pane::Tree => {}
    }
}

pub(super) fn help(model: &mut Model, action: Action) {
    if let Some(scroll) = model.help_scroll {
        let max = last_line(crate::ui::help::line_count(model));
        model.help_scroll = Some(step(scroll, action, max));
    }
}

fn last_line(lines: usize) -> u16 {
    u16::try_from(lines.saturating_sub(1)).unwrap_or(u16::MAX)
}
