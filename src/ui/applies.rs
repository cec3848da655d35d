//! What applies to an account or OU: on the left the path with the SCPs and RCPs at each level and
//! the checker's answer; on the right the effective management policies and what they come from.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{is_focused, pane_block, safe, spinner, theme};
use crate::app::applies::{self, PathLevel, Pending};
use crate::app::{Model, Pane, layout};
use crate::org::time_fmt::short_utc;
use crate::org::tree::LoadState;
use crate::org::{AccountId, PolicyType};
use crate::policy::evaluate::{self, AllowList, Verdict};

pub fn draw(model: &Model, frame: &mut Frame) {
    let (chain_area, effective_area) = layout::applies_areas(model.size.0, model.size.1);
    let (title, lines) = chain_pane(model, text_width(chain_area));
    pane(model, frame, chain_area, Pane::Chain, &title, lines);
    let (title, lines) = effective_pane(model, text_width(effective_area));
    pane(model, frame, effective_area, Pane::Effective, &title, lines);
}

fn pane(model: &Model, frame: &mut Frame, area: Rect, which: Pane, title: &str, lines: Vec<Line<'static>>) {
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let scroll = scroll_of(model, which).min(limit(&paragraph, area));
    let block = pane_block(title, is_focused(model, which));
    frame.render_widget(paragraph.block(block).scroll((scroll, 0)), area);
}

fn scroll_of(model: &Model, which: Pane) -> u16 {
    model.applies.as_ref().map_or(0, |a| if which == Pane::Chain { a.chain_scroll } else { a.effective_scroll })
}

fn limit(paragraph: &Paragraph, area: Rect) -> u16 {
    let rows = paragraph.line_count(area.width.saturating_sub(2));
    super::scroll_limit(rows, usize::from(area.height.saturating_sub(2)))
}

/// How far a pane of the view can scroll at the current size.
pub fn scroll_limit(model: &Model, which: Pane) -> u16 {
    let (chain_area, effective_area) = layout::applies_areas(model.size.0, model.size.1);
    let (lines, area) = if which == Pane::Chain {
        (chain_pane(model, text_width(chain_area)).1, chain_area)
    } else {
        (effective_pane(model, text_width(effective_area)).1, effective_area)
    };
    limit(&Paragraph::new(lines).wrap(Wrap { trim: false }), area)
}

fn text_width(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(2))
}

/// Untrusted text word-wrapped to `width`, its first line indented by `indent` and the rest by two
/// more, so a long statement reads as one item under its policy.
fn hang(text: &str, indent: usize, width: usize, style: Style) -> Vec<Line<'static>> {
    let clean = crate::sanitize::clean(text);
    let mut lines = Vec::new();
    let mut current = " ".repeat(indent);
    let mut empty = true;
    for word in clean.split(' ').filter(|w| !w.is_empty()) {
        let room = width.saturating_sub(current.chars().count() + usize::from(!empty));
        if !empty && word.chars().count() > room {
            lines.push(Line::styled(std::mem::replace(&mut current, " ".repeat(indent + 2)), style));
            empty = true;
        }
        if !empty {
            current.push(' ');
        }
        current.push_str(word);
        empty = false;
    }
    lines.push(Line::styled(current, style));
    lines
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

fn chain_pane(model: &Model, width: usize) -> (String, Vec<Line<'static>>) {
    let path = applies::path(model);
    let Some(subject) = path.last() else {
        let gone = "What this view was about is no longer in the tree (it was moved or removed). Esc goes back.";
        return ("What applies".to_owned(), vec![Line::styled(gone, theme::warn())]);
    };
    let title = format!("What applies · {}", subject.label);
    let mut out =
        vec![Line::from(safe(&path.iter().map(|l| l.label.clone()).collect::<Vec<_>>().join(" › "), theme::dim()))];
    out.push(Line::default());
    out.extend(check_lines(model, width));
    out.push(Line::default());
    out.push(Line::styled(
        "AWS's rule: an action is allowed only if an Allow covers it at every level below, and an explicit \
         Deny at any level wins. SCPs limit what this account's principals may do; RCPs limit what may be \
         done to its resources. Neither applies to the management account.",
        theme::dim(),
    ));
    for level in &path {
        out.push(Line::default());
        out.extend(level_lines(model, level, width));
    }
    (title, out)
}

