//! Moving a list's cursor: shared by every area that shows a list (menus, pickers, results), so
//! none of them has to reach into another for it.

use crate::keymap::Action;

/// A list cursor moved one step by Down or Up, within `len` entries.
pub(super) fn step(cursor: usize, len: usize, action: Action) -> usize {
    if action == Action::Down { (cursor + 1).min(len.saturating_sub(1)) } else { cursor.saturating_sub(1) }
}
