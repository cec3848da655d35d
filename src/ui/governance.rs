//! The governance view's text: delegated administrators and what they administer, services with
//! trusted access, the accounts where a management policy is not enforced, and the resource policy,
//! highlighted.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{safe, theme};
use crate::app::Model;
use crate::org::governance::{Governance, ServiceSince};
use crate::org::tree::LoadState;

pub const TITLE: &str = "Governance";

fn date(s: &ServiceSince) -> String {
    s.since.map(|t| format!("since {}", t.date())).unwrap_or_default()
}

fn heading(text: String) -> Line<'static> {
    Line::styled(text, theme::title(true))
}

pub fn lines(model: &Model) -> Vec<Line<'static>> {
    let g = &model.governance;
    match &g.load {
        LoadState::Loaded => {}
        LoadState::Failed(e) => {
            return vec![
                Line::from(safe(&format!("Could not be read: {e}"), theme::error())),
                Line::styled("r reads it again.", theme::dim()),
            ];
        }
        _ => {
            return vec![Line::styled(
                "Reading the delegated administrators, trusted services, resource policy and policies not enforced...",
                theme::dim(),
            )];
        }
    }
    let g = &g.data;
    let mut out = vec![heading(format!("Delegated administrators ({})", g.delegated.len()))];
    if g.delegated.is_empty() {
        out.push(Line::styled("  none: only the management account administers services", theme::dim()));
    }
    for d in &g.delegated {
        let since = d.since.map(|t| format!("  since {}", t.date())).unwrap_or_default();
        out.push(Line::from(vec![
            Span::raw("  "),
            safe(&d.name, Style::new().add_modifier(Modifier::BOLD)),
            safe(&format!("  {}{since}", d.account_id), theme::dim()),
        ]));
        if d.services.is_empty() {
            out.push(Line::styled("    no service delegated", theme::dim()));
        }
        for s in &d.services {
            out.push(Line::from(vec![
                Span::raw("    "),
                safe(s.short(), Style::new()),
                safe(&format!("  {}", date(s)), theme::dim()),
            ]));
        }
    }
    out.push(Line::default());
    out.push(heading(format!("Trusted access ({} services)", g.trusted.len())));
    if g.trusted.is_empty() {
        out.push(Line::styled("  no service has trusted access", theme::dim()));
    }
    for s in &g.trusted {
        out.push(Line::from(vec![
            Span::raw("  "),
            safe(&s.principal, Style::new()),
            safe(&format!("  {}", date(s)), theme::dim()),
        ]));
    }
    out.push(Line::default());
    out.extend(not_enforced(g));
    out.push(Line::default());
    out.push(heading("Resource policy".to_owned()));
    match &g.resource_policy {
        None if let Some(e) = &g.resource_policy_error => {
            out.push(Line::from(safe(&format!("  could not be read: {e}"), theme::warn())));
        }
        None => out.push(Line::styled("  none: no other account may call Organizations through it", theme::dim())),
        Some(text) => {
            for segments in crate::policy::highlight::json(text) {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(segments.iter().map(super::policy_pane::segment));
                out.push(Line::from(spans));
            }
        }
    }
    out
}

/// The accounts where AWS does not enforce a management policy, by type, and the types whose list
/// could not be read.
fn not_enforced(g: &Governance) -> Vec<Line<'static>> {
    let mut out = vec![heading(format!("Management policies not enforced ({} accounts)", g.invalid_accounts()))];
    if g.invalid.is_empty() && g.invalid_errors.is_empty() {
        out.push(Line::styled("  none: every effective tag, backup, ... policy is enforced", theme::dim()));
    }
    for i in &g.invalid {
        out.push(Line::from(vec![
            Span::raw("  "),
            safe(&format!("{} policy", i.policy_type.short()), theme::warn()),
            Span::raw("  "),
            safe(&i.name, Style::new().add_modifier(Modifier::BOLD)),
            safe(&format!("  {}", i.account_id), theme::dim()),
        ]));
    }
    if !g.invalid.is_empty() {
        out.push(Line::styled("  w on the account says why", theme::dim()));
    }
    for e in &g.invalid_errors {
        out.push(Line::from(safe(&format!("  could not be listed: {e}"), theme::warn())));
    }
    out
}
