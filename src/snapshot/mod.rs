//! Snapshots: the file format, and the crawler that writes one from any `OrgApi`.

pub mod crawl;
mod effective;
mod format;
pub mod view;
pub mod write;

pub use format::{AccountRecord, FORMAT_VERSION, OuRecord, PolicyRecord, RootTags, Snapshot, SnapshotError};
