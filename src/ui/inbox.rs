//! The handshake inbox: a list with what waits for an answer first, and the selected handshake in
//! full (parties, every resource as a tree, the sender's message, what the user can do with it).

use ratatui::Frame;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{is_focused, pane_block, safe, spinner, theme};
use crate::app::inbox::{InboxItem, all_features_change};
use crate::app::layout;
use crate::app::{Model, Pane};
use crate::org::HandshakeResource;
use crate::org::time_fmt::{relative, short_utc};
use crate::org::tree::LoadState;

pub fn draw(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    let areas = layout::inbox_areas(area.width, area.height);
    draw_list(model, frame, areas.list);
    let block = pane_block("Handshake", is_focused(model, Pane::Handshake));
    let scroll = model.inbox.detail_scroll.min(limit(model, areas.detail));
    frame.render_widget(detail(model).block(block).scroll((scroll, 0)), areas.detail);
}

fn list_title(model: &Model) -> String {
    let inbox = &model.inbox;
    let shown = if inbox.only_actionable { "waiting only" } else { "all" };
    let whose = if inbox.sent_unavailable.is_some() { "received" } else { "received and sent" };
    format!("Inbox · {whose} · {} waiting of {} · showing {shown}", inbox.waiting(), inbox.items.len())
}

fn draw_list(model: &Model, frame: &mut Frame, area: Rect) {
    let focused = is_focused(model, Pane::Inbox);
    let block = pane_block(&list_title(model), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let visible = model.inbox.visible();
    if visible.is_empty() {
        frame.render_widget(Paragraph::new(empty_text(model)).wrap(Wrap { trim: true }), inner);
        return;
    }
    // The action column is as wide as the longest action shown, so the other party gets the room.
    let action_width = visible.iter().map(|i| i.handshake.action.chars().count()).max().unwrap_or(0).clamp(6, 37);
    let rows = visible.iter().map(|item| row(model, item));
    let widths = [
        Constraint::Length(u16::try_from(action_width).unwrap_or(37)),
        Constraint::Length(9),
        Constraint::Min(16),
        Constraint::Length(13),
        Constraint::Length(19),
    ];
    let header = Row::new(["ACTION", "STATE", "OTHER PARTY", "REQUESTED", "EXPIRY"]).style(theme::label());
    let table = Table::new(rows, widths).header(header).column_spacing(1).row_highlight_style(theme::cursor(focused));
    // A table state made for this frame: it only scrolls the selected row into view.
    let mut state = TableState::default().with_selected(Some(model.inbox.cursor));
    frame.render_stateful_widget(table, inner, &mut state);
}

fn empty_text(model: &Model) -> Vec<Line<'static>> {
    match &model.inbox.load {
        LoadState::Failed(e) => {
            vec![Line::from(vec![safe(&format!("✗ {e}"), theme::error()), Span::styled("  r retries", theme::dim())])]
        }
        LoadState::Loaded if model.inbox.only_actionable && !model.inbox.items.is_empty() => {
            vec![Line::styled("Nothing waits for an answer. f shows every handshake.", theme::dim())]
        }
        LoadState::Loaded => vec![Line::styled(
            "No handshakes. Invitations to join an organization and requests to enable all features appear here.",
            theme::dim(),
        )],
        _ => vec![Line::styled(format!("{} loading handshakes...", spinner(model)), theme::dim())],
    }
}

/// The party that is not the caller: the sending organization of a received handshake, the
/// recipient of a sent one.
fn other_party(item: &InboxItem) -> String {
    let h = &item.handshake;
    if item.received && !item.sent {
        let org = h.organization().unwrap_or("?");
        let email = h.resource("MASTER_EMAIL").filter(|e| !e.is_empty());
        return format!("← {org}{}", email.map(|e| format!(" ({e})")).unwrap_or_default());
    }
    match h.recipient() {
        Some((id, kind)) => format!("→ {} {id}", kind.to_lowercase()),
        None => "→ every invited member".to_owned(),
    }
}

fn row(model: &Model, item: &InboxItem) -> Row<'static> {
    let h = &item.handshake;
    let requested = h.requested_timestamp.map(|t| relative(t, model.now)).unwrap_or_default();
    let expiry = h.expiry_text(model.now).unwrap_or_else(|| "—".to_owned());
    Row::new([
        Cell::from(safe(&h.action, Style::new().add_modifier(Modifier::BOLD))),
        Cell::from(safe(&h.state, theme::handshake_state(&h.state))),
        Cell::from(safe(&other_party(item), Style::new())),
        Cell::from(safe(&requested, theme::dim())),
        Cell::from(safe(&expiry, if h.state == "OPEN" { theme::warn() } else { theme::dim() })),
    ])
}

