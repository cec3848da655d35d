//! `OrgApi` on the real AWS SDK. Credentials come from aws-config's default chain (environment,
//! profiles, SSO, assume-role, credential_process, IMDS); every list call follows NextToken to the
//! end; every request goes through the process's one `Budget`, which paces and resends throttled
//! requests (the SDK's own retries are off so the two do not fight).

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_organizations::Client;
use aws_sdk_organizations::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_organizations::types::{EffectivePolicyType, PolicyType as SdkPolicyType};
use aws_smithy_runtime_api::http::Response as HttpResponse;

use super::aws_convert as convert;
use super::aws_errors::{Verdict, classify, verdict};
use super::aws_paging::{all_pages, retry_concurrent};
use super::budget::{Attempt, Budget};
use super::{ApiError, ApiResult, OrgApi, Page};
use crate::org::governance::{DelegatedAdmin, ServiceSince, ValidationError};
use crate::org::lifecycle::{CreateStatus, NewAccount};
use crate::org::{
    Account, AccountId, EffectivePolicy, Handshake, HandshakeId, InviteTarget, NewPolicy, OrgUnit, Organization, OuId,
    ParentId, Policy, PolicyId, PolicySummary, PolicyTarget, PolicyType, PolicyUpdate, ResourceId, Root, RootId, Tag,
    TargetId,
};

mod config;
mod governance;
mod lifecycle;
mod structure;

pub use config::{ConnectOptions, known_policy_types, load_config, retry_config};

/// AWS's largest page for the Organizations list calls.
const PAGE_SIZE: i32 = 20;

pub struct AwsOrg {
    client: Client,
    budget: Arc<Budget>,
}

/// Whether a request that got no clear answer (5xx, timeout, dropped connection) may be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resend {
    /// A read: sending it again changes nothing.
    Yes,
    /// A change: AWS may have made it already (a second policy, a second invitation).
    Never,
}

impl AwsOrg {
    /// A client with a budget of its own.
    pub fn from_conf(conf: &SdkConfig) -> Self {
        Self::with_budget(conf, Budget::new())
    }

    /// A client whose requests share `budget` with everything else the process sends.
    pub fn with_budget(conf: &SdkConfig, budget: Arc<Budget>) -> Self {
        // The budget resends what may be resent; the SDK resending too would multiply attempts and
        // hide throttling from the pace.
        let conf = aws_sdk_organizations::config::Builder::from(conf).retry_config(retry_config()).build();
        Self { client: Client::from_conf(conf), budget }
    }

    pub fn budget(&self) -> Arc<Budget> {
        self.budget.clone()
    }

    /// Sends a request through the budget: again after each throttle, and after a transient failure
    /// only when `resend` says it is safe.
    async fn send<O, E, F, Fut>(&self, action: &'static str, resend: Resend, mut request: F) -> ApiResult<O>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<O, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        self.budget
            .run(action, resend == Resend::Yes, || {
                let answer = request();
                async move {
                    match answer.await {
                        Ok(out) => Attempt::Done(Ok(out)),
                        Err(e) => match verdict(&e) {
                            Verdict::Throttled => Attempt::Throttled,
                            Verdict::Transient if resend == Resend::Yes => Attempt::Transient(classify(action, e)),
                            Verdict::Transient => Attempt::Done(Err(ApiError::Uncertain {
                                action: action.to_owned(),
                                message: classify(action, e).to_string(),
                            })),
                            Verdict::Final => Attempt::Done(Err(classify(action, e))),
                        },
                    }
                }
            })
            .await
    }
}

fn sdk_type(t: &PolicyType) -> SdkPolicyType {
    SdkPolicyType::from(t.as_str())
}

fn collect<S, T>(action: &str, items: &[S], f: fn(&str, &S) -> ApiResult<T>) -> ApiResult<Vec<T>> {
    items.iter().map(|i| f(action, i)).collect()
}

/// Every listing follows NextToken to the end the same way; only the request (built anew for each
/// page), the field that holds the items and their conversion differ.
macro_rules! paged {
    ($self:ident, $action:expr, $request:expr, $items:ident, $convert:path) => {
        all_pages($action, |token| async {
            let request = $request.set_next_token(token).max_results(PAGE_SIZE);
            let page = $self.send($action, Resend::Yes, || request.clone().send()).await?;
            Ok((collect($action, page.$items(), $convert)?, next(page.next_token())))
        })
        .await
    };
}

