//! The `aws` implementation at the HTTP level, against replies shaped as AWS documents them: the
//! request each call sends, retries on throttling, and errors moto cannot be made to return.

mod support;

use orgtui::api::{ApiError, CredentialProblem, OrgApi};
use orgtui::org::{OuId, ParentId, RootId};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

use orgtui::api::budget::Budget;
use support::fake_aws::{FakeAws, Reply, aws_org, aws_org_with};

fn root_parent() -> ParentId {
    ParentId::Root(RootId::parse("r-ab12").unwrap())
}

fn ou(id: &str) -> serde_json::Value {
    json!({"Id": id, "Arn": format!("arn:aws:organizations::111122223333:ou/o-exampleorgid/{id}"), "Name": id})
}

#[tokio::test]
async fn an_empty_page_with_a_token_does_not_end_the_list() {
    let fake = FakeAws::start(vec![
        Reply::ok(json!({"OrganizationalUnits": [ou("ou-ab12-aaaaaaaa")], "NextToken": "t1"})),
        Reply::ok(json!({"OrganizationalUnits": [], "NextToken": "t2"})),
        Reply::ok(json!({"OrganizationalUnits": [ou("ou-ab12-bbbbbbbb")]})),
    ]);
    let ous = aws_org(&fake).await.list_ous_for_parent(&root_parent()).await.unwrap();
    assert_eq!(ous.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["ou-ab12-aaaaaaaa", "ou-ab12-bbbbbbbb"]);
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].target, "AWSOrganizationsV20161128.ListOrganizationalUnitsForParent");
    assert_eq!(requests[0].body, json!({"ParentId": "r-ab12", "MaxResults": 20}));
    assert_eq!(requests[1].body["NextToken"], "t1");
    assert_eq!(requests[2].body["NextToken"], "t2");
}

#[tokio::test]
async fn throttling_is_retried_then_succeeds() {
    let fake = FakeAws::start(vec![
        Reply::error(
            400,
            "TooManyRequestsException",
            "AWS Organizations can't complete your request because of too many requests",
        ),
        Reply::error(400, "TooManyRequestsException", "slow down"),
        Reply::ok(json!({"OrganizationalUnit": ou("ou-ab12-aaaaaaaa")})),
    ]);
    let found = aws_org(&fake).await.describe_ou(&OuId::parse("ou-ab12-aaaaaaaa").unwrap()).await.unwrap();
    assert_eq!(found.name, "ou-ab12-aaaaaaaa");
    assert_eq!(fake.targets().len(), 3);
}

#[tokio::test]
async fn throttling_that_does_not_stop_becomes_throttled_only_after_the_deadline() {
    let fake = FakeAws::start((0..100).map(|_| Reply::throttled()).collect());
    let budget = Arc::new(Budget::with_deadline(Duration::from_secs(2)));
    let started = std::time::Instant::now();
    let err = aws_org_with(&fake, budget.clone()).await.list_roots().await.unwrap_err();
    assert_eq!(err, ApiError::Throttled { action: "ListRoots".into() });
    assert!(started.elapsed() >= Duration::from_secs(2), "it kept trying until the deadline");
    // Paced at AWS's refusals (one request in flight: down to the floor of 0.5/s), not given up.
    let sent = fake.targets().len();
    assert!(sent >= 2, "sent again after the throttle: {sent}");
    assert_eq!(budget.counts().throttled, sent as u64, "every attempt went through the budget");
    assert!(budget.status().paced_at.is_some(), "and it paces itself since");
}

#[tokio::test]
async fn a_read_that_meets_a_5xx_or_a_timeout_is_sent_again() {
    let fake = FakeAws::start(vec![
        Reply::error(500, "InternalFailure", "boom"),
        Reply::silence(),
        Reply::ok(json!({"Roots": [{"Id": "r-ab12", "Arn": "arn:r", "Name": "Root", "PolicyTypes": []}]})),
    ]);
    let roots = aws_org(&fake).await.list_roots().await.unwrap();
    assert_eq!(roots.len(), 1);
    assert_eq!(fake.targets().len(), 3);
}

fn new_scp() -> orgtui::org::NewPolicy {
    orgtui::org::NewPolicy {
        policy_type: orgtui::org::PolicyType::new(orgtui::org::PolicyType::SCP),
        name: "DenyLeave".into(),
        description: String::new(),
        content: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#.into(),
    }
}

