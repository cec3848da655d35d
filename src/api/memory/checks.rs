//! What every call checks before it answers, as AWS does: who may call it, whether the root, OU
//! or account it names exists, and whether the snapshot recorded what it asks for.

use crate::api::{ApiError, ApiResult};
use crate::org::{AccountId, ParentId, PolicyType, TargetId};
use crate::snapshot::Snapshot;

/// Who may make a read call.
#[derive(Clone, Copy)]
pub(super) enum Reader<'a> {
    /// Any account of the organization (DescribeOrganization).
    Member,
    /// The management account (or a delegated administrator, which this model does not hold).
    Management(&'a str),
}

pub(super) fn allowed(s: &Snapshot, caller: &AccountId, reader: Reader<'_>) -> ApiResult<()> {
    let member = s.accounts.iter().any(|a| &a.id == caller);
    let management = s.organization.master_account_id.as_ref() == Some(caller);
    match reader {
        _ if management => Ok(()),
        _ if !member => Err(ApiError::NotInOrganization),
        Reader::Member => Ok(()),
        Reader::Management(action) => Err(ApiError::AccessDenied {
            action: action.to_owned(),
            message: "only the management account or a delegated administrator may call it".to_owned(),
        }),
    }
}

pub(super) fn parent_exists(s: &Snapshot, parent: &ParentId) -> ApiResult<()> {
    let found = match parent {
        ParentId::Root(id) => s.roots.iter().any(|r| &r.id == id),
        ParentId::Ou(id) => s.organizational_units.iter().any(|o| &o.id == id),
    };
    if found { Ok(()) } else { Err(ApiError::not_found(format!("parent {parent}"))) }
}

pub(super) fn target_exists(s: &Snapshot, target: &TargetId) -> ApiResult<()> {
    match target {
        TargetId::Root(id) => parent_exists(s, &ParentId::Root(id.clone())),
        TargetId::Ou(id) => parent_exists(s, &ParentId::Ou(id.clone())),
        TargetId::Account(id) if s.accounts.iter().any(|a| &a.id == id) => Ok(()),
        TargetId::Account(_) => Err(ApiError::not_found(format!("target {target}"))),
    }
}

/// A quick snapshot (`orgtui snapshot --quick`) has no tags or effective policies: say so rather
/// than show "none".
pub(super) fn left_out(s: &Snapshot, what: &str, _action: &str) -> ApiResult<()> {
    if s.omitted.iter().any(|o| o == what) {
        return Err(ApiError::NotRecorded { why: format!("taken with --quick ({} left out)", what.replace('_', " ")) });
    }
    Ok(())
}

pub(super) fn type_enabled_somewhere(s: &Snapshot, policy_type: &PolicyType) -> bool {
    s.roots.iter().any(|r| r.enabled_policy_types().contains(policy_type))
}