/// Attach and detach differ only in the operation: a policy and a target in, nothing out.
macro_rules! attachment {
    ($self:ident, $op:ident, $action:literal, $id:ident, $target:ident) => {
        retry_concurrent(|| async {
            let request = $self.client.$op().policy_id($id.as_str()).target_id($target.as_str());
            $self.send($action, Resend::Never, || request.clone().send()).await?;
            Ok(())
        })
        .await
    };
}

/// Enabling and disabling a policy type differ only in the operation: the root comes back.
macro_rules! root_policy_type {
    ($self:ident, $op:ident, $action:literal, $root:ident, $policy_type:ident) => {
        retry_concurrent(|| async {
            let request = $self.client.$op().root_id($root.as_str()).policy_type(sdk_type($policy_type));
            let out = $self.send($action, Resend::Never, || request.clone().send()).await?;
            convert::root($action, out.root().ok_or_else(|| ApiError::other($action, "AWS returned no root"))?)
        })
        .await
    };
}

// Declared after the macros above, which it uses (macro_rules! scope is textual).
mod handshakes;

fn policy_of(action: &str, p: Option<&aws_sdk_organizations::types::Policy>) -> ApiResult<Policy> {
    convert::policy(action, p.ok_or_else(|| ApiError::other(action, "AWS returned no policy"))?)
}

fn next(token: Option<&str>) -> Option<String> {
    token.map(str::to_owned)
}

#[async_trait]
impl OrgApi for AwsOrg {
    async fn describe_organization(&self) -> ApiResult<Organization> {
        const A: &str = "DescribeOrganization";
        let request = self.client.describe_organization();
        let out = self.send(A, Resend::Yes, || request.clone().send()).await?;
        let org = out.organization().ok_or_else(|| ApiError::other(A, "AWS returned no organization"))?;
        convert::organization(A, org)
    }

    async fn list_roots(&self) -> ApiResult<Vec<Root>> {
        paged!(self, "ListRoots", self.client.list_roots(), roots, convert::root)
    }

    async fn list_ous_for_parent(&self, parent: &ParentId) -> ApiResult<Vec<OrgUnit>> {
        paged!(
            self,
            "ListOrganizationalUnitsForParent",
            self.client.list_organizational_units_for_parent().parent_id(parent.as_str()),
            organizational_units,
            convert::ou
        )
    }

    async fn list_accounts_for_parent(&self, parent: &ParentId) -> ApiResult<Vec<Account>> {
        paged!(
            self,
            "ListAccountsForParent",
            self.client.list_accounts_for_parent().parent_id(parent.as_str()),
            accounts,
            convert::account
        )
    }

    async fn list_accounts_page(&self, token: Option<String>) -> ApiResult<Page<Account>> {
        const A: &str = "ListAccounts";
        let request = self.client.list_accounts().set_next_token(token).max_results(PAGE_SIZE);
        let page = retry_concurrent(|| self.send(A, Resend::Yes, || request.clone().send())).await?;
        Ok(Page { items: collect(A, page.accounts(), convert::account)?, next: next(page.next_token()) })
    }

    async fn describe_account(&self, id: &AccountId) -> ApiResult<Account> {
        const A: &str = "DescribeAccount";
        let request = self.client.describe_account().account_id(id.as_str());
        let out = self.send(A, Resend::Yes, || request.clone().send()).await?;
        convert::account(A, out.account().ok_or_else(|| ApiError::not_found(format!("account {id}")))?)
    }

    async fn describe_ou(&self, id: &OuId) -> ApiResult<OrgUnit> {
        const A: &str = "DescribeOrganizationalUnit";
        let request = self.client.describe_organizational_unit().organizational_unit_id(id.as_str());
        let out = self.send(A, Resend::Yes, || request.clone().send()).await?;
        let ou = out.organizational_unit().ok_or_else(|| ApiError::not_found(format!("organizational unit {id}")))?;
        convert::ou(A, ou)
    }

    async fn list_policies(&self, policy_type: &PolicyType) -> ApiResult<Vec<PolicySummary>> {
        paged!(
            self,
            "ListPolicies",
            self.client.list_policies().filter(sdk_type(policy_type)),
            policies,
            convert::policy_summary
        )
    }

