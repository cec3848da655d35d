//! The drift view (`--compare OLD`): the mark before each changed row, the removed rows dimmed in
//! place, the legend on the tree pane's lower border, and what the details pane says changed.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{safe, theme};
use crate::app::Model;
use crate::drift::marks::{GoneKind, Mark, Marks};
use crate::drift::{Change, What};
use crate::edit::diff::Kind as DiffKind;
use crate::org::tree::{Node, NodeKind, Row};

pub(super) fn style(mark: Mark) -> Style {
    match mark {
        Mark::Added => theme::ok(),
        Mark::Moved => theme::key(),
        Mark::Changed => theme::warn(),
        Mark::Removed => theme::dim(),
    }
    .add_modifier(Modifier::BOLD)
}

/// The mark of a node, or blanks of its width (so names stay aligned); nothing outside the view.
pub fn mark(model: &Model, node: &Node) -> Option<Span<'static>> {
    let drift = model.drift.as_deref()?;
    let mark = match &node.kind {
        NodeKind::Policy(p) => {
            let group = node.parent.and_then(|g| model.tree.get(g));
            match group.map(|g| &g.kind) {
                Some(NodeKind::Policies { target }) => drift.policy(target, &p.id),
                _ => None,
            }
        }
        kind => kind.target().and_then(|t| drift.target(&t)),
    };
    Some(match mark {
        Some(m) => Span::styled(format!("{} ", m.symbol()), style(m)),
        None => Span::raw("  "),
    })
}

/// A removed row: where it was, dimmed, saying what became of it.
pub fn gone_line(model: &Model, row: &Row) -> Line<'static> {
    let (Some(drift), Some(i)) = (model.drift.as_deref(), row.gone) else { return Line::default() };
    let Some(gone) = drift.gone(i) else { return Line::default() };
    let dim = theme::dim();
    let (icon, what) = match &gone.kind {
        GoneKind::Ou => ("▣ ", "removed".to_owned()),
        GoneKind::Account => ("● ", "removed".to_owned()),
        GoneKind::Policy { policy_type, deleted } => {
            let what = if *deleted { "detached, deleted" } else { "detached" };
            return Line::from(vec![
                Span::raw("  ".repeat(usize::from(row.depth) + 1)),
                Span::styled(format!("{} ", Mark::Removed.symbol()), style(Mark::Removed)),
                safe(&format!("[{}] {}", policy_type.short(), gone.name), dim.add_modifier(Modifier::CROSSED_OUT)),
                Span::styled(format!("  {what}"), dim),
            ]);
        }
    };
    let with = if gone.with > 0 { format!(", with {} below", gone.with) } else { String::new() };
    Line::from(vec![
        Span::raw("  ".repeat(usize::from(row.depth) + 1)),
        Span::styled(format!("{} ", Mark::Removed.symbol()), style(Mark::Removed)),
        Span::styled(icon, dim),
        safe(&gone.name, dim.add_modifier(Modifier::CROSSED_OUT)),
        safe(&format!("  {}", gone.id), dim),
        Span::styled(format!("  {what}{with}"), dim),
    ])
}

/// The legend for the tree pane's lower border, as much of it as `width` holds: the counts with
/// their words (and how to list them), then the words alone, then the counts alone.
pub fn legend(drift: &Marks, width: usize) -> Line<'static> {
    let form = |counts: bool, words: bool| {
        let mut spans = vec![Span::raw(" ")];
        for m in Mark::ALL {
            let n = if counts { drift.count(m).to_string() } else { String::new() };
            spans.push(Span::styled(format!("{}{n}", m.symbol()), style(m)));
            match (counts, words) {
                (true, true) => spans.push(Span::styled(format!(" {} ", m.word()), theme::dim())),
                (false, true) => spans.push(Span::styled(format!("{} ", m.word()), theme::dim())),
                _ => spans.push(Span::raw(" ")),
            }
        }
        // No blank at the end: the border follows.
        if let Some(last) = spans.last_mut() {
            *last = Span::styled(last.content.trim_end().to_owned(), last.style);
        }
        spans
    };
    let mut with_query = form(true, true);
    with_query.push(Span::styled("  / drift:", theme::key()));
    let fits = |spans: &Vec<Span<'static>>| spans.iter().map(|s| s.width()).sum::<usize>() <= width;
    let line =
        [with_query, form(true, true), form(false, true)].into_iter().find(fits).unwrap_or_else(|| form(true, false));
    Line::from(line)
}

/// The tree pane's title in the drift view.
pub fn title(drift: &Marks) -> String {
    format!("Drift since {}", drift.against)
}

