//! An organization held in memory: the embedded demo, or a snapshot file browsed offline. It is a
//! second implementation of `OrgApi`, answering with the same errors AWS would give.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use async_trait::async_trait;
use time::OffsetDateTime;

use super::{ApiError, ApiResult, OrgApi, Page};
use crate::org::governance::{DelegatedAdmin, ServiceSince, ValidationError};
use crate::org::lifecycle::{CreateStatus, NewAccount};
use crate::org::{
    Account, AccountId, EffectivePolicy, Handshake, HandshakeId, InviteTarget, NewPolicy, OrgUnit, Organization, OuId,
    ParentId, Policy, PolicyId, PolicySummary, PolicyTarget, PolicyType, PolicyUpdate, ResourceId, Root, RootId, Tag,
    TargetId,
};
use crate::snapshot::{Snapshot, SnapshotError};

mod checks;
mod governance;
pub mod handshakes;
mod lifecycle;
pub mod policies;
mod structure;

/// ListAccounts pages at most this many (as AWS does).
use checks::{Reader, allowed, left_out, parent_exists, target_exists, type_enabled_somewhere};

const ACCOUNTS_PAGE: usize = 20;

const DEMO_JSON: &str = include_str!("../../../assets/demo-org.json");

pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

pub struct MemoryOrg {
    /// Shared between sessions (`as_caller`), as one organization is seen by several accounts.
    data: Arc<RwLock<Snapshot>>,
    /// Pretend network delay, so the demo shows lazy loading as it feels against AWS.
    latency: Duration,
    /// The account whose credentials this "session" uses: the management account unless told
    /// (None only for an organization with no accounts at all).
    caller: Option<AccountId>,
    clock: Clock,
}

impl MemoryOrg {
    pub fn new(snapshot: Snapshot) -> Self {
        let caller =
            snapshot.organization.master_account_id.clone().or_else(|| snapshot.accounts.first().map(|a| a.id.clone()));
        // A snapshot is a record of one moment: its handshakes are read as they stood then.
        let taken_at = snapshot.taken_at;
        Self {
            data: Arc::new(RwLock::new(snapshot)),
            latency: Duration::ZERO,
            caller,
            clock: Arc::new(move || taken_at),
        }
    }

    /// Acts as another account (a member, or one outside the organization that was invited).
    pub fn with_caller(mut self, caller: AccountId) -> Self {
        self.caller = Some(caller);
        self
    }

    /// Another session on the same organization, with another account's credentials.
    pub fn as_caller(&self, caller: AccountId) -> Self {
        Self {
            data: Arc::clone(&self.data),
            latency: self.latency,
            caller: Some(caller),
            clock: Arc::clone(&self.clock),
        }
    }

    /// Time as the handshake life cycle sees it (tests move it forward).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn demo_snapshot() -> Result<Snapshot, SnapshotError> {
        Snapshot::parse(DEMO_JSON, "the embedded demo organization")
    }

    /// The demo lives in the present: its handshakes are moved in time so that they stand today as
    /// they stood when the demo was written (an invitation sent "three days ago" still is).
    pub fn demo() -> Result<Self, SnapshotError> {
        let mut snapshot = Self::demo_snapshot()?;
        let now = OffsetDateTime::now_utc();
        let shift = now - snapshot.taken_at;
        for h in &mut snapshot.handshakes {
            h.requested_timestamp = h.requested_timestamp.map(|t| t + shift);
            h.expiration_timestamp = h.expiration_timestamp.map(|t| t + shift);
        }
        snapshot.taken_at = now;
        Ok(Self::new(snapshot).with_clock(Arc::new(OffsetDateTime::now_utc)))
    }

    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// An organization-wide read (`action` names it in errors), answered as AWS would for the caller:
    /// the management account reads everything, a member account is denied, an account outside the
    /// organization is told it is in none.
    async fn read<T>(&self, action: &str, f: impl FnOnce(&Snapshot) -> ApiResult<T>) -> ApiResult<T> {
        self.read_as(Reader::Management(action), f).await
    }

    async fn read_as<T>(&self, reader: Reader<'_>, f: impl FnOnce(&Snapshot) -> ApiResult<T>) -> ApiResult<T> {
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        // A poisoned lock means a panic while reading plain data; the data itself is still whole.
        let data = self.data.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(caller) = &self.caller {
            allowed(&data, caller, reader)?;
        }
        f(&data)
    }

    async fn write<T>(
        &self,
        f: impl FnOnce(&mut Snapshot, &AccountId, OffsetDateTime) -> ApiResult<T>,
    ) -> ApiResult<T> {
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        let Some(caller) = &self.caller else {
            return Err(ApiError::AccessDenied { action: "handshakes".into(), message: "no account to act as".into() });
        };
        let now = (self.clock)();
        let mut data = self.data.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut data, caller, now)
    }
}

