//! The structure's changes (OUs, tags) on the real SDK against a real moto server, and the read-only
//! wrapper refusing each before AWS is asked.

mod support;

use std::sync::Arc;

use orgtui::api::{ApiError, OrgApi};
use orgtui::org::{OuId, ParentId, ResourceId, RootId, Tag, TargetId};
use support::moto::clients;
use support::{moto, seed};

fn tag(k: &str, v: &str) -> Tag {
    Tag { key: k.into(), value: v.into() }
}

#[tokio::test]
async fn an_ou_is_created_with_tags_renamed_and_deleted_only_when_empty() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let seeded = seed::organization(&client).await;
    let root = ParentId::Root(RootId::parse(&seeded.root).unwrap());
    let made = api.create_ou(&root, "Staging", &[tag("team", "platform")]).await.unwrap();
    assert_eq!(made.name, "Staging");
    let listed = api.list_ous_for_parent(&root).await.unwrap();
    assert!(listed.iter().any(|o| o.id == made.id), "the server lists it under the root");
    let target = ResourceId::from(TargetId::Ou(made.id.clone()));
    assert_eq!(api.list_tags(&target).await.unwrap(), vec![tag("team", "platform")], "tagged at birth");

    let renamed = api.rename_ou(&made.id, "Pre-prod").await.unwrap();
    assert_eq!((renamed.id.clone(), renamed.name.as_str()), (made.id.clone(), "Pre-prod"));
    assert_eq!(api.describe_ou(&made.id).await.unwrap().name, "Pre-prod");

    // (moto deletes an OU that is not empty; AWS's refusal is tested at the HTTP level.)
    api.delete_ou(&made.id).await.unwrap();
    assert!(!api.list_ous_for_parent(&root).await.unwrap().iter().any(|o| o.id == made.id));
    let e = api.describe_ou(&made.id).await.unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
}

#[tokio::test]
async fn tags_round_trip_on_an_account_and_read_only_refuses_every_change() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root_id = seeded.root.clone();
    let account = seed::account(&client, &mut seeded, &root_id, "ledger").await;
    let target = ResourceId::parse(&account).unwrap();
    api.tag_resource(&target, &[tag("owner", "ana"), tag("cost-center", "42")]).await.unwrap();
    api.tag_resource(&target, &[tag("owner", "bo")]).await.unwrap();
    let mut tags = api.list_tags(&target).await.unwrap();
    tags.sort_by(|a, b| a.key.cmp(&b.key));
    assert_eq!(tags, vec![tag("cost-center", "42"), tag("owner", "bo")], "a known key takes the new value");
    api.untag_resource(&target, &["cost-center".to_owned()]).await.unwrap();
    assert_eq!(api.list_tags(&target).await.unwrap(), vec![tag("owner", "bo")]);
    // A policy and the root carry tags the same way.
    let scp = seed::scp(&client, "Guard", r#"{"Version":"2012-10-17","Statement":[]}"#, &[]).await;
    for id in [scp.as_str(), root_id.as_str()] {
        let resource = ResourceId::parse(id).unwrap();
        api.tag_resource(&resource, &[tag("owner", "sec")]).await.unwrap();
        assert_eq!(api.list_tags(&resource).await.unwrap(), vec![tag("owner", "sec")], "{id}");
        api.untag_resource(&resource, &["owner".to_owned()]).await.unwrap();
        assert!(api.list_tags(&resource).await.unwrap().is_empty(), "{id}");
    }

    let read_only = orgtui::api::readonly::ReadOnly::wrap(Arc::new(api));
    let root = ParentId::Root(RootId::parse(&seeded.root).unwrap());
    let ou = OuId::parse(&seed::ou(&client, &mut seeded, &root_id, "Prod").await).unwrap();
    let refusals = [
        read_only.create_ou(&root, "Nope", &[]).await.map(|_| ()),
        read_only.rename_ou(&ou, "Nope").await.map(|_| ()),
        read_only.delete_ou(&ou).await,
        read_only.tag_resource(&target, &[tag("owner", "eve")]).await,
        read_only.untag_resource(&target, &["owner".to_owned()]).await,
    ];
    for r in refusals {
        assert!(matches!(r, Err(ApiError::ReadOnly { .. })), "{r:?}");
    }
    // Nothing reached AWS.
    assert_eq!(read_only.list_tags(&target).await.unwrap(), vec![tag("owner", "bo")]);
    assert_eq!(read_only.describe_ou(&ou).await.unwrap().name, "Prod");
    assert_eq!(read_only.list_ous_for_parent(&root).await.unwrap().len(), 1);
}

