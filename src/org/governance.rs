//! What a security engineer checks in an audit besides the tree: which accounts administer which
//! services for the organization, which services have trusted access, and the organization's
//! resource policy.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::AccountId;

/// A service principal (`guardduty.amazonaws.com`) and since when it is enabled or delegated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceSince {
    pub principal: String,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub since: Option<OffsetDateTime>,
}

impl ServiceSince {
    /// `guardduty.amazonaws.com` → `guardduty`: how people name the service.
    pub fn short(&self) -> &str {
        self.principal.strip_suffix(".amazonaws.com").unwrap_or(&self.principal)
    }
}

/// An account registered as a delegated administrator, with the services it administers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DelegatedAdmin {
    pub account_id: AccountId,
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub since: Option<OffsetDateTime>,
    #[serde(default)]
    pub services: Vec<ServiceSince>,
}

/// The governance view's data, as one load gives it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Governance {
    pub delegated: Vec<DelegatedAdmin>,
    pub trusted: Vec<ServiceSince>,
    /// The resource policy's text; None when the organization has none (or it could not be read).
    pub resource_policy: Option<String>,
    /// Why the resource policy could not be read, when it could not: the rest still stands.
    pub resource_policy_error: Option<String>,
}

impl Governance {
    /// "delegated administrator for guardduty, ssm", for an account's details; None if it is none.
    pub fn delegations_of(&self, account: &AccountId) -> Option<String> {
        let admin = self.delegated.iter().find(|d| &d.account_id == account)?;
        let services: Vec<&str> = admin.services.iter().map(ServiceSince::short).collect();
        Some(if services.is_empty() {
            "delegated administrator (no service listed)".to_owned()
        } else {
            format!("delegated administrator for {}", services.join(", "))
        })
    }
}
