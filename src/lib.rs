//! orgtui: a terminal UI for exploring and managing an AWS Organization.

pub mod api;
pub mod app;
pub mod cache;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod drift;
pub mod edit;
pub mod keymap;
pub mod launch;
pub mod org;
pub mod policy;
pub mod run;
/// Text from AWS or a file, cleaned of control characters before any of it reaches the terminal:
/// below both the view and the search index, which match and show the same cleaned text.
pub mod sanitize;
pub mod script;
pub mod search;
pub mod snapshot;
pub mod terminal;
pub mod ui;
pub mod worker;
