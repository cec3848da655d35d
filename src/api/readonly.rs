//! `--read-only` enforced below the UI. Reads pass through; every mutating call (added by the issues
//! that edit policies and answer handshakes) is refused here with `ApiError::ReadOnly`, whatever the UI
//! does. The trait has no default methods, so a new mutating call cannot slip past this wrapper: it must
//! be written here, and here it refuses.

use std::sync::Arc;

use async_trait::async_trait;

use super::{ApiError, ApiResult, OrgApi, Page};
use crate::org::governance::{DelegatedAdmin, ServiceSince, ValidationError};
use crate::org::lifecycle::{CreateStatus, NewAccount};
use crate::org::{
    Account, AccountId, EffectivePolicy, Handshake, HandshakeId, InviteTarget, NewPolicy, OrgUnit, Organization, OuId,
    ParentId, Policy, PolicyId, PolicySummary, PolicyTarget, PolicyType, PolicyUpdate, ResourceId, Root, RootId, Tag,
    TargetId,
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
    async fn list_accounts_page(&self, token: Option<String>) -> ApiResult<Page<Account>> {
        self.inner.list_accounts_page(token).await
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
    async fn list_parent(&self, child: &TargetId) -> ApiResult<ParentId> {
        self.inner.list_parent(child).await
    }
    async fn list_tags(&self, target: &ResourceId) -> ApiResult<Vec<Tag>> {
        self.inner.list_tags(target).await
    }
    async fn list_handshakes_for_organization(&self) -> ApiResult<Vec<Handshake>> {
        self.inner.list_handshakes_for_organization().await
    }
    async fn list_handshakes_for_account(&self) -> ApiResult<Vec<Handshake>> {
        self.inner.list_handshakes_for_account().await
    }
    async fn describe_effective_policy(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Option<EffectivePolicy>> {
        self.inner.describe_effective_policy(account, policy_type).await
    }

    async fn accept_handshake(&self, _: &HandshakeId) -> ApiResult<Handshake> {
        Err(refused("AcceptHandshake"))
    }
    async fn decline_handshake(&self, _: &HandshakeId) -> ApiResult<Handshake> {
        Err(refused("DeclineHandshake"))
    }
    async fn cancel_handshake(&self, _: &HandshakeId) -> ApiResult<Handshake> {
        Err(refused("CancelHandshake"))
    }
    async fn invite_account(&self, _: &InviteTarget, _: Option<&str>) -> ApiResult<Handshake> {
        Err(refused("InviteAccountToOrganization"))
    }
    async fn enable_all_features(&self) -> ApiResult<Handshake> {
        Err(refused("EnableAllFeatures"))
    }
    async fn update_policy(&self, _: &PolicyId, _: &PolicyUpdate) -> ApiResult<Policy> {
        Err(refused("UpdatePolicy"))
    }
    async fn create_policy(&self, _: &NewPolicy) -> ApiResult<Policy> {
        Err(refused("CreatePolicy"))
    }
    async fn delete_policy(&self, _: &PolicyId) -> ApiResult<()> {
        Err(refused("Delete"))
    }
    async fn attach_policy(&self, _: &PolicyId, _: &TargetId) -> ApiResult<()> {
        Err(refused("AttachPolicy"))
    }
    async fn detach_policy(&self, _: &PolicyId, _: &TargetId) -> ApiResult<()> {
        Err(refused("DetachPolicy"))
    }
    async fn move_account(&self, _: &AccountId, _: &ParentId, _: &ParentId) -> ApiResult<()> {
        Err(refused("MoveAccount"))
    }
    async fn list_delegated_administrators(&self) -> ApiResult<Vec<DelegatedAdmin>> {
        self.inner.list_delegated_administrators().await
    }
    async fn list_delegated_services(&self, account: &AccountId) -> ApiResult<Vec<ServiceSince>> {
        self.inner.list_delegated_services(account).await
    }
    async fn list_trusted_services(&self) -> ApiResult<Vec<ServiceSince>> {
        self.inner.list_trusted_services().await
    }
    async fn describe_resource_policy(&self) -> ApiResult<Option<String>> {
        self.inner.describe_resource_policy().await
    }
    async fn list_accounts_with_invalid_effective_policy(&self, policy_type: &PolicyType) -> ApiResult<Vec<Account>> {
        self.inner.list_accounts_with_invalid_effective_policy(policy_type).await
    }
    async fn list_effective_policy_validation_errors(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Vec<ValidationError>> {
        self.inner.list_effective_policy_validation_errors(account, policy_type).await
    }
    async fn create_account(&self, _: &NewAccount) -> ApiResult<CreateStatus> {
        Err(refused("CreateAccount"))
    }
    async fn describe_create_status(&self, id: &str) -> ApiResult<CreateStatus> {
        self.inner.describe_create_status(id).await
    }
    async fn list_create_statuses(&self) -> ApiResult<Vec<CreateStatus>> {
        self.inner.list_create_statuses().await
    }
    async fn remove_account(&self, _: &AccountId) -> ApiResult<()> {
        Err(refused("RemoveAccountFromOrganization"))
    }
    async fn close_account(&self, _: &AccountId) -> ApiResult<()> {
        Err(refused("CloseAccount"))
    }
    async fn create_ou(&self, _: &ParentId, _: &str, _: &[Tag]) -> ApiResult<OrgUnit> {
        Err(refused("CreateOrganizationalUnit"))
    }
    async fn rename_ou(&self, _: &OuId, _: &str) -> ApiResult<OrgUnit> {
        Err(refused("UpdateOrganizationalUnit"))
    }
    async fn delete_ou(&self, _: &OuId) -> ApiResult<()> {
        Err(refused("DeleteOrganizationalUnit"))
    }
    async fn tag_resource(&self, _: &ResourceId, _: &[Tag]) -> ApiResult<()> {
        Err(refused("TagResource"))
    }
    async fn untag_resource(&self, _: &ResourceId, _: &[String]) -> ApiResult<()> {
        Err(refused("UntagResource"))
    }
    async fn enable_policy_type(&self, _: &RootId, _: &PolicyType) -> ApiResult<Root> {
        Err(refused("EnablePolicyType"))
    }
    async fn disable_policy_type(&self, _: &RootId, _: &PolicyType) -> ApiResult<Root> {
        Err(refused("DisablePolicyType"))
    }
}

fn refused(action: &str) -> ApiError {
    tracing::info!(action, "refused by --read-only");
    ApiError::ReadOnly { action: action.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::memory::MemoryOrg;

    #[tokio::test]
    async fn reads_pass_and_every_write_is_refused_before_reaching_the_backend() {
        let inner = Arc::new(MemoryOrg::demo().unwrap());
        let api = ReadOnly::wrap(inner.clone());
        assert_eq!(api.list_roots().await.unwrap().len(), 1);
        let id = HandshakeId::parse("h-d3moinv00001").unwrap();
        let target = InviteTarget::Email("x@example.com".into());
        let results = [
            api.accept_handshake(&id).await,
            api.decline_handshake(&id).await,
            api.cancel_handshake(&id).await,
            api.invite_account(&target, None).await,
            api.enable_all_features().await,
        ];
        for result in results {
            assert!(matches!(result, Err(ApiError::ReadOnly { .. })), "{result:?}");
        }
        let policy = PolicyId::parse("p-region0001").unwrap();
        let root = RootId::parse("r-d3mo").unwrap();
        let target = TargetId::Root(root.clone());
        let scp = PolicyType::new(PolicyType::SCP);
        let update = PolicyUpdate { content: Some("{}".into()), ..PolicyUpdate::default() };
        let new =
            NewPolicy { policy_type: scp.clone(), name: "x".into(), description: String::new(), content: "{}".into() };
        let refused = |r: &ApiResult<()>| matches!(r, Err(ApiError::ReadOnly { .. }));
        assert!(matches!(api.update_policy(&policy, &update).await, Err(ApiError::ReadOnly { .. })));
        assert!(matches!(api.create_policy(&new).await, Err(ApiError::ReadOnly { .. })));
        assert!(refused(&api.delete_policy(&policy).await));
        assert!(refused(&api.attach_policy(&policy, &target).await));
        assert!(refused(&api.detach_policy(&policy, &target).await));
        assert!(matches!(api.enable_policy_type(&root, &scp).await, Err(ApiError::ReadOnly { .. })));
        assert!(matches!(api.disable_policy_type(&root, &scp).await, Err(ApiError::ReadOnly { .. })));
        let content = inner.describe_policy(&policy).await.unwrap().content;
        assert_ne!(content, "{}", "the policy is untouched");
        // The organization itself is untouched: the invitation is still open.
        let handshakes = inner.list_handshakes_for_organization().await.unwrap();
        assert_eq!(handshakes.iter().find(|h| h.id == id).unwrap().state, "OPEN");
        assert_eq!(handshakes.len(), 6);
    }
}
