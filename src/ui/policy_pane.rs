//! The policy pane: a summary, then the content pretty-printed and highlighted, with line numbers.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{is_focused, pane_block, safe, spinner, theme};
use crate::app::layout;
use crate::app::{Model, Pane};
use crate::org::tree::LoadState;
use crate::policy::{PreparedPolicy, Segment};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let focused = is_focused(model, Pane::Policy);
    let entry = model.shown_policy.as_ref().and_then(|id| model.policies.get(id).map(|e| (id, e)));
    let (title, lines) = match entry {
        None => (
            "Policy".to_owned(),
            vec![Line::styled("Select a policy under ⚖ Policies in the tree to see it here.", theme::dim())],
        ),
        Some((_, e)) if e.prepared.is_some() => {
            let Some(prepared) = e.prepared.as_deref() else { return };
            (format!("Policy · {}", prepared.policy.summary.name), content(model, prepared, area))
        }
        Some((id, e)) => {
            let line = match &e.load {
                LoadState::Failed(err) => Line::from(vec![
                    safe(&format!("✗ {err}"), theme::error()),
                    Span::styled("  r retries", theme::dim()),
                ]),
                _ => Line::styled(format!("{} loading {id}...", spinner(model)), theme::dim()),
            };
            (format!("Policy · {id}"), vec![line])
        }
    };
    frame.render_widget(Paragraph::new(lines).block(pane_block(&title, focused)), area);
}

/// How far the content can scroll at the current size: its lines less the rows left under the header.
pub fn scroll_limit(model: &Model) -> u16 {
    let prepared =
        model.shown_policy.as_ref().and_then(|id| model.policies.get(id)).and_then(|e| e.prepared.as_deref());
    let Some(prepared) = prepared else { return 0 };
    let screen = super::screen(model);
    limit(prepared, layout::areas(screen.width, screen.height, model.policy_first()).policy)
}

fn limit(prepared: &PreparedPolicy, area: Rect) -> u16 {
    let rows = usize::from(area.height.saturating_sub(2)).saturating_sub(header(prepared).len());
    super::scroll_limit(prepared.lines.len(), rows)
}

fn content(model: &Model, prepared: &PreparedPolicy, area: Rect) -> Vec<Line<'static>> {
    let header = header(prepared);
    let width = prepared.lines.len().to_string().len();
    // Only the lines that fit are turned into spans: a long policy costs no more per frame.
    let scroll = usize::from(model.policy_scroll.min(limit(prepared, area)));
    let body = prepared.lines.iter().enumerate().skip(scroll).take(usize::from(area.height)).map(|(i, segments)| {
        let mut spans = vec![Span::styled(format!("{:>width$} ", i + 1), theme::dim())];
        spans.extend(segments.iter().map(segment));
        Line::from(spans)
    });
    header.into_iter().chain(body).collect()
}

/// Name, id and type; the description; a warning when the content is not JSON.
fn header(prepared: &PreparedPolicy) -> Vec<Line<'static>> {
    let summary = &prepared.policy.summary;
    let mut header = vec![Line::from(vec![
        safe(&format!("{} ", summary.policy_type.short()), theme::policy_type(summary.policy_type.short())),
        safe(&summary.name, Style::new().add_modifier(Modifier::BOLD)),
        safe(&format!("  {}", summary.id), theme::dim()),
        Span::styled(if summary.aws_managed { "  AWS managed" } else { "" }, theme::dim()),
    ])];
    if !summary.description.is_empty() {
        header.push(Line::from(safe(&summary.description, theme::dim())));
    }
    if !prepared.valid_json {
        header.push(Line::styled("This content is not valid JSON; shown as stored.", theme::warn()));
    }
    header
}

pub(crate) fn segment(s: &Segment) -> Span<'static> {
    let mut style = Style::new();
    if let Some((r, g, b)) = s.fg {
        style = style.fg(Color::Rgb(r, g, b));
    }
    if s.bold {
        style = style.add_modifier(Modifier::BOLD);
    }
    safe(&s.text, style)
}
