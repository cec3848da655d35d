//! The status bar (read-only badge, inbox badge, organization, source, requests in flight) and the
//! footer: the keys valid on the current screen, or a message about what just happened.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{safe, spinner, theme};
use crate::app::update::contexts;
use crate::app::{Model, Source};
use crate::keymap;

pub fn draw_status(model: &Model, frame: &mut Frame, area: Rect) {
    let sep = || Span::styled(" │ ", theme::dim());
    let mut spans = vec![Span::raw(" ")];
    // First, so it survives a narrow terminal: the one fact that changes what keys do.
    if model.read_only {
        spans.push(Span::styled(" READ-ONLY ", theme::badge_read_only()));
        spans.push(Span::raw(" "));
    }
    // Second: handshakes waiting for an answer are the thing a user must not miss.
    let waiting = model.inbox.waiting();
    if waiting > 0 {
        spans.push(Span::styled(format!(" ✉ {waiting} waiting "), theme::badge_inbox()));
        spans.push(Span::raw(" "));
    }
    // Then what explains the screen right now, before the organization's facts that a narrow
    // terminal cuts: AWS slowing everything down, and a view not yet confirmed by AWS.
    if let Some(throttle) = model.budget.describe() {
        spans.push(Span::styled(throttle, theme::warn()));
        spans.push(sep());
    }
    if let Some(cached) = &model.cached {
        let age = crate::org::time_fmt::relative(cached.written_at, model.now);
        let state = if cached.revalidating.is_some() { "refreshing" } else { "refresh failed" };
        spans.push(Span::styled(format!("cached {age}, {state}"), theme::warn()));
        spans.push(sep());
    }
    match &model.org {
        Some(org) => {
            spans.push(safe(org.id.as_str(), theme::title(false)));
            if let Some(mgmt) = &org.master_account_id {
                spans.push(sep());
                let email = org.master_account_email.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
                spans.push(safe(&format!("mgmt {mgmt}{email}"), Style::new()));
            }
            spans.push(sep());
            spans.push(safe(&format!("{} features", org.feature_set), Style::new()));
        }
        None => spans.push(Span::styled("no organization", theme::title(false))),
    }
    // Before the source: it changes while the user works, and an incomplete index changes what
    // search can find.
    if let Some(progress) = index_progress(model) {
        spans.push(sep());
        spans.push(progress);
    }
    spans.push(sep());
    spans.push(safe(&source_text(&model.source), Style::new()));
    if model.in_flight > 0 {
        spans.push(sep());
        spans.push(Span::styled(format!("{} {} in flight", spinner(model), model.in_flight), theme::warn()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme::status_bar()), area);
}

/// While the search index builds, how far it has got; after, only a warning if it is incomplete.
fn index_progress(model: &Model) -> Option<Span<'static>> {
    let search = &model.search;
    let c = search.counts();
    let n = super::search::thousands;
    if search.build.running() {
        let text = format!("indexing: {} accounts, {} OUs", n(c.accounts), n(c.ous));
        return Some(Span::styled(text, theme::warn()));
    }
    (search.build.started && !search.build.failures.is_empty())
        .then(|| Span::styled("⚠ index incomplete: / says why", theme::warn()))
}

fn source_text(source: &Source) -> String {
    match source {
        Source::Demo => "demo organization".to_owned(),
        Source::DemoAs(account) => format!("demo, as account {account}"),
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

/// The keys of the screen, or for a few seconds what just happened: a message gets the whole line
/// so it is never cut off behind the status bar's other facts.
pub fn draw_footer(model: &Model, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    if let Some(toast) = &model.toast {
        let (mark, style) = if toast.is_error { ("✗ ", theme::error()) } else { ("✓ ", theme::ok()) };
        spans.push(Span::styled(mark, style));
        spans.push(safe(&toast.text, style));
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    spans.extend(hint_spans(&fitting(keymap::footer(contexts(model), model.read_only), usize::from(area.width))));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `keys word` pairs as the footer and the dialogs show them.
pub(super) fn hint_spans(hints: &[(&'static str, &'static str)]) -> Vec<Span<'static>> {
    hints.iter().flat_map(|(keys, word)| [Span::styled(*keys, theme::key()), Span::raw(format!(" {word}  "))]).collect()
}

/// The hints that fit the width. Help and quit always stay (they lead to everything else); the
/// pane's own keys go first, from the end of the list, then the ways to other panes.
fn fitting(mut hints: Vec<(&'static str, &'static str)>, width: usize) -> Vec<(&'static str, &'static str)> {
    let size = |h: &[(&str, &str)]| 1 + h.iter().map(|(k, w)| k.chars().count() + w.chars().count() + 3).sum::<usize>();
    for keep in [&["?", "q", "Tab", "i", "o"][..], &["?", "q"][..]] {
        while size(&hints) > width {
            let Some(drop) = hints.iter().rposition(|(k, _)| !keep.contains(k)) else { break };
            hints.remove(drop);
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_footer_drops_the_panes_own_keys_first_and_never_help_or_quit() {
        let hints = vec![
            ("j/k", "move"),
            ("l/→", "expand"),
            ("e", "edit"),
            ("A", "attach"),
            ("Tab", "pane"),
            ("i", "inbox"),
            ("o", "org"),
            ("?", "help"),
            ("q", "quit"),
        ];
        let keys = |w| fitting(hints.clone(), w).iter().map(|(k, _)| *k).collect::<Vec<_>>();
        assert_eq!(keys(200).len(), hints.len(), "everything fits");
        assert_eq!(keys(70), ["j/k", "l/→", "Tab", "i", "o", "?", "q"]);
        assert_eq!(keys(30), ["Tab", "?", "q"]);
        assert_eq!(keys(5), ["?", "q"]);
    }
}
