//! The governance view (organization menu → Governance): delegated administrators with their
//! services, services with trusted access, and the resource policy. Read-only, loaded once when first
//! needed (the view, or an account's details), kept, and read again with `r`.

use crate::org::governance::Governance;
use crate::org::tree::LoadState;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GovernanceEntry {
    pub load: LoadState,
    pub data: Governance,
}

/// Lines the view holds (headings, entries, the policy's lines), to bound its scroll.
pub fn line_count(g: &Governance) -> usize {
    let services: usize = g.delegated.iter().map(|d| 1 + d.services.len()).sum();
    let policy = g.resource_policy.as_deref().map_or(1, |p| p.lines().count());
    8 + services + g.trusted.len() + policy
}
