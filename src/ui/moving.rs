//! The destination picker of a move: the filter, then every matching root and OU by its path.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::dialog::{PICKER_ROWS as ROWS, field_spans, marked};
use super::{safe, theme};
use crate::app::moving::MovePicker;

pub fn picker_lines(picker: &MovePicker) -> Vec<Line<'static>> {
    let mut first = vec![Span::styled("Filter ", theme::label())];
    first.extend(field_spans(&picker.filter, Style::new().add_modifier(Modifier::UNDERLINED), true));
    let mut lines = vec![Line::from(first), Line::default()];
    let matches = picker.matches();
    if matches.is_empty() {
        lines.push(Line::styled("no OU or root matches", theme::dim()));
    }
    let start = picker.cursor.saturating_sub(ROWS - 1);
    for (i, d) in matches.iter().enumerate().skip(start).take(ROWS) {
        let (marker, style) = marked(i == picker.cursor);
        let here = picker.accounts.iter().all(|a| a.parent == d.parent);
        let mut spans = vec![Span::styled(marker, style), safe(&d.path, style)];
        if here {
            spans.push(Span::styled("  (already there)", theme::dim()));
        }
        lines.push(Line::from(spans));
    }
    let names: Vec<&str> = picker.accounts.iter().map(|a| a.name.as_str()).collect();
    lines.push(Line::default());
    lines.push(Line::from(safe(&format!("Moving: {}", names.join(", ")), theme::dim())));
    lines
}
