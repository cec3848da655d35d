//! Builds organizations in moto with the SDK directly (not through orgtui), so the tests compare
//! orgtui's view with what was really created.

use std::collections::BTreeMap;

use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::{OrganizationFeatureSet, PolicyType};

/// What was created: id → parent id.
#[derive(Debug, Default)]
pub struct Seeded {
    pub root: String,
    pub management: String,
    pub ous: BTreeMap<String, String>,
    pub accounts: BTreeMap<String, String>,
}

pub async fn organization(client: &Client) -> Seeded {
    let org = client.create_organization().feature_set(OrganizationFeatureSet::All).send().await.expect("create org");
    let management = org.organization().and_then(|o| o.master_account_id()).expect("management id").to_owned();
    let roots = client.list_roots().send().await.expect("roots");
    let root = roots.roots()[0].id().expect("root id").to_owned();
    // As in AWS, a new organization has no policy type enabled; the tests attach SCPs.
    client
        .enable_policy_type()
        .root_id(&root)
        .policy_type(PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("enable SCP");
    let mut seeded = Seeded { root: root.clone(), management: management.clone(), ..Default::default() };
    seeded.accounts.insert(management, root);
    seeded
}

pub async fn ou(client: &Client, seeded: &mut Seeded, parent: &str, name: &str) -> String {
    let out = client.create_organizational_unit().parent_id(parent).name(name).send().await.expect("create ou");
    let id = out.organizational_unit().and_then(|o| o.id()).expect("ou id").to_owned();
    seeded.ous.insert(id.clone(), parent.to_owned());
    id
}

pub async fn account(client: &Client, seeded: &mut Seeded, parent: &str, name: &str) -> String {
    let out = client
        .create_account()
        .account_name(name)
        .email(format!("{}@example.com", name.replace(|c: char| !c.is_ascii_alphanumeric(), "-")))
        .send()
        .await
        .expect("create account");
    let id = out.create_account_status().and_then(|s| s.account_id()).expect("account id").to_owned();
    if parent != seeded.root {
        client
            .move_account()
            .account_id(&id)
            .source_parent_id(&seeded.root)
            .destination_parent_id(parent)
            .send()
            .await
            .expect("move account");
    }
    seeded.accounts.insert(id.clone(), parent.to_owned());
    id
}

/// Three OUs, each inside the previous one under the root (Workloads › Prod › Payments), and an
/// account named `account` in the deepest: `[workloads, prod, payments, account]`.
pub async fn three_levels(client: &Client, seeded: &mut Seeded, account: &str) -> [String; 4] {
    let root = seeded.root.clone();
    let workloads = ou(client, seeded, &root, "Workloads").await;
    let prod = ou(client, seeded, &workloads, "Prod").await;
    let payments = ou(client, seeded, &prod, "Payments").await;
    let id = self::account(client, seeded, &payments, account).await;
    [workloads, prod, payments, id]
}

pub async fn scp(client: &Client, name: &str, content: &str, targets: &[&str]) -> String {
    policy(client, PolicyType::ServiceControlPolicy, name, content, targets).await
}

/// A tag policy attached to `targets`, the type enabled in the root first.
pub async fn tag_policy(client: &Client, root: &str, name: &str, targets: &[&str]) -> String {
    // Enabling twice is refused; the first call is the one that counts.
    let _ = client.enable_policy_type().root_id(root).policy_type(PolicyType::TagPolicy).send().await;
    let content = r#"{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}}}}"#;
    policy(client, PolicyType::TagPolicy, name, content, targets).await
}

/// A policy of any type, attached to `targets`.
pub async fn policy(client: &Client, kind: PolicyType, name: &str, content: &str, targets: &[&str]) -> String {
    let out = client
        .create_policy()
        .name(name)
        .description(format!("{name} for tests"))
        .content(content)
        .r#type(kind)
        .send()
        .await
        .expect("create policy");
    let id = out.policy().and_then(|p| p.policy_summary()).and_then(|s| s.id()).expect("policy id").to_owned();
    for target in targets {
        client.attach_policy().policy_id(&id).target_id(*target).send().await.expect("attach policy");
    }
    id
}

/// An organization of `ous` OUs over two levels and `accounts` accounts spread over the root and
/// every OU; returns the OU ids in the order made (top-level ones first).
pub async fn spread(client: &Client, seeded: &mut Seeded, ous: usize, accounts: usize) -> Vec<String> {
    let root = seeded.root.clone();
    let mut made = Vec::new();
    let top = ous.div_ceil(3);
    for i in 0..top {
        made.push(ou(client, seeded, &root, &format!("Top {i}")).await);
    }
    for i in top..ous {
        let parent = made[i % top].clone();
        made.push(ou(client, seeded, &parent, &format!("Team {i}")).await);
    }
    let mut parents = vec![root];
    parents.extend(made.iter().cloned());
    for n in 0..accounts {
        let parent = parents[n % parents.len()].clone();
        account(client, seeded, &parent, &format!("acct-{n:03}")).await;
    }
    made
}

/// Each OU's and each account's parent, as a snapshot records them.
pub fn parents(snapshot: &orgtui::snapshot::Snapshot) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let ous = snapshot.organizational_units.iter().map(|o| (o.id.to_string(), o.parent_id.to_string())).collect();
    let accounts = snapshot.accounts.iter().map(|a| (a.id.to_string(), a.parent_id.to_string())).collect();
    (ous, accounts)
}

/// The snapshot holds exactly what was created: the same OUs and accounts, each under the same parent.
pub fn assert_snapshot_matches(snapshot: &orgtui::snapshot::Snapshot, seeded: &Seeded) {
    let (ous, accounts) = parents(snapshot);
    assert_eq!(ous, seeded.ous);
    assert_eq!(accounts, seeded.accounts);
}