impl MemoryOrg {
    /// A change only the management account may make.
    async fn manage<T>(&self, action: &str, f: impl FnOnce(&mut Snapshot) -> ApiResult<T>) -> ApiResult<T> {
        self.write(|s, caller, _| {
            allowed(s, caller, Reader::Management(action))?;
            f(s)
        })
        .await
    }
}

#[async_trait]
impl OrgApi for MemoryOrg {
    async fn describe_organization(&self) -> ApiResult<Organization> {
        self.read_as(Reader::Member, |s| Ok(s.organization.clone())).await
    }

    async fn list_roots(&self) -> ApiResult<Vec<Root>> {
        self.read("ListRoots", |s| Ok(s.roots.clone())).await
    }

    async fn list_ous_for_parent(&self, parent: &ParentId) -> ApiResult<Vec<OrgUnit>> {
        self.read("ListOrganizationalUnitsForParent", |s| {
            parent_exists(s, parent)?;
            Ok(s.organizational_units.iter().filter(|o| &o.parent_id == parent).map(|o| o.to_ou()).collect())
        })
        .await
    }

    async fn list_accounts_for_parent(&self, parent: &ParentId) -> ApiResult<Vec<Account>> {
        self.read("ListAccountsForParent", |s| {
            parent_exists(s, parent)?;
            Ok(s.accounts.iter().filter(|a| &a.parent_id == parent).map(|a| a.to_account()).collect())
        })
        .await
    }

    async fn list_accounts_page(&self, token: Option<String>) -> ApiResult<Page<Account>> {
        self.read("ListAccounts", |s| {
            // The token is where the next page starts, as AWS's is opaque: pages of AWS's size, so
            // the demo and snapshots page (and show progress) as a real organization does.
            let start = match token.as_deref() {
                None => 0,
                Some(t) => t.parse::<usize>().map_err(|_| ApiError::InvalidInput {
                    action: "ListAccounts".into(),
                    reason: "INVALID_NEXT_TOKEN".into(),
                    message: format!("the next token {t:?} is not one this organization gave"),
                })?,
            };
            let end = (start + ACCOUNTS_PAGE).min(s.accounts.len());
            let items = s.accounts.get(start..end).unwrap_or_default().iter().map(|a| a.to_account()).collect();
            Ok(Page { items, next: (end < s.accounts.len()).then(|| end.to_string()) })
        })
        .await
    }

    async fn describe_account(&self, id: &AccountId) -> ApiResult<Account> {
        self.read("DescribeAccount", |s| {
            s.accounts
                .iter()
                .find(|a| &a.id == id)
                .map(|a| a.to_account())
                .ok_or_else(|| ApiError::not_found(format!("account {id}")))
        })
        .await
    }

    async fn list_parent(&self, child: &TargetId) -> ApiResult<ParentId> {
        self.read("ListParents", |s| {
            let parent = match child {
                TargetId::Ou(id) => s.organizational_units.iter().find(|o| &o.id == id).map(|o| &o.parent_id),
                TargetId::Account(id) => s.accounts.iter().find(|a| &a.id == id).map(|a| &a.parent_id),
                TargetId::Root(_) => None,
            };
            parent.cloned().ok_or_else(|| ApiError::not_found(format!("{child} as a child in the organization")))
        })
        .await
    }

    async fn describe_ou(&self, id: &OuId) -> ApiResult<OrgUnit> {
        self.read("DescribeOrganizationalUnit", |s| {
            s.organizational_units
                .iter()
                .find(|o| &o.id == id)
                .map(|o| o.to_ou())
                .ok_or_else(|| ApiError::not_found(format!("organizational unit {id}")))
        })
        .await
    }

    async fn list_policies(&self, policy_type: &PolicyType) -> ApiResult<Vec<PolicySummary>> {
        self.read("ListPolicies", |s| {
            if !type_enabled_somewhere(s, policy_type) {
                return Err(ApiError::InvalidInput {
                    action: "ListPolicies".into(),
                    reason: "POLICY_TYPE_NOT_ENABLED".into(),
                    message: format!("{} policies are not enabled in this organization", policy_type.short()),
                });
            }
            Ok(s.policies.iter().filter(|p| &p.policy_type == policy_type).map(|p| p.summary()).collect())
        })
        .await
    }

