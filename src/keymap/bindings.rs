//! The built-in key table: every binding, in the order the footer, the help and the README list
//! them. The runtime table (`custom`) starts from this one.

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Action, Binding, Context, Key, When};

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
    Binding { context, keys, action, description, hint, mutating: false, when: When::Always }
}

/// A binding that works only where `when` holds (the footer and help leave it out elsewhere).
const fn only(when: When, binding: Binding) -> Binding {
    Binding { when, ..binding }
}

/// Marks a binding that changes the organization: gone in read-only mode.
const fn change(binding: Binding) -> Binding {
    Binding { mutating: true, ..binding }
}

use Action as A;
use Context as C;
use When as W;

pub const BINDINGS: &[Binding] = &[
    // Moving in the tree needs a tree: a member account's view has none (`r` still asks again).
    only(W::TreeShown, bind(C::Tree, &[k('j'), code(KeyCode::Down)], A::Down, "move down", Some(("j/k", "move")))),
    only(W::TreeShown, bind(C::Tree, &[k('k'), code(KeyCode::Up)], A::Up, "move up", None)),
    only(
        W::TreeShown,
        bind(
            C::Tree,
            &[k('l'), code(KeyCode::Right), code(KeyCode::Enter)],
            A::Expand,
            "expand (load children); on a policy, show it",
            Some(("l/→", "expand")),
        ),
    ),
    only(
        W::TreeShown,
        bind(
            C::Tree,
            &[k('h'), code(KeyCode::Left)],
            A::Collapse,
            "collapse, or go to the parent",
            Some(("h/←", "collapse")),
        ),
    ),
    only(W::TreeShown, bind(C::Tree, &[code(KeyCode::Home), k('g')], A::Top, "first row", None)),
    only(W::TreeShown, bind(C::Tree, &[code(KeyCode::End), k('G')], A::Bottom, "last row", None)),
    only(W::TreeShown, bind(C::Tree, &[code(KeyCode::PageDown), ctrl('d'), ctrl('f')], A::PageDown, "page down", None)),
    only(W::TreeShown, bind(C::Tree, &[code(KeyCode::PageUp), ctrl('u')], A::PageUp, "page up", None)),
    bind(C::Tree, &[k('r')], A::Refresh, "reload the selected node (retries a failed load)", Some(("r", "refresh"))),
    only(
        W::AppliesTarget,
        bind(
            C::Tree,
            &[k('w')],
            A::WhatApplies,
            "what applies to the selected account or OU: SCPs/RCPs by level, an action check, effective policies",
            Some(("w", "applies")),
        ),
    ),
    only(
        W::Policy,
        bind(
            C::Tree,
            &[k('u')],
            A::WhereUsed,
            "where the selected policy is attached (jump to a target)",
            Some(("u", "used")),
        ),
    ),
    only(
        W::EditablePolicy,
        change(bind(
            C::Tree,
            &[k('e')],
            A::EditPolicy,
            "edit the selected policy in $VISUAL/$EDITOR",
            Some(("e", "edit")),
        )),
    ),
    only(
        W::Renamable,
        change(bind(
            C::Tree,
            &[k('E')],
            A::Rename,
            "rename the selected OU, or change the selected policy's name and description",
            Some(("E", "rename")),
        )),
    ),
    only(
        W::AttachTarget,
        change(bind(
            C::Tree,
            &[k('A')],
            A::Attach,
            "attach a policy to the selected root, OU or account",
            Some(("A", "attach")),
        )),
    ),
    only(
        W::AttachedPolicy,
        change(bind(
            C::Tree,
            &[k('D')],
            A::Detach,
            "detach the selected policy from where it is attached",
            Some(("D", "detach")),
        )),
    ),
    only(
        W::Deletable,
        change(bind(
            C::Tree,
            &[k('X')],
            A::Delete,
            "delete the selected policy or empty OU; on an account: remove it from the organization or close it",
            Some(("X", "delete")),
        )),
    ),
    only(
        W::OuParent,
        change(bind(
            C::Tree,
            &[k('O')],
            A::NewOu,
            "create an OU under the selected root or OU (name, tags)",
            Some(("O", "new OU")),
        )),
    ),
    only(
        W::Container,
        change(bind(
            C::Tree,
            &[k('C')],
            A::NewAccount,
            "create an account in the selected root or OU (name, email, role, billing, tags)",
            // Rare, and the footer on a root is full: `?` lists it.
            None,
        )),
    ),
    only(
        W::Taggable,
        change(bind(
            C::Tree,
            &[k('t')],
            A::EditTags,
            "add, change or remove the selected root's, OU's, account's or policy's tags",
            Some(("t", "tags")),
        )),
    ),
    only(
        W::CanCreatePolicy,
        change(bind(
            C::Tree,
            &[k('N')],
            A::NewPolicy,
            "create a policy (type, name, then the editor)",
            Some(("N", "new")),
        )),
    ),
    only(
        W::Root,
        change(bind(
            C::Tree,
            &[k('T')],
            A::PolicyTypes,
            "enable or disable policy types in the selected root",
            Some(("T", "types")),
        )),
    ),
    // Marks exist only to be moved: where nothing may change (read-only, a snapshot) they would
    // lead nowhere, so they go with the move.
    only(
        W::Account,
        change(bind(
            C::Tree,
            &[k('m')],
            A::Mark,
            "mark or unmark the selected account, to move several at once (Esc clears the marks)",
            Some(("m", "mark")),
        )),
    ),
    only(
        W::Movable,
        change(bind(
            C::Tree,
            &[k('M')],
            A::MoveAccounts,
            "move the marked accounts (or the selected one) to another OU or root (asks first)",
            Some(("M", "move")),
        )),
    ),
    only(
        W::Copyable,
        bind(C::Tree, &[k('y')], A::CopyId, "copy the selected node's id (to the terminal's clipboard, OSC 52)", None),
    ),
    only(W::Copyable, bind(C::Tree, &[k('Y')], A::CopyArn, "copy the selected node's ARN", None)),
    bind(C::Text, &[k('j'), code(KeyCode::Down)], A::Down, "scroll down", Some(("j/k", "scroll"))),
    bind(C::Text, &[k('k'), code(KeyCode::Up)], A::Up, "scroll up", None),
    bind(C::Text, &[code(KeyCode::Home), k('g')], A::Top, "scroll to the top", None),
    bind(C::Text, &[code(KeyCode::End), k('G')], A::Bottom, "scroll to the bottom", None),
    bind(C::Text, &[code(KeyCode::PageDown), ctrl('d')], A::PageDown, "page down", None),
    bind(C::Text, &[code(KeyCode::PageUp), ctrl('u')], A::PageUp, "page up", None),
    bind(C::Text, &[k('r')], A::Refresh, "reload what the pane shows", Some(("r", "refresh"))),
    bind(C::Shown, &[k('h'), code(KeyCode::Left)], A::Back, "back to the tree", None),
    only(
        W::Copyable,
        bind(C::Shown, &[k('y')], A::CopyId, "copy the id (details) or the policy's text (policy pane)", None),
    ),
    only(W::Copyable, bind(C::Shown, &[k('Y')], A::CopyArn, "copy the ARN of what the pane shows", None)),
    only(
        W::EditablePolicy,
        change(bind(
            C::Shown,
            &[k('e')],
            A::EditPolicy,
            "edit the shown policy in $VISUAL/$EDITOR",
            Some(("e", "edit")),
        )),
    ),
    only(
        W::EditablePolicy,
        change(bind(
            C::Shown,
            &[k('E')],
            A::Rename,
            "change the shown policy's name and description",
            Some(("E", "rename")),
        )),
    ),
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
    bind(C::Applies, &[k('w')], A::Dismiss, "back to the tree (as Esc)", None),
    // An empty inbox has nothing to move through.
    only(
        W::Highlighted,
        bind(C::Inbox, &[k('j'), code(KeyCode::Down)], A::Down, "next handshake", Some(("j/k", "move"))),
    ),
    only(W::Highlighted, bind(C::Inbox, &[k('k'), code(KeyCode::Up)], A::Up, "previous handshake", None)),
    only(W::Highlighted, bind(C::Inbox, &[code(KeyCode::Home), k('g')], A::Top, "first handshake", None)),
    only(W::Highlighted, bind(C::Inbox, &[code(KeyCode::End), k('G')], A::Bottom, "last handshake", None)),
    only(
        W::Highlighted,
        bind(
            C::Inbox,
            &[code(KeyCode::Enter), k('l')],
            A::Expand,
            "read the handshake in full",
            Some(("Enter", "read")),
        ),
    ),
    bind(C::Inbox, &[k('r')], A::Refresh, "reload the inbox", Some(("r", "refresh"))),
    bind(C::Handshake, &[k('h'), code(KeyCode::Left)], A::Back, "back to the handshake list", None),
    only(
        W::Acceptable,
        change(bind(C::Answer, &[k('a')], A::Accept, "accept the handshake (asks first)", Some(("a", "accept")))),
    ),
    only(
        W::Received,
        change(bind(C::Answer, &[k('d')], A::Decline, "decline the handshake (asks first)", Some(("d", "decline")))),
    ),
    only(
        W::Sent,
        change(bind(
            C::Answer,
            &[k('c')],
            A::CancelHandshake,
            "cancel a handshake your organization sent (asks first)",
            Some(("c", "cancel")),
        )),
    ),
    bind(C::Answer, &[k('f')], A::Filter, "show only handshakes waiting for an answer, or all", Some(("f", "filter"))),
    only(
        W::NotAtTree,
        bind(
            C::Global,
            &[code(KeyCode::Esc)],
            A::Back,
            "back: a pane to the tree, the handshake to the list, the inbox to where it was opened; cancels a jump; clears the marks",
            Some(("Esc", "back")),
        ),
    ),
    bind(C::Global, &[code(KeyCode::Tab)], A::NextPane, "next pane", Some(("Tab", "pane"))),
    bind(C::Global, &[code(KeyCode::BackTab)], A::PrevPane, "previous pane", None),
    bind(C::Global, &[k('i')], A::ToggleInbox, "open or leave the handshake inbox", Some(("i", "inbox"))),
    bind(C::Global, &[k('o')], A::OrgMenu, "organization menu (invite, enable all features)", Some(("o", "org"))),
    only(W::Management, change(bind(C::Global, &[k('I')], A::Invite, "invite an account to the organization", None))),
    only(
        W::TreeShown,
        bind(C::Global, &[k('/')], A::Search, "search every OU, account and policy", Some(("/", "search"))),
    ),
    only(W::TreeShown, bind(C::Global, &[k('R')], A::Reindex, "build the search index again (from AWS)", None)),
    bind(C::Global, &[k('?')], A::Help, "show the keys that work here", Some(("?", "help"))),
    bind(C::Global, &[k('q')], A::Quit, "quit", Some(("q", "quit"))),
    bind(C::Global, &[ctrl('z')], A::Suspend, "suspend to the shell (fg brings orgtui back)", None),
    bind(
        C::Anywhere,
        &[ctrl('c')],
        A::Quit,
        "quit from anywhere (an unsaved edit goes to its recovery file first)",
        None,
    ),
    only(
        W::Ready,
        bind(
            C::Confirm,
            &[k('y')],
            A::Confirm,
            "yes, do it (Enter does not answer a confirmation)",
            Some(("y", "yes")),
        ),
    ),
    bind(C::Confirm, &[k('n'), code(KeyCode::Esc), k('q')], A::Dismiss, "no, change nothing", Some(("n/Esc", "no"))),
    bind(C::Confirm, &[k('j'), code(KeyCode::Down)], A::Down, "scroll what the change does", Some(("j/k", "scroll"))),
    bind(C::Confirm, &[k('k'), code(KeyCode::Up)], A::Up, "scroll back", None),
    bind(C::Confirm, &[code(KeyCode::PageDown)], A::PageDown, "page down", None),
    bind(C::Confirm, &[code(KeyCode::PageUp)], A::PageUp, "page up", None),
    only(
        W::Ready,
        bind(
            C::TypeYes,
            &[code(KeyCode::Enter)],
            A::Confirm,
            "go ahead, once yes is typed",
            Some(("Enter", "go ahead")),
        ),
    ),
    bind(C::TypeYes, &[code(KeyCode::Esc)], A::Dismiss, "no, change nothing", Some(("Esc", "no"))),
    only(W::Typed, bind(C::TypeYes, &[code(KeyCode::Backspace)], A::DeleteChar, "delete the last character", None)),
    bind(C::TypeYes, &[code(KeyCode::Down)], A::Down, "scroll what the change does", Some(("↓/↑", "scroll"))),
    bind(C::TypeYes, &[code(KeyCode::Up)], A::Up, "scroll back", None),
    bind(C::TypeYes, &[code(KeyCode::PageDown)], A::PageDown, "page down", None),
    bind(C::TypeYes, &[code(KeyCode::PageUp)], A::PageUp, "page up", None),
    only(W::KeptEdit, bind(C::TypeYes, &[ctrl('e')], A::EditAgain, "an edit under review: back to the editor", None)),
    bind(C::Form, &[code(KeyCode::Enter)], A::Confirm, "check and review what was typed", Some(("Enter", "review"))),
    bind(C::Form, &[code(KeyCode::Tab), code(KeyCode::BackTab)], A::NextField, "other field", Some(("Tab", "field"))),
    only(
        W::ActionField,
        bind(
            C::Form,
            &[ctrl('f')],
            A::Complete,
            "check form: complete the action name (AWS's catalogue; → at the end of the field too)",
            None,
        ),
    ),
    bind(C::Form, &[code(KeyCode::Esc)], A::Dismiss, "close the form", Some(("Esc", "close"))),
    bind(C::Menu, &[k('j'), code(KeyCode::Down)], A::Down, "next entry", Some(("j/k", "move"))),
    bind(C::Menu, &[k('k'), code(KeyCode::Up)], A::Up, "previous entry", None),
    only(
        W::Highlighted,
        bind(C::Menu, &[code(KeyCode::Enter)], A::Confirm, "choose the entry", Some(("Enter", "choose"))),
    ),
    bind(C::Menu, &[code(KeyCode::Esc), k('o'), k('q')], A::Dismiss, "close the menu", Some(("Esc", "close"))),
    bind(C::Notice, &[code(KeyCode::Esc), code(KeyCode::Enter), k('q')], A::Dismiss, "close", Some(("Esc", "close"))),
    bind(C::Governance, &[k('j'), code(KeyCode::Down)], A::Down, "scroll down", Some(("j/k", "scroll"))),
    bind(C::Governance, &[k('k'), code(KeyCode::Up)], A::Up, "scroll up", None),
    bind(C::Governance, &[code(KeyCode::PageDown), ctrl('d')], A::PageDown, "page down", None),
    bind(C::Governance, &[code(KeyCode::PageUp), ctrl('u')], A::PageUp, "page up", None),
    bind(C::Governance, &[k('r')], A::Refresh, "read it all again from AWS", Some(("r", "reload"))),
    bind(C::Governance, &[code(KeyCode::Esc), k('q')], A::Dismiss, "close", Some(("Esc", "close"))),
    only(
        W::KeptEdit,
        bind(C::Notice, &[k('e')], A::EditAgain, "reopen the unsaved policy edit in the editor", Some(("e", "edit"))),
    ),
    only(
        W::Saveable,
        bind(C::Review, &[k('y')], A::Confirm, "save (after a conflict: overwrite)", Some(("y", "save"))),
    ),
    bind(C::Review, &[k('e')], A::EditAgain, "back to the editor with your text", Some(("e", "edit"))),
    bind(
        C::Review,
        &[k('n'), code(KeyCode::Esc)],
        A::Dismiss,
        "abandon the edit (your text is kept in a recovery file)",
        Some(("n/Esc", "abandon")),
    ),
    bind(C::Review, &[k('j'), code(KeyCode::Down)], A::Down, "scroll the diff", Some(("j/k", "scroll"))),
    bind(C::Review, &[k('k'), code(KeyCode::Up)], A::Up, "scroll the diff back", None),
    bind(C::Picker, &[code(KeyCode::Down)], A::Down, "next policy", Some(("↑/↓", "move"))),
    bind(C::Picker, &[code(KeyCode::Up)], A::Up, "previous policy", None),
    only(
        W::Highlighted,
        bind(
            C::Picker,
            &[code(KeyCode::Enter)],
            A::Confirm,
            "attach the chosen policy (asks first)",
            Some(("Enter", "attach")),
        ),
    ),
    only(
        W::DeletablePolicy,
        change(bind(
            C::Picker,
            &[ctrl('x')],
            A::Delete,
            "delete the highlighted policy (asks first; letters type the filter, so delete is Ctrl-x here)",
            Some(("Ctrl-x", "delete")),
        )),
    ),
    bind(C::Picker, &[code(KeyCode::Esc)], A::Dismiss, "close the picker", Some(("Esc", "close"))),
    bind(C::MovePicker, &[code(KeyCode::Down)], A::Down, "next destination", Some(("↑/↓", "move"))),
    bind(C::MovePicker, &[code(KeyCode::Up)], A::Up, "previous destination", None),
    only(
        W::Highlighted,
        bind(
            C::MovePicker,
            &[code(KeyCode::Enter)],
            A::Confirm,
            "move the accounts here (asks first, saying what each stops and starts inheriting)",
            Some(("Enter", "move here")),
        ),
    ),
    bind(C::MovePicker, &[code(KeyCode::Esc)], A::Dismiss, "close the picker", Some(("Esc", "close"))),
    bind(C::WhereUsed, &[k('j'), code(KeyCode::Down)], A::Down, "next target", Some(("j/k", "move"))),
    bind(C::WhereUsed, &[k('k'), code(KeyCode::Up)], A::Up, "previous target", None),
    only(
        W::Highlighted,
        bind(C::WhereUsed, &[code(KeyCode::Enter)], A::Confirm, "show the target in the tree", Some(("Enter", "jump"))),
    ),
    bind(C::WhereUsed, &[k('r')], A::Refresh, "list the targets again", Some(("r", "refresh"))),
    bind(C::WhereUsed, &[code(KeyCode::Esc), k('u'), k('q')], A::Dismiss, "close", Some(("Esc", "close"))),
    bind(C::Search, &[code(KeyCode::Down), ctrl('n')], A::Down, "next result", Some(("↑/↓", "move"))),
    bind(C::Search, &[code(KeyCode::Up), ctrl('p')], A::Up, "previous result", None),
    bind(C::Search, &[code(KeyCode::PageDown)], A::PageDown, "a page of results down", None),
    bind(C::Search, &[code(KeyCode::PageUp)], A::PageUp, "a page of results up", None),
    only(
        W::Highlighted,
        bind(
            C::Search,
            &[code(KeyCode::Enter)],
            A::Confirm,
            "go there: an OU or account in the tree, a policy with where it is used",
            Some(("Enter", "go")),
        ),
    ),
    bind(C::Search, &[code(KeyCode::Esc)], A::Dismiss, "close, back where you were", Some(("Esc", "close"))),
    only(
        W::TagsUnknown,
        bind(
            C::Search,
            &[ctrl('t')],
            A::LoadTags,
            "tag: queries: read the tags of every account not read yet (in the background)",
            Some(("Ctrl-t", "load tags")),
        ),
    ),
    bind(C::Field, &[code(KeyCode::Left)], A::CursorLeft, "cursor left", None),
    bind(C::Field, &[code(KeyCode::Right)], A::CursorRight, "cursor right", None),
    bind(C::Field, &[code(KeyCode::Home), ctrl('a')], A::LineStart, "to the start of the field", None),
    bind(C::Field, &[code(KeyCode::End), ctrl('e')], A::LineEnd, "to the end of the field", None),
    only(
        W::TextBefore,
        bind(C::Field, &[code(KeyCode::Backspace)], A::DeleteChar, "delete the character before the cursor", None),
    ),
    only(
        W::TextAfter,
        bind(C::Field, &[code(KeyCode::Delete)], A::DeleteForward, "delete the character under the cursor", None),
    ),
    only(W::TextBefore, bind(C::Field, &[ctrl('w')], A::DeleteWord, "delete the word before the cursor", None)),
    only(
        W::TextBefore,
        bind(C::Field, &[ctrl('u')], A::Clear, "delete everything before the cursor", Some(("Ctrl-u", "clear"))),
    ),
    bind(C::Help, &[k('j'), code(KeyCode::Down)], A::Down, "scroll down", Some(("j/k", "scroll"))),
    bind(C::Help, &[k('k'), code(KeyCode::Up)], A::Up, "scroll up", None),
    bind(C::Help, &[code(KeyCode::Home), k('g')], A::Top, "scroll to the top", None),
    bind(C::Help, &[code(KeyCode::End), k('G')], A::Bottom, "scroll to the bottom", None),
    bind(C::Help, &[code(KeyCode::Esc), k('?'), k('q')], A::CloseHelp, "close the help", Some(("Esc", "close"))),
];
