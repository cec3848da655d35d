//! Text that does not fit says so: a line cut at the edge ends in `…`, and an ARN breaks only
//! after a `/` or `:`, never in the middle of an id.

use ratatui::text::{Line, Span};

/// Display columns of a text (one per character: the names orgtui shows are cleaned and narrow).
fn columns(text: &str) -> usize {
    text.chars().count()
}

/// The line cut to `width` columns, its last column `…` when anything was cut.
pub fn ellipsize(line: Line<'static>, width: usize) -> Line<'static> {
    let total: usize = line.spans.iter().map(|s| columns(&s.content)).sum();
    if total <= width || width == 0 {
        return line;
    }
    let mut room = width - 1;
    let mut spans = Vec::new();
    let style = line.style;
    let alignment = line.alignment;
    let mut last_style = ratatui::style::Style::new();
    for span in line.spans {
        if room == 0 {
            break;
        }
        let n = columns(&span.content);
        last_style = span.style;
        if n <= room {
            room -= n;
            spans.push(span);
        } else {
            let cut: String = span.content.chars().take(room).collect();
            room = 0;
            spans.push(Span::styled(cut, span.style));
        }
    }
    spans.push(Span::styled("…", last_style));
    let mut out = Line::from(spans).style(style);
    out.alignment = alignment;
    out
}

/// `text` in pieces of at most `width` columns, each ending just after one of `at` where it can
/// (a piece with none of them in reach is cut where it must).
pub fn break_at(text: &str, width: usize, at: &[char]) -> Vec<String> {
    let width = width.max(1);
    let mut pieces = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.len() > width {
        let cut = rest[..width].iter().rposition(|c| at.contains(c)).map_or(width, |i| i + 1);
        pieces.push(rest.drain(..cut).collect());
    }
    pieces.push(rest.into_iter().collect());
    pieces
}

/// Words in lines of at most `width` columns (a longer word stands alone on its line).
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && columns(&current) + 1 + columns(word) > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_cut_line_ends_in_an_ellipsis() {
        let line = Line::from(vec![Span::raw("▸ ● "), Span::raw("mobile-backend-prod  100001235364  ACTIVE")]);
        assert_eq!(text(&ellipsize(line.clone(), 20)), "▸ ● mobile-backend-…");
        assert_eq!(columns(&text(&ellipsize(line.clone(), 20))), 20);
        assert_eq!(text(&ellipsize(line, 200)), "▸ ● mobile-backend-prod  100001235364  ACTIVE", "fits: unchanged");
    }

    #[test]
    fn words_wrap_within_the_width() {
        let text = "what applies to the selected account or OU: SCPs/RCPs by level, an action check";
        let lines = wrap_words(text, 30);
        assert!(lines.iter().all(|l| columns(l) <= 30), "{lines:?}");
        assert_eq!(lines.join(" "), text, "nothing lost");
    }

    #[test]
    fn an_arn_breaks_after_a_slash_or_a_colon() {
        let arn = "arn:aws:organizations::111122223333:account/o-d3mo1example/100001029470";
        let pieces = break_at(arn, 44, &['/', ':']);
        assert_eq!(pieces, ["arn:aws:organizations::111122223333:account/", "o-d3mo1example/100001029470"]);
        assert_eq!(pieces.concat(), arn);
        let long = break_at("abcdefghij", 4, &['/']);
        assert_eq!(long, ["abcd", "efgh", "ij"], "no separator in reach: cut where it must");
    }
}
