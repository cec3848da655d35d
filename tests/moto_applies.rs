//! What applies here, against a real moto server: the SCP chain along OUs three levels deep as AWS
//! (moto) reports it through orgtui's `aws` implementation, the checker over it, and the jump from a
//! policy to a deep target (ListTargetsForPolicy, then ListParents level by level).

mod support;

use crossterm::event::KeyCode;
use orgtui::app::applies;
use orgtui::app::{Model, Pane};
use orgtui::policy::evaluate::Verdict;
use support::moto::clients;
use support::view::{ask, find, hit, model_for, open_path, press, screen};
use support::{moto, seed};

const ALLOW_LIST: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OnlyS3AndEc2","Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"}]}"#;
const DENY_LEAVE: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoLeaving","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#;
const REGIONS: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OnlyEuWest1","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#;

/// The verdict and the first deciding statement for a question.
async fn check(model: &mut Model, api: &dyn orgtui::api::OrgApi, action: &str, region: &str) -> (Verdict, String) {
    ask(model, api, action, "", region).await;
    let answer = applies::answer(model).expect("asked").expect("loaded");
    let first = answer.findings.first().map(|f| format!("{} at {}", f.statement, f.level)).unwrap_or_default();
    (answer.verdict, first)
}

#[tokio::test]
async fn the_scp_chain_along_three_levels_of_ous_and_the_checker_over_it() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let [_, prod, payments, ledger] = seed::three_levels(&client, &mut seeded, "ledger").await;
    seed::scp(&client, "DenyLeave", DENY_LEAVE, &[&root]).await;
    // Prod replaces FullAWSAccess with an allow list; Payments adds a region deny.
    seed::scp(&client, "OnlyS3AndEc2", ALLOW_LIST, &[&prod]).await;
    client.detach_policy().policy_id("p-FullAWSAccess").target_id(&prod).send().await.expect("detach");
    seed::scp(&client, "EuWest1Only", REGIONS, &[&payments]).await;

    let mut model = model_for(&api, 140, 45, true).await;
    open_path(&mut model, &api, &["Workloads", "Prod", "Payments", "ledger"]).await;
    press(&mut model, &api, "w").await;
    assert_eq!(model.focus, Pane::Chain);
    let levels: Vec<(String, Vec<String>)> = applies::path(&model)
        .iter()
        .map(|l| (l.label.clone(), l.policies.iter().map(|p| p.name.clone()).collect()))
        .collect();
    assert_eq!(
        levels,
        [
            ("root Root".to_owned(), vec!["FullAWSAccess".to_owned(), "DenyLeave".to_owned()]),
            ("OU Workloads".to_owned(), vec!["FullAWSAccess".to_owned()]),
            ("OU Prod".to_owned(), vec!["OnlyS3AndEc2".to_owned()]),
            ("OU Payments".to_owned(), vec!["FullAWSAccess".to_owned(), "EuWest1Only".to_owned()]),
            (format!("account ledger ({ledger})"), vec!["FullAWSAccess".to_owned()]),
        ],
        "each level lists what moto has attached directly there"
    );
    let lines = screen(&model, 140, 45);
    find(&lines, "⚠ allow list: only s3:*, ec2:* — every other action is denied from here");
    find(&lines, "No management policy type");

    assert_eq!(
        check(&mut model, &api, "ec2:RunInstances", "eu-west-1").await,
        (Verdict::Allowed, "FullAWSAccess › statement 1 at root Root".to_owned())
    );
    assert_eq!(
        check(&mut model, &api, "ec2:RunInstances", "us-east-1").await,
        (Verdict::Denied, "EuWest1Only › OnlyEuWest1 at OU Payments".to_owned())
    );
    assert_eq!(
        check(&mut model, &api, "iam:CreateRole", "eu-west-1").await,
        (Verdict::Denied, " at OU Prod".to_owned()),
        "nothing in Prod allows iam"
    );
    assert_eq!(
        check(&mut model, &api, "organizations:LeaveOrganization", "eu-west-1").await,
        (Verdict::Denied, "DenyLeave › NoLeaving at root Root".to_owned())
    );
}

#[tokio::test]
async fn where_used_jumps_to_an_account_three_ous_down() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let a = seed::ou(&client, &mut seeded, &root, "A").await;
    let b = seed::ou(&client, &mut seeded, &a, "B").await;
    let c = seed::ou(&client, &mut seeded, &b, "C").await;
    let deep = seed::account(&client, &mut seeded, &c, "deep").await;
    seed::scp(&client, "OnlyHere", DENY_LEAVE, &[&deep, &root]).await;

    let mut model = model_for(&api, 140, 45, true).await;
    open_path(&mut model, &api, &["Policies", "OnlyHere"]).await;
    press(&mut model, &api, "u").await;
    let lines = screen(&model, 140, 45);
    find(&lines, "Where OnlyHere is attached");
    find(&lines, &format!("account deep  {deep}"));
    press(&mut model, &api, "j").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_eq!(model.selected_kind().map(|k| k.name().to_owned()).as_deref(), Some("deep"));
    let lines = screen(&model, 140, 45);
    find(&lines, "▾ ▣ A");
    find(&lines, "▾ ▣ B");
    find(&lines, "▾ ▣ C");
}
