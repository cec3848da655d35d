//! The structure form: a new OU's name and tags, an OU's new name, or a resource's tags.

use ratatui::text::Line;

use super::dialog::input;
use super::{safe, theme};
use crate::app::structure::{Purpose, StructureForm};
use crate::org::limits;

pub fn title(form: &StructureForm) -> String {
    match &form.purpose {
        Purpose::CreateOu { path, .. } => format!("New OU in {path}"),
        Purpose::RenameOu { old, .. } => format!("Rename the OU {old}"),
        Purpose::Tags { label, .. } => format!("Tags of {label}"),
    }
}

pub fn lines(form: &StructureForm) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if form.has_name() {
        lines.extend(input("Name", &form.name, !form.on_tags, "required"));
    }
    if form.has_tags() {
        if form.has_name() {
            lines.push(Line::default());
        }
        lines.extend(input("Tags (key=value, separated by commas)", &form.tags, form.on_tags, "none"));
        lines.push(Line::styled(
            format!(
                "  up to {} tags, keys of {} characters, values of {}; no aws: keys",
                limits::MAX_TAGS,
                limits::MAX_TAG_KEY,
                limits::MAX_TAG_VALUE
            ),
            theme::dim(),
        ));
        if matches!(form.purpose, Purpose::Tags { .. }) {
            lines.push(Line::styled("  remove a pair to remove that tag", theme::dim()));
        }
    }
    if let Some(error) = &form.error {
        lines.push(Line::default());
        lines.push(Line::from(safe(&format!("✗ {error}"), theme::error())));
    }
    lines
}
