//! The built-in key table: every binding, in the order the footer, the help and the README list
//! them. The runtime table (`custom`) starts from this one.

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Action, Binding, Context, Key};

const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}
const fn code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}
const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
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
