//! The blast radius against a real moto server, through orgtui's `aws` implementation: the preview
//! of a deny-everything SCP three OUs down names exactly the accounts under it, detaching
//! FullAWSAccess at the root is a lock-out that needs a typed yes, and today's quotas (a 6th to
//! 10th SCP on one target, a 9,000-character SCP) are not refused by orgtui.

mod support;

use crossterm::event::KeyCode;
use orgtui::app::Model;
use orgtui::policy::whatif::Preview;
use support::moto::clients;
use support::throttle_proxy::{Proxy, Shape};
use support::view::{choose_to_attach, find, hit, model_for, open_path, press, screen, select};
use support::{moto, seed};

const DENY_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Sid":"Nothing","Effect":"Deny","Action":"*","Resource":"*"}]}"#;
const DENY_LEAVE: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoLeaving","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#;

fn preview(model: &Model) -> &Preview {
    match &model.whatif.as_ref().expect("a what-if beside the confirmation").state {
        orgtui::app::whatif::State::Ready(p) => p,
        other => panic!("the preview is not ready: {other:?}"),
    }
}

async fn scps_on(client: &aws_sdk_organizations::Client, target: &str) -> Vec<String> {
    let out = client
        .list_policies_for_target()
        .target_id(target)
        .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("list");
    out.policies().iter().filter_map(|p| p.name().map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_deny_everything_scp_three_levels_down_names_exactly_the_accounts_under_it() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let [workloads, _prod, payments, ledger] = seed::three_levels(&client, &mut seeded, "ledger").await;
    let fraud = seed::account(&client, &mut seeded, &payments, "fraud").await;
    let beside = seed::account(&client, &mut seeded, &workloads, "web").await;
    let elsewhere = seed::account(&client, &mut seeded, &root, "tools").await;
    seed::scp(&client, "DenyEverything", DENY_ALL, &[]).await;

    let mut model = model_for(&api, 120, 40, false).await;
    open_path(&mut model, &api, &["Workloads", "Prod", "Payments"]).await;
    choose_to_attach(&mut model, &api, "denyeverything").await;
    let p = preview(&model);
    let mut names: Vec<&str> = p.groups.iter().flat_map(|(_, n)| n.iter().map(String::as_str)).collect();
    names.sort();
    assert_eq!(names, ["fraud", "ledger"], "the accounts under Payments, and only those");
    assert_eq!(p.groups[0].0, "Root/Workloads/Prod/Payments", "grouped by OU path");
    assert!(p.incomplete.is_empty(), "{:?}", p.incomplete);
    let deny = p.denies.iter().find(|d| d.statement == "SCP DenyEverything › Nothing").expect("the deny");
    assert_eq!(deny.starts, 2);
    for id in [&beside, &elsewhere, &seeded.management] {
        assert!(!names.contains(&id.as_str()));
    }
    let _ = (ledger, fraud);
    find(&screen(&model, 120, 40), "SCP DenyEverything › Nothing starts applying to 2 accounts: Deny *.");
    press(&mut model, &api, "y").await;
    assert_eq!(scps_on(&client, &payments).await, ["FullAWSAccess", "DenyEverything"]);
}

#[tokio::test]
async fn detaching_full_access_at_the_root_is_a_lock_out_that_needs_a_typed_yes() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    seed::three_levels(&client, &mut seeded, "ledger").await;
    seed::account(&client, &mut seeded, &root, "tools").await;
    seed::scp(&client, "DenyLeave", DENY_LEAVE, &[&root]).await;

    let mut model = model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "jl").await; // the root's Policies
    select(&mut model, &api, "FullAWSAccess").await;
    press(&mut model, &api, "D").await;
    let p = preview(&model);
    assert_eq!(p.reached, 2, "ledger and tools; the management account is not restricted");
    assert_eq!(p.locked_out.len(), 2, "{:?}", p.locked_out);
    assert!(p.management.as_deref().is_some_and(|m| m.contains(&seeded.management)));
    assert!(model.whatif.as_ref().unwrap().needs_typing());
    let lines = screen(&model, 120, 40);
    find(&lines, "Every action will be denied for every member account it reaches (2)");
    press(&mut model, &api, "y").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(scps_on(&client, &root).await.contains(&"FullAWSAccess".to_owned()), "y is not yes");
    hit(&mut model, &api, KeyCode::Backspace).await;
    press(&mut model, &api, "yes").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_eq!(scps_on(&client, &root).await, ["DenyLeave"]);
}