    async fn describe_policy(&self, id: &PolicyId) -> ApiResult<Policy> {
        const A: &str = "DescribePolicy";
        let request = self.client.describe_policy().policy_id(id.as_str());
        let out = self.send(A, Resend::Yes, || request.clone().send()).await?;
        convert::policy(A, out.policy().ok_or_else(|| ApiError::not_found(format!("policy {id}")))?)
    }

    async fn list_policies_for_target(
        &self,
        target: &TargetId,
        policy_type: &PolicyType,
    ) -> ApiResult<Vec<PolicySummary>> {
        paged!(
            self,
            "ListPoliciesForTarget",
            self.client.list_policies_for_target().target_id(target.as_str()).filter(sdk_type(policy_type)),
            policies,
            convert::policy_summary
        )
    }

    async fn list_targets_for_policy(&self, id: &PolicyId) -> ApiResult<Vec<PolicyTarget>> {
        paged!(
            self,
            "ListTargetsForPolicy",
            self.client.list_targets_for_policy().policy_id(id.as_str()),
            targets,
            convert::policy_target
        )
    }

    async fn list_parent(&self, child: &TargetId) -> ApiResult<ParentId> {
        const A: &str = "ListParents";
        let request = self.client.list_parents().child_id(child.as_str());
        let out = self.send(A, Resend::Yes, || request.clone().send()).await?;
        let parent = out.parents().first().and_then(|p| p.id());
        let parent = parent.ok_or_else(|| ApiError::not_found(format!("the parent of {child}")))?;
        ParentId::parse(parent).map_err(|e| ApiError::other(A, e.to_string()))
    }

    async fn list_tags(&self, target: &ResourceId) -> ApiResult<Vec<Tag>> {
        const A: &str = "ListTagsForResource";
        all_pages(A, |token| async {
            let request = self.client.list_tags_for_resource().resource_id(target.as_str()).set_next_token(token);
            let page = self.send(A, Resend::Yes, || request.clone().send()).await?;
            Ok((page.tags().iter().map(convert::tag).collect(), next(page.next_token())))
        })
        .await
    }

    async fn list_handshakes_for_organization(&self) -> ApiResult<Vec<Handshake>> {
        self.organization_handshakes_call().await
    }

    async fn list_handshakes_for_account(&self) -> ApiResult<Vec<Handshake>> {
        self.account_handshakes_call().await
    }

    async fn accept_handshake(&self, id: &HandshakeId) -> ApiResult<Handshake> {
        self.accept_call(id).await
    }

    async fn decline_handshake(&self, id: &HandshakeId) -> ApiResult<Handshake> {
        self.decline_call(id).await
    }

    async fn cancel_handshake(&self, id: &HandshakeId) -> ApiResult<Handshake> {
        self.cancel_call(id).await
    }

    async fn invite_account(&self, target: &InviteTarget, notes: Option<&str>) -> ApiResult<Handshake> {
        self.invite_call(target, notes).await
    }

    async fn enable_all_features(&self) -> ApiResult<Handshake> {
        self.enable_all_features_call().await
    }

    async fn update_policy(&self, id: &PolicyId, update: &PolicyUpdate) -> ApiResult<Policy> {
        const A: &str = "UpdatePolicy";
        retry_concurrent(|| async {
            let request = self
                .client
                .update_policy()
                .policy_id(id.as_str())
                .set_name(update.name.clone())
                .set_description(update.description.clone())
                .set_content(update.content.clone());
            let out = self.send(A, Resend::Never, || request.clone().send()).await?;
            policy_of(A, out.policy())
        })
        .await
    }

    async fn create_policy(&self, new: &NewPolicy) -> ApiResult<Policy> {
        const A: &str = "CreatePolicy";
        // Sent again only after a throttle (AWS refused before acting): after a lost answer a second
        // send would meet DuplicatePolicy, or create a second policy.
        let request = self
            .client
            .create_policy()
            .name(&new.name)
            .description(&new.description)
            .content(&new.content)
            .r#type(sdk_type(&new.policy_type));
        let out = self.send(A, Resend::Never, || request.clone().send()).await?;
        policy_of(A, out.policy())
    }

    async fn delete_policy(&self, id: &PolicyId) -> ApiResult<()> {
        const A: &str = "Delete";
        retry_concurrent(|| async {
            let request = self.client.delete_policy().policy_id(id.as_str());
            self.send(A, Resend::Never, || request.clone().send()).await?;
            Ok(())
        })
        .await
    }

    async fn attach_policy(&self, id: &PolicyId, target: &TargetId) -> ApiResult<()> {
        attachment!(self, attach_policy, "AttachPolicy", id, target)
    }