fn check_lines(model: &Model, width: usize) -> Vec<Line<'static>> {
    let Some(question) = model.applies.as_ref().and_then(|a| a.question.as_ref()) else {
        return vec![Line::from(vec![
            Span::styled("c", theme::key()),
            Span::styled(" checks an action: may this account call ec2:RunInstances in eu-west-1?", theme::dim()),
        ])];
    };
    let asked = format!("Check: {}", question.describe());
    let mut out = vec![Line::from(safe(&asked, bold()))];
    let answer = match applies::answer(model) {
        None => return out,
        Some(Err(Pending::Loading(n))) => {
            out.push(Line::styled(
                format!("{} reading {n} more list(s) and policies first...", spinner(model)),
                theme::dim(),
            ));
            return out;
        }
        Some(Err(Pending::Failed(why))) => {
            out.push(Line::from(safe(&format!("✗ cannot answer: {why}"), theme::error())));
            out.push(Line::styled("  r retries", theme::dim()));
            return out;
        }
        Some(Ok(answer)) => answer,
    };
    let (mark, style) = match answer.verdict {
        Verdict::Allowed => ("✓ ", theme::ok()),
        Verdict::Denied => ("✗ ", theme::error()),
        Verdict::Depends => ("? ", theme::warn()),
    };
    out.extend(hang(&format!("{mark}{}", answer.headline), 0, width, style.add_modifier(Modifier::BOLD)));
    for f in &answer.findings {
        let what = if f.statement.is_empty() { String::new() } else { format!(" {}", f.statement) };
        out.extend(hang(&format!("• {}{what} at {}: {}", f.kind, f.level, f.says), 2, width, Style::new()));
    }
    if let Some(e) = &answer.expansion {
        out.extend(hang(&format!("• {}", e.describe(&question.action)), 2, width, bold()));
        for (names, word, style) in [
            (&e.denied, "denied", theme::error()),
            (&e.depends, "depend", theme::warn()),
            (&e.allowed, "allowed", theme::ok()),
        ] {
            if names.is_empty() {
                continue;
            }
            let shown: Vec<&str> = names.iter().take(8).map(String::as_str).collect();
            let more = if names.len() > 8 { format!(" and {} more", names.len() - 8) } else { String::new() };
            out.extend(hang(&format!("  {word}: {}{more}", shown.join(", ")), 4, width, style));
        }
    }
    if !answer.unevaluated.is_empty() {
        out.push(Line::styled("  Not evaluated (give the key in the request context, c):", theme::warn()));
        out.extend(answer.unevaluated.iter().flat_map(|u| hang(&format!("• {u}"), 2, width, theme::warn())));
    }
    if !answer.context.is_empty() {
        out.push(Line::styled("  The request, as read:", theme::dim()));
        out.extend(answer.context.iter().flat_map(|c| hang(&format!("• {c}"), 2, width, theme::dim())));
    }
    out.extend(answer.notes.iter().flat_map(|n| hang(n, 2, width, theme::dim())));
    out
}

