//! The last step of every frame: the drawn buffer brought down to what the terminal can show
//! (`terminal::caps`, detected once at start-up). The theme and the syntax highlighting are written
//! once, in 24-bit and named colours; here they become the nearest of 256 or of the 16 ANSI colours
//! (with a readable contrast kept), or no colour at all, where whatever had a background (the
//! selected row, the status bar, badges) is drawn reversed so it never vanishes. Outside a UTF-8
//! locale every glyph becomes ASCII, so nothing turns into mojibake.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::terminal::caps::{Depth, Display};

/// The frame, brought down to what the terminal shows.
pub fn degrade(buf: &mut Buffer, display: Display) {
    if display.depth == Depth::TrueColor && !display.ascii {
        return;
    }
    for cell in &mut buf.content {
        if display.ascii && !cell.symbol().is_ascii() {
            let ascii = to_ascii(cell.symbol());
            cell.set_char(ascii);
        }
        match display.depth {
            Depth::TrueColor => {}
            Depth::None => {
                if cell.bg != Color::Reset {
                    cell.modifier.insert(Modifier::REVERSED);
                }
                cell.fg = Color::Reset;
                cell.bg = Color::Reset;
                cell.underline_color = Color::Reset;
            }
            Depth::Ansi256 => {
                cell.fg = to_256(cell.fg);
                cell.bg = to_256(cell.bg);
            }
            Depth::Ansi16 => {
                cell.fg = to_16(cell.fg);
                cell.bg = to_16(cell.bg);
                // Two colours the 24-bit theme told apart may meet in one of the 16: keep the text readable.
                if cell.fg == cell.bg && cell.bg != Color::Reset {
                    cell.fg = if bright(cell.bg) { Color::Black } else { Color::White };
                }
            }
        }
    }
}

/// One ASCII character for a glyph (a cell holds one).
fn to_ascii(symbol: &str) -> char {
    let Some(c) = symbol.chars().next() else { return ' ' };
    match c {
        // Box drawing: lines and corners.
        '─' | '━' | '┄' | '┅' | '┈' | '┉' | '╌' | '╍' | '═' => '-',
        '│' | '┃' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' | '║' | '▏' | '▕' => '|',
        '\u{2500}'..='\u{257f}' => '+',
        '▸' | '▶' | '►' | '›' | '»' | '→' => '>',
        '◂' | '◀' | '◄' | '‹' | '«' | '←' => '<',
        '▾' | '▼' | '↓' => 'v',
        '▴' | '▲' | '↑' => '^',
        '●' | '•' => '*',
        '◆' => '#',
        '▣' | '■' => '+',
        '⚖' => 'P',
        '✉' => '@',
        '✓' | '✔' => '+',
        '✗' | '✘' | '×' => 'x',
        '⚠' => '!',
        '·' => '.',
        '…' => '~',
        '—' | '–' | '‐' | '−' => '-',
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        '\u{a0}' => ' ',
        // The spinner's braille dots.
        '\u{2800}'..='\u{28ff}' => '*',
        _ => '?',
    }
}

/// The 16 ANSI colours as xterm draws them, in the order of their codes.
const ANSI16: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

fn bright(c: Color) -> bool {
    rgb(c).is_some_and(|(r, g, b)| 299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b) > 128_000)
}

/// A colour's value, where it has one (Reset has none).
fn rgb(c: Color) -> Option<(u8, u8, u8)> {
    match c {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i) => Some(indexed(i)),
        Color::Reset => None,
        named => ANSI16.iter().find(|(n, _)| *n == named).map(|(_, v)| *v),
    }
}

/// xterm's 256-colour palette: the 16, a 6×6×6 cube, 24 greys.
fn indexed(i: u8) -> (u8, u8, u8) {
    const STEPS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        0..=15 => ANSI16[usize::from(i)].1,
        16..=231 => {
            let i = i - 16;
            (STEPS[usize::from(i / 36)], STEPS[usize::from(i / 6 % 6)], STEPS[usize::from(i % 6)])
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

fn distance((r1, g1, b1): (u8, u8, u8), (r2, g2, b2): (u8, u8, u8)) -> u32 {
    let d = |a: u8, b: u8| u32::from(a.abs_diff(b)).pow(2);
    // Weighted as the eye sees: green counts most.
    3 * d(r1, r2) + 4 * d(g1, g2) + 2 * d(b1, b2)
}

fn to_16(c: Color) -> Color {
    match c {
        Color::Rgb(..) | Color::Indexed(_) => {
            let Some(v) = rgb(c) else { return c };
            ANSI16.iter().min_by_key(|(_, a)| distance(*a, v)).map_or(c, |(n, _)| *n)
        }
        other => other,
    }
}

fn to_256(c: Color) -> Color {
    let Color::Rgb(r, g, b) = c else { return c };
    let best = (16..=255u8).min_by_key(|&i| distance(indexed(i), (r, g, b))).unwrap_or(16);
    Color::Indexed(best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn buffer(text: &str, style: Style) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, text, style);
        buf
    }

    #[test]
    fn without_colour_a_background_becomes_reverse_video() {
        let mut buf = buffer("▸ web-prod", Style::new().bg(Color::Rgb(45, 55, 72)).fg(Color::Cyan));
        degrade(&mut buf, Display { depth: Depth::None, ascii: false });
        let cell = &buf.content[2];
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
        assert!(cell.modifier.contains(Modifier::REVERSED), "the selected row stays visible");
        let mut plain = buffer("text", Style::new().fg(Color::Red));
        degrade(&mut plain, Display { depth: Depth::None, ascii: false });
        assert!(!plain.content[0].modifier.contains(Modifier::REVERSED) && plain.content[0].fg == Color::Reset);
    }

    #[test]
    fn sixteen_colours_take_the_nearest_and_keep_text_readable() {
        assert_eq!(to_16(Color::Rgb(200, 10, 10)), Color::Red);
        assert_eq!(to_16(Color::Rgb(30, 34, 42)), Color::Black, "the status bar's dark blue-grey");
        assert_eq!(to_16(Color::Indexed(196)), Color::LightRed);
        assert_eq!(to_16(Color::Cyan), Color::Cyan, "named colours stay");
        let mut buf = buffer("x", Style::new().fg(Color::Rgb(40, 40, 40)).bg(Color::Rgb(30, 34, 42)));
        degrade(&mut buf, Display { depth: Depth::Ansi16, ascii: false });
        assert_eq!(buf.content[0].bg, Color::Black);
        assert_eq!(buf.content[0].fg, Color::White, "dark on dark became white on black");
        assert!(ANSI16.iter().any(|(n, _)| *n == buf.content[0].fg));
    }

    #[test]
    fn two_hundred_fifty_six_colours_take_the_cube_or_the_greys() {
        assert_eq!(to_256(Color::Rgb(255, 0, 0)), Color::Indexed(196));
        assert_eq!(to_256(Color::Rgb(40, 40, 40)), Color::Indexed(235));
        assert_eq!(to_256(Color::Green), Color::Green);
    }

    #[test]
    fn ascii_replaces_every_glyph_with_one_character() {
        let mut buf = buffer("┌─▸⚖✓✗…日", Style::new());
        degrade(&mut buf, Display { depth: Depth::TrueColor, ascii: true });
        let text: String = buf.content.iter().map(|c| c.symbol().to_owned()).collect();
        assert!(text.is_ascii(), "{text:?}");
        assert!(text.starts_with("+->P+x~?"), "{text:?}");
    }
}