/// How far the handshake pane can scroll at the current size.
pub fn scroll_limit(model: &Model) -> u16 {
    let screen = super::screen(model);
    limit(model, layout::inbox_areas(screen.width, screen.height).detail)
}

fn limit(model: &Model, area: Rect) -> u16 {
    let inner = area.inner(Margin::new(1, 1));
    super::scroll_limit(detail(model).line_count(inner.width), usize::from(inner.height))
}

fn field(name: &str, value: &str, style: Style) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{name:<10} "), theme::label()), safe(value, style)])
}

fn heading(text: &str) -> Line<'static> {
    Line::styled(text.to_owned(), theme::title(false))
}

fn detail(model: &Model) -> Paragraph<'static> {
    let lines = match model.inbox.selected() {
        Some(item) => detail_lines(model, item),
        None => vec![Line::styled("No handshake selected.", theme::dim())],
    };
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

fn when(t: Option<time::OffsetDateTime>, model: &Model) -> String {
    t.map(|t| format!("{} ({})", short_utc(t), relative(t, model.now))).unwrap_or_else(|| "—".to_owned())
}

fn detail_lines(model: &Model, item: &InboxItem) -> Vec<Line<'static>> {
    let h = &item.handshake;
    let direction = match (item.received, item.sent) {
        (true, true) => "sent by your organization to your account",
        (true, false) => "received by your account",
        _ => "sent by your organization",
    };
    let mut out = vec![
        Line::from(vec![
            safe(&h.action, theme::title(false)),
            Span::raw("  "),
            safe(&h.state, theme::handshake_state(&h.state)),
            Span::styled(format!("  {direction}"), theme::dim()),
        ]),
        what_now(model, item),
        Line::default(),
    ];
    // The sender's words come before the details: they are what a person reads first.
    if let Some(notes) = h.notes() {
        out.push(Line::from(vec![
            Span::styled("Message   ", theme::label()),
            safe(&format!("“{notes}”"), theme::quote()),
        ]));
    }
    out.extend([
        field("Id", h.id.as_str(), Style::new()),
        field("ARN", &h.arn, theme::dim()),
        field("Requested", &when(h.requested_timestamp, model), Style::new()),
        field("Expires", &when(h.expiration_timestamp, model), Style::new()),
        Line::default(),
        heading("Parties"),
    ]);
    for p in &h.parties {
        out.push(Line::from(vec![
            Span::raw("  "),
            safe(&format!("{:<13} ", p.party_type), theme::label()),
            safe(&p.id, Style::new()),
        ]));
    }
    out.push(Line::default());
    out.push(heading("Resources"));
    resource_tree(&h.resources, "  ", &mut out);
    if h.action == "ENABLE_ALL_FEATURES"
        && let Some(change) = all_features_change(&model.inbox).filter(|c| c.parent == h.id)
    {
        out.push(Line::default());
        out.push(field("Progress", &change.text(), theme::warn()));
    }
    out
}

/// Resources nest (an ORGANIZATION holds MASTER_EMAIL, MASTER_NAME, ...): drawn as a tree.
fn resource_tree(list: &[HandshakeResource], indent: &str, out: &mut Vec<Line<'static>>) {
    for (i, r) in list.iter().enumerate() {
        let last = i + 1 == list.len();
        let branch = if indent == "  " {
            ""
        } else if last {
            "└─ "
        } else {
            "├─ "
        };
        out.push(Line::from(vec![
            Span::styled(format!("{indent}{branch}"), theme::dim()),
            safe(&format!("{} ", r.resource_type), theme::label()),
            safe(&r.value, Style::new()),
        ]));
        if !r.resources.is_empty() {
            let deeper = if indent == "  " {
                "  ".to_owned()
            } else {
                format!("{indent}{}", if last { "   " } else { "│  " })
            };
            resource_tree(&r.resources, &format!("{deeper} "), out);
        }
    }
}

fn what_now(model: &Model, item: &InboxItem) -> Line<'static> {
    let key = |k: &str| Span::styled(k.to_owned(), theme::key());
    if model.read_only && (item.can_answer() || item.can_cancel()) {
        return Line::styled("Read-only mode: answering is off.", theme::dim());
    }
    let mut spans = Vec::new();
    if item.can_answer() {
        spans.extend([key("a"), Span::raw(" accept   "), key("d"), Span::raw(" decline   ")]);
    }
    if item.can_cancel() {
        spans.extend([key("c"), Span::raw(" cancel")]);
    }
    if spans.is_empty() {
        let text = if crate::org::handshake::is_actionable(&item.handshake.state) {
            "Waiting for the other party."
        } else {
            "Nothing left to answer."
        };
        return Line::styled(text, theme::dim());
    }
    Line::from(spans)
}
