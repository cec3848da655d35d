//! The governance view (organization menu → Governance): delegated administrators with their
//! services, services with trusted access, the resource policy, and the accounts where a management
//! policy is not enforced. Read-only, loaded once when first
//! needed (the view, or an account's details), kept, and read again with `r`.

use std::collections::HashMap;

use crate::org::governance::{Governance, ValidationError};
use crate::org::tree::LoadState;
use crate::org::{AccountId, PolicyType};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GovernanceEntry {
    pub load: LoadState,
    pub data: Governance,
    /// Why an account's effective policy is not enforced, read when `w` shows it; forgotten when
    /// the governance data is read again.
    pub errors: HashMap<(AccountId, PolicyType), ErrorsEntry>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorsEntry {
    pub load: LoadState,
    pub errors: Vec<ValidationError>,
}

/// Lines the view holds (headings, entries, the policy's lines), to bound its scroll.
pub fn line_count(g: &Governance) -> usize {
    let services: usize = g.delegated.iter().map(|d| 1 + d.services.len()).sum();
    let policy = g.resource_policy.as_deref().map_or(1, |p| p.lines().count());
    let invalid = g.invalid.len().max(1) + g.invalid_errors.len();
    10 + services + g.trusted.len() + policy + invalid
}
