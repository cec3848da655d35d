//! Colours and symbols in one place. The few colours that carry meaning come from a palette the
//! config file's `[theme]` may change (set once at start-up); `display` brings them down to what the
//! terminal shows.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};

/// The colours with a meaning, by the names the config file's `[theme]` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Focus, titles, keys.
    pub accent: Color,
    pub ok: Color,
    pub warn: Color,
    pub error: Color,
    /// Secondary text.
    pub dim: Color,
    /// The selected row's background (focused pane).
    pub cursor: Color,
    /// The status bar's background.
    pub status: Color,
}

impl Default for Palette {
    fn default() -> Self {
        Self {
            accent: Color::Cyan,
            ok: Color::Green,
            warn: Color::Yellow,
            error: Color::Red,
            dim: Color::DarkGray,
            cursor: Color::Rgb(45, 55, 72),
            status: Color::Rgb(30, 34, 42),
        }
    }
}

static PALETTE: OnceLock<Palette> = OnceLock::new();

/// The palette in force: the config file's, else the built-in one.
pub fn palette() -> Palette {
    PALETTE.get().copied().unwrap_or_default()
}

/// Puts a palette in force for the rest of the process (the first call wins).
pub fn install(palette: Palette) {
    let _ = PALETTE.set(palette);
}

/// A colour as the config file writes it: `#00afaf`, a name (`cyan`, `lightblue`, `darkgray`, …) or
/// an index of the 256-colour palette (`"38"`).
pub fn parse_color(text: &str) -> Result<Color, String> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix('#')
        && hex.len() == 6
        && let Ok(v) = u32::from_str_radix(hex, 16)
    {
        let [_, r, g, b] = v.to_be_bytes();
        return Ok(Color::Rgb(r, g, b));
    }
    if let Ok(i) = t.parse::<u8>() {
        return Ok(Color::Indexed(i));
    }
    t.parse::<Color>()
        .map_err(|_| format!("{text:?} is not a colour: write #rrggbb, a name such as cyan or lightblue, or 0-255"))
}

pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn border(focused: bool) -> Style {
    if focused { Style::new().fg(palette().accent) } else { Style::new().fg(palette().dim) }
}

pub fn title(focused: bool) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    if focused { style.fg(palette().accent) } else { style }
}

pub fn cursor(focused: bool) -> Style {
    let bg = if focused { palette().cursor } else { Color::Rgb(40, 40, 40) };
    Style::new().bg(bg).add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().fg(palette().dim)
}

pub fn label() -> Style {
    Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(palette().error)
}

pub fn ok() -> Style {
    Style::new().fg(palette().ok)
}

pub fn warn() -> Style {
    Style::new().fg(palette().warn)
}

/// Account states: active is calm, suspended and closed stand out.
pub fn account_state(state: &str) -> Style {
    match state {
        "ACTIVE" => ok(),
        "SUSPENDED" | "CLOSED" | "PENDING_CLOSURE" => error(),
        _ => warn(),
    }
}

pub fn policy_type(short: &str) -> Style {
    match short {
        "SCP" => Style::new().fg(Color::Magenta),
        "RCP" => Style::new().fg(Color::LightMagenta),
        _ => Style::new().fg(Color::Blue),
    }
}

pub fn badge_read_only() -> Style {
    Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn status_bar() -> Style {
    Style::new().bg(palette().status).fg(Color::Gray)
}

pub fn key() -> Style {
    Style::new().fg(palette().accent).add_modifier(Modifier::BOLD)
}

pub fn badge_inbox() -> Style {
    Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// Handshake states by meaning: waiting stands out, done is calm, refused and ended are muted or red.
pub fn handshake_state(state: &str) -> Style {
    match state {
        "OPEN" => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        "REQUESTED" => Style::new().fg(Color::LightYellow),
        "ACCEPTED" => ok(),
        "DECLINED" => error(),
        "CANCELED" | "EXPIRED" => dim(),
        _ => Style::new().fg(Color::Magenta),
    }
}

pub fn quote() -> Style {
    Style::new().fg(Color::LightBlue).add_modifier(Modifier::ITALIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_read_as_the_config_file_writes_them() {
        assert_eq!(parse_color("#00afaf"), Ok(Color::Rgb(0, 175, 175)));
        assert_eq!(parse_color("lightblue"), Ok(Color::LightBlue));
        assert_eq!(parse_color("38"), Ok(Color::Indexed(38)));
        assert!(parse_color("#12345").unwrap_err().contains("is not a colour"));
        assert!(parse_color("chartreuse-ish").is_err());
    }
}
