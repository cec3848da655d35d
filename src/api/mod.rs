//! The only door to AWS: the `OrgApi` trait and its implementations.
//!
//! - `aws`: the real SDK (pagination, retries, error classification live there and nowhere else);
//! - `memory`: an organization held in memory, read from a snapshot file or the embedded demo;
//! - `readonly`: a wrapper that refuses every mutating call, so a bug in a key handler cannot write.

pub mod aws;
mod aws_convert;
mod aws_errors;
mod aws_paging;
pub mod budget;
pub mod error;
pub mod memory;
pub mod profiles;
pub mod readonly;

use async_trait::async_trait;

pub use error::{ApiError, CredentialProblem};

use crate::org::governance::{DelegatedAdmin, InvalidEffective, ServiceSince, ValidationError};
use crate::org::lifecycle::{CreateStatus, NewAccount};
use crate::org::{
    Account, AccountId, Children, EffectivePolicy, Handshake, HandshakeId, InviteTarget, NewPolicy, OrgUnit,
    Organization, OuId, ParentId, Policy, PolicyId, PolicySummary, PolicyTarget, PolicyType, PolicyUpdate, ResourceId,
    Root, RootId, Tag, TargetId,
};

pub type ApiResult<T> = Result<T, ApiError>;

/// The governance view's data in one go: the delegated administrators, each with its services, the
/// services with trusted access, the resource policy, and the accounts where a management policy of
/// `types` (those enabled; SCPs and RCPs are skipped) is not enforced.
pub async fn governance(api: &dyn OrgApi, types: &[PolicyType]) -> ApiResult<crate::org::governance::Governance> {
    let mut delegated = api.list_delegated_administrators().await?;
    for d in &mut delegated {
        d.services = api.list_delegated_services(&d.account_id).await?;
    }
    let trusted = api.list_trusted_services().await?;
    // An audit view that loses everything over one call is no help: a resource policy that cannot
    // be read (no permission for it, an endpoint without it) is said in its place.
    let (resource_policy, resource_policy_error) = match api.describe_resource_policy().await {
        Ok(p) => (p, None),
        Err(e) => (None, Some(e.to_string())),
    };
    let (mut invalid, mut invalid_errors) = (Vec::new(), Vec::new());
    for t in types.iter().filter(|t| !t.is_authorization()) {
        match api.list_accounts_with_invalid_effective_policy(t).await {
            Ok(accounts) => invalid.extend(accounts.into_iter().map(|a| InvalidEffective {
                account_id: a.id,
                name: a.name,
                policy_type: t.clone(),
                errors: Vec::new(),
            })),
            Err(e) => invalid_errors.push(format!("{}: {e}", t.short())),
        }
    }
    Ok(crate::org::governance::Governance {
        delegated,
        trusted,
        resource_policy,
        resource_policy_error,
        invalid,
        invalid_errors,
    })
}

/// One page of a listing and the token of the next (None on the last page).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// Every account of the organization, following ListAccounts' pages to the end.
pub async fn list_accounts(api: &dyn OrgApi) -> ApiResult<Vec<Account>> {
    aws_paging::all_pages("ListAccounts", |token| async move {
        let page = api.list_accounts_page(token).await?;
        Ok((page.items, page.next))
    })
    .await
}

