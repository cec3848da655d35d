//! Colours and symbols in one place.

use ratatui::style::{Color, Modifier, Style};

pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn border(focused: bool) -> Style {
    if focused { Style::new().fg(Color::Cyan) } else { Style::new().fg(Color::DarkGray) }
}

pub fn title(focused: bool) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    if focused { style.fg(Color::Cyan) } else { style }
}

pub fn cursor(focused: bool) -> Style {
    let bg = if focused { Color::Rgb(45, 55, 72) } else { Color::Rgb(40, 40, 40) };
    Style::new().bg(bg).add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn label() -> Style {
    Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

pub fn ok() -> Style {
    Style::new().fg(Color::Green)
}

pub fn warn() -> Style {
    Style::new().fg(Color::Yellow)
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
    Style::new().bg(Color::Rgb(30, 34, 42)).fg(Color::Gray)
}

pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
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
