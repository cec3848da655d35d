//! Editing a policy in the user's own editor: the text handed over (with any problems written at the
//! top as comments), the editor itself, the diff shown before saving, and the recovery files that
//! keep an edit when saving fails, found again (`kept`) to be offered and listed.

pub mod buffer;
pub mod diff;
pub mod editor;
pub mod kept;
pub mod recovery;
