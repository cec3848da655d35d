//! The key table: one list of bindings that drives key handling, the footer hints, the `?` overlay and
//! the README's keys table. Mutating bindings (added by later issues) are flagged so read-only mode
//! removes them from all of these at once.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    Expand,
    Collapse,
    Top,
    Bottom,
    PageUp,
    PageDown,
    NextPane,
    PrevPane,
    Refresh,
    Help,
    CloseHelp,
    Quit,
}

/// Where a binding applies. `Global` bindings apply everywhere except inside the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Tree,
    /// The details and policy panes: text that scrolls.
    Text,
    Help,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Self::Global => "Everywhere",
            Self::Tree => "Tree",
            Self::Text => "Details and policy panes",
            Self::Help => "Help",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}
const fn code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}
const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub description: &'static str,
    /// Shown in the footer as `keys word`; bindings without a hint appear only in the overlay.
    pub hint: Option<(&'static str, &'static str)>,
    pub mutating: bool,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    hint: Option<(&'static str, &'static str)>,
) -> Binding {
    Binding { context, keys, action, description, hint, mutating: false }
}

use Action as A;
use Context as C;

pub const BINDINGS: &[Binding] = &[
    bind(C::Tree, &[k('j'), code(KeyCode::Down)], A::Down, "move down", Some(("j/k", "move"))),
    bind(C::Tree, &[k('k'), code(KeyCode::Up)], A::Up, "move up", None),
    bind(
        C::Tree,
        &[k('l'), code(KeyCode::Right), code(KeyCode::Enter)],
        A::Expand,
        "expand (load children); on a policy, show it",
        Some(("l/→", "expand")),
    ),
    bind(
        C::Tree,
        &[k('h'), code(KeyCode::Left)],
        A::Collapse,
        "collapse, or go to the parent",
        Some(("h/←", "collapse")),
    ),
    bind(C::Tree, &[k('g'), code(KeyCode::Home)], A::Top, "first row", Some(("g/G", "top/bottom"))),
    bind(C::Tree, &[k('G'), code(KeyCode::End)], A::Bottom, "last row", None),
    bind(C::Tree, &[code(KeyCode::PageDown), ctrl('d')], A::PageDown, "page down", None),
    bind(C::Tree, &[code(KeyCode::PageUp), ctrl('u')], A::PageUp, "page up", None),
    bind(C::Tree, &[k('r')], A::Refresh, "reload the selected node (retries a failed load)", Some(("r", "refresh"))),
    bind(C::Text, &[k('j'), code(KeyCode::Down)], A::Down, "scroll down", Some(("j/k", "scroll"))),
    bind(C::Text, &[k('k'), code(KeyCode::Up)], A::Up, "scroll up", None),
    bind(C::Text, &[k('g'), code(KeyCode::Home)], A::Top, "scroll to the top", Some(("g/G", "top/bottom"))),
    bind(C::Text, &[k('G'), code(KeyCode::End)], A::Bottom, "scroll to the bottom", None),
    bind(C::Text, &[code(KeyCode::PageDown), ctrl('d')], A::PageDown, "page down", None),
    bind(C::Text, &[code(KeyCode::PageUp), ctrl('u')], A::PageUp, "page up", None),
    bind(C::Text, &[k('r')], A::Refresh, "reload what the pane shows", Some(("r", "refresh"))),
    bind(C::Global, &[code(KeyCode::Tab)], A::NextPane, "next pane", Some(("Tab", "pane"))),
    bind(C::Global, &[code(KeyCode::BackTab)], A::PrevPane, "previous pane", None),
    bind(C::Global, &[k('?')], A::Help, "show this help", Some(("?", "help"))),
    bind(C::Global, &[k('q'), ctrl('c')], A::Quit, "quit", Some(("q", "quit"))),
    bind(C::Help, &[k('j'), code(KeyCode::Down)], A::Down, "scroll down", Some(("j/k", "scroll"))),
    bind(C::Help, &[k('k'), code(KeyCode::Up)], A::Up, "scroll up", None),
    bind(C::Help, &[k('g'), code(KeyCode::Home)], A::Top, "scroll to the top", None),
    bind(C::Help, &[k('G'), code(KeyCode::End)], A::Bottom, "scroll to the bottom", None),
    bind(C::Help, &[code(KeyCode::Esc), k('?'), k('q')], A::CloseHelp, "close the help", Some(("Esc", "close"))),
    bind(C::Help, &[ctrl('c')], A::Quit, "quit", None),
];

