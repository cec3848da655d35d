//! Text from AWS or a file is data, not terminal commands. Before any of it reaches the screen, escape
//! sequences (CSI, OSC, DCS, ...), C0 and C1 control characters and bidirectional overrides are removed:
//! an account name must not be able to retitle, clear or reorder the user's terminal.

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// C1 forms of the sequence introducers: CSI, OSC, DCS, SOS, PM, APC, and the string terminator.
const C1_CSI: char = '\u{9b}';
const C1_ST: char = '\u{9c}';

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn needs_cleaning(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The text with every control sequence and character removed; tabs become a space.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_cleaning) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ESC => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                // Two-character sequences (ESC c resets the terminal, ESC 7 saves the cursor, ...).
                _ => {}
            },
            C1_CSI => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\t' => out.push(' '),
            c if needs_cleaning(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// CSI: parameter and intermediate bytes, then one final byte in @..~.
fn skip_csi(chars: &mut impl Iterator<Item = char>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            return;
        }
    }
}

/// OSC, DCS, SOS, PM, APC: everything up to BEL, ESC \ or C1 ST.
fn skip_string(chars: &mut std::iter::Peekable<impl Iterator<Item = char>>) {
    while let Some(c) = chars.next() {
        match c {
            BEL | C1_ST => return,
            ESC => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(clean("prod-payments ünïcödé 日本"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(clean("a\u{1b}[2Jb"), "ab");
        assert_eq!(clean("\u{1b}[1;31mred\u{1b}[0m"), "red");
        assert_eq!(clean("x\u{1b}]0;pwned title\u{7}y"), "xy");
        assert_eq!(clean("x\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\y"), "xlinky");
        assert_eq!(clean("x\u{1b}Pdcs payload\u{1b}\\y"), "xy");
        assert_eq!(clean("reset\u{1b}c!"), "reset!");
        assert_eq!(clean("c1\u{9b}2Jcsi"), "c1csi");
        assert_eq!(clean("c1\u{9d}0;t\u{9c}osc"), "c1osc");
    }

    #[test]
    fn control_and_bidi_characters_are_removed() {
        assert_eq!(clean("a\u{7}b\u{8}c\rd\ne\u{7f}f\u{85}g"), "abcdefg");
        assert_eq!(clean("tab\there"), "tab here");
        assert_eq!(clean("admin\u{202e}txt.exe"), "admintxt.exe");
        assert_eq!(clean("\u{2066}iso\u{2069}\u{200f}"), "iso");
        assert_eq!(clean("unterminated\u{1b}[12"), "unterminated");
    }
}
