//! The structure's changes on the SDK: OUs created, renamed and deleted, tags set and removed. Each
//! is sent once (`Resend::Never`): a change that may have happened is said to be uncertain rather
//! than made twice (a second OU of the same name, say).

use aws_sdk_organizations::types::Tag as SdkTag;

use super::{AwsOrg, Resend, convert, retry_concurrent};
use crate::api::{ApiError, ApiResult};
use crate::org::{OrgUnit, OuId, ParentId, ResourceId, Tag};

pub(super) fn sdk_tags(action: &str, tags: &[Tag]) -> ApiResult<Vec<SdkTag>> {
    tags.iter()
        .map(|t| {
            SdkTag::builder().key(&t.key).value(&t.value).build().map_err(|e| ApiError::other(action, e.to_string()))
        })
        .collect()
}

fn ou_of(action: &str, ou: Option<&aws_sdk_organizations::types::OrganizationalUnit>) -> ApiResult<OrgUnit> {
    convert::ou(action, ou.ok_or_else(|| ApiError::other(action, "AWS returned no organizational unit"))?)
}

impl AwsOrg {
    pub(super) async fn create_ou_call(&self, parent: &ParentId, name: &str, tags: &[Tag]) -> ApiResult<OrgUnit> {
        const A: &str = "CreateOrganizationalUnit";
        let tags = sdk_tags(A, tags)?;
        retry_concurrent(|| async {
            let request = self
                .client
                .create_organizational_unit()
                .parent_id(parent.as_str())
                .name(name)
                .set_tags((!tags.is_empty()).then(|| tags.clone()));
            let out = self.send(A, Resend::Never, || request.clone().send()).await?;
            ou_of(A, out.organizational_unit())
        })
        .await
    }

    pub(super) async fn rename_ou_call(&self, id: &OuId, name: &str) -> ApiResult<OrgUnit> {
        const A: &str = "UpdateOrganizationalUnit";
        retry_concurrent(|| async {
            let request = self.client.update_organizational_unit().organizational_unit_id(id.as_str()).name(name);
            let out = self.send(A, Resend::Never, || request.clone().send()).await?;
            ou_of(A, out.organizational_unit())
        })
        .await
    }

    pub(super) async fn delete_ou_call(&self, id: &OuId) -> ApiResult<()> {
        const A: &str = "DeleteOrganizationalUnit";
        retry_concurrent(|| async {
            let request = self.client.delete_organizational_unit().organizational_unit_id(id.as_str());
            self.send(A, Resend::Never, || request.clone().send()).await?;
            Ok(())
        })
        .await
    }

    pub(super) async fn tag_call(&self, target: &ResourceId, tags: &[Tag]) -> ApiResult<()> {
        const A: &str = "TagResource";
        let tags = sdk_tags(A, tags)?;
        retry_concurrent(|| async {
            let request = self.client.tag_resource().resource_id(target.as_str()).set_tags(Some(tags.clone()));
            self.send(A, Resend::Never, || request.clone().send()).await?;
            Ok(())
        })
        .await
    }

    pub(super) async fn untag_call(&self, target: &ResourceId, keys: &[String]) -> ApiResult<()> {
        const A: &str = "UntagResource";
        retry_concurrent(|| async {
            let request = self.client.untag_resource().resource_id(target.as_str()).set_tag_keys(Some(keys.to_vec()));
            self.send(A, Resend::Never, || request.clone().send()).await?;
            Ok(())
        })
        .await
    }
}
