//! The create-account form, the choice of how an account ends, and the typed id that confirms it.

use ratatui::text::Line;

use super::dialog::input;
use super::{safe, theme};
use crate::app::accounts::{AccountForm, LABELS};
use crate::app::dialog::Para;
use crate::app::text_field::TextField;

pub fn form_lines(form: &AccountForm) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, (label, field)) in LABELS.iter().zip(&form.fields).enumerate() {
        if i > 0 {
            lines.push(Line::default());
        }
        lines.extend(input(label, field, form.field == i, if i == 4 { "none" } else { "required" }));
    }
    error(&mut lines, form.error.as_deref());
    lines
}

pub fn end_lines(name: &str, cursor: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(safe(&format!("What happens to {name}?"), theme::dim())), Line::default()];
    for (i, label) in crate::app::accounts::ENDINGS.iter().enumerate() {
        let marker = if i == cursor { "> " } else { "  " };
        let line = Line::from(format!("{marker}{label}"));
        lines.push(if i == cursor { line.style(theme::cursor(true)) } else { line });
    }
    lines
}

pub fn type_id_lines(body: &[Para], typed: &TextField, error_text: Option<&str>) -> Vec<Line<'static>> {
    let mut lines = super::dialog::paras(body);
    lines.push(Line::default());
    lines.extend(input("Account id", typed, true, ""));
    error(&mut lines, error_text);
    lines
}

fn error(lines: &mut Vec<Line<'static>>, error: Option<&str>) {
    if let Some(error) = error {
        lines.push(Line::default());
        lines.push(Line::from(safe(&format!("✗ {error}"), theme::error())));
    }
}