fn matches(key: &Key, event: &KeyEvent) -> bool {
    // Terminals report Shift with upper-case letters and with BackTab inconsistently; the key itself
    // says what the user meant, so Shift is ignored.
    key.code == event.code && key.mods == event.modifiers - KeyModifiers::SHIFT
}

/// The bindings that are live in a context (the context's own, then the global ones).
pub fn active(context: Context, read_only: bool) -> impl Iterator<Item = &'static Binding> {
    let own = BINDINGS.iter().filter(move |b| b.context == context);
    let global = BINDINGS.iter().filter(move |b| context != C::Help && b.context == C::Global);
    own.chain(global).filter(move |b| !(read_only && b.mutating))
}

pub fn lookup(context: Context, event: &KeyEvent, read_only: bool) -> Option<Action> {
    active(context, read_only).find(|b| b.keys.iter().any(|key| matches(key, event))).map(|b| b.action)
}

/// `(keys, word)` pairs for the footer.
pub fn footer(context: Context, read_only: bool) -> Vec<(&'static str, &'static str)> {
    active(context, read_only).filter_map(|b| b.hint).collect()
}

pub fn key_name(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Esc => "Esc".into(),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) { format!("Ctrl-{base}") } else { base }
}

pub fn keys_text(binding: &Binding) -> String {
    binding.keys.iter().map(key_name).collect::<Vec<_>>().join(" ")
}

/// The README's keys table, generated so it cannot drift from the code.
pub fn markdown_table() -> String {
    let mut out = String::from("| where | keys | does |\n|---|---|---|\n");
    for b in BINDINGS {
        let keys = keys_text(b).replace('|', "\\|");
        out.push_str(&format!("| {} | `{}` | {} |\n", b.context.title(), keys, b.description));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_resolve_per_context() {
        let j = ev(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(lookup(C::Tree, &j, false), Some(A::Down));
        assert_eq!(lookup(C::Text, &j, false), Some(A::Down));
        let q = ev(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(C::Tree, &q, false), Some(A::Quit));
        assert_eq!(lookup(C::Help, &q, false), Some(A::CloseHelp));
        let ctrl_c = ev(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(C::Tree, &ctrl_c, false), Some(A::Quit));
        assert_eq!(lookup(C::Help, &ctrl_c, false), Some(A::Quit));
        let shift_tab = ev(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(lookup(C::Text, &shift_tab, false), Some(A::PrevPane));
        let shift_g = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(C::Tree, &shift_g, false), Some(A::Bottom));
        assert_eq!(lookup(C::Tree, &ev(KeyCode::Char('x'), KeyModifiers::NONE), false), None);
    }

    #[test]
    fn every_key_is_bound_once_per_context() {
        for context in [C::Tree, C::Text, C::Help] {
            let mut seen = Vec::new();
            for b in active(context, false) {
                for key in b.keys {
                    assert!(!seen.contains(key), "{key:?} bound twice in {context:?}");
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn footer_lists_hints_for_the_focused_pane() {
        let tree = footer(C::Tree, false);
        assert_eq!(tree.first(), Some(&("j/k", "move")));
        assert!(tree.contains(&("q", "quit")));
        assert!(footer(C::Help, false).iter().all(|(_, w)| *w != "quit"));
    }

    #[test]
    fn markdown_table_lists_every_binding() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), BINDINGS.len() + 2);
        assert!(table.contains("| Tree | `l → Enter` | expand"));
    }
}
