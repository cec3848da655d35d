//! How the key table is written: keys, and a binding with its context, rule and whether it changes
//! the organization, each as a `const fn` so the table stays one static array.

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Action, Binding, Context, Key, When};

pub(super) const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}
pub(super) const fn code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}
pub(super) const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

pub(super) const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    hint: Option<(&'static str, &'static str)>,
) -> Binding {
    Binding { context, keys, action, description, hint, mutating: false, when: When::Always }
}

/// A binding that works only where `when` holds (the footer and help leave it out elsewhere).
pub(super) const fn only(when: When, binding: Binding) -> Binding {
    Binding { when, ..binding }
}

/// Marks a binding that changes the organization: gone in read-only mode.
pub(super) const fn change(binding: Binding) -> Binding {
    Binding { mutating: true, ..binding }
}