#[tokio::test]
async fn ten_scps_on_one_target_and_a_nine_thousand_character_scp_are_not_refused_by_orgtui() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let ou = seed::ou(&client, &mut seeded, &root, "Prod").await;
    seed::account(&client, &mut seeded, &ou, "web").await;
    for i in 1..=9 {
        let content = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"Deny{i}","Effect":"Deny","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::bucket-{i}"}}]}}"#
        );
        seed::scp(&client, &format!("Guard{i}"), &content, &[]).await;
    }
    let mut model = model_for(&api, 120, 40, false).await;
    select(&mut model, &api, "Prod").await;
    // FullAWSAccess is one; the 6th to 10th attachments are within today's quota.
    for i in 1..=9 {
        choose_to_attach(&mut model, &api, &format!("guard{i}")).await;
        assert!(!screen(&model, 120, 40).iter().any(|l| l.contains("default quota")), "{}th SCP", i + 1);
        press(&mut model, &api, "y").await;
    }
    assert_eq!(scps_on(&client, &ou).await.len(), 10);

    // A 9,000-character SCP: the old 5,120 limit no longer stands in the way.
    let actions: Vec<String> = (0..470).map(|i| format!("\"s3:GetObject{i:04}\"")).collect();
    let big = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"Big","Effect":"Deny","Action":[{}],"Resource":"*"}}]}}"#,
        actions.join(",")
    );
    assert!((8_500..10_240).contains(&big.len()), "{}", big.len());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    std::fs::write(&file, &big).unwrap();
    select(&mut model, &api, "Prod").await;
    press(&mut model, &api, "ljl").await; // Prod's Policies, opened
    select(&mut model, &api, "Guard1").await;
    model.editor = format!("cp {}", file.display());
    press(&mut model, &api, "e").await;
    find(&screen(&model, 120, 40), "Save Guard1");
    press(&mut model, &api, "y").await;
    let saved = client.describe_policy().policy_id(find_id(&client, "Guard1").await).send().await.unwrap();
    let content = saved.policy().and_then(|p| p.content()).unwrap().to_owned();
    assert_eq!(content.len(), big.len(), "saved whole");
}

async fn find_id(client: &aws_sdk_organizations::Client, name: &str) -> String {
    let out = client
        .list_policies()
        .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .unwrap();
    out.policies().iter().find(|p| p.name() == Some(name)).and_then(|p| p.id()).unwrap().to_owned()
}

#[tokio::test]
async fn a_preview_that_cannot_be_completed_says_what_it_lacks_and_needs_a_typed_yes() {
    let server = moto::moto().await;
    let (client, _) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let ou = seed::ou(&client, &mut seeded, &root, "Prod").await;
    seed::account(&client, &mut seeded, &ou, "web").await;
    seed::scp(&client, "DenyLeave", DENY_LEAVE, &[]).await;
    // A caller allowed to attach but not to list a policy's targets.
    let proxy =
        Proxy::start(&server.url, Shape { denied: vec!["ListTargetsForPolicy"], ..Shape::latency(Default::default()) });
    let conf = moto::sdk_config(&proxy.url).await;
    let api = orgtui::api::aws::AwsOrg::from_conf(&conf);
    let mut model = model_for(&api, 120, 40, false).await;
    select(&mut model, &api, "Prod").await;
    choose_to_attach(&mut model, &api, "denyleave").await;
    let p = preview(&model);
    assert!(
        !p.incomplete.is_empty() && p.incomplete.iter().all(|i| i.contains("ListTargetsForPolicy")),
        "{:?}",
        p.incomplete
    );
    assert!(model.whatif.as_ref().unwrap().needs_typing(), "incomplete: only a typed yes goes ahead");
    let lines = screen(&model, 120, 40);
    find(&lines, "The preview is incomplete: where");
    find(&lines, "type yes: _");
    press(&mut model, &api, "yes").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_eq!(scps_on(&client, &ou).await, ["FullAWSAccess", "DenyLeave"]);
}