/// "Since old.json (taken …)", and what could not be compared (a quick side's tags).
fn heading(drift: &Marks) -> Vec<Line<'static>> {
    let mut out = vec![safe(&format!("Since {} (taken {})", drift.against, drift.taken), theme::title(false)).into()];
    for n in &drift.drift.not_compared {
        let side = match n.side {
            crate::drift::Side::Old => drift.against.as_str(),
            crate::drift::Side::New => "the organization as read now",
        };
        let why =
            if n.why == "taken with --quick" && n.side == crate::drift::Side::New { "read quickly" } else { n.why };
        out.push(Line::from(safe(&format!("not compared: {} ({side}: {why})", n.what), theme::dim())));
    }
    out
}

fn bullet(text: &str, mark: Mark) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{} ", mark.symbol()), style(mark)), safe(text, Style::new())])
}

fn sign_mark(c: &Change) -> Mark {
    match (c.sign(), &c.what) {
        (_, What::Moved { .. }) => Mark::Moved,
        ('+', _) => Mark::Added,
        ('-', _) => Mark::Removed,
        _ => Mark::Changed,
    }
}

/// A policy's edit as diff lines, coloured as the editor's preview colours them.
fn diff_lines(c: &Change) -> Vec<Line<'static>> {
    let What::Edited { diff, .. } = &c.what else { return Vec::new() };
    diff.iter()
        .map(|l| {
            let style = match l.kind {
                DiffKind::Added => theme::ok(),
                DiffKind::Removed => theme::error(),
                DiffKind::Hunk => theme::key(),
                DiffKind::Same => theme::dim(),
            };
            Line::from(safe(&format!("  {}", l.text), style))
        })
        .collect()
}

/// What the details pane says changed about the selected node; empty when nothing did.
pub fn details(model: &Model, node: &Node) -> Vec<Line<'static>> {
    let Some(drift) = model.drift.as_deref() else { return Vec::new() };
    let ascii = model.display.ascii;
    let mut out = Vec::new();
    match &node.kind {
        NodeKind::Policy(p) => {
            for c in drift.policy_changes(&p.id) {
                out.push(bullet(&c.describe(ascii), sign_mark(c)));
                out.extend(diff_lines(c));
            }
        }
        kind => {
            let Some(t) = kind.target() else { return Vec::new() };
            let mark = drift.target(&t).unwrap_or(Mark::Changed);
            out.extend(drift.target_changes(&t, ascii).iter().map(|text| bullet(text, mark)));
        }
    }
    if out.is_empty() {
        return out;
    }
    out.splice(0..0, heading(drift));
    out.push(Line::default());
    out
}

/// The details of a removed row: what it was and where.
pub fn gone_details(model: &Model, row: &Row) -> Vec<Line<'static>> {
    let (Some(drift), Some(i)) = (model.drift.as_deref(), row.gone) else { return Vec::new() };
    let Some(gone) = drift.gone(i) else { return Vec::new() };
    let Some(change) = drift.drift.changes.get(gone.change) else { return Vec::new() };
    let what = match &gone.kind {
        GoneKind::Ou => "Organizational unit (removed)",
        GoneKind::Account => "Account (removed)",
        GoneKind::Policy { deleted: true, .. } => "Policy (detached here, and deleted)",
        GoneKind::Policy { .. } => "Policy (detached here)",
    };
    let mut out = heading(drift);
    out.push(Line::styled(what, theme::title(false)));
    let label = |name: &str, value: &str| {
        Line::from(vec![Span::styled(format!("{name:<10} "), theme::label()), safe(value, Style::new())])
    };
    out.push(label("Name", &gone.name));
    out.push(label("Id", &gone.id));
    if let GoneKind::Policy { policy_type, .. } = &gone.kind {
        out.push(label("Type", policy_type.as_str()));
    }
    out.push(bullet(&change.describe(model.display.ascii), Mark::Removed));
    if gone.with > 0 {
        out.push(label("With it", &format!("{} OUs and accounts that were below it", gone.with)));
    }
    out.push(Line::default());
    out.push(Line::styled("It is not in the organization now: nothing can be done on this row.", theme::dim()));
    out
}

/// The search box's summary for a `drift:` query.
pub fn search_summary(model: &Model, matched: usize, asked: Result<Option<Mark>, String>) -> Line<'static> {
    let Some(drift) = model.drift.as_deref() else {
        return Line::styled("drift: lists what changed when orgtui runs with --compare OLD_SNAPSHOT", theme::warn());
    };
    let only = match asked {
        Ok(only) => only,
        Err(why) => return Line::from(safe(&why, theme::warn())),
    };
    let removed = drift.count(Mark::Removed);
    let mut text = format!("{matched} changed since {}", drift.against);
    if only.is_none_or(|m| m == Mark::Removed) && removed > 0 {
        text.push_str(&format!(" · {removed} removed (dimmed in the tree, where they were)"));
    }
    if let Some(why) = model.search.incomplete() {
        text.push_str(&format!(" · {why}"));
    }
    Line::from(safe(&text, theme::dim()))
}
