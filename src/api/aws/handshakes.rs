//! The handshake calls on the SDK: both inboxes (what the organization sent, what this account
//! received), the answers to one, and the two calls that start one (an invitation, all features).
//! Answers are retried when another change is in progress; a call that starts a handshake is
//! never sent twice, since AWS may have started it already.

use aws_sdk_organizations::types::{HandshakeParty, HandshakePartyType};

use super::{AwsOrg, PAGE_SIZE, Resend, all_pages, collect, convert, next, retry_concurrent};
use crate::api::{ApiError, ApiResult};
use crate::org::{Handshake, HandshakeId, InviteTarget};

/// Accept, decline and cancel differ only in the operation: one handshake id in, the handshake out,
/// retried when another change to the organization is in progress.
macro_rules! answer {
    ($self:ident, $op:ident, $action:literal, $id:ident) => {
        retry_concurrent(|| async {
            let request = $self.client.$op().handshake_id($id.as_str());
            let out = $self.send($action, Resend::Never, || request.clone().send()).await?;
            handshake_of($action, out.handshake())
        })
        .await
    };
}

fn handshake_of(action: &str, h: Option<&aws_sdk_organizations::types::Handshake>) -> ApiResult<Handshake> {
    convert::handshake(action, h.ok_or_else(|| ApiError::other(action, "AWS returned no handshake"))?)
}

impl AwsOrg {
    pub(super) async fn organization_handshakes_call(&self) -> ApiResult<Vec<Handshake>> {
        paged!(
            self,
            "ListHandshakesForOrganization",
            self.client.list_handshakes_for_organization(),
            handshakes,
            convert::handshake
        )
    }

    pub(super) async fn account_handshakes_call(&self) -> ApiResult<Vec<Handshake>> {
        paged!(
            self,
            "ListHandshakesForAccount",
            self.client.list_handshakes_for_account(),
            handshakes,
            convert::handshake
        )
    }

    pub(super) async fn accept_call(&self, id: &HandshakeId) -> ApiResult<Handshake> {
        answer!(self, accept_handshake, "AcceptHandshake", id)
    }

    pub(super) async fn decline_call(&self, id: &HandshakeId) -> ApiResult<Handshake> {
        answer!(self, decline_handshake, "DeclineHandshake", id)
    }

    pub(super) async fn cancel_call(&self, id: &HandshakeId) -> ApiResult<Handshake> {
        answer!(self, cancel_handshake, "CancelHandshake", id)
    }

    pub(super) async fn invite_call(&self, target: &InviteTarget, notes: Option<&str>) -> ApiResult<Handshake> {
        const A: &str = "InviteAccountToOrganization";
        let (kind, value) = match target {
            InviteTarget::Account(id) => (HandshakePartyType::Account, id.to_string()),
            InviteTarget::Email(email) => (HandshakePartyType::Email, email.clone()),
        };
        let party =
            HandshakeParty::builder().id(value).r#type(kind).build().map_err(|e| ApiError::other(A, e.to_string()))?;
        // Not retried on ConcurrentModification, nor after no clear answer: a second invitation could be sent.
        let request = self.client.invite_account_to_organization().target(party).set_notes(notes.map(str::to_owned));
        let out = self.send(A, Resend::Never, || request.clone().send()).await?;
        handshake_of(A, out.handshake())
    }

    pub(super) async fn enable_all_features_call(&self) -> ApiResult<Handshake> {
        const A: &str = "EnableAllFeatures";
        // Starts a handshake: like a create, never sent twice.
        let request = self.client.enable_all_features();
        let out = self.send(A, Resend::Never, || request.clone().send()).await?;
        handshake_of(A, out.handshake())
    }
}
