//! The `?` overlay: every key, from the same table that handles them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{pane_block, theme};
use crate::app::{Model, layout};
use crate::keymap::{self, BINDINGS, Context};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect, scroll: u16) {
    let popup = layout::help_popup(area);
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines(model)).block(pane_block("Keys", true)).scroll((scroll, 0)), popup);
}

/// How far the overlay can scroll at the current size.
pub fn scroll_limit(model: &Model) -> u16 {
    let rows = layout::inner_height(layout::help_popup(super::screen(model)));
    super::scroll_limit(lines(model).len(), rows)
}

fn lines(model: &Model) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for context in Context::ALL {
        lines.push(Line::styled(context.title(), theme::title(false)));
        for b in BINDINGS.iter().filter(|b| b.context == context && !(model.read_only && b.mutating)) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<22}", keymap::keys_text(b)), theme::key()),
                Span::raw(b.description),
            ]));
        }
        lines.push(Line::default());
    }
    if model.read_only {
        lines.push(Line::styled("Read-only mode: keys that change the organization are off.", theme::warn()));
    }
    lines
}
