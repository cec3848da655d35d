//! The key table: one list of bindings that drives key handling, the footer hints, the `?` overlay and
//! the README's keys table. Mutating bindings are flagged so read-only mode removes them from all of
//! these at once. A screen is a list of contexts (the inbox list: its own keys, the answering keys,
//! the global ones), so a key is written once however many screens share it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod bindings;
mod build;
mod custom;
mod when;

pub use bindings::BINDINGS;

pub use custom::{Override, action_name, install, parse_key, table};
pub use when::When;

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
    /// Esc on a main screen: back one step (a pane to the tree, the handshake to the list, the inbox
    /// to where it was opened from, a jump cancelled).
    Back,
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
    /// Text fields: Backspace.
    DeleteChar,
    /// Text fields: Delete, the character under the cursor.
    DeleteForward,
    /// Text fields: Ctrl-w, the word before the cursor.
    DeleteWord,
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
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
    /// `m`: mark or unmark the selected account (to move several at once).
    Mark,
    /// `M`: move the marked accounts, or the selected one.
    MoveAccounts,
    /// `X`: delete the selected policy or (empty) OU.
    Delete,
    /// `E`: rename the selected policy (with its description) or OU.
    Rename,
    /// `C`: request a new account in the selected root or OU.
    NewAccount,
    /// `O`: create an OU under the selected root or OU.
    NewOu,
    /// `t`: add, change and remove the selected root's, OU's, account's or policy's tags.
    EditTags,
    PolicyTypes,
    NewPolicy,
    WhatApplies,
    WhereUsed,
    CheckAction,
    NextType,
    PrevType,
    /// Open the search box.
    Search,
    /// Text fields: Ctrl-u, everything before the cursor.
    Clear,
    /// Build the search index again.
    Reindex,
    /// Read the tags of every account not read yet (for `tag:` queries).
    LoadTags,
}

/// Where a binding applies. `Global` bindings apply on every screen except the overlays and dialogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Every screen, dialogs and overlays included: Ctrl-c quits from anywhere.
    Anywhere,
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
    /// The selected handshake in full.
    Handshake,
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
    /// Where to move accounts to: other keys type the filter.
    MovePicker,
    /// What applies to an account or OU: the chain, the checker, the effective policies.
    Applies,
    /// Where a policy is attached.
    WhereUsed,
    /// The search box: other keys type the query.
    Search,
    /// Any text field (forms, search, the picker's filter): moving and deleting.
    Field,
    Help,
    /// The governance view: delegated administrators, trusted services, resource policy.
    Governance,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Self::Anywhere => "Anywhere, dialogs included",
            Self::Global => "Main screens (tree, panes, inbox)",
            Self::Tree => "Tree",
            Self::Text => "Details, policy, handshake and what-applies panes",
            Self::Shown => "Details and policy panes",
            Self::Inbox => "Inbox list",
            Self::Answer => "Inbox (list and handshake)",
            Self::Handshake => "Handshake pane",
            Self::Confirm => "Confirmation",
            Self::TypeYes => "Confirmation that needs a typed yes",
            Self::Form => "Forms (invitation, policy name, check)",
            Self::Menu => "Organization menu",
            Self::Notice => "Message",
            Self::Review => "Policy edit review",
            Self::Picker => "Attach picker",
            Self::MovePicker => "Move picker (where to move accounts)",
            Self::Applies => "What applies here",
            Self::WhereUsed => "Where a policy is used",
            Self::Search => "Search",
            Self::Field => "Text fields (forms, search, the picker's filter)",
            Self::Help => "Help",
            Self::Governance => "Governance view",
        }
    }

    /// Every context, in the order the help overlay and the README list them.
    pub const ALL: [Context; 22] = [
        Self::Tree,
        Self::Applies,
        Self::Text,
        Self::Shown,
        Self::Inbox,
        Self::Answer,
        Self::Handshake,
        Self::Global,
        Self::Anywhere,
        Self::Confirm,
        Self::TypeYes,
        Self::Form,
        Self::Menu,
        Self::Notice,
        Self::Review,
        Self::Picker,
        Self::MovePicker,
        Self::WhereUsed,
        Self::Search,
        Self::Field,
        Self::Governance,
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
    /// Where the cursor must be for the binding to work (`app::keys` reads it over the model).
    pub when: When,
}

fn matches(key: &Key, event: &KeyEvent) -> bool {
    // Terminals report Shift with upper-case letters and with BackTab inconsistently; the key itself
    // says what the user meant, so Shift is ignored.
    key.code == event.code && key.mods == event.modifiers - KeyModifiers::SHIFT
}

/// The bindings of a screen made of `contexts`, in their order, whether or not they work where the
/// cursor is (`app::keys` says which do).
pub fn active(contexts: &[Context]) -> impl Iterator<Item = &'static Binding> {
    contexts.iter().flat_map(|c| table().iter().filter(move |b| b.context == *c))
}

