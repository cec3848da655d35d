//! The organization tree: only the rows in view are drawn, so a huge organization costs no more per
//! frame than a small one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{is_focused, pane_block, safe, spinner, theme};
use crate::api::ApiError;
use crate::app::{Model, Pane};
use crate::org::tree::{LoadState, Node, NodeId, NodeKind, Row};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let focused = is_focused(model, Pane::Tree);
    let block = match model.drift.as_deref() {
        Some(drift) => pane_block(&super::drift::title(drift), focused)
            .title_bottom(super::drift::legend(drift, usize::from(area.width.saturating_sub(2)))),
        None => pane_block("Organization", focused),
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if let Some(e) = model.tree_unavailable() {
        frame.render_widget(Paragraph::new(unavailable(e)).wrap(Wrap { trim: true }), inner);
        return;
    }
    if model.rows.is_empty() {
        let line = match &model.roots_load {
            LoadState::Failed(e) => {
                Line::from(vec![safe(&format!("✗ {e}"), theme::error()), Span::styled("  r retries", theme::dim())])
            }
            LoadState::Loaded => Line::styled("This organization has no roots.", theme::dim()),
            _ => Line::styled(format!("{} loading roots...", spinner(model)), theme::dim()),
        };
        frame.render_widget(Paragraph::new(line), inner);
        return;
    }

    let height = usize::from(inner.height);
    let lines: Vec<Line> = model
        .rows
        .iter()
        .enumerate()
        .skip(model.tree_offset)
        .take(height)
        .map(|(index, row)| {
            // A row wider than the pane ends in "…": the user sees it goes on.
            let line = super::fit::ellipsize(row_line(model, row), usize::from(inner.width));
            if index == model.cursor { line.style(theme::cursor(focused)) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Why these credentials see no tree, calmly: it is how AWS works, not a failure.
fn unavailable(e: &ApiError) -> Vec<Line<'static>> {
    let why = match e {
        ApiError::NotInOrganization => "This account does not belong to an organization yet.".to_owned(),
        ApiError::AccessDenied { action, .. } => format!(
            "These credentials may not list the organization. AWS lets only the management account (or a \
             delegated administrator) list its roots, OUs and accounts, so this is expected from a member \
             account; from the management account, the IAM policy lacks organizations:{action}."
        ),
        _ => String::new(),
    };
    vec![
        Line::styled("No organization tree for this account", theme::title(false)),
        Line::default(),
        Line::from(why),
        Line::default(),
        Line::from(vec![
            Span::raw("Invitations and requests addressed to this account are in the inbox: press "),
            Span::styled("i", theme::key()),
            Span::raw("."),
        ]),
        Line::default(),
        Line::from(safe(&format!("({e})"), theme::dim())),
    ]
}

fn row_line(model: &Model, row: &Row) -> Line<'static> {
    if row.gone.is_some() {
        return super::drift::gone_line(model, row);
    }
    let Some(node) = model.tree.get(row.id) else { return Line::default() };
    let mut spans = vec![Span::raw("  ".repeat(usize::from(row.depth)))];
    spans.push(Span::styled(
        if !node.can_expand() {
            "  "
        } else if node.expanded {
            "▾ "
        } else {
            "▸ "
        },
        theme::dim(),
    ));
    spans.extend(super::drift::mark(model, node));
    spans.extend(label(model, row.id, node));
    match &node.load {
        LoadState::Loading { .. } => spans.push(Span::styled(format!("  {} loading...", spinner(model)), theme::dim())),
        LoadState::Failed(e) => {
            spans.push(safe(&format!("  ✗ {}", e.kind()), theme::error()));
            spans.push(Span::styled(" r retries", theme::dim()));
        }
        _ => {}
    }
    Line::from(spans)
}

fn label(model: &Model, id: NodeId, node: &Node) -> Vec<Span<'static>> {
    match &node.kind {
        NodeKind::Root(r) => vec![
            Span::styled("◆ ", theme::warn()),
            safe(&r.name, Style::new().add_modifier(ratatui::style::Modifier::BOLD)),
            safe(&format!("  {}", r.id), theme::dim()),
        ],
        NodeKind::Ou(o) => {
            let mut spans = vec![
                Span::styled("▣ ", theme::key()),
                safe(&o.name, Style::new().add_modifier(ratatui::style::Modifier::BOLD)),
            ];
            if let Some((ous, accounts)) = model.tree.child_counts(id) {
                spans.push(Span::styled(format!("  {}", counts(ous, accounts)), theme::dim()));
            }
            spans
        }
        NodeKind::Account(a) => vec![
            // A marked account (m), to move with the others.
            if model.marked.iter().any(|m| m.id == a.id) {
                Span::styled("✓ ", theme::title(true))
            } else {
                Span::styled("● ", theme::account_state(&a.state))
            },
            safe(&a.name, Style::new()),
            safe(&format!("  {}", a.id), theme::dim()),
            safe(&format!("  {}", a.state), theme::account_state(&a.state)),
        ],
        NodeKind::Policies { .. } => {
            let mut spans = vec![Span::styled("⚖ Policies", theme::label())];
            if node.load == LoadState::Loaded {
                spans.push(Span::styled(format!(" ({})", node.children.len()), theme::dim()));
            }
            spans
        }
        NodeKind::Policy(p) => {
            let short = p.policy_type.short().to_owned();
            let mut spans = vec![safe(&format!("[{short}] "), theme::policy_type(&short)), safe(&p.name, Style::new())];
            if p.aws_managed {
                spans.push(Span::styled("  AWS managed", theme::dim()));
            }
            spans
        }
    }
}

fn counts(ous: usize, accounts: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (ous, accounts) {
        (0, 0) => "empty".to_owned(),
        (0, a) => plural(a, "account"),
        (o, 0) => plural(o, "OU"),
        (o, a) => format!("{} · {}", plural(o, "OU"), plural(a, "account")),
    }
}
