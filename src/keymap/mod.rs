//! The key table: one list of bindings that drives key handling, the footer hints, the `?` overlay and
//! the README's keys table. Mutating bindings are flagged so read-only mode removes them from all of
//! these at once. A screen is a list of contexts (the inbox list: its own keys, the answering keys,
//! the global ones), so a key is written once however many screens share it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod custom;

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

const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}
const fn code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}
const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
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

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    hint: Option<(&'static str, &'static str)>,
) -> Binding {
    Binding { context, keys, action, description, hint, mutating: false }
}

/// Marks a binding that changes the organization: gone in read-only mode.
const fn change(binding: Binding) -> Binding {
    Binding { mutating: true, ..binding }
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
    bind(C::Tree, &[k('g'), code(KeyCode::Home)], A::Top, "first row", None),
    bind(C::Tree, &[k('G'), code(KeyCode::End)], A::Bottom, "last row", None),
    // Ctrl-d deletes a policy in the tree, so paging there uses Ctrl-f/Ctrl-b (as in less and vim).
    bind(C::Tree, &[code(KeyCode::PageDown), ctrl('f')], A::PageDown, "page down", None),
    bind(C::Tree, &[code(KeyCode::PageUp), ctrl('b'), ctrl('u')], A::PageUp, "page up", None),
    bind(C::Tree, &[k('r')], A::Refresh, "reload the selected node (retries a failed load)", Some(("r", "refresh"))),
    bind(
        C::Tree,
        &[k('w')],
        A::WhatApplies,
        "what applies to the selected account or OU: SCPs/RCPs by level, an action check, effective policies",
        Some(("w", "applies")),
    ),
    bind(C::Tree, &[k('u')], A::WhereUsed, "where the selected policy is attached (jump to a target)", None),
    change(bind(C::Tree, &[k('e')], A::EditPolicy, "edit the selected policy in $VISUAL/$EDITOR", Some(("e", "edit")))),
    change(bind(C::Tree, &[k('E')], A::Rename, "change the selected policy's name and description", None)),
    change(bind(
        C::Tree,
        &[k('A')],
        A::Attach,
        "attach a policy to the selected root, OU or account",
        Some(("A", "attach")),
    )),
    change(bind(C::Tree, &[k('N')], A::NewPolicy, "create a policy (type, name, then the editor)", None)),
    change(bind(C::Tree, &[k('T')], A::PolicyTypes, "enable or disable policy types in the selected root", None)),
    change(bind(C::Tree, &[ctrl('d')], A::DeletePolicy, "delete the selected policy (asks first)", None)),
    change(bind(
        C::Tree,
        &[k('D')],
        A::Detach,
        "detach the selected policy from where it is attached",
        Some(("D", "detach")),
    )),
    bind(C::Text, &[k('j'), code(KeyCode::Down)], A::Down, "scroll down", Some(("j/k", "scroll"))),
    bind(C::Text, &[k('k'), code(KeyCode::Up)], A::Up, "scroll up", None),
    bind(C::Text, &[k('g'), code(KeyCode::Home)], A::Top, "scroll to the top", None),
    bind(C::Text, &[k('G'), code(KeyCode::End)], A::Bottom, "scroll to the bottom", None),
    bind(C::Text, &[code(KeyCode::PageDown), ctrl('d')], A::PageDown, "page down", None),
    bind(C::Text, &[code(KeyCode::PageUp), ctrl('u')], A::PageUp, "page up", None),
    bind(C::Text, &[k('r')], A::Refresh, "reload what the pane shows", Some(("r", "refresh"))),
    bind(C::Tree, &[k('y')], A::CopyId, "copy the selected node's id (to the terminal's clipboard, OSC 52)", None),
    bind(C::Tree, &[k('Y')], A::CopyArn, "copy the selected node's ARN", None),
    bind(C::Shown, &[k('y')], A::CopyId, "copy the id (details) or the policy's text (policy pane)", None),
    bind(C::Shown, &[k('Y')], A::CopyArn, "copy the ARN of what the pane shows", None),
    change(bind(C::Shown, &[k('e')], A::EditPolicy, "edit the shown policy in $VISUAL/$EDITOR", Some(("e", "edit")))),
    change(bind(C::Shown, &[k('E')], A::Rename, "change the shown policy's name and description", None)),
    bind(
        C::Applies,
        &[k('c')],
        A::CheckAction,
        "check an action: may this account call it? (an offline reading of the SCPs and RCPs)",
        Some(("c", "check")),
    ),
    bind(
        C::Applies,
        &[k('l'), code(KeyCode::Right)],
        A::NextType,
        "next management policy type",
        Some(("h/l", "type")),
    ),
    bind(C::Applies, &[k('h'), code(KeyCode::Left)], A::PrevType, "previous management policy type", None),
    bind(C::Applies, &[k('w'), code(KeyCode::Esc)], A::Dismiss, "back to the tree", Some(("Esc", "back"))),
    bind(C::Inbox, &[k('j'), code(KeyCode::Down)], A::Down, "next handshake", Some(("j/k", "move"))),
    bind(C::Inbox, &[k('k'), code(KeyCode::Up)], A::Up, "previous handshake", None),
    bind(C::Inbox, &[k('g'), code(KeyCode::Home)], A::Top, "first handshake", None),
    bind(C::Inbox, &[k('G'), code(KeyCode::End)], A::Bottom, "last handshake", None),
    bind(C::Inbox, &[code(KeyCode::Enter)], A::Expand, "read the handshake in full", None),
    bind(C::Inbox, &[k('r')], A::Refresh, "reload the inbox", Some(("r", "refresh"))),
    change(bind(C::Answer, &[k('a')], A::Accept, "accept the handshake (asks first)", Some(("a", "accept")))),
    change(bind(C::Answer, &[k('d')], A::Decline, "decline the handshake (asks first)", Some(("d", "decline")))),
    change(bind(
        C::Answer,
        &[k('c')],
        A::CancelHandshake,
        "cancel a handshake your organization sent",
        Some(("c", "cancel")),
    )),
    bind(C::Answer, &[k('f')], A::Filter, "show only handshakes waiting for an answer, or all", Some(("f", "filter"))),
    bind(C::Global, &[code(KeyCode::Tab)], A::NextPane, "next pane", Some(("Tab", "pane"))),
    bind(C::Global, &[code(KeyCode::BackTab)], A::PrevPane, "previous pane", None),
    bind(C::Global, &[k('i')], A::ToggleInbox, "open or leave the handshake inbox", Some(("i", "inbox"))),
    bind(C::Global, &[k('o')], A::OrgMenu, "organization menu (invite, enable all features)", Some(("o", "org"))),
    change(bind(C::Global, &[k('I')], A::Invite, "invite an account to the organization", None)),
    bind(C::Global, &[k('/')], A::Search, "search every OU, account and policy", Some(("/", "search"))),
    bind(C::Global, &[k('R')], A::Reindex, "build the search index again (from AWS)", None),
    bind(C::Global, &[k('?')], A::Help, "show this help", Some(("?", "help"))),
    bind(C::Global, &[k('q'), ctrl('c')], A::Quit, "quit", Some(("q", "quit"))),
    bind(C::Global, &[ctrl('z')], A::Suspend, "suspend to the shell (fg brings orgtui back)", None),
    bind(C::Confirm, &[k('y'), code(KeyCode::Enter)], A::Confirm, "yes, do it", Some(("y", "yes"))),
    bind(C::Confirm, &[k('n'), code(KeyCode::Esc)], A::Dismiss, "no, change nothing", Some(("n/Esc", "no"))),
    bind(C::Confirm, &[ctrl('c')], A::Quit, "quit", None),
    bind(C::Confirm, &[k('j'), code(KeyCode::Down)], A::Down, "scroll what the change does", Some(("j/k", "scroll"))),
    bind(C::Confirm, &[k('k'), code(KeyCode::Up)], A::Up, "scroll back", None),
    bind(C::Confirm, &[code(KeyCode::PageDown)], A::PageDown, "page down", None),
    bind(C::Confirm, &[code(KeyCode::PageUp)], A::PageUp, "page up", None),
    bind(
        C::TypeYes,
        &[code(KeyCode::Enter)],
        A::Confirm,
        "go ahead, once yes is typed",
        Some(("yes Enter", "go ahead")),
    ),
    bind(C::TypeYes, &[code(KeyCode::Esc), ctrl('c')], A::Dismiss, "no, change nothing", Some(("Esc", "no"))),
    bind(C::TypeYes, &[code(KeyCode::Backspace)], A::DeleteChar, "delete the last character", None),
    bind(C::TypeYes, &[code(KeyCode::Down)], A::Down, "scroll what the change does", Some(("↓/↑", "scroll"))),
    bind(C::TypeYes, &[code(KeyCode::Up)], A::Up, "scroll back", None),
    bind(C::TypeYes, &[code(KeyCode::PageDown)], A::PageDown, "page down", None),
    bind(C::TypeYes, &[code(KeyCode::PageUp)], A::PageUp, "page up", None),
    bind(C::TypeYes, &[ctrl('e')], A::EditAgain, "an edit under review: back to the editor", None),
    bind(C::Form, &[code(KeyCode::Enter)], A::Confirm, "check and review what was typed", Some(("Enter", "review"))),
    bind(C::Form, &[code(KeyCode::Tab), code(KeyCode::BackTab)], A::NextField, "other field", Some(("Tab", "field"))),
    bind(C::Form, &[code(KeyCode::Backspace)], A::DeleteChar, "delete the last character", None),
    bind(
        C::Form,
        &[code(KeyCode::Right), ctrl('f')],
        A::Complete,
        "check form: complete the action name (AWS's catalogue)",
        None,
    ),
    bind(C::Form, &[code(KeyCode::Esc), ctrl('c')], A::Dismiss, "close the form", Some(("Esc", "close"))),
    bind(C::Menu, &[k('j'), code(KeyCode::Down)], A::Down, "next entry", Some(("j/k", "move"))),
    bind(C::Menu, &[k('k'), code(KeyCode::Up)], A::Up, "previous entry", None),
    bind(C::Menu, &[code(KeyCode::Enter)], A::Confirm, "choose the entry", Some(("Enter", "choose"))),
    bind(C::Menu, &[code(KeyCode::Esc), k('o'), k('q')], A::Dismiss, "close the menu", Some(("Esc", "close"))),
    bind(C::Menu, &[ctrl('c')], A::Quit, "quit", None),
    bind(C::Notice, &[code(KeyCode::Esc), code(KeyCode::Enter), k('q')], A::Dismiss, "close", Some(("Esc", "close"))),
    bind(C::Notice, &[ctrl('c')], A::Quit, "quit", None),
    bind(C::Notice, &[k('e')], A::EditAgain, "reopen an unsaved policy edit in the editor", None),
    bind(
        C::Review,
        &[k('y'), code(KeyCode::Enter)],
        A::Confirm,
        "save (after a conflict: overwrite)",
        Some(("y", "save")),
    ),
    bind(C::Review, &[k('e')], A::EditAgain, "back to the editor with your text", Some(("e", "edit"))),
    bind(
        C::Review,
        &[k('n'), code(KeyCode::Esc), ctrl('c')],
        A::Dismiss,
        "abandon the edit (your text is kept in a recovery file)",
        Some(("n/Esc", "abandon")),
    ),
    bind(C::Review, &[k('j'), code(KeyCode::Down)], A::Down, "scroll the diff", Some(("j/k", "scroll"))),
    bind(C::Review, &[k('k'), code(KeyCode::Up)], A::Up, "scroll the diff back", None),
    bind(C::Picker, &[code(KeyCode::Down)], A::Down, "next policy", Some(("↑/↓", "move"))),
    bind(C::Picker, &[code(KeyCode::Up)], A::Up, "previous policy", None),
    bind(
        C::Picker,
        &[code(KeyCode::Enter)],
        A::Confirm,
        "attach the chosen policy (asks first)",
        Some(("Enter", "attach")),
    ),
    bind(C::Picker, &[code(KeyCode::Backspace)], A::DeleteChar, "delete a filter character", None),
    change(bind(
        C::Picker,
        &[ctrl('d')],
        A::DeletePolicy,
        "delete the highlighted policy (asks first; unattached policies live only here)",
        None,
    )),
    bind(C::Picker, &[code(KeyCode::Esc), ctrl('c')], A::Dismiss, "close the picker", Some(("Esc", "close"))),
    bind(C::WhereUsed, &[k('j'), code(KeyCode::Down)], A::Down, "next target", Some(("j/k", "move"))),
    bind(C::WhereUsed, &[k('k'), code(KeyCode::Up)], A::Up, "previous target", None),
    bind(C::WhereUsed, &[code(KeyCode::Enter)], A::Confirm, "show the target in the tree", Some(("Enter", "jump"))),
    bind(C::WhereUsed, &[k('r')], A::Refresh, "list the targets again", Some(("r", "refresh"))),
    bind(C::WhereUsed, &[code(KeyCode::Esc), k('u'), k('q')], A::Dismiss, "close", Some(("Esc", "close"))),
    bind(C::WhereUsed, &[ctrl('c')], A::Quit, "quit", None),
    bind(C::Search, &[code(KeyCode::Down), ctrl('n')], A::Down, "next result", Some(("↑/↓", "move"))),
    bind(C::Search, &[code(KeyCode::Up), ctrl('p')], A::Up, "previous result", None),
    bind(C::Search, &[code(KeyCode::PageDown)], A::PageDown, "a page of results down", None),
    bind(C::Search, &[code(KeyCode::PageUp)], A::PageUp, "a page of results up", None),
    bind(
        C::Search,
        &[code(KeyCode::Enter)],
        A::Confirm,
        "go there: an OU or account in the tree, a policy with where it is used",
        Some(("Enter", "go")),
    ),
    bind(C::Search, &[code(KeyCode::Backspace)], A::DeleteChar, "delete the last character", None),
    bind(C::Search, &[ctrl('u')], A::Clear, "clear the query", Some(("Ctrl-u", "clear"))),
    bind(C::Search, &[code(KeyCode::Esc), ctrl('c')], A::Dismiss, "close, back where you were", Some(("Esc", "close"))),
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
