//! The search box (`/`): the query, how much of the organization is indexed, and the results with
//! the matched characters highlighted.

use ratatui::Frame;
use ratatui::layout::Margin;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{safe, theme};
use crate::app::search::SearchBox;
use crate::app::{Model, layout};
use crate::org::TargetId;
use crate::search::{Entry, Found, Hit};

pub fn draw(model: &Model, frame: &mut Frame, search_box: &SearchBox) {
    let screen = frame.area();
    let width = screen.width.saturating_sub(4).min(110);
    let height = screen.height.saturating_sub(4).max(8);
    let popup = layout::dialog_popup(screen, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(Span::styled(" Search the organization ", theme::title(true)));
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let inner = popup.inner(Margin::new(2, 1));
    let mut lines = vec![
        Line::from(
            std::iter::once(Span::styled("/ ", theme::key()))
                .chain(super::dialog::field_spans(&search_box.query, Style::new().add_modifier(Modifier::BOLD), true))
                .collect::<Vec<_>>(),
        ),
        summary(model, search_box),
        Line::default(),
    ];
    // Rows left for results: the box's height less the query, summary, gap and keys lines.
    let rows = usize::from(inner.height).saturating_sub(lines.len() + 2).max(1);
    let first = search_box.cursor.saturating_sub(rows - 1);
    for (i, hit) in search_box.hits.iter().enumerate().skip(first).take(rows) {
        let Some(entry) = model.search.index.entry(hit.entry) else { continue };
        let mut line = result_line(entry, hit);
        if let Some(mark) = model.drift.as_deref().and_then(|d| d.found(&entry.found)) {
            line.spans.insert(1, Span::styled(format!("{} ", mark.symbol()), super::drift::style(mark)));
        }
        if let Found::Target(target @ (TargetId::Ou(_) | TargetId::Account(_))) = &entry.found
            && let Some(path) = model.search.parent_path(target)
        {
            // Where it sits is what a result is for ("which OU is this account in?"): in a narrow
            // box the email gives way, cut, so the path still shows (unless the name would not).
            let path = format!("  in {path}");
            let room = usize::from(inner.width).saturating_sub(path.chars().count());
            if room >= NAME_ROOM {
                line = super::fit::ellipsize(line, room);
            }
            line.spans.push(Span::styled(path, theme::dim()));
        }
        lines.push(if i == search_box.cursor { line.style(theme::cursor(true)) } else { line });
    }
    if search_box.hits.is_empty() && !search_box.query.is_empty() {
        lines.push(Line::styled("  nothing matches", theme::dim()));
    }
    let used = lines.len();
    lines.extend(std::iter::repeat_n(Line::default(), usize::from(inner.height).saturating_sub(used + 1)));
    lines.push(Line::from(super::status::hint_spans(&crate::app::keys::hints(model))));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Columns a result keeps for its name and id before its path may push them out of sight.
const NAME_ROOM: usize = 30;

/// "12 of 11,040 · still indexing: results so far", or what the index is missing.
fn summary(model: &Model, search_box: &SearchBox) -> Line<'static> {
    let total = model.search.index.len();
    let mut spans =
        vec![Span::styled(format!("{} of {}", thousands(search_box.matched), thousands(total)), theme::dim())];
    if let Some(asked) = crate::app::drift_query::parse(&search_box.query) {
        return super::drift::search_summary(model, search_box.matched, asked);
    }
    if crate::app::tag_query::parse(&search_box.query).is_some() {
        let (known, all) = crate::app::tag_query::accounts_known(
            model.search.accounts.keys().map(|a| TargetId::Account(a.clone())),
            &model.tags,
        );
        spans[0] = Span::styled(format!("{} with the tag", thousands(search_box.matched)), theme::dim());
        let loading =
            model.tags.values().filter(|e| matches!(e.load, crate::org::tree::LoadState::Loading { .. })).count();
        let text = match (known < all, loading) {
            (true, 0) => {
                format!(" · tags known for {} of {} accounts (Ctrl-t reads the rest)", thousands(known), thousands(all))
            }
            (true, n) => format!(
                " · tags known for {} of {} accounts, {} being read",
                thousands(known),
                thousands(all),
                thousands(n)
            ),
            (false, _) => format!(" · tags known for all {} accounts", thousands(all)),
        };
        spans.push(Span::styled(text, if known < all { theme::warn() } else { theme::dim() }));
        return Line::from(spans);
    }
    match model.search.incomplete() {
        Some(why) => {
            spans.push(Span::styled(" · ", theme::dim()));
            spans.push(safe(&why, theme::warn()));
        }
        None => spans.push(Span::styled(" · whole organization indexed", theme::dim())),
    }
    Line::from(spans)
}

/// A result: what it is, then its text with the matched characters highlighted.
fn result_line(entry: &Entry, hit: &Hit) -> Line<'static> {
    let (mark, style) = match &entry.found {
        Found::Target(TargetId::Root(_)) => ("◆ ", theme::warn()),
        Found::Target(TargetId::Ou(_)) => ("▣ ", theme::key()),
        Found::Target(TargetId::Account(_)) => ("● ", theme::ok()),
        Found::Policy(_) => ("⚖ ", theme::label()),
    };
    let mut spans = vec![Span::raw("  "), Span::styled(mark, style)];
    let matched = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED).fg(ratatui::style::Color::Yellow);
    let mut run = String::new();
    let mut run_matched = false;
    let mut next = hit.indices.iter().peekable();
    for (i, c) in entry.text.chars().enumerate() {
        let is_match = next.peek().is_some_and(|&&m| m as usize == i);
        if is_match {
            next.next();
        }
        if is_match != run_matched && !run.is_empty() {
            spans.push(safe(&run, if run_matched { matched } else { Style::new() }));
            run.clear();
        }
        run_matched = is_match;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(safe(&run, if run_matched { matched } else { Style::new() }));
    }
    Line::from(spans)
}

/// 11040 → "11,040".
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(11040), "11,040");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
    }
}
