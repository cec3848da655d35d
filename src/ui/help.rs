//! The `?` overlay: every key, from the same table that handles them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{pane_block, theme};
use crate::app::{Model, keys, layout};
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
    let push = |lines: &mut Vec<Line<'static>>, b: &keymap::Binding, dim: bool| {
        let wrapped = super::fit::wrap_words(b.description, room);
        for (i, part) in wrapped.into_iter().enumerate() {
            let keys = if i == 0 { format!("  {:<22}", keymap::keys_text(b)) } else { " ".repeat(KEYS) };
            let keys_style = if dim { theme::dim() } else { theme::key() };
            let text = if dim { Span::styled(part, theme::dim()) } else { Span::raw(part) };
            lines.push(Line::from(vec![Span::styled(keys, keys_style), text]));
        }
    };
    // What works here first, by the pane each key belongs to: only keys that work where the
    // cursor is (the footer shows the most useful of them).
    let here = keys::available_behind_help(model);
    let mut shown_contexts = Vec::new();
    for b in &here {
        if !shown_contexts.contains(&b.context) {
            shown_contexts.push(b.context);
        }
    }
    lines.push(Line::styled("Keys that work here", theme::title(true)));
    for context in &shown_contexts {
        lines.push(Line::styled(context.title(), theme::title(false)));
        for b in here.iter().filter(|b| b.context == *context) {
            push(&mut lines, b, false);
        }
    }
    lines.push(Line::default());
    if model.read_only {
        lines.push(Line::styled(keys::read_only_reason(model).to_owned(), theme::warn()));
        lines.push(Line::default());
    }
    // The other screens' keys, for finding one's way: they work there, not here.
    lines.push(Line::styled("On other screens (not here)", theme::title(false)));
    for context in Context::ALL.into_iter().filter(|c| !shown_contexts.contains(c)) {
        let bindings: Vec<_> =
            keymap::table().iter().filter(|b| b.context == context && !(model.read_only && b.mutating)).collect();
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::styled(format!("{} (elsewhere)", context.title()), theme::dim()));
        for b in bindings {
            push(&mut lines, b, true);
        }
    }
    lines
}