/// The binding a key press stands for on that screen. Read-only mode and the binding's rule are
/// checked by the caller, so a key that cannot work can say why instead of doing nothing.
pub fn lookup(contexts: &[Context], event: &KeyEvent) -> Option<&'static Binding> {
    active(contexts).find(|b| b.keys.iter().any(|key| matches(key, event)))
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
        KeyCode::Delete => "Delete".into(),
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

    fn action(contexts: &[Context], event: &KeyEvent) -> Option<Action> {
        lookup(contexts, event).map(|b| b.action)
    }

    #[test]
    fn keys_resolve_per_context() {
        let tree = [C::Tree, C::Global, C::Anywhere];
        let j = ev(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(action(&tree, &j), Some(A::Down));
        assert_eq!(action(&[C::Text, C::Global], &j), Some(A::Down));
        let q = ev(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action(&tree, &q), Some(A::Quit));
        assert_eq!(action(&[C::Help, C::Anywhere], &q), Some(A::CloseHelp));
        let ctrl_c = ev(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for screen in SCREENS {
            assert_eq!(action(screen, &ctrl_c), Some(A::Quit), "Ctrl-c quits from {screen:?}");
        }
        let shift_tab = ev(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(action(&[C::Text, C::Global], &shift_tab), Some(A::PrevPane));
        let shift_g = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action(&tree, &shift_g), Some(A::Bottom));
        assert_eq!(action(&tree, &ev(KeyCode::Char('x'), KeyModifiers::NONE)), None);
        let shift_i = ev(KeyCode::Char('I'), KeyModifiers::SHIFT);
        assert_eq!(action(&tree, &shift_i), Some(A::Invite));
    }

    /// The screens the app puts together (see `update::contexts`).
    const SCREENS: &[&[Context]] = &[
        &[C::Tree, C::Global, C::Anywhere],
        &[C::Shown, C::Text, C::Global, C::Anywhere],
        &[C::Applies, C::Text, C::Global, C::Anywhere],
        &[C::Inbox, C::Answer, C::Global, C::Anywhere],
        &[C::Handshake, C::Text, C::Answer, C::Global, C::Anywhere],
        &[C::Confirm, C::Anywhere],
        &[C::TypeYes, C::Anywhere],
        &[C::Form, C::Field, C::Anywhere],
        &[C::Menu, C::Anywhere],
        &[C::Notice, C::Anywhere],
        &[C::Review, C::Anywhere],
        &[C::Picker, C::Field, C::Anywhere],
        &[C::MovePicker, C::Field, C::Anywhere],
        &[C::WhereUsed, C::Anywhere],
        &[C::Search, C::Field, C::Anywhere],
        &[C::Help, C::Anywhere],
    ];

    #[test]
    fn every_key_is_bound_once_per_screen() {
        for screen in SCREENS {
            let mut seen = Vec::new();
            for b in active(screen) {
                for key in b.keys {
                    assert!(!seen.contains(key), "{key:?} bound twice on {screen:?}");
                    seen.push(*key);
                }
            }
        }
    }

    /// The keys people press without looking mean one thing everywhere.
    #[test]
    fn esc_is_back_or_no_and_enter_never_confirms_a_change() {
        let esc = ev(KeyCode::Esc, KeyModifiers::NONE);
        let enter = ev(KeyCode::Enter, KeyModifiers::NONE);
        for screen in SCREENS {
            let on_esc = action(screen, &esc);
            assert!(matches!(on_esc, Some(A::Back | A::Dismiss | A::CloseHelp)), "Esc on {screen:?} is {on_esc:?}");
        }
        assert_eq!(action(&[C::Confirm, C::Anywhere], &enter), None, "a confirmation takes y only");
        let ctrl_d = ev(KeyCode::Char('d'), KeyModifiers::CONTROL);
        for screen in SCREENS {
            assert!(
                matches!(action(screen, &ctrl_d), None | Some(A::PageDown)),
                "Ctrl-d pages, and deletes nothing, on {screen:?}"
            );
        }
        let x = ev(KeyCode::Char('X'), KeyModifiers::SHIFT);
        assert_eq!(action(SCREENS[0], &x), Some(A::Delete));
        let ctrl_x = ev(KeyCode::Char('x'), KeyModifiers::CONTROL);
        assert_eq!(action(&[C::Picker, C::Field, C::Anywhere], &ctrl_x), Some(A::Delete));
    }

    #[test]
    fn no_binding_leans_on_a_multiplexer_prefix_alone() {
        for b in table() {
            for prefix in ['a', 'b'] {
                let only = b.keys.iter().all(|k| k.code == KeyCode::Char(prefix) && k.mods == KeyModifiers::CONTROL);
                assert!(!only, "{:?} is bound to Ctrl-{prefix} alone", b.action);
            }
        }
    }

    #[test]
    fn changes_are_flagged_for_read_only_mode() {
        let inbox = [C::Inbox, C::Answer, C::Global, C::Anywhere];
        let a = ev(KeyCode::Char('a'), KeyModifiers::NONE);
        assert!(lookup(&inbox, &a).is_some_and(|b| b.mutating));
        let f = ev(KeyCode::Char('f'), KeyModifiers::NONE);
        assert!(lookup(&inbox, &f).is_some_and(|b| !b.mutating), "reading keys stay");
    }

    #[test]
    fn markdown_table_lists_every_binding() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), BINDINGS.len() + 2);
        assert!(table.contains("| Tree | `l → Enter` | expand"));
    }
}
