//! Accounts' life cycle on the SDK: CreateAccount (asynchronous: its status is polled with
//! DescribeCreateAccountStatus), the recent requests, RemoveAccountFromOrganization, CloseAccount.
//! The changes are sent once: a second CreateAccount would be a second account.

use aws_sdk_organizations::types::{CreateAccountStatus, IamUserAccessToBilling};

use super::{AwsOrg, PAGE_SIZE, Resend, all_pages, convert, next, retry_concurrent};
use crate::api::{ApiError, ApiResult};
use crate::org::AccountId;
use crate::org::lifecycle::{CreateStatus, NewAccount};

fn status(action: &str, s: Option<&CreateAccountStatus>) -> ApiResult<CreateStatus> {
    let s = s.ok_or_else(|| ApiError::other(action, "AWS returned no request status"))?;
    let account_id = match s.account_id() {
        Some(id) => Some(AccountId::parse(id).map_err(|e| ApiError::other(action, e.to_string()))?),
        None => None,
    };
    Ok(CreateStatus {
        id: s.id().unwrap_or_default().to_owned(),
        name: s.account_name().unwrap_or_default().to_owned(),
        state: s.state().map(|x| x.as_str().to_owned()).unwrap_or_default(),
        requested: convert::timestamp(s.requested_timestamp()),
        completed: convert::timestamp(s.completed_timestamp()),
        account_id,
        failure: s.failure_reason().map(|f| f.as_str().to_owned()),
    })
}

impl AwsOrg {
    pub(super) async fn create_account_call(&self, new: &NewAccount) -> ApiResult<CreateStatus> {
        const A: &str = "CreateAccount";
        let tags = super::structure::sdk_tags(A, &new.tags)?;
        let billing = if new.billing_access { IamUserAccessToBilling::Allow } else { IamUserAccessToBilling::Deny };
        retry_concurrent(|| async {
            let request = self
                .client
                .create_account()
                .account_name(&new.name)
                .email(&new.email)
                .role_name(&new.role_name)
                .iam_user_access_to_billing(billing.clone())
                .set_tags((!tags.is_empty()).then(|| tags.clone()));
            let out = self.send(A, Resend::Never, || request.clone().send()).await?;
            status(A, out.create_account_status())
        })
        .await
    }

    pub(super) async fn create_status_call(&self, id: &str) -> ApiResult<CreateStatus> {
        const A: &str = "DescribeCreateAccountStatus";
        let request = self.client.describe_create_account_status().create_account_request_id(id);
        let out = self.send(A, Resend::Yes, || request.clone().send()).await?;
        status(A, out.create_account_status())
    }

    pub(super) async fn create_statuses_call(&self) -> ApiResult<Vec<CreateStatus>> {
        const A: &str = "ListCreateAccountStatus";
        all_pages(A, |token| async {
            let request = self.client.list_create_account_status().set_next_token(token).max_results(PAGE_SIZE);
            let page = self.send(A, Resend::Yes, || request.clone().send()).await?;
            let items: ApiResult<Vec<_>> = page.create_account_statuses().iter().map(|s| status(A, Some(s))).collect();
            Ok((items?, next(page.next_token())))
        })
        .await
    }

    pub(super) async fn remove_account_call(&self, id: &AccountId) -> ApiResult<()> {
        const A: &str = "RemoveAccountFromOrganization";
        retry_concurrent(|| async {
            let request = self.client.remove_account_from_organization().account_id(id.as_str());
            self.send(A, Resend::Never, || request.clone().send()).await?;
            Ok(())
        })
        .await
    }

    pub(super) async fn close_account_call(&self, id: &AccountId) -> ApiResult<()> {
        const A: &str = "CloseAccount";
        retry_concurrent(|| async {
            let request = self.client.close_account().account_id(id.as_str());
            self.send(A, Resend::Never, || request.clone().send()).await?;
            Ok(())
        })
        .await
    }
}
