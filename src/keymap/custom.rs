//! The key table as it runs: the built-in bindings with the user's overrides (the config file's
//! `[keys]`) applied once at start-up. Handling, the footer and the `?` overlay read this table; the
//! README documents the built-in one.

use std::sync::OnceLock;

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Action, BINDINGS, Binding, Key, key_name};

static TABLE: OnceLock<Vec<Binding>> = OnceLock::new();

/// The bindings in force.
pub fn table() -> &'static [Binding] {
    TABLE.get().map_or(BINDINGS, Vec::as_slice)
}

/// One action rebound to new keys, everywhere it is bound.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub action: Action,
    pub keys: Vec<Key>,
}

/// The action's name in the config file: `WhatApplies` is `what_applies`.
pub fn action_name(action: Action) -> String {
    let mut name = String::new();
    for (i, c) in format!("{action:?}").chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    name
}

/// The bound action of that name.
pub fn action_named(name: &str) -> Option<Action> {
    // `delete` was `delete_policy` before OUs could be deleted too: older files keep working.
    let name = if name == "delete_policy" { "delete" } else { name };
    BINDINGS.iter().map(|b| b.action).find(|a| action_name(*a) == name)
}

/// A key as the config file writes it: `s`, `S`, `/`, `ctrl-f`, `enter`, `esc`, `tab`, `backtab`,
/// `backspace`, `up`, `down`, `left`, `right`, `home`, `end`, `pgup`, `pgdn`, `space`, `f1`…`f12`.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let (mods, rest) = match text.to_ascii_lowercase().strip_prefix("ctrl-") {
        Some(_) => (KeyModifiers::CONTROL, &text[5..]),
        None => (KeyModifiers::NONE, text),
    };
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => {
            KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) { c.to_ascii_lowercase() } else { c })
        }
        _ => match rest.to_ascii_lowercase().as_str() {
            "enter" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.starts_with('f') && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                return Err(format!(
                    "{text:?} is not a key: write a character (s, /), ctrl-x, or enter, esc, tab, backspace, up, down, left, right, home, end, pgup, pgdn, space, f1-f12"
                ));
            }
        },
    };
    Ok(Key { code, mods })
}

/// The table with `overrides` applied; the first clash of a new key with another action's key in a
/// context where both apply is refused, naming both.
pub fn apply(overrides: &[Override]) -> Result<Vec<Binding>, String> {
    let mut table: Vec<Binding> = BINDINGS.to_vec();
    for o in overrides {
        // Leaked once, at start-up: the table lives as long as the process.
        let keys: &'static [Key] = Box::leak(o.keys.clone().into_boxed_slice());
        let first = o.keys.first().map(key_name).unwrap_or_default();
        let first: &'static str = Box::leak(first.into_boxed_str());
        for b in table.iter_mut().filter(|b| b.action == o.action) {
            b.keys = keys;
            b.hint = b.hint.map(|(_, word)| (first, word));
        }
    }
    for o in overrides {
        for b in table.iter().filter(|b| b.action == o.action) {
            let clash = table.iter().find(|other| {
                other.context == b.context && other.action != b.action && other.keys.iter().any(|k| b.keys.contains(k))
            });
            if let Some(other) = clash {
                let key = other.keys.iter().find(|k| b.keys.contains(k)).map(key_name).unwrap_or_default();
                return Err(format!(
                    "{key} is already {} in {} (\"{}\"): give {} another key, or rebind {} too",
                    action_name(other.action),
                    b.context.title(),
                    other.description,
                    action_name(o.action),
                    action_name(other.action)
                ));
            }
        }
    }
    Ok(table)
}

/// Puts the table with `overrides` in force for the rest of the process (the first call wins).
pub fn install(overrides: &[Override]) -> Result<(), String> {
    let table = apply(overrides)?;
    let _ = TABLE.set(table);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Context;

    #[test]
    fn actions_have_names_and_keys_parse() {
        assert_eq!(action_name(Action::WhatApplies), "what_applies");
        assert_eq!(action_named("search"), Some(Action::Search));
        assert_eq!(action_named("serach"), None);
        assert_eq!(parse_key("s"), Ok(Key { code: KeyCode::Char('s'), mods: KeyModifiers::NONE }));
        assert_eq!(parse_key("ctrl-F"), Ok(Key { code: KeyCode::Char('f'), mods: KeyModifiers::CONTROL }));
        assert_eq!(parse_key("PgDn").map(|k| k.code), Ok(KeyCode::PageDown));
        assert_eq!(parse_key("f5").map(|k| k.code), Ok(KeyCode::F(5)));
        assert!(parse_key("hyper-x").unwrap_err().contains("is not a key"));
    }

    #[test]
    fn an_override_rebinds_the_action_and_its_hint_and_a_clash_is_refused() {
        let s = Key { code: KeyCode::Char('s'), mods: KeyModifiers::NONE };
        let table = apply(&[Override { action: Action::Search, keys: vec![s] }]).unwrap();
        let search = table.iter().find(|b| b.action == Action::Search).unwrap();
        assert_eq!((search.keys, search.hint), (&[s][..], Some(("s", "search"))));
        let q = Key { code: KeyCode::Char('q'), mods: KeyModifiers::NONE };
        let clash = apply(&[Override { action: Action::Search, keys: vec![q] }]).unwrap_err();
        assert!(clash.contains("q is already quit") && clash.contains(Context::Global.title()), "{clash}");
        // Rebinding both is fine.
        let w = Key { code: KeyCode::Char('Q'), mods: KeyModifiers::NONE };
        let both =
            [Override { action: Action::Search, keys: vec![q] }, Override { action: Action::Quit, keys: vec![w] }];
        assert!(apply(&both).is_ok());
    }
}
