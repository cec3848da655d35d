//! orgtui against moto behind a proxy that throttles the way AWS does (10 requests/s, a burst of 20,
//! HTTP 400 TooManyRequestsException): the snapshot, the tree and the search index slow down and
//! finish, with every OU and account under the right parent, and no call made twice.

mod support;

use std::process::Command;
use std::sync::Arc;

use orgtui::api::OrgApi;
use orgtui::api::aws::AwsOrg;
use orgtui::app::{Model, Source};
use orgtui::org::tree::NodeKind;
use support::drive::settle_concurrently;
use support::throttle_proxy::{Proxy, Shape};
use support::view::key;
use support::{moto, seed};

fn snapshot(url: &str, file: &std::path::Path, quick: bool) -> (serde_json::Value, String) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orgtui"));
    cmd.args(["snapshot", "--endpoint-url", url, "-o"]).arg(file);
    if quick {
        cmd.arg("--quick");
    }
    let out = cmd
        .env("HOME", home.path())
        .env_remove("AWS_PROFILE")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "orgtui snapshot failed behind the throttle:\n{stderr}");
    (serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap(), stderr)
}

fn parents(snapshot: &serde_json::Value, key: &str) -> std::collections::BTreeMap<String, String> {
    let items = snapshot[key].as_array().unwrap();
    items.iter().map(|i| (i["id"].as_str().unwrap().to_owned(), i["parent_id"].as_str().unwrap().to_owned())).collect()
}

#[tokio::test]
async fn snapshots_finish_behind_an_aws_like_throttle_and_make_no_call_twice() {
    let server = moto::moto().await;
    let (client, _) = moto::clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let ous = seed::spread(&client, &mut seeded, 6, 30).await;
    let root = seeded.root.clone();
    seed::tag_policy(&client, &root, "CostCenter", &[&ous[1]]).await;
    let proxy = Proxy::start(&server.url, Shape::throttled(10.0));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.json");

    let (full, stderr) = snapshot(&proxy.url, &file, false);
    assert_eq!(parents(&full, "organizational_units"), seeded.ous);
    assert_eq!(parents(&full, "accounts"), seeded.accounts);
    let throttled = proxy.stats().throttled;
    assert!(throttled > 0, "the organization is large enough for the proxy to throttle");
    assert!(stderr.contains("AWS is throttling"), "the progress line says why it is slow:\n{stderr}");
    assert_eq!(proxy.repeated(), Vec::<(String, String)>::new(), "no call made twice");
    // Effective tag policies only where the tag policy is attached on the path: the accounts under
    // that OU (and its children), not every account.
    let under: Vec<&String> = seeded
        .accounts
        .iter()
        .filter(|(_, parent)| **parent == ous[1] || seeded.ous.get(*parent) == Some(&ous[1]))
        .map(|(id, _)| id)
        .collect();
    // (Counted as answered: a throttled attempt is refused before AWS acts, and sent again.)
    let asked = proxy.stats().passed.iter().filter(|(op, _)| op == "DescribeEffectivePolicy").count();
    assert_eq!(asked, under.len(), "one DescribeEffectivePolicy per account under the tag policy");
    let effective = full["effective_policies"].as_array().unwrap();
    assert_eq!(effective.len(), under.len());

    proxy.reset_stats();
    let (quick, _) = snapshot(&proxy.url, &file, true);
    assert_eq!(parents(&quick, "organizational_units"), seeded.ous);
    assert_eq!(parents(&quick, "accounts"), seeded.accounts);
    assert_eq!(proxy.repeated(), Vec::<(String, String)>::new());
}

