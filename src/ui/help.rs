//! The `?` overlay: every key, from the same table that handles them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{pane_block, theme};
use crate::app::{Model, layout};
use crate::keymap::{self, Context};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect, scroll: u16) {
    let popup = layout::help_popup(area);
    frame.render_widget(Clear, popup);
    let text = lines(model, usize::from(popup.width.saturating_sub(2)));
    frame.render_widget(Paragraph::new(text).block(pane_block("Keys", true)).scroll((scroll, 0)), popup);
}

/// How far the overlay can scroll at the current size.
pub fn scroll_limit(model: &Model) -> u16 {
    let popup = layout::help_popup(super::screen(model));
    let rows = layout::inner_height(popup);
    super::scroll_limit(lines(model, usize::from(popup.width.saturating_sub(2))).len(), rows)
}

/// The keys column's width; descriptions wrap beside it.
const KEYS: usize = 24;

fn lines(model: &Model, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let room = width.saturating_sub(KEYS).max(16);
    for context in Context::ALL {
        lines.push(Line::styled(context.title(), theme::title(false)));
        for b in keymap::table().iter().filter(|b| b.context == context && !(model.read_only && b.mutating)) {
            let wrapped = super::fit::wrap_words(b.description, room);
            for (i, part) in wrapped.into_iter().enumerate() {
                let keys = if i == 0 { format!("  {:<22}", keymap::keys_text(b)) } else { " ".repeat(KEYS) };
                lines.push(Line::from(vec![Span::styled(keys, theme::key()), Span::raw(part)]));
            }
        }
        lines.push(Line::default());
    }
    if model.read_only {
        lines.push(Line::styled("Read-only mode: keys that change the organization are off.", theme::warn()));
    }
    lines
}
