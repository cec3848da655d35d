//! `--read-only` enforced below the UI. Reads pass through; every mutating call (added by the issues
//! that edit policies and answer handshakes) is refused here with `ApiError::ReadOnly`, whatever the UI
//! does. The trait has no default methods, so a new mutating call cannot slip past this wrapper: it must
//! be written here, and here it refuses.

use std::sync::Arc;

use async_trait::async_trait;

use super::{ApiResult, OrgApi};
use crate::org::{
    Account, AccountId, EffectivePolicy, Handshake, OrgUnit, Organization, OuId, ParentId, Policy, PolicyId,
    PolicySummary, PolicyTarget, PolicyType, Root, Tag, TargetId,
};

pub struct ReadOnly {
    inner: Arc<dyn OrgApi>,
}

impl ReadOnly {
    pub fn wrap(inner: Arc<dyn OrgApi>) -> Arc<dyn OrgApi> {
        Arc::new(Self { inner })
    }
}

#[async_trait]
impl OrgApi for ReadOnly {
    async fn describe_organization(&self) -> ApiResult<Organization> {
        self.inner.describe_organization().await
    }
    async fn list_roots(&self) -> ApiResult<Vec<Root>> {
        self.inner.list_roots().await
    }
    async fn list_ous_for_parent(&self, parent: &ParentId) -> ApiResult<Vec<OrgUnit>> {
        self.inner.list_ous_for_parent(parent).await
    }
    async fn list_accounts_for_parent(&self, parent: &ParentId) -> ApiResult<Vec<Account>> {
        self.inner.list_accounts_for_parent(parent).await
    }
    async fn describe_account(&self, id: &AccountId) -> ApiResult<Account> {
        self.inner.describe_account(id).await
    }
    async fn describe_ou(&self, id: &OuId) -> ApiResult<OrgUnit> {
        self.inner.describe_ou(id).await
    }
    async fn list_policies(&self, policy_type: &PolicyType) -> ApiResult<Vec<PolicySummary>> {
        self.inner.list_policies(policy_type).await
    }
    async fn describe_policy(&self, id: &PolicyId) -> ApiResult<Policy> {
        self.inner.describe_policy(id).await
    }
    async fn list_policies_for_target(
        &self,
        target: &TargetId,
        policy_type: &PolicyType,
    ) -> ApiResult<Vec<PolicySummary>> {
        self.inner.list_policies_for_target(target, policy_type).await
    }
    async fn list_targets_for_policy(&self, id: &PolicyId) -> ApiResult<Vec<PolicyTarget>> {
        self.inner.list_targets_for_policy(id).await
    }
    async fn list_tags(&self, target: &TargetId) -> ApiResult<Vec<Tag>> {
        self.inner.list_tags(target).await
    }
    async fn list_handshakes_for_organization(&self) -> ApiResult<Vec<Handshake>> {
        self.inner.list_handshakes_for_organization().await
    }
    async fn describe_effective_policy(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Option<EffectivePolicy>> {
        self.inner.describe_effective_policy(account, policy_type).await
    }
}
