//! What a security engineer checks in an audit besides the tree: which accounts administer which
//! services for the organization, which services have trusted access, the organization's resource
//! policy, and the accounts where a management policy is not enforced.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{AccountId, PolicyType};

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
    /// Accounts whose effective management policy is not enforced, for each type enabled.
    pub invalid: Vec<InvalidEffective>,
    /// The types whose invalid accounts could not be listed, with why: "tag: access denied".
    pub invalid_errors: Vec<String>,
}

impl Governance {
    /// Whether AWS does not enforce `account`'s effective policy of `policy_type`.
    pub fn is_invalid(&self, account: &AccountId, policy_type: &PolicyType) -> bool {
        self.invalid.iter().any(|i| &i.account_id == account && &i.policy_type == policy_type)
    }

    /// How many accounts have some management policy not enforced.
    pub fn invalid_accounts(&self) -> usize {
        let mut ids: Vec<&AccountId> = self.invalid.iter().map(|i| &i.account_id).collect();
        ids.sort();
        ids.dedup();
        ids.len()
    }

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

/// One reason AWS does not enforce an account's effective management policy
/// (ListEffectivePolicyValidationErrors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationError {
    /// `ELEMENTS_TOO_MANY`.
    pub code: String,
    pub message: String,
    /// Where in the effective policy: `plans`, `tags/costcenter`.
    #[serde(default)]
    pub path: String,
    /// The ids of the inherited and attached policies that led to it.
    #[serde(default)]
    pub contributing: Vec<String>,
}

/// An account whose effective policy of one management type AWS does not enforce
/// (ListAccountsWithInvalidEffectivePolicy), with why once that is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvalidEffective {
    pub account_id: AccountId,
    pub name: String,
    #[serde(rename = "type")]
    pub policy_type: PolicyType,
    /// Recorded in a snapshot; a live listing leaves it empty (`w` on the account reads it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ValidationError>,
}
