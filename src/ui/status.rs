//! The status bar (organization, source, read-only badge, requests in flight, toasts) and the footer
//! of keys valid in the focused pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{safe, spinner, theme};
use crate::app::update::context;
use crate::app::{Model, Source};
use crate::keymap;

pub fn draw_status(model: &Model, frame: &mut Frame, area: Rect) {
    let org = &model.org;
    let sep = || Span::styled(" │ ", theme::dim());
    let mut spans = vec![Span::raw(" ")];
    // First, so it survives a narrow terminal: the one fact that changes what keys do.
    if model.read_only {
        spans.push(Span::styled(" READ-ONLY ", theme::badge_read_only()));
        spans.push(Span::raw(" "));
    }
    spans.push(safe(org.id.as_str(), theme::title(false)));
    if let Some(mgmt) = &org.master_account_id {
        spans.push(sep());
        let email = org.master_account_email.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
        spans.push(safe(&format!("mgmt {mgmt}{email}"), Style::new()));
    }
    spans.push(sep());
    spans.push(safe(&format!("{} features", org.feature_set), Style::new()));
    spans.push(sep());
    spans.push(safe(&source_text(&model.source), Style::new()));
    if model.in_flight > 0 {
        spans.push(sep());
        spans.push(Span::styled(format!("{} {} in flight", spinner(model), model.in_flight), theme::warn()));
    }
    if let Some(toast) = &model.toast {
        spans.push(sep());
        let style = if toast.is_error { theme::error() } else { theme::ok() };
        spans.push(safe(&toast.text, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme::status_bar()), area);
}

fn source_text(source: &Source) -> String {
    match source {
        Source::Demo => "demo organization".to_owned(),
        Source::Snapshot { path, taken_at } => format!("snapshot {path} ({taken_at})"),
        Source::Aws { profile, region, endpoint } => {
            let mut text = format!("profile {} · {region}", profile.as_deref().unwrap_or("default"));
            if let Some(url) = endpoint {
                text.push_str(&format!(" · {url}"));
            }
            text
        }
    }
}

pub fn draw_footer(model: &Model, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    for (keys, word) in keymap::footer(context(model), model.read_only) {
        spans.push(Span::styled(keys, theme::key()));
        spans.push(Span::raw(format!(" {word}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