#[tokio::test]
async fn a_create_met_by_a_5xx_or_a_timeout_is_sent_once_and_the_user_is_told_to_check() {
    for first in [Reply::error(500, "ServiceException", "internal error"), Reply::silence()] {
        let created =
            Reply::ok(json!({"Policy": {"PolicySummary": {"Id": "p-abcd1234", "Arn": "arn:p", "Name": "DenyLeave",
            "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false}, "Content": "{}"}}));
        let fake = FakeAws::start(vec![first.clone(), created]);
        let err = aws_org(&fake).await.create_policy(&new_scp()).await.unwrap_err();
        assert!(matches!(err, ApiError::Uncertain { ref action, .. } if action == "CreatePolicy"), "{err:?}");
        assert!(err.to_string().contains("check what AWS holds"), "{err}");
        assert_eq!(fake.targets(), ["AWSOrganizationsV20161128.CreatePolicy"], "sent once after {first:?}");
    }
    let fake = FakeAws::start(vec![Reply::error(503, "ServiceUnavailableException", "try later")]);
    let target = orgtui::org::InviteTarget::Email("new@example.com".into());
    let err = aws_org(&fake).await.invite_account(&target, None).await.unwrap_err();
    assert!(matches!(err, ApiError::Uncertain { .. }), "{err:?}");
    assert_eq!(fake.targets().len(), 1, "an invitation is never sent twice");
}

#[tokio::test]
async fn a_throttled_create_is_sent_again_because_aws_did_nothing() {
    let created =
        Reply::ok(json!({"Policy": {"PolicySummary": {"Id": "p-abcd1234", "Arn": "arn:p", "Name": "DenyLeave",
        "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false}, "Content": "{}"}}));
    let fake = FakeAws::start(vec![Reply::throttled(), created]);
    let policy = aws_org(&fake).await.create_policy(&new_scp()).await.unwrap();
    assert_eq!(policy.summary.id.as_str(), "p-abcd1234");
    assert_eq!(fake.targets().len(), 2);
}

#[tokio::test]
async fn concurrent_modification_is_retried_with_backoff() {
    let fake = FakeAws::start(vec![
        Reply::error(400, "ConcurrentModificationException", "in progress"),
        Reply::ok(json!({"Policies": []})),
    ]);
    let target = orgtui::org::TargetId::parse("ou-ab12-aaaaaaaa").unwrap();
    let scp = orgtui::org::PolicyType::new(orgtui::org::PolicyType::SCP);
    let policies = aws_org(&fake).await.list_policies_for_target(&target, &scp).await.unwrap();
    assert!(policies.is_empty());
    assert_eq!(fake.targets().len(), 2);
    assert_eq!(fake.requests.lock().unwrap()[0].body["Filter"], "SERVICE_CONTROL_POLICY");
}

#[tokio::test]
async fn every_list_call_retries_a_page_on_concurrent_modification() {
    let fake = FakeAws::start(vec![
        Reply::ok(json!({"OrganizationalUnits": [ou("ou-ab12-aaaaaaaa")], "NextToken": "t1"})),
        Reply::error(400, "ConcurrentModificationException", "in progress"),
        Reply::ok(json!({"OrganizationalUnits": [ou("ou-ab12-bbbbbbbb")]})),
    ]);
    let ous = aws_org(&fake).await.list_ous_for_parent(&root_parent()).await.unwrap();
    assert_eq!(ous.len(), 2, "the first page is kept, the second asked again");
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[1].body["NextToken"], "t1");
    assert_eq!(requests[2].body["NextToken"], "t1", "the same page, not the walk from the start");
}

#[tokio::test]
async fn expired_and_invalid_credentials_name_the_problem() {
    let fake = FakeAws::start(vec![
        Reply::error(400, "ExpiredTokenException", "The security token included in the request is expired"),
        Reply::error(400, "UnrecognizedClientException", "The security token included in the request is invalid."),
    ]);
    let api = aws_org(&fake).await;
    let err = api.describe_organization().await.unwrap_err();
    assert!(matches!(err, ApiError::Credentials { kind: CredentialProblem::Expired, .. }), "{err:?}");
    assert!(err.fix(Some("prod")).unwrap().contains("aws sso login --profile prod"));
    let err = api.describe_organization().await.unwrap_err();
    assert!(matches!(err, ApiError::Credentials { kind: CredentialProblem::Invalid, .. }), "{err:?}");
}

#[tokio::test]
async fn access_denied_and_invalid_input_keep_the_action_and_reason() {
    let fake = FakeAws::start(vec![
        Reply::error(400, "AccessDeniedException", "You don't have permissions to access this resource."),
        Reply::error_with(
            400,
            json!({"__type": "InvalidInputException", "Message": "bad id", "Reason": "INVALID_PARTY_TYPE_TARGET"}),
        ),
        Reply::error(400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."),
    ]);
    let api = aws_org(&fake).await;
    let err = api.list_roots().await.unwrap_err();
    assert_eq!(err.to_string(), "access denied to ListRoots: You don't have permissions to access this resource.");
    let err = api.list_accounts_for_parent(&root_parent()).await.unwrap_err();
    assert!(
        matches!(&err, ApiError::InvalidInput { reason, action, .. } if reason == "INVALID_PARTY_TYPE_TARGET" && action == "ListAccountsForParent"),
        "{err:?}"
    );
    assert_eq!(api.describe_organization().await.unwrap_err(), ApiError::NotInOrganization);
}

#[tokio::test]
async fn accounts_read_state_not_the_retired_status() {
    let fake = FakeAws::start(vec![Reply::ok(json!({"Accounts": [
        {"Id": "111122223333", "Arn": "arn:a", "Email": "a@example.com", "Name": "a", "Status": "ACTIVE", "State": "PENDING_CLOSURE",
         "JoinedMethod": "INVITED", "JoinedTimestamp": 1.6e9},
        {"Id": "444455556666", "Arn": "arn:b", "Email": "b@example.com", "Name": "b", "Status": "SUSPENDED"}
    ]}))]);
    let accounts = aws_org(&fake).await.list_accounts_for_parent(&root_parent()).await.unwrap();
    assert_eq!(accounts[0].state, "PENDING_CLOSURE");
    assert_eq!(accounts[0].joined_method.as_deref(), Some("INVITED"));
    assert_eq!(accounts[0].joined_timestamp.unwrap().unix_timestamp(), 1_600_000_000);
    assert_eq!(accounts[1].state, "SUSPENDED", "older endpoints send only Status");
}

#[tokio::test]
async fn a_malformed_id_from_the_server_is_an_error_not_a_panic() {
    let fake = FakeAws::start(vec![Reply::ok(json!({"Roots": [{"Id": "not-a-root", "Arn": "x", "Name": "Root"}]}))]);
    let err = aws_org(&fake).await.list_roots().await.unwrap_err();
    assert!(err.to_string().contains("\"not-a-root\" is not a valid root id"), "{err}");
}

#[tokio::test]
async fn effective_policy_is_read_and_not_found_is_none() {
    let content = r#"{"tags":{"owner":{"tag_key":"owner"}}}"#;
    let fake = FakeAws::start(vec![
        Reply::ok(json!({"EffectivePolicy": {"PolicyContent": content, "LastUpdatedTimestamp": 1.7e9,
            "TargetId": "111122223333", "PolicyType": "TAG_POLICY"}})),
        Reply::error(400, "EffectivePolicyNotFoundException", "no effective policy of that type"),
    ]);
    let api = aws_org(&fake).await;
    let account = orgtui::org::AccountId::parse("111122223333").unwrap();
    let tag = orgtui::org::PolicyType::new("TAG_POLICY");
    let found = api.describe_effective_policy(&account, &tag).await.unwrap().unwrap();
    assert_eq!(found.content, content);
    assert_eq!(found.last_updated_timestamp.unwrap().unix_timestamp(), 1_700_000_000);
    assert_eq!(api.describe_effective_policy(&account, &tag).await.unwrap(), None);
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests[0].target, "AWSOrganizationsV20161128.DescribeEffectivePolicy");
    assert_eq!(requests[0].body, json!({"PolicyType": "TAG_POLICY", "TargetId": "111122223333"}));
}

#[tokio::test]
async fn the_structure_s_changes_send_what_aws_documents_and_a_full_ou_is_refused_in_words() {
    let fake = FakeAws::start(vec![
        Reply::ok(json!({"OrganizationalUnit": ou("ou-ab12-aaaaaaaa")})),
        Reply::error(
            400,
            "OrganizationalUnitNotEmptyException",
            "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try again.",
        ),
        Reply::ok(json!({})),
        Reply::ok(json!({})),
    ]);
    let api = aws_org(&fake).await;
    let tags = [orgtui::org::Tag { key: "team".into(), value: "platform".into() }];
    api.create_ou(&root_parent(), "Staging", &tags).await.unwrap();
    let id = OuId::parse("ou-ab12-aaaaaaaa").unwrap();
    let e = api.delete_ou(&id).await.unwrap_err();
    assert!(matches!(e, ApiError::NotEmpty { .. }), "{e:?}");
    assert!(e.to_string().contains("still holds accounts or OUs"), "{e}");
    let target = orgtui::org::ResourceId::from(orgtui::org::TargetId::Ou(id.clone()));
    api.tag_resource(&target, &tags).await.unwrap();
    api.untag_resource(&target, &["team".to_owned()]).await.unwrap();
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 4, "the refused delete is not sent again");
    assert_eq!(requests[0].target, "AWSOrganizationsV20161128.CreateOrganizationalUnit");
    assert_eq!(
        requests[0].body,
        json!({"ParentId": "r-ab12", "Name": "Staging", "Tags": [{"Key": "team", "Value": "platform"}]})
    );
    assert_eq!(requests[1].body, json!({"OrganizationalUnitId": "ou-ab12-aaaaaaaa"}));
    assert_eq!(requests[2].target, "AWSOrganizationsV20161128.TagResource");
    assert_eq!(requests[3].body, json!({"ResourceId": "ou-ab12-aaaaaaaa", "TagKeys": ["team"]}));
}

#[tokio::test]
async fn the_resource_policy_is_read_and_none_is_not_an_error() {
    let doc = r#"{"Version":"2012-10-17","Statement":[]}"#;
    let fake = FakeAws::start(vec![
        Reply::ok(
            json!({"ResourcePolicy": {"ResourcePolicySummary": {"Id": "rp-12345678", "Arn": "arn:rp"}, "Content": doc}}),
        ),
        Reply::error(400, "ResourcePolicyNotFoundException", "You have no resource policy"),
        Reply::error(400, "AccessDeniedException", "not allowed"),
    ]);
    let api = aws_org(&fake).await;
    assert_eq!(api.describe_resource_policy().await.unwrap().as_deref(), Some(doc));
    assert_eq!(api.describe_resource_policy().await.unwrap(), None, "no policy is an answer, not a failure");
    let e = api.describe_resource_policy().await.unwrap_err();
    assert!(matches!(e, ApiError::AccessDenied { .. }), "{e:?}");
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests[0].target, "AWSOrganizationsV20161128.DescribeResourcePolicy");
    assert_eq!(requests[0].body, json!({}));
}

#[tokio::test]
async fn a_create_account_that_stays_in_progress_then_fails_is_followed_to_its_reason() {
    let status = |state: &str, reason: Option<&str>| {
        let mut s = json!({"Id": "car-0123456789abcdef", "AccountName": "payments", "State": state,
            "RequestedTimestamp": 1_764_547_200.0});
        if let Some(r) = reason {
            s["FailureReason"] = json!(r);
        }
        json!({"CreateAccountStatus": s})
    };
    let fake = FakeAws::start(vec![
        Reply::ok(status("IN_PROGRESS", None)),
        Reply::ok(status("IN_PROGRESS", None)),
        Reply::ok(status("FAILED", Some("EMAIL_ALREADY_EXISTS"))),
    ]);
    let api = aws_org(&fake).await;
    let new = orgtui::org::lifecycle::NewAccount {
        name: "payments".into(),
        email: "payments@example.com".into(),
        role_name: orgtui::org::lifecycle::DEFAULT_ROLE.into(),
        billing_access: true,
        tags: vec![],
    };
    let request = api.create_account(&new).await.unwrap();
    assert!(request.in_progress());
    assert!(api.describe_create_status(&request.id).await.unwrap().in_progress());
    let done = api.describe_create_status(&request.id).await.unwrap();
    assert_eq!(done.state, "FAILED");
    assert_eq!(
        done.failure_words().unwrap(),
        "another AWS account already uses this email address (EMAIL_ALREADY_EXISTS)"
    );
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests[0].target, "AWSOrganizationsV20161128.CreateAccount");
    assert_eq!(
        requests[0].body,
        json!({"AccountName": "payments", "Email": "payments@example.com", "RoleName": "OrganizationAccountAccessRole",
            "IamUserAccessToBilling": "ALLOW"})
    );
    assert_eq!(requests[1].body, json!({"CreateAccountRequestId": "car-0123456789abcdef"}));
}

#[tokio::test]
async fn the_accounts_with_a_policy_not_enforced_and_why_are_read_page_by_page() {
    let account = |id: &str, name: &str| {
        json!({"Id": id, "Arn": format!("arn:aws:organizations::111122223333:account/o-exampleorgid/{id}"),
            "Name": name, "Email": format!("{name}@example.com"), "State": "ACTIVE"})
    };
    let fake = FakeAws::start(vec![
        Reply::ok(
            json!({"Accounts": [account("111111111111", "ledger")], "PolicyType": "BACKUP_POLICY", "NextToken": "t1"}),
        ),
        Reply::ok(json!({"Accounts": [account("222222222222", "web")], "PolicyType": "BACKUP_POLICY"})),
        Reply::ok(json!({"AccountId": "111111111111", "PolicyType": "BACKUP_POLICY", "Path": "/",
            "EvaluationTimestamp": 1_764_547_200.0,
            "EffectivePolicyValidationErrors": [{"ErrorCode": "ELEMENTS_TOO_MANY",
                "ErrorMessage": "more than 10 plans", "PathToError": "plans",
                "ContributingPolicies": ["p-aaaa1111", "p-bbbb2222"]}]})),
        Reply::error(400, "EffectivePolicyNotFoundException", "no effective policy of this type"),
        Reply::error(400, "AccessDeniedException", "not allowed"),
    ]);
    let api = aws_org(&fake).await;
    let backup = orgtui::org::PolicyType::new("BACKUP_POLICY");
    let listed = api.list_accounts_with_invalid_effective_policy(&backup).await.unwrap();
    assert_eq!(listed.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["ledger", "web"]);
    let ledger = orgtui::org::AccountId::parse("111111111111").unwrap();
    let errors = api.list_effective_policy_validation_errors(&ledger, &backup).await.unwrap();
    assert_eq!(
        errors,
        [orgtui::org::governance::ValidationError {
            code: "ELEMENTS_TOO_MANY".into(),
            message: "more than 10 plans".into(),
            path: "plans".into(),
            contributing: vec!["p-aaaa1111".into(), "p-bbbb2222".into()],
        }]
    );
    let e = api.list_effective_policy_validation_errors(&ledger, &backup).await.unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
    // The governance view keeps what it could read and says which type's list it could not.
    let e = orgtui::api::governance(&api, std::slice::from_ref(&backup)).await;
    assert!(e.is_err(), "ListDelegatedAdministrators is the next reply the fake has: access denied");
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests[0].target, "AWSOrganizationsV20161128.ListAccountsWithInvalidEffectivePolicy");
    assert_eq!(requests[0].body, json!({"PolicyType": "BACKUP_POLICY", "MaxResults": 20}));
    assert_eq!(requests[1].body["NextToken"], "t1");
    assert_eq!(requests[2].target, "AWSOrganizationsV20161128.ListEffectivePolicyValidationErrors");
    assert_eq!(requests[2].body, json!({"AccountId": "111111111111", "PolicyType": "BACKUP_POLICY", "MaxResults": 20}));
}

#[tokio::test]
async fn a_type_whose_invalid_accounts_cannot_be_listed_is_said_and_the_rest_stands() {
    let fake = FakeAws::start(vec![
        Reply::ok(json!({"DelegatedAdministrators": []})),
        Reply::ok(json!({"EnabledServicePrincipals": []})),
        Reply::error(400, "ResourcePolicyNotFoundException", "You have no resource policy"),
        Reply::error(400, "AccessDeniedException", "not allowed to list them"),
    ]);
    let api = aws_org(&fake).await;
    let types =
        [orgtui::org::PolicyType::new(orgtui::org::PolicyType::SCP), orgtui::org::PolicyType::new("TAG_POLICY")];
    let g = orgtui::api::governance(&api, &types).await.unwrap();
    assert!(g.invalid.is_empty());
    assert_eq!(g.invalid_errors.len(), 1, "{:?}", g.invalid_errors);
    assert!(g.invalid_errors[0].starts_with("Tag: "), "{:?}", g.invalid_errors);
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 4, "SCPs have no effective policy: not asked");
    assert_eq!(requests[3].body, json!({"PolicyType": "TAG_POLICY", "MaxResults": 20}));
}
