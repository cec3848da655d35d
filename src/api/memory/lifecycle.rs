//! Accounts' life cycle in memory, answered as AWS answers: CreateAccount gives a request whose
//! status says SUCCEEDED with the new account in the root, or FAILED with AWS's reason (an email
//! another account has); removing or closing the management account is refused; a closed account
//! is PENDING_CLOSURE.

use time::OffsetDateTime;

use crate::api::{ApiError, ApiResult};
use crate::org::lifecycle::{CreateStatus, NewAccount};
use crate::org::{AccountId, ParentId, TargetId};
use crate::snapshot::{AccountRecord, Snapshot};

fn constraint(action: &str, reason: &str, message: &str) -> ApiError {
    ApiError::Constraint { action: action.to_owned(), reason: reason.to_owned(), message: message.to_owned() }
}

pub fn create(s: &mut Snapshot, new: &NewAccount, now: OffsetDateTime) -> ApiResult<CreateStatus> {
    let id = format!("car-{:032x}", s.create_requests.len() + 1);
    let taken = s.accounts.iter().any(|a| a.email.eq_ignore_ascii_case(&new.email));
    let account_id = (!taken).then(|| {
        let mut n = 100_000_000_000u64 + 7 * (s.accounts.len() as u64 + 1);
        loop {
            match AccountId::parse(&n.to_string()) {
                Ok(id) if !s.accounts.iter().any(|a| a.id == id) => break Some(id),
                _ => n += 1,
            }
        }
    });
    let account_id = account_id.flatten();
    if let Some(account) = &account_id {
        let root = s.roots.first().map(|r| ParentId::Root(r.id.clone())).ok_or_else(|| ApiError::not_found("root"))?;
        let master = s.organization.master_account_id.as_ref().map(ToString::to_string).unwrap_or_default();
        s.accounts.push(AccountRecord {
            arn: format!("arn:aws:organizations::{master}:account/{}/{account}", s.organization.id),
            id: account.clone(),
            name: new.name.clone(),
            email: new.email.clone(),
            state: "ACTIVE".to_owned(),
            joined_method: Some("CREATED".to_owned()),
            joined_timestamp: Some(now),
            parent_id: root,
            tags: new.tags.clone(),
        });
    }
    let status = CreateStatus {
        id,
        name: new.name.clone(),
        state: if taken { "FAILED" } else { "SUCCEEDED" }.to_owned(),
        requested: Some(now),
        completed: Some(now),
        account_id,
        failure: taken.then(|| "EMAIL_ALREADY_EXISTS".to_owned()),
    };
    s.create_requests.push(status.clone());
    Ok(status)
}

pub fn status(s: &Snapshot, id: &str) -> ApiResult<CreateStatus> {
    s.create_requests.iter().find(|r| r.id == id).cloned().ok_or_else(|| ApiError::NotFound {
        what: "create account status".to_owned(),
        message: format!("no request {id}"),
    })
}

fn member<'a>(s: &'a mut Snapshot, action: &str, id: &AccountId) -> ApiResult<&'a mut AccountRecord> {
    if s.organization.master_account_id.as_ref() == Some(id) {
        let (reason, message) = match action {
            "CloseAccount" => ("CANNOT_CLOSE_MANAGEMENT_ACCOUNT", "the management account cannot be closed here"),
            _ => ("MASTER_ACCOUNT_CANNOT_LEAVE", "the management account cannot leave its organization"),
        };
        return Err(constraint(action, reason, message));
    }
    s.accounts.iter_mut().find(|a| &a.id == id).ok_or_else(|| ApiError::not_found(format!("account {id}")))
}

pub fn remove(s: &mut Snapshot, id: &AccountId) -> ApiResult<()> {
    member(s, "RemoveAccountFromOrganization", id)?;
    s.accounts.retain(|a| &a.id != id);
    let target = TargetId::Account(id.clone());
    for p in &mut s.policies {
        p.target_ids.retain(|t| t != &target);
    }
    Ok(())
}

pub fn close(s: &mut Snapshot, id: &AccountId) -> ApiResult<()> {
    let account = member(s, "CloseAccount", id)?;
    if account.state != "ACTIVE" {
        return Err(ApiError::Other {
            action: "CloseAccount".to_owned(),
            message: format!("AccountAlreadyClosedException: {id} is {} already", account.state),
        });
    }
    account.state = "PENDING_CLOSURE".to_owned();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::memory::MemoryOrg;

    fn new(email: &str) -> NewAccount {
        NewAccount {
            name: "payments-staging".into(),
            email: email.into(),
            role_name: crate::org::lifecycle::DEFAULT_ROLE.into(),
            billing_access: false,
            tags: Vec::new(),
        }
    }

    #[test]
    fn accounts_are_created_removed_and_closed_as_aws_answers() {
        let mut s = MemoryOrg::demo_snapshot().unwrap();
        let now = s.taken_at;
        let made = create(&mut s, &new("new@example.com"), now).unwrap();
        assert_eq!(made.state, "SUCCEEDED");
        let id = made.account_id.clone().unwrap();
        assert_eq!(status(&s, &made.id).unwrap(), made);
        assert!(s.accounts.iter().any(|a| a.id == id && a.parent_id.as_str() == "r-d3mo"));
        let dup = create(&mut s, &new("NEW@example.com"), now).unwrap();
        assert_eq!((dup.state.as_str(), dup.failure.as_deref()), ("FAILED", Some("EMAIL_ALREADY_EXISTS")));
        close(&mut s, &id).unwrap();
        assert_eq!(s.accounts.iter().find(|a| a.id == id).unwrap().state, "PENDING_CLOSURE");
        assert!(close(&mut s, &id).is_err(), "closed already");
        remove(&mut s, &id).unwrap();
        assert!(!s.accounts.iter().any(|a| a.id == id));
        let mgmt = s.organization.master_account_id.clone().unwrap();
        let e = close(&mut s, &mgmt).unwrap_err();
        assert!(matches!(&e, ApiError::Constraint { reason, .. } if reason == "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"));
        assert!(matches!(remove(&mut s, &mgmt), Err(ApiError::Constraint { .. })));
    }
}
