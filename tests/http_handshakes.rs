//! The `aws` implementation's handshake calls at the HTTP level (moto implements none of them): the
//! request each call sends, and responses and errors shaped exactly as the AWS documentation shows.

mod support;

use orgtui::api::{ApiError, OrgApi};
use orgtui::org::{AccountId, HandshakeId, InviteTarget};
use serde_json::json;
use support::fake_aws::{FakeAws, Reply, aws_org};

/// The AcceptHandshake example of the API reference.
fn documented_handshake(state: &str) -> serde_json::Value {
    json!({
        "Action": "INVITE",
        "Arn": "arn:aws:organizations::111111111111:handshake/o-exampleorgid/invite/h-examplehandshakeid111",
        "ExpirationTimestamp": 1_481_544_000.0,
        "Id": "h-examplehandshakeid111",
        "Parties": [{"Id": "o-exampleorgid", "Type": "ORGANIZATION"}, {"Id": "juan@example.com", "Type": "EMAIL"}],
        "RequestedTimestamp": 1_480_248_000.0,
        "Resources": [
            {"Resources": [
                {"Type": "MASTER_EMAIL", "Value": "bill@amazon.com"},
                {"Type": "MASTER_NAME", "Value": "Org Master Account"},
                {"Type": "ORGANIZATION_FEATURE_SET", "Value": "ALL"}],
             "Type": "ORGANIZATION", "Value": "o-exampleorgid"},
            {"Type": "EMAIL", "Value": "anika@example.com"},
            {"Type": "NOTES", "Value": "This is a request for Anika's account to join Bill's organization."}
        ],
        "State": state
    })
}

fn id() -> HandshakeId {
    HandshakeId::parse("h-examplehandshakeid111").unwrap()
}

#[tokio::test]
async fn accept_sends_the_id_and_reads_nested_resources_and_timestamps() {
    let fake = FakeAws::start(vec![Reply::ok(json!({"Handshake": documented_handshake("ACCEPTED")}))]);
    let h = aws_org(&fake).await.accept_handshake(&id()).await.unwrap();
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests[0].target, "AWSOrganizationsV20161128.AcceptHandshake");
    assert_eq!(requests[0].body, json!({"HandshakeId": "h-examplehandshakeid111"}));
    assert_eq!((h.action.as_str(), h.state.as_str()), ("INVITE", "ACCEPTED"));
    assert_eq!(h.requested_timestamp.unwrap().unix_timestamp(), 1_480_248_000);
    assert_eq!(h.expiration_timestamp.unwrap().unix_timestamp(), 1_481_544_000);
    assert_eq!(h.parties[1].party_type, "EMAIL");
    let org = &h.resources[0];
    assert_eq!((org.resource_type.as_str(), org.value.as_str()), ("ORGANIZATION", "o-exampleorgid"));
    let nested: Vec<(&str, &str)> =
        org.resources.iter().map(|r| (r.resource_type.as_str(), r.value.as_str())).collect();
    assert_eq!(nested[1], ("MASTER_NAME", "Org Master Account"));
    assert_eq!(h.resources[2].resource_type, "NOTES");
}

#[tokio::test]
async fn decline_cancel_and_enable_all_features_send_what_aws_expects() {
    let fake = FakeAws::start(vec![
        Reply::ok(json!({"Handshake": documented_handshake("DECLINED")})),
        Reply::ok(json!({"Handshake": documented_handshake("CANCELED")})),
        Reply::ok(
            json!({"Handshake": {"Action": "ENABLE_ALL_FEATURES", "Arn": "arn:x", "Id": "h-examplehandshakeid222",
            "Parties": [{"Id": "o-exampleorgid", "Type": "ORGANIZATION"}], "State": "REQUESTED",
            "RequestedTimestamp": 1.7e9, "ExpirationTimestamp": 1.7077760e9, "Resources": []}}),
        ),
    ]);
    let api = aws_org(&fake).await;
    assert_eq!(api.decline_handshake(&id()).await.unwrap().state, "DECLINED");
    assert_eq!(api.cancel_handshake(&id()).await.unwrap().state, "CANCELED");
    let started = api.enable_all_features().await.unwrap();
    assert_eq!((started.action.as_str(), started.state.as_str()), ("ENABLE_ALL_FEATURES", "REQUESTED"));
    let targets = fake.targets();
    assert_eq!(
        targets,
        [
            "AWSOrganizationsV20161128.DeclineHandshake",
            "AWSOrganizationsV20161128.CancelHandshake",
            "AWSOrganizationsV20161128.EnableAllFeatures"
        ]
    );
}

