//! Details of the selected node: ids, ARN, email, state, how it joined, where it sits, tags and the
//! policies attached to it by type.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{is_focused, pane_block, safe, spinner, theme};
use crate::app::layout;
use crate::app::{Model, Pane};
use crate::org::time_fmt::short_utc;
use crate::org::tree::{LoadState, NodeId, NodeKind};

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let block = pane_block("Details", is_focused(model, Pane::Details));
    let scroll = model.details_scroll.min(limit(model, area));
    frame.render_widget(paragraph(model).block(block).scroll((scroll, 0)), area);
}

/// How far the pane can scroll at the current size: its wrapped text less the rows it shows.
pub fn scroll_limit(model: &Model) -> u16 {
    let screen = super::screen(model);
    limit(model, layout::areas(screen.width, screen.height, model.policy_first()).details)
}

fn limit(model: &Model, area: Rect) -> u16 {
    let inner = area.inner(Margin::new(1, 1));
    super::scroll_limit(paragraph(model).line_count(inner.width), usize::from(inner.height))
}

fn paragraph(model: &Model) -> Paragraph<'static> {
    let screen = super::screen(model);
    let width =
        usize::from(layout::areas(screen.width, screen.height, model.policy_first()).details.width.saturating_sub(2));
    let gone = model.rows.get(model.cursor).filter(|r| r.gone.is_some());
    let lines = match (model.selected(), &model.org) {
        _ if gone.is_some() => gone.map(|row| super::drift::gone_details(model, row)).unwrap_or_default(),
        (Some(id), _) => lines(model, id, width),
        // No tree to select from (a member account): what DescribeOrganization told.
        (None, Some(org)) => organization(org),
        (None, None) => vec![Line::styled("Nothing selected.", theme::dim())],
    };
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

fn field(name: &str, value: &str) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{name:<10} "), theme::label()), safe(value, Style::new())])
}

fn field_styled(name: &str, value: &str, style: Style) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{name:<10} "), theme::label()), safe(value, style)])
}

fn heading(text: &str) -> Line<'static> {
    Line::styled(text.to_owned(), theme::title(false))
}

/// An ARN under its label, broken only after a `/` or `:` (never inside an id) to the pane's width.
fn arn(value: &str, width: usize) -> Vec<Line<'static>> {
    const LABEL: usize = 11;
    let clean = crate::sanitize::clean(value);
    if LABEL + clean.chars().count() <= width {
        return vec![field("ARN", value)];
    }
    // On its own lines below the label, as the wrapped paragraph did, but at the separators.
    let mut out = vec![Line::from(Span::styled("ARN", theme::label()))];
    out.extend(super::fit::break_at(&clean, width, &['/', ':']).into_iter().map(Line::from));
    out
}

fn lines(model: &Model, id: NodeId, width: usize) -> Vec<Line<'static>> {
    let Some(node) = model.tree.get(id) else { return Vec::new() };
    let mut out = super::drift::details(model, node);
    match &node.kind {
        NodeKind::Root(r) => {
            out.push(heading("Root"));
            out.push(field("Name", &r.name));
            out.push(field("Id", r.id.as_str()));
            out.extend(arn(&r.arn, width));
            let types: Vec<String> = r
                .policy_types
                .iter()
                .map(|t| format!("{} ({})", t.policy_type.short(), t.status.to_lowercase()))
                .collect();
            out.push(field(
                "Policies",
                &if types.is_empty() { "no policy type enabled".to_owned() } else { types.join(", ") },
            ));
        }
        NodeKind::Ou(o) => {
            out.push(heading("Organizational unit"));
            out.push(field("Name", &o.name));
            out.push(field("Id", o.id.as_str()));
            out.extend(arn(&o.arn, width));
            out.push(field("Path", &path(model, id)));
            if let Some((ous, accounts)) = model.tree.child_counts(id) {
                out.push(field(
                    "Contains",
                    &format!(
                        "{ous} {}, {accounts} {}",
                        if ous == 1 { "OU" } else { "OUs" },
                        if accounts == 1 { "account" } else { "accounts" }
                    ),
                ));
            }
        }
        NodeKind::Account(a) => {
            out.push(heading("Account"));
            out.push(field("Name", &a.name));
            out.push(field("Id", a.id.as_str()));
            out.extend(arn(&a.arn, width));
            out.push(field("Email", &a.email));
            out.push(field_styled("State", &a.state, theme::account_state(&a.state)));
            let joined = match (&a.joined_method, a.joined_timestamp) {
                (Some(m), Some(t)) => format!("{} {}", m.to_lowercase(), short_utc(t)),
                (Some(m), None) => m.to_lowercase(),
                (None, Some(t)) => short_utc(t),
                (None, None) => "unknown".to_owned(),
            };
            out.push(field("Joined", &joined));
            out.push(field("Path", &path(model, id)));
            if model.governance.load == crate::org::tree::LoadState::Loaded
                && let Some(role) = model.governance.data.delegations_of(&a.id)
            {
                out.push(field("Role", &role));
            }
        }
        NodeKind::Policies { target } => {
            out.push(heading("Policies"));
            out.push(field("Target", target.as_str()));
            out.push(Line::styled("The policies attached directly here; inherited ones sit higher up.", theme::dim()));
        }
        NodeKind::Policy(p) => {
            out.push(heading("Policy"));
            out.push(field("Name", &p.name));
            out.push(field("Id", p.id.as_str()));
            out.push(field("Type", p.policy_type.as_str()));
            out.extend(arn(&p.arn, width));
            out.push(field("Managed", if p.aws_managed { "by AWS (read-only)" } else { "by this organization" }));
            if !p.description.is_empty() {
                out.push(field("About", &p.description));
            }
            out.push(Line::default());
            out.extend(tags(model, &crate::org::ResourceId::Policy(p.id.clone())));
            return out;
        }
    }
    if let LoadState::Failed(e) = &node.load {
        out.push(Line::default());
        out.push(Line::from(safe(&format!("✗ Loading what is under it failed: {e}"), theme::error())));
        if let Some(fix) = e.fix(None) {
            out.push(Line::from(safe(&format!("  {fix}"), theme::dim())));
        }
        out.push(Line::styled("  r retries", theme::dim()));
    }
    if let Some(target) = node.kind.resource() {
        out.push(Line::default());
        out.extend(tags(model, &target));
    }
    if let Some(group) = model.tree.policies_group(id) {
        out.push(Line::default());
        out.extend(attached(model, group));
    }
    out
}

