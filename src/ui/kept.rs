//! The kept-edit dialogs: the offer `e` makes on a policy with a kept edit, and the organization
//! menu's list of recovery files.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::dialog::marked;
use super::{safe, theme};
use crate::app::Model;
use crate::edit::kept::KeptEdit;

pub fn choice_lines(name: &str, kept: &KeptEdit, cursor: usize) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(safe(&format!("An edit of {name} that never reached AWS is kept in"), Style::new())),
        Line::from(safe(&format!("{}.", kept.path.display()), theme::dim())),
        Line::default(),
    ];
    let entries = [format!("Open your kept edit of {}", kept.when()), "Start from AWS's text".to_owned()];
    for (i, entry) in entries.iter().enumerate() {
        let (marker, style) = marked(i == cursor);
        lines.push(Line::from(safe(&format!("{marker}{entry}"), style)));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Either way AWS's current version is the base: a change made since is shown before saving.",
        theme::dim(),
    ));
    lines
}

pub fn list_lines(model: &Model, cursor: usize) -> Vec<Line<'static>> {
    let mut lines =
        vec![Line::styled("Edits that never reached AWS, newest first (orgtui never deletes them):", theme::dim())];
    lines.push(Line::default());
    for (i, kept) in model.kept.iter().enumerate() {
        let (marker, style) = marked(i == cursor);
        let label = model.kept_label(kept);
        lines.push(Line::from(vec![Span::styled(marker, style), safe(&label, style)]));
    }
    if let Some(dir) = &model.recovery_dir {
        lines.push(Line::default());
        lines.push(Line::from(safe(&format!("In {}.", dir.display()), theme::dim())));
    }
    lines
}
