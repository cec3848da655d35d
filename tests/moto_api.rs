//! The `aws` implementation of `OrgApi` against a real moto server.

mod support;

use std::sync::Arc;

use orgtui::api::{ApiError, OrgApi};
use orgtui::org::{OuId, ParentId, PolicyId, PolicyType, RootId, TargetId};
use support::moto::clients;
use support::{moto, seed};

fn root_parent(seeded: &seed::Seeded) -> ParentId {
    ParentId::Root(RootId::parse(&seeded.root).unwrap())
}

#[tokio::test]
async fn lists_follow_next_token_past_twenty_items() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    for i in 0..23 {
        seed::ou(&client, &mut seeded, &root, &format!("ou-{i:02}")).await;
    }
    for i in 0..25 {
        seed::account(&client, &mut seeded, &root, &format!("acct-{i:02}")).await;
    }
    let ous = api.list_ous_for_parent(&root_parent(&seeded)).await.unwrap();
    let accounts = api.list_accounts_for_parent(&root_parent(&seeded)).await.unwrap();
    let mut ou_ids: Vec<String> = ous.iter().map(|o| o.id.to_string()).collect();
    let mut account_ids: Vec<String> = accounts.iter().map(|a| a.id.to_string()).collect();
    ou_ids.sort();
    account_ids.sort();
    assert_eq!(ou_ids, seeded.ous.keys().cloned().collect::<Vec<_>>());
    assert_eq!(account_ids, seeded.accounts.keys().cloned().collect::<Vec<_>>());
    assert_eq!(accounts.len(), 26, "25 created + the management account");
    // The whole organization in one listing (the search index's way), paged past 20 as well.
    let mut everyone: Vec<String> =
        orgtui::api::list_accounts(&api).await.unwrap().iter().map(|a| a.id.to_string()).collect();
    everyone.sort();
    assert_eq!(everyone, account_ids);
    assert!(accounts.iter().all(|a| a.state == "ACTIVE"), "state comes from State (or Status on older endpoints)");
}

#[tokio::test]
async fn expansion_walks_three_levels_of_ous() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let [workloads, prod, payments, app] = seed::three_levels(&client, &mut seeded, "payments-prod").await;

    let org = api.describe_organization().await.unwrap();
    assert_eq!(org.master_account_id.unwrap().as_str(), seeded.management);
    let roots = api.list_roots().await.unwrap();
    assert_eq!(roots.len(), 1);
    let level1 = orgtui::api::list_children(&api, &root_parent(&seeded)).await.unwrap();
    assert_eq!(level1.ous.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["Workloads"]);
    let level2 = orgtui::api::list_children(&api, &ParentId::Ou(OuId::parse(&workloads).unwrap())).await.unwrap();
    assert_eq!(level2.ous[0].id.as_str(), prod);
    let level3 = orgtui::api::list_children(&api, &ParentId::Ou(OuId::parse(&prod).unwrap())).await.unwrap();
    assert_eq!(level3.ous[0].id.as_str(), payments);
    let leaf = orgtui::api::list_children(&api, &ParentId::Ou(OuId::parse(&payments).unwrap())).await.unwrap();
    assert!(leaf.ous.is_empty());
    assert_eq!(leaf.accounts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), [app.as_str()]);
    assert_eq!(leaf.accounts[0].name, "payments-prod");
}

#[tokio::test]
async fn policies_for_a_target_and_policy_content() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let sandbox = seed::ou(&client, &mut seeded, &root, "Sandbox").await;
    let content = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}"#;
    let id = seed::scp(&client, "DenyEc2", content, &[&sandbox]).await;

    let scp = PolicyType::new(PolicyType::SCP);
    let target = TargetId::Ou(OuId::parse(&sandbox).unwrap());
    let attached = api.list_policies_for_target(&target, &scp).await.unwrap();
    let names: Vec<&str> = attached.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"DenyEc2"), "{names:?}");
    let policy = api.describe_policy(&PolicyId::parse(&id).unwrap()).await.unwrap();
    assert_eq!(policy.content, content);
    assert_eq!(policy.summary.description, "DenyEc2 for tests");
    assert!(!policy.summary.aws_managed);
    let targets = api.list_targets_for_policy(&policy.summary.id).await.unwrap();
    assert_eq!(targets.iter().map(|t| t.target_id.as_str()).collect::<Vec<_>>(), [sandbox.as_str()]);
    let all = api.list_policies(&scp).await.unwrap();
    assert!(all.iter().any(|p| p.id.as_str() == "p-FullAWSAccess" && p.aws_managed));
}