/// `Root / Workloads / Prod`: the OUs above a node.
fn organization(org: &crate::org::Organization) -> Vec<Line<'static>> {
    let mut out = vec![
        heading("Organization"),
        field("Id", org.id.as_str()),
        field("ARN", &org.arn),
        field("Features", &org.feature_set),
    ];
    if let Some(mgmt) = &org.master_account_id {
        out.push(field("Mgmt", mgmt.as_str()));
    }
    if let Some(email) = &org.master_account_email {
        out.push(field("Mgmt email", email));
    }
    out
}

fn path(model: &Model, id: NodeId) -> String {
    let names: Vec<&str> = model
        .tree
        .path(id)
        .into_iter()
        .filter(|&p| p != id)
        .filter_map(|p| model.tree.get(p))
        .filter(|n| matches!(n.kind, NodeKind::Root(_) | NodeKind::Ou(_)))
        .map(|n| n.kind.name())
        .collect();
    names.join(" / ")
}

fn tags(model: &Model, target: &crate::org::ResourceId) -> Vec<Line<'static>> {
    let mut out = vec![heading("Tags")];
    match model.tags.get(target).map(|e| (&e.load, &e.tags)) {
        Some((LoadState::Loaded, tags)) if tags.is_empty() => out.push(Line::styled("none", theme::dim())),
        Some((LoadState::Loaded, tags)) => {
            for tag in tags {
                out.push(Line::from(vec![
                    safe(&tag.key, theme::key()),
                    Span::raw(" = "),
                    safe(&tag.value, Style::new()),
                ]));
            }
        }
        Some((LoadState::Failed(e), _)) if e.is_not_recorded() => out.push(Line::styled(QUICK_NOTE, theme::dim())),
        Some((LoadState::Failed(e), _)) => out.push(Line::from(safe(&format!("✗ {e}"), theme::error()))),
        _ => out.push(Line::styled(format!("{} loading...", spinner(model)), theme::dim())),
    }
    out
}

/// What a `--quick` snapshot left out, said calmly where it would be shown.
pub(super) const QUICK_NOTE: &str = "not in this snapshot: taken with --quick";

fn attached(model: &Model, group: NodeId) -> Vec<Line<'static>> {
    let mut out = vec![heading("Attached policies")];
    let Some(node) = model.tree.get(group) else { return out };
    match &node.load {
        LoadState::Loaded if node.children.is_empty() => out.push(Line::styled("none", theme::dim())),
        LoadState::Loaded => {
            let mut by_type: BTreeMap<(u8, String), (String, Vec<String>)> = BTreeMap::new();
            for child in node.children.iter().filter_map(|&c| model.tree.get(c)) {
                if let NodeKind::Policy(p) = &child.kind {
                    let entry = by_type.entry(p.policy_type.sort_key()).or_default();
                    entry.0 = p.policy_type.short().to_owned();
                    entry.1.push(p.name.clone());
                }
            }
            for (short, names) in by_type.into_values() {
                out.push(Line::from(vec![
                    Span::styled(format!("{short:<10} "), theme::policy_type(&short)),
                    safe(&names.join(", "), Style::new()),
                ]));
            }
        }
        LoadState::Failed(e) => out.push(Line::from(safe(&format!("✗ {e}"), theme::error()))),
        _ => out.push(Line::styled(format!("{} loading...", spinner(model)), theme::dim())),
    }
    out
}
