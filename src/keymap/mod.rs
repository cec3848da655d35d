//! The key table: one list of bindings that drives key handling, the footer hints, the `?` overlay and
//! the README's keys table. Mutating bindings are flagged so read-only mode removes them from all of
//! these at once. A screen is a list of contexts (the inbox list: its own keys, the answering keys,
//! the global ones), so a key is written once however many screens share it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod bindings;
mod custom;

pub use bindings::BINDINGS;

pub use custom::{Override, action_name, install, parse_key, table};

/// The bound action of that name in the config file (`what_applies`).
pub fn custom_action(name: &str) -> Option<Action> {
    custom::action_named(name)
}

/// Whether the overrides can all stand together (no key of two actions in one context).
pub fn check(overrides: &[Override]) -> Result<(), String> {
    custom::apply(overrides).map(|_| ())
}

/// Every action the config file can rebind, with what it does (its first binding's words).
pub fn actions() -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for b in BINDINGS {
        let name = action_name(b.action);
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, b.description));
        }
    }
    out
}

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
    ToggleInbox,
    OrgMenu,
    Invite,
    Accept,
    Decline,
    CancelHandshake,
    Filter,
    /// Yes, send, choose: the positive answer in a dialog.
    Confirm,
    /// No, close: leave a dialog without doing anything.
    Dismiss,
    NextField,
    DeleteChar,
    EditPolicy,
    EditAgain,
    /// Complete what is typed (the action field of the check form).
    Complete,
    /// Send the selected node's id (or, in the policy pane, the policy's text) to the terminal's clipboard.
    CopyId,
    /// Send the selected node's ARN to the terminal's clipboard.
    CopyArn,
    /// Ctrl-z: back to the shell; `fg` resumes.
    Suspend,
    Attach,
    Detach,
    DeletePolicy,
    Rename,
    PolicyTypes,
    NewPolicy,
    WhatApplies,
    WhereUsed,
    CheckAction,
    NextType,
    PrevType,
    /// Open the search box.
    Search,
    /// Empty the search box.
    Clear,
    /// Build the search index again.
    Reindex,
}

/// Where a binding applies. `Global` bindings apply on every screen except the overlays and dialogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Tree,
    /// The details, policy and handshake panes: text that scrolls.
    Text,
    /// The details and policy panes: the policy they show.
    Shown,
    /// The handshake list.
    Inbox,
    /// The handshake list and the handshake pane: answering.
    Answer,
    Confirm,
    /// A confirmation that locks accounts out (or whose preview is incomplete): `yes` must be typed.
    TypeYes,
    /// The invitation form: other keys type text.
    Form,
    Menu,
    Notice,
    /// Reviewing a policy edit: its problems, its diff, or a change made meanwhile.
    Review,
    /// The attach picker: other keys type the filter.
    Picker,
    /// What applies to an account or OU: the chain, the checker, the effective policies.
    Applies,
    /// Where a policy is attached.
    WhereUsed,
    /// The search box: other keys type the query.
    Search,
    Help,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Self::Global => "Everywhere",
            Self::Tree => "Tree",
            Self::Text => "Details, policy, handshake and what-applies panes",
            Self::Shown => "Details and policy panes",
            Self::Inbox => "Inbox list",
            Self::Answer => "Inbox (list and handshake)",
            Self::Confirm => "Confirmation",
            Self::TypeYes => "Confirmation that needs a typed yes",
            Self::Form => "Forms (invitation, policy name)",
            Self::Menu => "Organization menu",
            Self::Notice => "Message",
            Self::Review => "Policy edit review",
            Self::Picker => "Attach picker",
            Self::Applies => "What applies here",
            Self::WhereUsed => "Where a policy is used",
            Self::Search => "Search",
            Self::Help => "Help",
        }
    }

    /// Every context, in the order the help overlay and the README list them.
    pub const ALL: [Context; 17] = [
        Self::Tree,
        Self::Applies,
        Self::Text,
        Self::Shown,
        Self::Inbox,
        Self::Answer,
        Self::Global,
        Self::Confirm,
        Self::TypeYes,
        Self::Form,
        Self::Menu,
        Self::Notice,
        Self::Review,
        Self::Picker,
        Self::WhereUsed,
        Self::Search,
        Self::Help,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    pub description: &'static str,
    /// Shown in the footer as `keys word`; bindings without a hint appear only in the overlay.
    pub hint: Option<(&'static str, &'static str)>,
    pub mutating: bool,
}

