//! The mouse (`--mouse`): the wheel scrolls the pane under it, a click on a pane focuses it (on a
//! tree row, selects it), a click on a footer hint presses its key. Where it lands is read from
//! `app::layout`, the same arithmetic the view draws with. Over a dialog or another screen than the
//! browser, the wheel scrolls and a footer hint still works; nothing else is guessed.

use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::app::{Effect, Model, Pane, layout};
use crate::keymap::Action;

/// Rows the wheel moves per notch.
const WHEEL: usize = 3;

fn contains(area: Rect, column: u16, row: u16) -> bool {
    area.contains(Position { x: column, y: row })
}

pub(super) fn on_mouse(model: &mut Model, event: MouseEvent) -> Vec<Effect> {
    let (width, height) = model.size;
    if !layout::fits(width, height) {
        model.dirty = false;
        return Vec::new();
    }
    let areas = layout::areas(width, height, model.policy_first());
    let browsing =
        model.dialog.is_none() && model.help_scroll.is_none() && !model.focus.in_inbox() && !model.focus.in_applies();
    match event.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let action = if event.kind == MouseEventKind::ScrollDown { Action::Down } else { Action::Up };
            if browsing {
                for (pane, area) in
                    [(Pane::Tree, areas.tree), (Pane::Details, areas.details), (Pane::Policy, areas.policy)]
                {
                    if contains(area, event.column, event.row) {
                        model.focus = pane;
                        model.browse_focus = pane;
                    }
                }
            }
            let mut effects = Vec::new();
            for _ in 0..WHEEL {
                effects.extend(super::act(model, action));
            }
            effects
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if contains(areas.footer, event.column, event.row) && model.toast.is_none() {
                let hint = layout::footer_hints(model, width).into_iter().find(|h| h.columns.contains(&event.column));
                if let Some(hint) = hint {
                    return super::on_key(model, KeyEvent::new(hint.key.code, hint.key.mods));
                }
            }
            if !browsing {
                model.dirty = false;
                return Vec::new();
            }
            if contains(areas.tree, event.column, event.row) {
                model.focus = Pane::Tree;
                model.browse_focus = Pane::Tree;
                // Inside the border: the row under the pointer.
                let row = usize::from(event.row.saturating_sub(areas.tree.y + 1)) + model.tree_offset;
                if event.row > areas.tree.y && row < model.rows.len() && row != model.cursor {
                    model.cursor = row;
                    super::tree::keep_cursor_visible(model);
                    return super::tree::selection_changed(model);
                }
                return Vec::new();
            }
            for (pane, area) in [(Pane::Details, areas.details), (Pane::Policy, areas.policy)] {
                if contains(area, event.column, event.row) {
                    model.focus = pane;
                    model.browse_focus = pane;
                }
            }
            Vec::new()
        }
        _ => {
            model.dirty = false;
            Vec::new()
        }
    }
}
