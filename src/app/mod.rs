//! The application state machine: `Model`, the `Msg`s that change it, the `Effect`s it asks for, and
//! the pure `update` that connects them. Nothing here awaits or touches the network or the terminal.

pub mod accounts;
pub mod applies;
pub mod cache;
pub mod dialog;
pub mod drift_query;
pub mod edit;
pub mod governance;
pub mod inbox;
pub mod keys;
pub mod layout;
pub mod menu;
mod model;
pub mod moving;
mod msg;
pub mod search;
pub mod structure;
pub mod tag_query;
pub mod text_field;
pub mod update;
pub mod whatif;
pub mod wording;

pub use model::{Model, Pane, PolicyEntry, Source, TagsEntry, Toast};
pub use msg::{Effect, Msg, MsgLater};
pub use update::update;