#[tokio::test]
async fn describe_account_and_list_tags() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let id = seed::account(&client, &mut seeded, &root, "tagged").await;
    client
        .tag_resource()
        .resource_id(&id)
        .tags(aws_sdk_organizations::types::Tag::builder().key("owner").value("platform").build().unwrap())
        .send()
        .await
        .unwrap();
    let account = api.describe_account(&orgtui::org::AccountId::parse(&id).unwrap()).await.unwrap();
    assert_eq!(
        (account.name.as_str(), account.email.as_str(), account.state.as_str()),
        ("tagged", "tagged@example.com", "ACTIVE")
    );
    assert!(account.joined_timestamp.is_some());
    let tags = api.list_tags(&TargetId::parse(&id).unwrap().into()).await.unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!((tags[0].key.as_str(), tags[0].value.as_str()), ("owner", "platform"));
}

#[tokio::test]
async fn errors_come_back_in_the_users_words() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    // Before any organization exists.
    assert_eq!(api.describe_organization().await.unwrap_err(), ApiError::NotInOrganization);
    let seeded = seed::organization(&client).await;
    let missing = api.describe_policy(&PolicyId::parse("p-doesnotexist").unwrap()).await.unwrap_err();
    assert!(matches!(&missing, ApiError::NotFound { what, .. } if what == "policy"), "{missing:?}");
    let prefix = &seeded.root[2..];
    let unknown = ParentId::Ou(OuId::parse(&format!("ou-{prefix}-zzzzzzzz")).unwrap());
    let err = api.list_ous_for_parent(&unknown).await.unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("not found"), "{err}");
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_network_error() {
    // A port nothing listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let conf = moto::sdk_config(&format!("http://127.0.0.1:{port}")).await;
    let conf = conf.into_builder().retry_config(aws_config::retry::RetryConfig::disabled()).build();
    let err = orgtui::api::aws::AwsOrg::from_conf(&conf).describe_organization().await.unwrap_err();
    assert!(matches!(err, ApiError::Network { .. }), "{err:?}");
}

#[tokio::test]
async fn snapshot_of_500_accounts_and_60_ous_matches_the_organization() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    // 60 OUs over three levels: 4 top, 4×3 below them, 44 below those.
    let root = seeded.root.clone();
    let mut parents = vec![root.clone()];
    for i in 0..4 {
        let top = seed::ou(&client, &mut seeded, &root, &format!("Top {i}")).await;
        parents.push(top.clone());
        for j in 0..3 {
            parents.push(seed::ou(&client, &mut seeded, &top, &format!("Mid {i}.{j}")).await);
        }
    }
    for k in 0..44 {
        let parent = parents[1 + (k % 16)].clone();
        parents.push(seed::ou(&client, &mut seeded, &parent, &format!("Leaf {k}")).await);
    }
    assert_eq!(seeded.ous.len(), 60);
    for n in 0..499 {
        let parent = parents[n % parents.len()].clone();
        seed::account(&client, &mut seeded, &parent, &format!("account-{n:03}")).await;
    }
    assert_eq!(seeded.accounts.len(), 500);
    seed::scp(&client, "DenyLeave", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#, &[&root]).await;

    let api: Arc<dyn OrgApi> = Arc::new(api);
    let org = api.describe_organization().await.unwrap();
    let snapshot = orgtui::snapshot::crawl::crawl(api, org, true, |_| {}).await.unwrap();
    seed::assert_snapshot_matches(&snapshot, &seeded);
    let deny = snapshot.policies.iter().find(|p| p.name == "DenyLeave").expect("policy in snapshot");
    assert_eq!(deny.target_ids.iter().map(|t| t.to_string()).collect::<Vec<_>>(), [root]);
    // And it reads back as a valid snapshot.
    orgtui::snapshot::Snapshot::parse(&snapshot.to_json().unwrap(), "crawled").unwrap();
}

#[tokio::test]
async fn an_account_moves_between_ous_and_read_only_refuses_before_aws() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let prod = seed::ou(&client, &mut seeded, &root, "Prod").await;
    let account = seed::account(&client, &mut seeded, &root, "payments").await;
    let account = orgtui::org::AccountId::parse(&account).unwrap();
    let prod = ParentId::Ou(OuId::parse(&prod).unwrap());
    api.move_account(&account, &root_parent(&seeded), &prod).await.unwrap();
    let under: Vec<_> = api.list_accounts_for_parent(&prod).await.unwrap().into_iter().map(|a| a.id).collect();
    assert_eq!(under.len(), 1);
    assert_eq!(under[0], account, "the server holds it under Prod");
    assert_eq!(api.list_parent(&TargetId::Account(account.clone())).await.unwrap(), prod);
    // Read-only: refused below the UI, and AWS is not asked (the account stays where it is).
    let read_only = orgtui::api::readonly::ReadOnly::wrap(Arc::new(api));
    let e = read_only.move_account(&account, &prod, &root_parent(&seeded)).await.unwrap_err();
    assert!(matches!(e, ApiError::ReadOnly { .. }), "{e}");
    assert_eq!(read_only.list_parent(&TargetId::Account(account)).await.unwrap(), prod);
}