fn matches(key: &Key, event: &KeyEvent) -> bool {
    // Terminals report Shift with upper-case letters and with BackTab inconsistently; the key itself
    // says what the user meant, so Shift is ignored.
    key.code == event.code && key.mods == event.modifiers - KeyModifiers::SHIFT
}

/// The bindings live on a screen made of `contexts`, in their order.
pub fn active(contexts: &[Context], read_only: bool) -> impl Iterator<Item = &'static Binding> {
    contexts
        .iter()
        .flat_map(|c| table().iter().filter(move |b| b.context == *c))
        .filter(move |b| !(read_only && b.mutating))
}

pub fn lookup(contexts: &[Context], event: &KeyEvent, read_only: bool) -> Option<Action> {
    active(contexts, read_only).find(|b| b.keys.iter().any(|key| matches(key, event))).map(|b| b.action)
}

/// `(keys, word)` pairs for the footer.
pub fn footer(contexts: &[Context], read_only: bool) -> Vec<(&'static str, &'static str)> {
    active(contexts, read_only).filter_map(|b| b.hint).collect()
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
        KeyCode::Backspace => "Backspace".into(),
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
    for b in Context::ALL.iter().flat_map(|c| BINDINGS.iter().filter(move |b| b.context == *c)) {
        let keys = keys_text(b).replace('|', "\\|");
        out.push_str(&format!("| {} | `{}` | {} |\n", b.context.title(), keys, b.description));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Context as C;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_resolve_per_context() {
        let tree = [C::Tree, C::Global];
        let j = ev(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(lookup(&tree, &j, false), Some(A::Down));
        assert_eq!(lookup(&[C::Text, C::Global], &j, false), Some(A::Down));
        let q = ev(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(&tree, &q, false), Some(A::Quit));
        assert_eq!(lookup(&[C::Help], &q, false), Some(A::CloseHelp));
        let ctrl_c = ev(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&tree, &ctrl_c, false), Some(A::Quit));
        assert_eq!(lookup(&[C::Help], &ctrl_c, false), Some(A::Quit));
        let shift_tab = ev(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(lookup(&[C::Text, C::Global], &shift_tab, false), Some(A::PrevPane));
        let shift_g = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&tree, &shift_g, false), Some(A::Bottom));
        assert_eq!(lookup(&tree, &ev(KeyCode::Char('x'), KeyModifiers::NONE), false), None);
        let shift_i = ev(KeyCode::Char('I'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&tree, &shift_i, false), Some(A::Invite));
    }

    /// The screens the app puts together (see `update::contexts`).
    const SCREENS: &[&[Context]] = &[
        &[C::Tree, C::Global],
        &[C::Text, C::Shown, C::Global],
        &[C::Applies, C::Text, C::Global],
        &[C::Inbox, C::Answer, C::Global],
        &[C::Text, C::Answer, C::Global],
        &[C::Confirm],
        &[C::TypeYes],
        &[C::Form],
        &[C::Menu],
        &[C::Notice],
        &[C::Review],
        &[C::Picker],
        &[C::WhereUsed],
        &[C::Search],
        &[C::Help],
    ];

    #[test]
    fn every_key_is_bound_once_per_screen() {
        for screen in SCREENS {
            let mut seen = Vec::new();
            for b in active(screen, false) {
                for key in b.keys {
                    assert!(!seen.contains(key), "{key:?} bound twice on {screen:?}");
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn read_only_drops_every_answering_key() {
        let inbox = [C::Inbox, C::Answer, C::Global];
        let a = ev(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(lookup(&inbox, &a, false), Some(A::Accept));
        assert_eq!(lookup(&inbox, &a, true), None);
        assert!(footer(&inbox, true).iter().all(|(k, _)| !["a", "d", "c"].contains(k)));
        assert!(active(&inbox, true).all(|b| !b.mutating));
        assert!(footer(&inbox, true).contains(&("f", "filter")), "reading keys stay");
    }

    #[test]
    fn footer_lists_hints_for_the_focused_pane() {
        let tree = footer(&[C::Tree, C::Global], false);
        assert_eq!(tree.first(), Some(&("j/k", "move")));
        assert!(tree.contains(&("q", "quit")));
        assert!(footer(&[C::Help], false).iter().all(|(_, w)| *w != "quit"));
    }

    #[test]
    fn markdown_table_lists_every_binding() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), BINDINGS.len() + 2);
        assert!(table.contains("| Tree | `l → Enter` | expand"));
    }
}