#[tokio::test]
async fn governance_reads_what_a_second_client_registered() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root_id = seeded.root.clone();
    let tooling = seed::account(&client, &mut seeded, &root_id, "security-tooling").await;
    client.enable_aws_service_access().service_principal("guardduty.amazonaws.com").send().await.unwrap();
    client.enable_aws_service_access().service_principal("ssm.amazonaws.com").send().await.unwrap();
    client
        .register_delegated_administrator()
        .account_id(&tooling)
        .service_principal("guardduty.amazonaws.com")
        .send()
        .await
        .unwrap();
    client
        .enable_policy_type()
        .root_id(root_id.as_str())
        .policy_type(aws_sdk_organizations::types::PolicyType::TagPolicy)
        .send()
        .await
        .unwrap();
    let tag = orgtui::org::PolicyType::new("TAG_POLICY");
    let g = orgtui::api::governance(&api, &[tag]).await.unwrap();
    assert_eq!(g.delegated.len(), 1);
    assert_eq!(g.delegated[0].account_id.as_str(), tooling);
    assert_eq!(g.delegated[0].name, "security-tooling");
    let services: Vec<&str> = g.delegated[0].services.iter().map(|s| s.short()).collect();
    assert_eq!(services, ["guardduty"]);
    let mut trusted: Vec<&str> = g.trusted.iter().map(|s| s.principal.as_str()).collect();
    trusted.sort();
    assert_eq!(trusted, ["guardduty.amazonaws.com", "ssm.amazonaws.com"]);
    assert_eq!(g.delegations_of(&g.delegated[0].account_id).as_deref(), Some("delegated administrator for guardduty"));
    // moto has no DescribeResourcePolicy: the rest stands, and the view says why that part is missing.
    assert!(g.resource_policy.is_none() && g.resource_policy_error.is_some(), "{g:?}");
    // Nor ListAccountsWithInvalidEffectivePolicy: said for the type, the rest stands.
    assert!(g.invalid.is_empty() && g.invalid_errors.len() == 1, "{g:?}");
    assert!(g.invalid_errors[0].starts_with("Tag: "), "{g:?}");
    // A quick snapshot records them too (format 2), and says the resource policy could not be read.
    let org = api.describe_organization().await.unwrap();
    let snapshot = orgtui::snapshot::crawl::crawl(Arc::new(api), org, false, |_| {}).await.unwrap();
    assert_eq!(snapshot.format, 2);
    assert_eq!(snapshot.delegated_administrators, g.delegated);
    assert_eq!(snapshot.trusted_services.len(), 2);
    assert!(snapshot.omitted.contains(&"resource_policy".to_owned()), "{:?}", snapshot.omitted);
    assert!(snapshot.omitted.contains(&"invalid_effective_policies".to_owned()), "{:?}", snapshot.omitted);
    let back = orgtui::snapshot::Snapshot::parse(&snapshot.to_json().unwrap(), "moto.json").unwrap();
    assert!(back.records_governance());
}

#[tokio::test]
async fn an_account_is_created_its_request_followed_then_closed_and_another_removed() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root_id = seeded.root.clone();
    let new = orgtui::org::lifecycle::NewAccount {
        name: "payments-staging".into(),
        email: "payments-staging@example.com".into(),
        role_name: orgtui::org::lifecycle::DEFAULT_ROLE.into(),
        billing_access: false,
        tags: vec![tag("team", "payments")],
    };
    let request = api.create_account(&new).await.unwrap();
    assert_eq!(request.name, "payments-staging");
    let now = api.describe_create_status(&request.id).await.unwrap();
    assert_eq!(now.state, "SUCCEEDED", "moto creates at once");
    let id = now.account_id.clone().unwrap();
    assert!(api.list_create_statuses().await.unwrap().iter().any(|s| s.id == request.id));
    assert_eq!(api.describe_account(&id).await.unwrap().name, "payments-staging");
    assert_eq!(api.list_tags(&TargetId::Account(id.clone()).into()).await.unwrap(), vec![tag("team", "payments")]);

    api.close_account(&id).await.unwrap();
    let state = api.describe_account(&id).await.unwrap().state;
    assert!(state == "PENDING_CLOSURE" || state == "SUSPENDED", "{state}");

    let other = seed::account(&client, &mut seeded, &root_id, "leaving").await;
    let other = orgtui::org::AccountId::parse(&other).unwrap();
    let read_only = orgtui::api::readonly::ReadOnly::wrap(Arc::new(api));
    for r in [
        read_only.remove_account(&other).await,
        read_only.close_account(&other).await,
        read_only.create_account(&new).await.map(|_| ()),
    ] {
        assert!(matches!(r, Err(ApiError::ReadOnly { .. })), "{r:?}");
    }
    let (_, api) = clients(&server.url).await;
    api.remove_account(&other).await.unwrap();
    assert!(api.describe_account(&other).await.is_err(), "it left the organization");
}
