//! The governance records in memory: what a format 2 snapshot (or the demo) holds, and "not in
//! this snapshot" where a format 1 file, or a crawl that could not read them, has none.

use crate::api::{ApiError, ApiResult};
use crate::org::AccountId;
use crate::org::governance::{DelegatedAdmin, ServiceSince};
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