    async fn describe_policy(&self, id: &PolicyId) -> ApiResult<Policy> {
        self.read("DescribePolicy", |s| {
            s.policies
                .iter()
                .find(|p| &p.id == id)
                .map(|p| Policy { summary: p.summary(), content: p.content.clone() })
                .ok_or_else(|| ApiError::not_found(format!("policy {id}")))
        })
        .await
    }

    async fn list_policies_for_target(
        &self,
        target: &TargetId,
        policy_type: &PolicyType,
    ) -> ApiResult<Vec<PolicySummary>> {
        self.read("ListPoliciesForTarget", |s| {
            target_exists(s, target)?;
            Ok(s.policies
                .iter()
                .filter(|p| &p.policy_type == policy_type && p.target_ids.contains(target))
                .map(|p| p.summary())
                .collect())
        })
        .await
    }

    async fn list_targets_for_policy(&self, id: &PolicyId) -> ApiResult<Vec<PolicyTarget>> {
        self.read("ListTargetsForPolicy", |s| {
            let policy =
                s.policies.iter().find(|p| &p.id == id).ok_or_else(|| ApiError::not_found(format!("policy {id}")))?;
            let names = target_names(s);
            Ok(policy
                .target_ids
                .iter()
                .map(|t| {
                    let (arn, name, kind) = names.get(t.as_str()).cloned().unwrap_or_default();
                    PolicyTarget { target_id: t.clone(), arn, name, target_type: kind.to_owned() }
                })
                .collect())
        })
        .await
    }

    async fn list_tags(&self, target: &ResourceId) -> ApiResult<Vec<Tag>> {
        self.read("ListTagsForResource", |s| {
            let tags = structure::tags(s, target)?;
            left_out(s, crate::snapshot::crawl::OMITTED_TAGS, "ListTagsForResource")?;
            Ok(tags)
        })
        .await
    }

    async fn list_handshakes_for_organization(&self) -> ApiResult<Vec<Handshake>> {
        self.write(|s, caller, now| {
            left_out(s, crate::snapshot::crawl::OMITTED_HANDSHAKES, "ListHandshakesForOrganization")?;
            handshakes::for_organization(s, caller, now)
        })
        .await
    }

    async fn list_handshakes_for_account(&self) -> ApiResult<Vec<Handshake>> {
        self.write(|s, caller, now| {
            left_out(s, crate::snapshot::crawl::OMITTED_HANDSHAKES, "ListHandshakesForAccount")?;
            Ok(handshakes::for_account(s, caller, now))
        })
        .await
    }

    async fn accept_handshake(&self, id: &HandshakeId) -> ApiResult<Handshake> {
        self.write(|s, caller, now| handshakes::accept(s, caller, id, now)).await
    }

    async fn decline_handshake(&self, id: &HandshakeId) -> ApiResult<Handshake> {
        self.write(|s, caller, now| handshakes::decline(s, caller, id, now)).await
    }

    async fn cancel_handshake(&self, id: &HandshakeId) -> ApiResult<Handshake> {
        self.write(|s, caller, now| handshakes::cancel(s, caller, id, now)).await
    }

    async fn invite_account(&self, target: &InviteTarget, notes: Option<&str>) -> ApiResult<Handshake> {
        self.write(|s, caller, now| handshakes::invite(s, caller, target, notes, now)).await
    }

    async fn enable_all_features(&self) -> ApiResult<Handshake> {
        self.write(handshakes::enable_all_features).await
    }

    async fn update_policy(&self, id: &PolicyId, update: &PolicyUpdate) -> ApiResult<Policy> {
        self.manage("UpdatePolicy", |s| policies::update(s, id, update)).await
    }

    async fn create_policy(&self, new: &NewPolicy) -> ApiResult<Policy> {
        self.manage("CreatePolicy", |s| policies::create(s, new)).await
    }

    async fn delete_policy(&self, id: &PolicyId) -> ApiResult<()> {
        self.manage("Delete", |s| policies::delete(s, id)).await
    }

    async fn attach_policy(&self, id: &PolicyId, target: &TargetId) -> ApiResult<()> {
        self.manage("AttachPolicy", |s| policies::attach(s, id, target)).await
    }

    async fn detach_policy(&self, id: &PolicyId, target: &TargetId) -> ApiResult<()> {
        self.manage("DetachPolicy", |s| policies::detach(s, id, target)).await
    }

    async fn move_account(&self, account: &AccountId, source: &ParentId, destination: &ParentId) -> ApiResult<()> {
        self.manage("MoveAccount", |s| structure::move_account(s, account, source, destination)).await
    }

    async fn list_delegated_administrators(&self) -> ApiResult<Vec<DelegatedAdmin>> {
        self.read("ListDelegatedAdministrators", governance::delegated).await
    }

