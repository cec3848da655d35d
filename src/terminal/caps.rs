//! What the terminal can show: its colour depth, and whether its locale is UTF-8. Detected once at
//! start-up from the environment and the flags; the model carries it, and the view brings each
//! frame down to it (`ui::display`).

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Depth {
    /// NO_COLOR, `--color never`: attributes only (bold, reverse, underline).
    None,
    Ansi16,
    Ansi256,
    #[default]
    TrueColor,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// From the terminal: COLORTERM, TERM, NO_COLOR.
    #[default]
    Auto,
    /// Colour even under NO_COLOR (at the depth the terminal shows).
    Always,
    Never,
}

/// What a frame is brought down to before it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Display {
    pub depth: Depth,
    /// ASCII instead of box drawing and symbols.
    pub ascii: bool,
}

impl Display {
    /// From the environment (read through `env`, so tests pass their own) and the flags.
    pub fn detect(env: &dyn Fn(&str) -> Option<String>, color: ColorChoice, ascii: bool) -> Self {
        let term = env("TERM").unwrap_or_default();
        let colorterm = env("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        // screen passes on a COLORTERM inherited from the outer terminal, and renders 24-bit colour wrongly.
        let depth = if term.starts_with("screen") {
            if term.contains("256color") { Depth::Ansi256 } else { Depth::Ansi16 }
        } else if colorterm == "truecolor" || colorterm == "24bit" {
            Depth::TrueColor
        } else if term.contains("256color") {
            Depth::Ansi256
        } else {
            Depth::Ansi16
        };
        let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
        let depth = match color {
            ColorChoice::Never => Depth::None,
            ColorChoice::Auto if no_color => Depth::None,
            _ => depth,
        };
        Self { depth, ascii: ascii || !utf8_locale(env) }
    }
}

/// Whether the locale's character set is UTF-8 (LC_ALL, then LC_CTYPE, then LANG, as POSIX reads them).
pub fn utf8_locale(env: &dyn Fn(&str) -> Option<String>) -> bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].iter().find_map(|k| env(k).filter(|v| !v.is_empty()));
    locale.is_some_and(|l| {
        let l = l.to_ascii_lowercase();
        l.contains("utf-8") || l.contains("utf8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn the_depth_follows_the_terminal_and_screen_wins_over_an_inherited_colorterm() {
        let utf8 = ("LANG", "en_US.UTF-8");
        let detect = |pairs: &[(&str, &str)], c| Display::detect(&env(pairs), c, false).depth;
        assert_eq!(
            detect(&[("TERM", "xterm-256color"), ("COLORTERM", "truecolor"), utf8], ColorChoice::Auto),
            Depth::TrueColor
        );
        assert_eq!(detect(&[("TERM", "xterm-256color"), utf8], ColorChoice::Auto), Depth::Ansi256);
        assert_eq!(detect(&[("TERM", "xterm"), utf8], ColorChoice::Auto), Depth::Ansi16);
        assert_eq!(detect(&[("TERM", "screen"), ("COLORTERM", "truecolor")], ColorChoice::Auto), Depth::Ansi16);
        assert_eq!(
            detect(&[("TERM", "screen.xterm-256color"), ("COLORTERM", "24bit")], ColorChoice::Auto),
            Depth::Ansi256
        );
        assert_eq!(detect(&[("TERM", "xterm-256color"), ("NO_COLOR", "1")], ColorChoice::Auto), Depth::None);
        assert_eq!(
            detect(&[("TERM", "xterm-256color"), ("NO_COLOR", "")], ColorChoice::Auto),
            Depth::Ansi256,
            "empty is unset"
        );
        assert_eq!(detect(&[("TERM", "xterm-256color"), ("NO_COLOR", "1")], ColorChoice::Always), Depth::Ansi256);
        assert_eq!(detect(&[("TERM", "xterm-256color")], ColorChoice::Never), Depth::None);
    }

    #[test]
    fn glyphs_are_ascii_outside_a_utf8_locale() {
        let ascii = |pairs: &[(&str, &str)]| Display::detect(&env(pairs), ColorChoice::Auto, false).ascii;
        assert!(ascii(&[("LANG", "C")]));
        assert!(ascii(&[]), "no locale at all is POSIX: ASCII");
        assert!(!ascii(&[("LANG", "C.UTF-8")]));
        assert!(!ascii(&[("LANG", "C"), ("LC_CTYPE", "en_GB.utf8")]));
        assert!(ascii(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "C")]), "LC_ALL wins");
        assert!(Display::detect(&env(&[("LANG", "C.UTF-8")]), ColorChoice::Auto, true).ascii, "--ascii");
    }
}
