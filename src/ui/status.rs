//! The status bar (read-only badge, inbox badge, organization, source, requests in flight) and the
//! footer: the keys valid on the current screen, or a message about what just happened.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{safe, spinner, theme};
use crate::app::{Model, Source};

/// The status bar's parts, most important first: when the terminal is too narrow for all of them,
/// the least important go first, whole, and what stays keeps its place. One order, kept here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    /// The one fact that changes what keys do.
    ReadOnly,
    /// Offline data: nothing on screen is live.
    Snapshot,
    /// Handshakes waiting for an answer: what a user must not miss.
    Inbox,
    /// Accounts marked to move together.
    Marked,
    /// AWS slowing everything down.
    Throttling,
    /// A view not yet confirmed by AWS.
    CacheAge,
    /// An incomplete index changes what search can find.
    Indexing,
    InFlight,
    Organization,
    Management,
    Features,
    Source,
}

fn draw_status(model: &Model, frame: &mut Frame, area: Rect) {
    let mut parts: Vec<(Part, Vec<Span<'static>>)> = Vec::new();
    let badge = match (&model.source, model.read_only) {
        (Source::Snapshot { .. }, true) => Some(" SNAPSHOT · READ-ONLY "),
        (Source::Snapshot { .. }, false) => Some(" SNAPSHOT · IN MEMORY "),
        (_, true) => Some(" READ-ONLY "),
        _ => None,
    };
    if let Some(badge) = badge {
        parts.push((Part::ReadOnly, vec![Span::styled(badge, theme::badge_read_only())]));
    }
    if !model.marked.is_empty() {
        let text = format!(" ✓ {} marked ", model.marked.len());
        parts.push((Part::Marked, vec![Span::styled(text, theme::badge_inbox())]));
    }
    let waiting = model.inbox.waiting();
    if waiting > 0 {
        parts.push((Part::Inbox, vec![Span::styled(format!(" ✉ {waiting} waiting "), theme::badge_inbox())]));
    }
    if let Some(throttle) = model.budget.describe() {
        parts.push((Part::Throttling, vec![Span::styled(throttle, theme::warn())]));
    }
    if let Some(cached) = &model.cached {
        let age = crate::org::time_fmt::relative(cached.written_at, model.now);
        let state = if cached.revalidating.is_some() { "refreshing" } else { "refresh failed" };
        parts.push((Part::CacheAge, vec![Span::styled(format!("cached {age}, {state}"), theme::warn())]));
    }
    match &model.org {
        Some(org) => {
            parts.push((Part::Organization, vec![safe(org.id.as_str(), theme::title(false))]));
            if let Some(mgmt) = &org.master_account_id {
                let email = org.master_account_email.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
                parts.push((Part::Management, vec![safe(&format!("mgmt {mgmt}{email}"), Style::new())]));
            }
            parts.push((Part::Features, vec![safe(&format!("{} features", org.feature_set), Style::new())]));
        }
        None => parts.push((Part::Organization, vec![Span::styled("no organization", theme::title(false))])),
    }
    if let Some(progress) = index_progress(model) {
        parts.push((Part::Indexing, vec![progress]));
    }
    let source = if matches!(model.source, Source::Snapshot { .. }) { Part::Snapshot } else { Part::Source };
    parts.push((source, vec![safe(&source_text(&model.source), Style::new())]));
    if model.in_flight > 0 {
        let text = format!("{} {} in flight", spinner(model), model.in_flight);
        parts.push((Part::InFlight, vec![Span::styled(text, theme::warn())]));
    }
    let line = fit_parts(parts, usize::from(area.width));
    frame.render_widget(Paragraph::new(line).style(theme::status_bar()), area);
}

/// The parts that fit in `width`, in their order on the bar, the least important dropped first;
/// a single part still too wide ends in "…".
fn fit_parts(mut parts: Vec<(Part, Vec<Span<'static>>)>, width: usize) -> Line<'static> {
    let badge = |p: Part| matches!(p, Part::ReadOnly | Part::Marked | Part::Inbox);
    let render = |parts: &[(Part, Vec<Span<'static>>)]| {
        let mut spans = vec![Span::raw(" ")];
        for (i, (_, content)) in parts.iter().enumerate() {
            if i > 0 {
                // Badges stand apart by a space; the facts are separated by a bar.
                let after_badge = badge(parts[i - 1].0);
                spans.push(if after_badge { Span::raw(" ") } else { Span::styled(" │ ", theme::dim()) });
            }
            spans.extend(content.iter().cloned());
        }
        Line::from(spans)
    };
    loop {
        let line = render(&parts);
        if line.width() <= width || parts.len() <= 1 {
            return super::fit::ellipsize(line, width);
        }
        let least = parts.iter().enumerate().max_by_key(|(_, (p, _))| *p).map(|(i, _)| i).unwrap_or(0);
        parts.remove(least);
    }
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

/// The two bottom rows: the status bar and the footer, or, while a message is too long for the
/// footer alone (a reason on an 80-column terminal), the message across both, so it is read whole.
pub fn draw(model: &Model, frame: &mut Frame, status: Rect, footer: Rect) {
    match toast_lines(model, usize::from(footer.width)) {
        Some(lines) if lines.len() > 1 => frame.render_widget(Paragraph::new(lines), status.union(footer)),
        // A message gets the whole footer, so it is never cut off behind the status bar's facts.
        Some(line) => {
            draw_status(model, frame, status);
            frame.render_widget(Paragraph::new(line), footer);
        }
        None => {
            draw_status(model, frame, status);
            draw_hints(model, frame, footer);
        }
    }
}

/// The message, marked and word-wrapped to `width`: one line, or two (the second cut with "…"
/// should even two not hold it). None without a message.
fn toast_lines(model: &Model, width: usize) -> Option<Vec<Line<'static>>> {
    let toast = model.toast.as_ref()?;
    let (mark, style) = if toast.is_error { ("✗ ", theme::error()) } else { ("✓ ", theme::ok()) };
    let body = crate::sanitize::clean(&toast.text);
    let line = |text: String| Line::from(Span::styled(text, style));
    // " ✗ ": the text starts past the mark, on both lines.
    let indent = " ".repeat(3);
    if body.chars().count() + indent.len() <= width {
        return Some(vec![line(format!(" {mark}{body}"))]);
    }
    let mut wrapped = super::fit::wrap_words(&body, width.saturating_sub(indent.len())).into_iter();
    let first = format!(" {mark}{}", wrapped.next().unwrap_or_default());
    let rest = wrapped.collect::<Vec<_>>().join(" ");
    Some(vec![line(first), super::fit::ellipsize(line(format!("{indent}{rest}")), width)])
}

/// The keys of the screen, the most useful that fit.
fn draw_hints(model: &Model, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    let hints: Vec<_> = crate::app::layout::footer_hints(model, area.width).into_iter().map(|h| h.hint).collect();
    spans.extend(hint_spans(&hints));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `keys word` pairs as the footer and the dialogs show them.
pub(super) fn hint_spans(hints: &[(&'static str, &'static str)]) -> Vec<Span<'static>> {
    hints.iter().flat_map(|(keys, word)| [Span::styled(*keys, theme::key()), Span::raw(format!(" {word}  "))]).collect()
}