#[tokio::test]
async fn invite_sends_the_target_party_and_notes() {
    let fake = FakeAws::start(vec![
        Reply::ok(json!({"Handshake": documented_handshake("OPEN")})),
        Reply::ok(json!({"Handshake": documented_handshake("OPEN")})),
    ]);
    let api = aws_org(&fake).await;
    let account = InviteTarget::Account(AccountId::parse("444455556666").unwrap());
    api.invite_account(&account, Some("welcome")).await.unwrap();
    api.invite_account(&InviteTarget::Email("anika@example.com".into()), None).await.unwrap();
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests[0].target, "AWSOrganizationsV20161128.InviteAccountToOrganization");
    assert_eq!(requests[0].body, json!({"Target": {"Id": "444455556666", "Type": "ACCOUNT"}, "Notes": "welcome"}));
    assert_eq!(requests[1].body, json!({"Target": {"Id": "anika@example.com", "Type": "EMAIL"}}));
}

#[tokio::test]
async fn list_handshakes_for_account_follows_tokens_through_empty_pages() {
    let fake = FakeAws::start(vec![
        Reply::ok(json!({"Handshakes": [documented_handshake("OPEN")], "NextToken": "a"})),
        Reply::ok(json!({"Handshakes": [], "NextToken": "b"})),
        Reply::ok(json!({"Handshakes": [documented_handshake("EXPIRED")]})),
    ]);
    let all = aws_org(&fake).await.list_handshakes_for_account().await.unwrap();
    assert_eq!(all.iter().map(|h| h.state.as_str()).collect::<Vec<_>>(), ["OPEN", "EXPIRED"]);
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests[0].target, "AWSOrganizationsV20161128.ListHandshakesForAccount");
    assert_eq!(requests[2].body["NextToken"], "b");
}

#[tokio::test]
async fn documented_handshake_errors_come_back_in_the_users_words() {
    let fake = FakeAws::start(vec![
        Reply::error_with(
            400,
            json!({"__type": "HandshakeConstraintViolationException",
            "Message": "You have sent too many handshakes today.", "Reason": "HANDSHAKE_RATE_LIMIT_EXCEEDED"}),
        ),
        Reply::error(
            400,
            "HandshakeAlreadyInStateException",
            "The specified handshake is already in the requested state.",
        ),
        Reply::error(
            400,
            "InvalidHandshakeTransitionException",
            "You can't perform the operation on the handshake in its current state.",
        ),
        Reply::error(
            400,
            "HandshakeNotFoundException",
            "We can't find a handshake with the HandshakeId that you specified.",
        ),
        Reply::error(400, "AccessDeniedException", "You don't have permissions to access this resource."),
    ]);
    let api = aws_org(&fake).await;
    let target = InviteTarget::Email("a@example.com".into());
    let e = api.invite_account(&target, None).await.unwrap_err();
    assert!(matches!(&e, ApiError::Constraint { reason, .. } if reason == "HANDSHAKE_RATE_LIMIT_EXCEEDED"), "{e:?}");
    assert!(matches!(api.accept_handshake(&id()).await, Err(ApiError::AlreadyInState { .. })));
    assert!(matches!(api.accept_handshake(&id()).await, Err(ApiError::InvalidTransition { .. })));
    let e = api.decline_handshake(&id()).await.unwrap_err();
    assert!(matches!(&e, ApiError::NotFound { what, .. } if what == "handshake"), "{e:?}");
    let e = api.cancel_handshake(&id()).await.unwrap_err();
    assert_eq!(e.to_string(), "access denied to CancelHandshake: You don't have permissions to access this resource.");
}
