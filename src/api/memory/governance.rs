//! The governance records in memory: what a format 2 snapshot (or the demo) holds, and "not in
//! this snapshot" where a format 1 file, or a crawl that could not read them, has none.

use crate::api::{ApiError, ApiResult};
use crate::org::governance::{DelegatedAdmin, ServiceSince, ValidationError};
use crate::org::{Account, AccountId, PolicyType};
use crate::snapshot::Snapshot;

/// A format 1 snapshot, or one whose crawl could not read them, has no governance records: say so
/// rather than show "none".
fn governance_recorded(s: &Snapshot) -> ApiResult<()> {
    if s.records_governance() {
        Ok(())
    } else {
        let why = if s.format < 2 {
            "its format (1) predates the delegated administrators, trusted services and resource policy; a new \
             snapshot records them"
        } else {
            "the delegated administrators, trusted services and resource policy could not be read when it was taken"
        };
        Err(ApiError::NotRecorded { why: why.to_owned() })
    }
}

pub fn delegated(s: &Snapshot) -> ApiResult<Vec<DelegatedAdmin>> {
    governance_recorded(s)?;
    Ok(s.delegated_administrators.iter().map(|d| DelegatedAdmin { services: Vec::new(), ..d.clone() }).collect())
}

pub fn services(s: &Snapshot, account: &AccountId) -> ApiResult<Vec<ServiceSince>> {
    governance_recorded(s)?;
    match s.delegated_administrators.iter().find(|d| &d.account_id == account) {
        Some(d) => Ok(d.services.clone()),
        None if s.accounts.iter().any(|a| &a.id == account) => Err(ApiError::NotFound {
            what: "delegated administrator".to_owned(),
            message: format!("{account} is not a delegated administrator"),
        }),
        None => Err(ApiError::not_found(format!("account {account}"))),
    }
}

pub fn trusted(s: &Snapshot) -> ApiResult<Vec<ServiceSince>> {
    governance_recorded(s)?;
    Ok(s.trusted_services.clone())
}

pub fn resource_policy(s: &Snapshot) -> ApiResult<Option<String>> {
    governance_recorded(s)?;
    if s.omitted.iter().any(|o| o == crate::snapshot::crawl::OMITTED_RESOURCE_POLICY) {
        let why = "the resource policy could not be read when it was taken".to_owned();
        return Err(ApiError::NotRecorded { why });
    }
    Ok(s.resource_policy.clone())
}

/// AWS computes effective policies for management types only.
fn management(action: &str, policy_type: &PolicyType) -> ApiResult<()> {
    if policy_type.is_authorization() {
        let message = format!("{} has no effective policy: only management policy types do", policy_type.as_str());
        return Err(ApiError::InvalidInput {
            action: action.to_owned(),
            reason: "UNSUPPORTED_POLICY_TYPE".into(),
            message,
        });
    }
    Ok(())
}

pub fn invalid_accounts(s: &Snapshot, policy_type: &PolicyType) -> ApiResult<Vec<Account>> {
    governance_recorded(s)?;
    management("ListAccountsWithInvalidEffectivePolicy", policy_type)?;
    if s.omitted.iter().any(|o| o == crate::snapshot::crawl::OMITTED_INVALID) {
        let why = "the accounts with a management policy not enforced could not be listed when it was taken".to_owned();
        return Err(ApiError::NotRecorded { why });
    }
    let listed = s.invalid_effective_policies.iter().filter(|i| &i.policy_type == policy_type);
    Ok(listed.filter_map(|i| s.accounts.iter().find(|a| a.id == i.account_id)).map(|a| a.to_account()).collect())
}

pub fn validation_errors(
    s: &Snapshot,
    account: &AccountId,
    policy_type: &PolicyType,
) -> ApiResult<Vec<ValidationError>> {
    governance_recorded(s)?;
    management("ListEffectivePolicyValidationErrors", policy_type)?;
    if !s.accounts.iter().any(|a| &a.id == account) {
        return Err(ApiError::not_found(format!("account {account}")));
    }
    // An account whose effective policy is enforced has no errors: an empty list, as AWS answers.
    let recorded =
        s.invalid_effective_policies.iter().find(|i| &i.account_id == account && &i.policy_type == policy_type);
    Ok(recorded.map(|i| i.errors.clone()).unwrap_or_default())
}