#[tokio::test]
async fn the_tree_and_the_index_finish_behind_the_throttle() {
    let server = moto::moto().await;
    let (client, _) = moto::clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    seed::spread(&client, &mut seeded, 9, 45).await;
    // A small bucket so expanding a handful of OUs next to the index build is throttled at once.
    let proxy = Proxy::start(&server.url, Shape { burst: 5.0, ..Shape::throttled(10.0) });
    let conf = moto::sdk_config(&proxy.url).await;
    let api: Arc<dyn OrgApi> = Arc::new(AwsOrg::from_conf(&conf));

    let org = api.describe_organization().await.unwrap();
    let mut model = Model::new(Some(org), Source::Demo, true);
    model.size = (140, 45);
    let effects = orgtui::app::update::init(&mut model);
    settle_concurrently(&mut model, api.clone(), effects).await;
    // Open every OU, one row at a time, as a user would; the index builds meanwhile.
    let mut row = 0;
    while row < model.rows.len() {
        model.cursor = row;
        if matches!(model.selected_kind(), Some(NodeKind::Root(_) | NodeKind::Ou(_))) {
            let effects = orgtui::app::update::update(&mut model, key('l'));
            settle_concurrently(&mut model, api.clone(), effects).await;
        }
        row += 1;
    }
    let accounts: Vec<String> = model
        .rows
        .iter()
        .filter_map(|r| match &model.tree.get(r.id)?.kind {
            NodeKind::Account(a) => Some(a.id.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(accounts.len(), seeded.accounts.len(), "every account is in the tree");
    let counts = model.search.counts();
    assert_eq!((counts.accounts, counts.ous), (seeded.accounts.len(), seeded.ous.len()), "the index is complete");
    assert_eq!(model.search.incomplete(), None, "nothing failed");
    assert!(proxy.stats().throttled > 0, "the proxy throttled");
}

/// Moving a dozen marked accounts through a throttle that refuses most of them at first, with
/// latency: every move is made once (a throttled MoveAccount did nothing, so it is sent again, and
/// nothing is sent twice that went through), and the tree shows the server's state afterwards.
#[tokio::test]
async fn moving_many_accounts_behind_the_throttle_moves_each_once() {
    let server = moto::moto().await;
    let (client, _) = moto::clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let target = seed::ou(&client, &mut seeded, &root, "Landing").await;
    for i in 0..12 {
        seed::account(&client, &mut seeded, &root, &format!("mover-{i:02}")).await;
    }
    let proxy = Proxy::start(
        &server.url,
        Shape { burst: 2.0, latency: std::time::Duration::from_millis(60), ..Shape::throttled(4.0) },
    );
    let conf = moto::sdk_config(&proxy.url).await;
    let api: Arc<dyn OrgApi> = Arc::new(AwsOrg::from_conf(&conf));
    let org = api.describe_organization().await.unwrap();
    let source = Source::Aws { profile: None, region: "us-east-1".into(), endpoint: Some(proxy.url.clone()) };
    let mut model = Model::new(Some(org), source, false);
    model.recovery_dir = None;
    model.size = (140, 45);
    let effects = orgtui::app::update::init(&mut model);
    settle_concurrently(&mut model, api.clone(), effects).await;
    let mut marked = 0;
    for row in 0..model.rows.len() {
        model.cursor = row;
        if matches!(model.selected_kind(), Some(NodeKind::Account(a)) if a.name.starts_with("mover-")) {
            let effects = orgtui::app::update::update(&mut model, key('m'));
            settle_concurrently(&mut model, api.clone(), effects).await;
            marked += 1;
        }
    }
    assert_eq!(marked, 12);
    proxy.reset_stats();
    for k in "Mlanding".chars() {
        let effects = orgtui::app::update::update(&mut model, key(k));
        settle_concurrently(&mut model, api.clone(), effects).await;
    }
    let enter = orgtui::app::Msg::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter));
    let effects = orgtui::app::update::update(&mut model, enter);
    settle_concurrently(&mut model, api.clone(), effects).await;
    assert!(matches!(model.dialog, Some(orgtui::app::dialog::Dialog::ConfirmMove { .. })), "{:?}", model.dialog);
    // The what-if read the root's and Landing's paths, not one path per account.
    let parents = proxy.stats().passed.iter().filter(|(op, _)| op.ends_with("ListParents")).count();
    assert!(parents <= 2, "{parents} ListParents for twelve accounts under one root");
    let started = std::time::Instant::now();
    let effects = orgtui::app::update::update(&mut model, key('y'));
    settle_concurrently(&mut model, api.clone(), effects).await;
    assert!(
        model.toast.as_ref().is_some_and(|t| t.text == "Moved 12 accounts to Root › Landing."),
        "{:?}",
        model.toast
    );
    eprintln!("12 moves and the reloads: {:?}, {} requests throttled", started.elapsed(), proxy.stats().throttled);
    let landing = orgtui::org::ParentId::parse(&target).unwrap();
    let under = api.list_accounts_for_parent(&landing).await.unwrap();
    assert_eq!(under.len(), 12, "the server holds all twelve under Landing");
    let stats = proxy.stats();
    let moves = stats.passed.iter().filter(|(op, _)| op.ends_with("MoveAccount")).count();
    assert_eq!(moves, 12, "each MoveAccount went through once");
    assert!(stats.throttled > 0, "the proxy throttled");
    drop(stats);
    assert!(proxy.repeated().is_empty(), "no call made twice: {:?}", proxy.repeated());
    assert!(model.marked.is_empty());
}
