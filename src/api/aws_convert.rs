//! SDK types into the project's own. Ids AWS returns are validated like any other input: a malformed
//! id becomes a clear error rather than a node that can never load.

use aws_sdk_organizations::primitives::DateTime;
use aws_sdk_organizations::types as sdk;
use time::OffsetDateTime;

use super::{ApiError, ApiResult};
use crate::org::{
    Account, AccountId, EffectivePolicy, Handshake, HandshakeId, HandshakeParty, HandshakeResource, OrgId, OrgUnit,
    Organization, OuId, Policy, PolicyId, PolicySummary, PolicyTarget, PolicyType, PolicyTypeStatus, Root, RootId, Tag,
    TargetId,
};

fn id<T>(action: &str, parsed: Result<T, crate::org::InvalidId>) -> ApiResult<T> {
    parsed.map_err(|e| ApiError::other(action, format!("AWS returned an unexpected id: {e}")))
}

fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
}

pub(crate) fn timestamp(t: Option<&DateTime>) -> Option<OffsetDateTime> {
    let t = t?;
    OffsetDateTime::from_unix_timestamp(t.secs())
        .ok()
        .map(|d| d + time::Duration::nanoseconds(i64::from(t.subsec_nanos())))
}

pub(crate) fn organization(action: &str, o: &sdk::Organization) -> ApiResult<Organization> {
    Ok(Organization {
        id: id(action, OrgId::parse(o.id().unwrap_or_default()))?,
        arn: text(o.arn()),
        feature_set: o.feature_set().map(|f| f.as_str().to_owned()).unwrap_or_default(),
        master_account_id: o.master_account_id().map(|a| id(action, AccountId::parse(a))).transpose()?,
        master_account_arn: o.master_account_arn().map(str::to_owned),
        master_account_email: o.master_account_email().map(str::to_owned),
    })
}

pub(crate) fn root(action: &str, r: &sdk::Root) -> ApiResult<Root> {
    Ok(Root {
        id: id(action, RootId::parse(r.id().unwrap_or_default()))?,
        arn: text(r.arn()),
        name: text(r.name()),
        policy_types: r
            .policy_types()
            .iter()
            .map(|t| PolicyTypeStatus {
                policy_type: PolicyType::new(t.r#type().map(|t| t.as_str()).unwrap_or_default()),
                status: t.status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
            })
            .collect(),
    })
}

pub(crate) fn ou(action: &str, o: &sdk::OrganizationalUnit) -> ApiResult<OrgUnit> {
    Ok(OrgUnit { id: id(action, OuId::parse(o.id().unwrap_or_default()))?, arn: text(o.arn()), name: text(o.name()) })
}

pub(crate) fn account(action: &str, a: &sdk::Account) -> ApiResult<Account> {
    // State replaced the retired Status field; endpoints that predate it (older emulators) only send
    // Status, whose values are a subset of State's.
    #[allow(deprecated)]
    let state = a
        .state()
        .map(|s| s.as_str().to_owned())
        .or_else(|| a.status().map(|s| s.as_str().to_owned()))
        .unwrap_or_default();
    Ok(Account {
        id: id(action, AccountId::parse(a.id().unwrap_or_default()))?,
        arn: text(a.arn()),
        name: text(a.name()),
        email: text(a.email()),
        state,
        joined_method: a.joined_method().map(|m| m.as_str().to_owned()),
        joined_timestamp: timestamp(a.joined_timestamp()),
    })
}

pub(crate) fn policy_summary(action: &str, p: &sdk::PolicySummary) -> ApiResult<PolicySummary> {
    Ok(PolicySummary {
        id: id(action, PolicyId::parse(p.id().unwrap_or_default()))?,
        arn: text(p.arn()),
        name: text(p.name()),
        policy_type: PolicyType::new(p.r#type().map(|t| t.as_str()).unwrap_or_default()),
        description: text(p.description()),
        aws_managed: p.aws_managed(),
    })
}

pub(crate) fn policy(action: &str, p: &sdk::Policy) -> ApiResult<Policy> {
    let summary =
        p.policy_summary().ok_or_else(|| ApiError::other(action, "AWS returned a policy without its summary"))?;
    Ok(Policy { summary: policy_summary(action, summary)?, content: text(p.content()) })
}

pub(crate) fn policy_target(action: &str, t: &sdk::PolicyTargetSummary) -> ApiResult<PolicyTarget> {
    Ok(PolicyTarget {
        target_id: id(action, TargetId::parse(t.target_id().unwrap_or_default()))?,
        arn: text(t.arn()),
        name: text(t.name()),
        target_type: t.r#type().map(|t| t.as_str().to_owned()).unwrap_or_default(),
    })
}

pub(crate) fn tag(t: &sdk::Tag) -> Tag {
    Tag { key: t.key().to_owned(), value: t.value().to_owned() }
}

fn handshake_resource(r: &sdk::HandshakeResource) -> HandshakeResource {
    HandshakeResource {
        value: text(r.value()),
        resource_type: r.r#type().map(|t| t.as_str().to_owned()).unwrap_or_default(),
        resources: r.resources().iter().map(handshake_resource).collect(),
    }
}

pub(crate) fn handshake(action: &str, h: &sdk::Handshake) -> ApiResult<Handshake> {
    Ok(Handshake {
        id: id(action, HandshakeId::parse(h.id().unwrap_or_default()))?,
        arn: text(h.arn()),
        parties: h
            .parties()
            .iter()
            .map(|p| HandshakeParty { id: p.id().to_owned(), party_type: p.r#type().as_str().to_owned() })
            .collect(),
        state: h.state().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        action: h.action().map(|a| a.as_str().to_owned()).unwrap_or_default(),
        requested_timestamp: timestamp(h.requested_timestamp()),
        expiration_timestamp: timestamp(h.expiration_timestamp()),
        resources: h.resources().iter().map(handshake_resource).collect(),
    })
}

pub(crate) fn effective_policy(
    action: &str,
    account: &AccountId,
    e: &sdk::EffectivePolicy,
) -> ApiResult<EffectivePolicy> {
    Ok(EffectivePolicy {
        target_id: match e.target_id() {
            Some(t) => id(action, AccountId::parse(t))?,
            None => account.clone(),
        },
        policy_type: PolicyType::new(e.policy_type().map(|t| t.as_str()).unwrap_or_default()),
        content: text(e.policy_content()),
        last_updated_timestamp: timestamp(e.last_updated_timestamp()),
    })
}