    async fn detach_policy(&self, id: &PolicyId, target: &TargetId) -> ApiResult<()> {
        attachment!(self, detach_policy, "DetachPolicy", id, target)
    }

    async fn move_account(&self, account: &AccountId, source: &ParentId, destination: &ParentId) -> ApiResult<()> {
        const A: &str = "MoveAccount";
        retry_concurrent(|| async {
            let request = self
                .client
                .move_account()
                .account_id(account.as_str())
                .source_parent_id(source.as_str())
                .destination_parent_id(destination.as_str());
            // Never sent twice: a move that may have happened is said to be uncertain instead.
            self.send(A, Resend::Never, || request.clone().send()).await?;
            Ok(())
        })
        .await
    }

    async fn list_delegated_administrators(&self) -> ApiResult<Vec<DelegatedAdmin>> {
        self.delegated_admins_call().await
    }

    async fn list_delegated_services(&self, account: &AccountId) -> ApiResult<Vec<ServiceSince>> {
        self.delegated_services_call(account).await
    }

    async fn list_trusted_services(&self) -> ApiResult<Vec<ServiceSince>> {
        self.trusted_services_call().await
    }

    async fn describe_resource_policy(&self) -> ApiResult<Option<String>> {
        self.resource_policy_call().await
    }

    async fn list_accounts_with_invalid_effective_policy(&self, policy_type: &PolicyType) -> ApiResult<Vec<Account>> {
        self.invalid_accounts_call(policy_type).await
    }

    async fn list_effective_policy_validation_errors(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Vec<ValidationError>> {
        self.validation_errors_call(account, policy_type).await
    }

    async fn create_account(&self, new: &NewAccount) -> ApiResult<CreateStatus> {
        self.create_account_call(new).await
    }

    async fn describe_create_status(&self, id: &str) -> ApiResult<CreateStatus> {
        self.create_status_call(id).await
    }

    async fn list_create_statuses(&self) -> ApiResult<Vec<CreateStatus>> {
        self.create_statuses_call().await
    }

    async fn remove_account(&self, id: &AccountId) -> ApiResult<()> {
        self.remove_account_call(id).await
    }

    async fn close_account(&self, id: &AccountId) -> ApiResult<()> {
        self.close_account_call(id).await
    }

    async fn create_ou(&self, parent: &ParentId, name: &str, tags: &[Tag]) -> ApiResult<OrgUnit> {
        self.create_ou_call(parent, name, tags).await
    }

    async fn rename_ou(&self, id: &OuId, name: &str) -> ApiResult<OrgUnit> {
        self.rename_ou_call(id, name).await
    }

    async fn delete_ou(&self, id: &OuId) -> ApiResult<()> {
        self.delete_ou_call(id).await
    }

    async fn tag_resource(&self, target: &ResourceId, tags: &[Tag]) -> ApiResult<()> {
        self.tag_call(target, tags).await
    }

    async fn untag_resource(&self, target: &ResourceId, keys: &[String]) -> ApiResult<()> {
        self.untag_call(target, keys).await
    }

    async fn enable_policy_type(&self, root: &RootId, policy_type: &PolicyType) -> ApiResult<Root> {
        root_policy_type!(self, enable_policy_type, "EnablePolicyType", root, policy_type)
    }

    async fn disable_policy_type(&self, root: &RootId, policy_type: &PolicyType) -> ApiResult<Root> {
        root_policy_type!(self, disable_policy_type, "DisablePolicyType", root, policy_type)
    }

    async fn describe_effective_policy(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Option<EffectivePolicy>> {
        const A: &str = "DescribeEffectivePolicy";
        let request = self
            .client
            .describe_effective_policy()
            .target_id(account.as_str())
            .policy_type(EffectivePolicyType::from(policy_type.as_str()));
        let out = self
            .send(A, Resend::Yes, || {
                let answer = request.clone().send();
                async move {
                    match answer.await {
                        Ok(out) => Ok(out.effective_policy().cloned()),
                        // "No policy of this type applies" is an answer, not a failure.
                        Err(e) if e.as_service_error().is_some_and(|e| e.is_effective_policy_not_found_exception()) => {
                            Ok(None)
                        }
                        Err(e) => Err(e),
                    }
                }
            })
            .await?;
        out.map(|e| convert::effective_policy(A, account, &e)).transpose()
    }
}