fn level_lines(model: &Model, level: &PathLevel, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(safe(&format!("▸ {}", level.label), bold()))];
    match &level.load {
        LoadState::Loaded => {}
        LoadState::Failed(e) => {
            out.push(Line::from(safe(&format!("  ✗ listing its policies failed: {e}"), theme::error())));
            out.push(Line::styled("  r retries", theme::dim()));
            return out;
        }
        _ => {
            out.push(Line::styled(format!("  {} listing the policies attached here...", spinner(model)), theme::dim()));
            return out;
        }
    }
    let enabled = applies::root_types(model);
    for kind in [PolicyType::SCP, PolicyType::RCP] {
        let attached: Vec<_> = level.policies.iter().filter(|p| p.policy_type.as_str() == kind).collect();
        let short = PolicyType::new(kind).short().to_owned();
        if attached.is_empty() {
            if enabled.iter().any(|t| t.as_str() == kind) {
                let why = format!("  no {short} attached here: every action is denied from here down");
                out.push(Line::styled(why, theme::warn()));
            }
            continue;
        }
        let mut statements = Vec::new();
        let (count, mut read) = (attached.len(), 0);
        for p in attached {
            out.push(Line::from(vec![
                Span::raw("  "),
                safe(&format!("{short} "), theme::policy_type(&short)),
                safe(&p.name, Style::new()),
                safe(&format!("  {}", p.id), theme::dim()),
            ]));
            let entry = model.policies.get(&p.id);
            match entry.map(|e| (&e.load, e.prepared.as_deref())) {
                Some((_, Some(prepared))) => {
                    read += 1;
                    match &prepared.statements {
                        Some(Ok(list)) => {
                            out.extend(list.iter().flat_map(|s| hang(&s.summary(), 6, width, theme::dim())));
                            statements.extend(list);
                        }
                        Some(Err(why)) => {
                            out.push(Line::from(safe(&format!("      cannot read it: {why}"), theme::warn())));
                        }
                        None => {}
                    }
                }
                Some((LoadState::Failed(e), None)) => {
                    out.push(Line::from(safe(&format!("      ✗ {e} (r retries)"), theme::error())));
                }
                _ => out.push(Line::styled(format!("      {} loading...", spinner(model)), theme::dim())),
            }
        }
        // RCPs allow through RCPFullAWSAccess only; an SCP level's Allow statements are what it lets by.
        if kind == PolicyType::SCP {
            match evaluate::allow_list(statements) {
                AllowList::Everything => {}
                AllowList::Only(list) => {
                    let text =
                        format!("⚠ allow list: only {} — every other action is denied from here down", list.join("; "));
                    out.extend(hang(&text, 2, width, theme::warn()));
                }
                // Said only once every text is read: a policy still loading may hold the Allow.
                AllowList::Nothing if read == count => {
                    out.push(Line::styled(
                        "  ⚠ no Allow statement: every action is denied from here down",
                        theme::warn(),
                    ));
                }
                AllowList::Nothing => {}
            }
        }
    }
    let others: Vec<String> = level
        .policies
        .iter()
        .filter(|p| !p.policy_type.is_authorization())
        .map(|p| format!("{} {}", p.policy_type.short(), p.name))
        .collect();
    if !others.is_empty() {
        out.extend(hang(&format!("also attached: {}", others.join(", ")), 2, width, theme::dim()));
    }
    out
}