    async fn list_delegated_services(&self, account: &AccountId) -> ApiResult<Vec<ServiceSince>> {
        self.read("ListDelegatedServicesForAccount", |s| governance::services(s, account)).await
    }

    async fn list_trusted_services(&self) -> ApiResult<Vec<ServiceSince>> {
        self.read("ListAWSServiceAccessForOrganization", governance::trusted).await
    }

    async fn describe_resource_policy(&self) -> ApiResult<Option<String>> {
        self.read("DescribeResourcePolicy", governance::resource_policy).await
    }

    async fn list_accounts_with_invalid_effective_policy(&self, policy_type: &PolicyType) -> ApiResult<Vec<Account>> {
        self.read("ListAccountsWithInvalidEffectivePolicy", |s| governance::invalid_accounts(s, policy_type)).await
    }

    async fn list_effective_policy_validation_errors(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Vec<ValidationError>> {
        self.read("ListEffectivePolicyValidationErrors", |s| governance::validation_errors(s, account, policy_type))
            .await
    }

    async fn create_account(&self, new: &NewAccount) -> ApiResult<CreateStatus> {
        let now = (self.clock)();
        self.manage("CreateAccount", |s| lifecycle::create(s, new, now)).await
    }

    async fn describe_create_status(&self, id: &str) -> ApiResult<CreateStatus> {
        self.read("DescribeCreateAccountStatus", |s| lifecycle::status(s, id)).await
    }

    async fn list_create_statuses(&self) -> ApiResult<Vec<CreateStatus>> {
        self.read("ListCreateAccountStatus", |s| Ok(s.create_requests.iter().rev().cloned().collect())).await
    }

    async fn remove_account(&self, id: &AccountId) -> ApiResult<()> {
        self.manage("RemoveAccountFromOrganization", |s| lifecycle::remove(s, id)).await
    }

    async fn close_account(&self, id: &AccountId) -> ApiResult<()> {
        self.manage("CloseAccount", |s| lifecycle::close(s, id)).await
    }

    async fn create_ou(&self, parent: &ParentId, name: &str, tags: &[Tag]) -> ApiResult<OrgUnit> {
        self.manage("CreateOrganizationalUnit", |s| structure::create_ou(s, parent, name, tags)).await
    }

    async fn rename_ou(&self, id: &OuId, name: &str) -> ApiResult<OrgUnit> {
        self.manage("UpdateOrganizationalUnit", |s| structure::rename_ou(s, id, name)).await
    }

    async fn delete_ou(&self, id: &OuId) -> ApiResult<()> {
        self.manage("DeleteOrganizationalUnit", |s| structure::delete_ou(s, id)).await
    }

    async fn tag_resource(&self, target: &ResourceId, tags: &[Tag]) -> ApiResult<()> {
        self.manage("TagResource", |s| structure::tag(s, target, tags)).await
    }

    async fn untag_resource(&self, target: &ResourceId, keys: &[String]) -> ApiResult<()> {
        self.manage("UntagResource", |s| structure::untag(s, target, keys)).await
    }

    async fn enable_policy_type(&self, root: &RootId, policy_type: &PolicyType) -> ApiResult<Root> {
        self.manage("EnablePolicyType", |s| policies::enable_type(s, root, policy_type)).await
    }

    async fn disable_policy_type(&self, root: &RootId, policy_type: &PolicyType) -> ApiResult<Root> {
        self.manage("DisablePolicyType", |s| policies::disable_type(s, root, policy_type)).await
    }

    async fn describe_effective_policy(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Option<EffectivePolicy>> {
        self.read("DescribeEffectivePolicy", |s| {
            target_exists(s, &TargetId::Account(account.clone()))?;
            left_out(s, crate::snapshot::crawl::OMITTED_EFFECTIVE, "DescribeEffectivePolicy")?;
            Ok(s.effective_policies.iter().find(|e| &e.target_id == account && &e.policy_type == policy_type).cloned())
        })
        .await
    }
}

fn target_names(s: &Snapshot) -> HashMap<&str, (String, String, &'static str)> {
    let mut names = HashMap::new();
    for r in &s.roots {
        names.insert(r.id.as_str(), (r.arn.clone(), r.name.clone(), "ROOT"));
    }
    for o in &s.organizational_units {
        names.insert(o.id.as_str(), (o.arn.clone(), o.name.clone(), "ORGANIZATIONAL_UNIT"));
    }
    for a in &s.accounts {
        names.insert(a.id.as_str(), (a.arn.clone(), a.name.clone(), "ACCOUNT"));
    }
    names
}

#[cfg(test)]
mod tests;
