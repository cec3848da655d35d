//! Syntax highlighting with syntect. The JSON grammar and the theme are the ones compiled into syntect
//! (embedded in the binary), so nothing is read from disk at run time.

use std::str::FromStr;
use std::sync::LazyLock;
use syntect::easy::HighlightLines;

use syntect::highlighting::{Color, FontStyle, ScopeSelectors, StyleModifier, Theme, ThemeItem, ThemeSet};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    /// None: the terminal's default colour.
    pub fg: Option<(u8, u8, u8)>,
    pub bold: bool,
}

pub type StyledLine = Vec<Segment>;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEME: LazyLock<Option<Theme>> = LazyLock::new(|| {
    let mut theme = ThemeSet::load_defaults().themes.remove("base16-eighties.dark")?;
    // The stock theme paints keys and string values alike; in a policy the keys (Effect, Action,
    // Condition operators) are the structure the reader scans for, so they get their own colour.
    if let Ok(scope) = ScopeSelectors::from_str(
        "meta.mapping.key string, support.type.property-name, meta.structure.dictionary.key.json string",
    ) {
        let style = StyleModifier { foreground: Some(Color { r: 102, g: 153, b: 204, a: 255 }), ..Default::default() };
        theme.scopes.push(ThemeItem { scope, style });
    }
    Some(theme)
});

/// Highlights JSON text line by line; falls back to plain lines if the grammar is unavailable.
pub fn json(text: &str) -> Vec<StyledLine> {
    let (Some(syntax), Some(theme)) = (SYNTAXES.find_syntax_by_extension("json"), THEME.as_ref()) else {
        return plain(text);
    };
    let mut highlighter = HighlightLines::new(syntax, theme);
    let mut lines = Vec::new();
    for line in LinesWithEndings::from(text) {
        let Ok(ranges) = highlighter.highlight_line(line, &SYNTAXES) else {
            return plain(text);
        };
        let segments = ranges
            .into_iter()
            .map(|(style, piece)| Segment {
                text: piece.trim_end_matches(['\n', '\r']).to_owned(),
                fg: Some((style.foreground.r, style.foreground.g, style.foreground.b)),
                bold: style.font_style.contains(FontStyle::BOLD),
            })
            .filter(|s| !s.text.is_empty())
            .collect();
        lines.push(segments);
    }
    lines
}

pub fn plain(text: &str) -> Vec<StyledLine> {
    text.lines().map(|l| vec![Segment { text: l.to_owned(), fg: None, bold: false }]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_and_strings_get_different_colours() {
        let lines = json("{\n  \"Effect\": \"Deny\",\n  \"n\": 1\n}\n");
        assert_eq!(lines.len(), 4);
        let text: String = lines[1].iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, "  \"Effect\": \"Deny\",");
        let colour_of = |needle: &str| lines[1].iter().find(|s| s.text.contains(needle)).and_then(|s| s.fg);
        assert!(colour_of("Effect").is_some());
        assert_ne!(colour_of("Effect"), colour_of("Deny"), "{:?}", lines[1]);
    }
}
