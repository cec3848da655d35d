//! The domain: validated ids, organization data, and the tree the user browses.

pub mod governance;
pub mod handshake;
pub mod ids;
pub mod lifecycle;
pub mod limits;
pub mod time_fmt;
pub mod tree;
pub mod types;

pub use ids::{AccountId, HandshakeId, InvalidId, OrgId, OuId, ParentId, PolicyId, ResourceId, RootId, TargetId};
pub use types::*;
