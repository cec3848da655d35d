//! The governance reads on the SDK: delegated administrators and their services, services with
//! trusted access, the organization's resource policy, and the accounts where a management policy
//! is not enforced (with why). Every list follows NextToken to the end.

use super::{AwsOrg, PAGE_SIZE, Resend, all_pages, convert, next};
use crate::api::{ApiError, ApiResult};
use crate::org::governance::{DelegatedAdmin, ServiceSince, ValidationError};
use crate::org::{Account, AccountId, PolicyType};
use aws_sdk_organizations::types::EffectivePolicyType;

/// A delegated service and an enabled one differ only in their date's field name.
fn service(principal: Option<&str>, since: Option<&aws_sdk_organizations::primitives::DateTime>) -> ServiceSince {
    ServiceSince { principal: principal.unwrap_or_default().to_owned(), since: convert::timestamp(since) }
}

impl AwsOrg {
    pub(super) async fn delegated_admins_call(&self) -> ApiResult<Vec<DelegatedAdmin>> {
        const A: &str = "ListDelegatedAdministrators";
        let pages = all_pages(A, |token| async {
            let request = self.client.list_delegated_administrators().set_next_token(token).max_results(PAGE_SIZE);
            let page = self.send(A, Resend::Yes, || request.clone().send()).await?;
            let items: ApiResult<Vec<DelegatedAdmin>> = page
                .delegated_administrators()
                .iter()
                .map(|d| {
                    let id = d.id().unwrap_or_default();
                    Ok(DelegatedAdmin {
                        account_id: AccountId::parse(id).map_err(|e| ApiError::other(A, e.to_string()))?,
                        name: d.name().unwrap_or_default().to_owned(),
                        email: d.email().unwrap_or_default().to_owned(),
                        since: convert::timestamp(d.delegation_enabled_date()),
                        services: Vec::new(),
                    })
                })
                .collect();
            Ok((items?, next(page.next_token())))
        });
        pages.await
    }

    pub(super) async fn delegated_services_call(&self, account: &AccountId) -> ApiResult<Vec<ServiceSince>> {
        const A: &str = "ListDelegatedServicesForAccount";
        all_pages(A, |token| async {
            let request = self
                .client
                .list_delegated_services_for_account()
                .account_id(account.as_str())
                .set_next_token(token)
                .max_results(PAGE_SIZE);
            let page = self.send(A, Resend::Yes, || request.clone().send()).await?;
            let items = page
                .delegated_services()
                .iter()
                .map(|s| service(s.service_principal(), s.delegation_enabled_date()))
                .collect();
            Ok((items, next(page.next_token())))
        })
        .await
    }

    pub(super) async fn trusted_services_call(&self) -> ApiResult<Vec<ServiceSince>> {
        const A: &str = "ListAWSServiceAccessForOrganization";
        all_pages(A, |token| async {
            let request =
                self.client.list_aws_service_access_for_organization().set_next_token(token).max_results(PAGE_SIZE);
            let page = self.send(A, Resend::Yes, || request.clone().send()).await?;
            let items = page
                .enabled_service_principals()
                .iter()
                .map(|s| service(s.service_principal(), s.date_enabled()))
                .collect();
            Ok((items, next(page.next_token())))
        })
        .await
    }

    /// None when the organization has no resource policy (AWS answers ResourcePolicyNotFound).
    pub(super) async fn resource_policy_call(&self) -> ApiResult<Option<String>> {
        const A: &str = "DescribeResourcePolicy";
        let request = self.client.describe_resource_policy();
        match self.send(A, Resend::Yes, || request.clone().send()).await {
            Ok(out) => Ok(out.resource_policy().and_then(|p| p.content()).map(str::to_owned)),
            Err(ApiError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub(super) async fn invalid_accounts_call(&self, policy_type: &PolicyType) -> ApiResult<Vec<Account>> {
        const A: &str = "ListAccountsWithInvalidEffectivePolicy";
        all_pages(A, |token| async {
            let request = self
                .client
                .list_accounts_with_invalid_effective_policy()
                .policy_type(EffectivePolicyType::from(policy_type.as_str()))
                .set_next_token(token)
                .max_results(PAGE_SIZE);
            let page = self.send(A, Resend::Yes, || request.clone().send()).await?;
            let items: ApiResult<Vec<Account>> = page.accounts().iter().map(|a| convert::account(A, a)).collect();
            Ok((items?, next(page.next_token())))
        })
        .await
    }

    pub(super) async fn validation_errors_call(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Vec<ValidationError>> {
        const A: &str = "ListEffectivePolicyValidationErrors";
        all_pages(A, |token| async {
            let request = self
                .client
                .list_effective_policy_validation_errors()
                .account_id(account.as_str())
                .policy_type(EffectivePolicyType::from(policy_type.as_str()))
                .set_next_token(token)
                .max_results(PAGE_SIZE);
            let page = self.send(A, Resend::Yes, || request.clone().send()).await?;
            let items = page
                .effective_policy_validation_errors()
                .iter()
                .map(|e| ValidationError {
                    code: e.error_code().unwrap_or_default().to_owned(),
                    message: e.error_message().unwrap_or_default().to_owned(),
                    path: e.path_to_error().unwrap_or_default().to_owned(),
                    contributing: e.contributing_policies().to_vec(),
                })
                .collect();
            Ok((items, next(page.next_token())))
        })
        .await
    }
}