fn effective_pane(model: &Model, width: usize) -> (String, Vec<Line<'static>>) {
    let types = applies::management_types(model);
    let Some(shown) = applies::shown_type(model) else {
        let none = "No management policy type (tag, backup, AI opt-out, ...) is enabled in this root; \
                    T on the root enables one.";
        return ("Effective policies".to_owned(), vec![Line::styled(none, theme::dim())]);
    };
    let mut tabs = Vec::new();
    for t in &types {
        let style = if *t == shown { theme::cursor(true) } else { theme::dim() };
        tabs.push(safe(&format!(" {} ", t.short()), style));
        tabs.push(Span::raw(" "));
    }
    let mut out = vec![Line::from(tabs), Line::default()];
    out.push(Line::styled(format!("Attached along the path ({}):", shown.short()), theme::label()));
    for level in applies::path(model) {
        let names: Vec<String> =
            level.policies.iter().filter(|p| p.policy_type == shown).map(|p| p.name.clone()).collect();
        let text = match &level.load {
            LoadState::Loaded if names.is_empty() => "none".to_owned(),
            LoadState::Loaded => names.join(", "),
            LoadState::Failed(_) => "could not be listed".to_owned(),
            _ => format!("{} listing...", spinner(model)),
        };
        out.extend(hang(&format!("{}: {text}", level.label), 2, width, Style::new()));
    }
    out.push(Line::default());
    let Some(account) = applies::account(model) else {
        out.push(Line::styled(
            "AWS computes effective policies for accounts only; select an account below this one and press w.",
            theme::dim(),
        ));
        return ("Effective policies".to_owned(), out);
    };
    let title = format!("Effective {} policy", shown.short());
    out.extend(not_enforced(model, &account, &shown, width));
    match model.effective.get(&(account, shown.clone())).map(|e| (&e.load, e.found.as_deref())) {
        Some((LoadState::Loaded, None)) => {
            // An account not yet (or no longer) active may have none although policies are
            // attached above it: its state is said, so the two do not read as a contradiction.
            let state = match applies::subject_kind(model) {
                Some(crate::org::tree::NodeKind::Account(a)) if a.state != "ACTIVE" && !a.state.is_empty() => {
                    Some(&a.state)
                }
                _ => None,
            };
            let text = match state {
                Some(state) => {
                    format!("No effective {} policy applies to this account, which is {state}.", shown.short())
                }
                None => format!("No effective {} policy applies to this account.", shown.short()),
            };
            out.push(Line::from(safe(&text, theme::dim())));
        }
        Some((LoadState::Loaded, Some(found))) => {
            let when = found.policy.last_updated_timestamp.map(short_utc).unwrap_or_else(|| "unknown".into());
            out.push(Line::from(safe(&format!("{} · updated {when}", shown.as_str()), theme::label())));
            let width = found.lines.len().to_string().len();
            out.extend(found.lines.iter().enumerate().map(|(i, segments)| {
                let mut spans = vec![Span::styled(format!("{:>width$} ", i + 1), theme::dim())];
                spans.extend(segments.iter().map(super::policy_pane::segment));
                Line::from(spans)
            }));
        }
        Some((LoadState::Failed(err), _)) if err.is_not_recorded() => {
            out.push(Line::styled(super::details::QUICK_NOTE, theme::dim()));
        }
        Some((LoadState::Failed(err), _)) => {
            out.push(Line::from(safe(&format!("✗ {err}"), theme::error())));
            if let Some(fix) = err.fix(model.profile()) {
                out.push(Line::from(safe(&format!("  {fix}"), theme::dim())));
            }
            out.push(Line::styled("  r retries", theme::dim()));
        }
        _ => out.push(Line::styled(format!("{} asking AWS for the effective policy...", spinner(model)), theme::dim())),
    }
    (title, out)
}

/// When AWS does not enforce the account's effective policy of `shown`: that, then why, each
/// reason with the policies that led to it (named from the path where they are attached).
fn not_enforced(model: &Model, account: &AccountId, shown: &PolicyType, width: usize) -> Vec<Line<'static>> {
    let g = &model.governance;
    if g.load != LoadState::Loaded || !g.data.is_invalid(account, shown) {
        return Vec::new();
    }
    let mut out = hang(
        &format!("⚠ AWS does not enforce this account's effective {} policy:", shown.short()),
        0,
        width,
        theme::warn(),
    );
    let path = applies::path(model);
    let name = |id: &str| {
        path.iter()
            .flat_map(|l| l.policies.iter())
            .find(|p| p.id.as_str() == id)
            .map_or_else(|| id.to_owned(), |p| p.name.clone())
    };
    match g.errors.get(&(account.clone(), shown.clone())).map(|e| (&e.load, &e.errors)) {
        Some((LoadState::Loaded, errors)) if errors.is_empty() => {
            out.extend(hang("AWS lists no reason (ListEffectivePolicyValidationErrors).", 2, width, theme::dim()));
        }
        Some((LoadState::Loaded, errors)) => {
            for e in errors {
                let at = if e.path.is_empty() { String::new() } else { format!(" at {}", e.path) };
                let mut text = format!("• {}{at}: {}", e.code, e.message);
                if !e.contributing.is_empty() {
                    let names: Vec<String> = e.contributing.iter().map(|id| name(id)).collect();
                    text.push_str(&format!(" (from {})", names.join(", ")));
                }
                out.extend(hang(&text, 2, width, Style::new()));
            }
        }
        Some((LoadState::Failed(err), _)) => {
            out.extend(hang(&format!("why could not be read: {err}"), 2, width, theme::error()));
        }
        _ => out.push(Line::styled(format!("  {} asking AWS why...", spinner(model)), theme::dim())),
    }
    out.push(Line::default());
    out
}