/// Everything orgtui asks of AWS Organizations. Every list call returns the whole list: implementations
/// follow NextToken to the end.
#[async_trait]
pub trait OrgApi: Send + Sync {
    async fn describe_organization(&self) -> ApiResult<Organization>;
    async fn list_roots(&self) -> ApiResult<Vec<Root>>;
    async fn list_ous_for_parent(&self, parent: &ParentId) -> ApiResult<Vec<OrgUnit>>;
    async fn list_accounts_for_parent(&self, parent: &ParentId) -> ApiResult<Vec<Account>>;
    /// One page of every account of the organization (ListAccounts), from `token` (None: the first).
    /// The search index reads accounts this way instead of one call per OU, a page at a time so its
    /// progress shows; `list_accounts` reads them all.
    async fn list_accounts_page(&self, token: Option<String>) -> ApiResult<Page<Account>>;
    async fn describe_account(&self, id: &AccountId) -> ApiResult<Account>;
    async fn describe_ou(&self, id: &OuId) -> ApiResult<OrgUnit>;
    async fn list_policies(&self, policy_type: &PolicyType) -> ApiResult<Vec<PolicySummary>>;
    async fn describe_policy(&self, id: &PolicyId) -> ApiResult<Policy>;
    async fn list_policies_for_target(
        &self,
        target: &TargetId,
        policy_type: &PolicyType,
    ) -> ApiResult<Vec<PolicySummary>>;
    async fn list_targets_for_policy(&self, id: &PolicyId) -> ApiResult<Vec<PolicyTarget>>;
    /// The root or OU directly above an OU or account (ListParents: a child has exactly one).
    async fn list_parent(&self, child: &TargetId) -> ApiResult<ParentId>;
    async fn list_tags(&self, target: &ResourceId) -> ApiResult<Vec<Tag>>;
    async fn list_handshakes_for_organization(&self) -> ApiResult<Vec<Handshake>>;
    /// The handshakes addressed to the caller's account (works from any account).
    async fn list_handshakes_for_account(&self) -> ApiResult<Vec<Handshake>>;
    /// The policy of a management type (tag, backup, ...) in force for an account, once inheritance
    /// is applied; `None` when no policy of that type applies (EffectivePolicyNotFoundException).
    async fn describe_effective_policy(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Option<EffectivePolicy>>;

    // Mutating calls: the read-only wrapper refuses every one of them.
    async fn accept_handshake(&self, id: &HandshakeId) -> ApiResult<Handshake>;
    async fn decline_handshake(&self, id: &HandshakeId) -> ApiResult<Handshake>;
    async fn cancel_handshake(&self, id: &HandshakeId) -> ApiResult<Handshake>;
    async fn invite_account(&self, target: &InviteTarget, notes: Option<&str>) -> ApiResult<Handshake>;
    async fn enable_all_features(&self) -> ApiResult<Handshake>;
    async fn update_policy(&self, id: &PolicyId, update: &PolicyUpdate) -> ApiResult<Policy>;
    async fn create_policy(&self, new: &NewPolicy) -> ApiResult<Policy>;
    async fn delete_policy(&self, id: &PolicyId) -> ApiResult<()>;
    async fn attach_policy(&self, id: &PolicyId, target: &TargetId) -> ApiResult<()>;
    async fn detach_policy(&self, id: &PolicyId, target: &TargetId) -> ApiResult<()>;
    /// MoveAccount: from `source` (its parent now, as AWS requires it named) to `destination`.
    async fn move_account(&self, account: &AccountId, source: &ParentId, destination: &ParentId) -> ApiResult<()>;
    /// ListDelegatedAdministrators (their services come from `list_delegated_services`).
    async fn list_delegated_administrators(&self) -> ApiResult<Vec<DelegatedAdmin>>;
    /// ListDelegatedServicesForAccount.
    async fn list_delegated_services(&self, account: &AccountId) -> ApiResult<Vec<ServiceSince>>;
    /// ListAWSServiceAccessForOrganization: the services with trusted access.
    async fn list_trusted_services(&self) -> ApiResult<Vec<ServiceSince>>;
    /// DescribeResourcePolicy: its text, None when the organization has none.
    async fn describe_resource_policy(&self) -> ApiResult<Option<String>>;
    /// ListAccountsWithInvalidEffectivePolicy: the accounts whose effective policy of a management
    /// type AWS does not enforce.
    async fn list_accounts_with_invalid_effective_policy(&self, policy_type: &PolicyType) -> ApiResult<Vec<Account>>;
    /// ListEffectivePolicyValidationErrors: why an account's effective policy is not enforced.
    async fn list_effective_policy_validation_errors(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Vec<ValidationError>>;
    /// CreateAccount: the request's status (AWS creates the account asynchronously).
    async fn create_account(&self, new: &NewAccount) -> ApiResult<CreateStatus>;
    /// DescribeCreateAccountStatus: how a request stands now.
    async fn describe_create_status(&self, id: &str) -> ApiResult<CreateStatus>;
    /// ListCreateAccountStatus: the recent requests.
    async fn list_create_statuses(&self) -> ApiResult<Vec<CreateStatus>>;
    /// RemoveAccountFromOrganization: the account leaves, and stands alone.
    async fn remove_account(&self, id: &AccountId) -> ApiResult<()>;
    /// CloseAccount: suspended for 90 days, then closed for good.
    async fn close_account(&self, id: &AccountId) -> ApiResult<()>;
    /// CreateOrganizationalUnit under a root or OU, tagged at birth.
    async fn create_ou(&self, parent: &ParentId, name: &str, tags: &[Tag]) -> ApiResult<OrgUnit>;
    /// UpdateOrganizationalUnit: its new name.
    async fn rename_ou(&self, id: &OuId, name: &str) -> ApiResult<OrgUnit>;
    /// DeleteOrganizationalUnit: AWS deletes only an empty OU.
    async fn delete_ou(&self, id: &OuId) -> ApiResult<()>;
    /// TagResource: adds these tags, or changes the values of keys it has.
    async fn tag_resource(&self, target: &ResourceId, tags: &[Tag]) -> ApiResult<()>;
    /// UntagResource: removes the tags with these keys.
    async fn untag_resource(&self, target: &ResourceId, keys: &[String]) -> ApiResult<()>;
    async fn enable_policy_type(&self, root: &RootId, policy_type: &PolicyType) -> ApiResult<Root>;
    async fn disable_policy_type(&self, root: &RootId, policy_type: &PolicyType) -> ApiResult<Root>;
}

/// The OUs and accounts under a parent, asked for concurrently: the two calls are independent and a
/// user expanding a node waits for the slower one, not for their sum.
pub async fn list_children(api: &dyn OrgApi, parent: &ParentId) -> ApiResult<Children> {
    let (ous, accounts) = tokio::join!(api.list_ous_for_parent(parent), api.list_accounts_for_parent(parent));
    Ok(Children { ous: ous?, accounts: accounts? })
}

/// The policies attached directly to a target, for each of the given types, asked concurrently.
pub async fn list_attached_policies(
    api: &dyn OrgApi,
    target: &TargetId,
    types: &[PolicyType],
) -> ApiResult<Vec<PolicySummary>> {
    per_type(types, |t| api.list_policies_for_target(target, t)).await
}

/// Every policy of the given types in the organization, asked concurrently.
pub async fn list_policies_of_types(api: &dyn OrgApi, types: &[PolicyType]) -> ApiResult<Vec<PolicySummary>> {
    per_type(types, |t| api.list_policies(t)).await
}

/// One list call per policy type, concurrently, joined in the order of `types`.
async fn per_type<'a, F, Fut>(types: &'a [PolicyType], call: F) -> ApiResult<Vec<PolicySummary>>
where
    F: FnMut(&'a PolicyType) -> Fut,
    Fut: std::future::Future<Output = ApiResult<Vec<PolicySummary>>>,
{
    let mut all = Vec::new();
    for result in futures_util::future::join_all(types.iter().map(call)).await {
        all.extend(result?);
    }
    Ok(all)
}
