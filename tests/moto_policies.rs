//! Policy changes through the `aws` implementation against a real moto server: what orgtui sends is
//! what the server then holds.

mod support;

use orgtui::api::{ApiError, OrgApi};
use orgtui::org::{NewPolicy, PolicyType, PolicyUpdate, RootId, TargetId};
use support::moto::clients;
use support::{moto, seed};

const DOC: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#;
const DOC2: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}"#;

fn scp(name: &str, content: &str) -> NewPolicy {
    NewPolicy {
        policy_type: PolicyType::new(PolicyType::SCP),
        name: name.into(),
        description: "made by a test".into(),
        content: content.into(),
    }
}

#[tokio::test]
async fn create_update_rename_and_delete_a_policy() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    seed::organization(&client).await;
    let created = api.create_policy(&scp("DenyBucketDelete", DOC)).await.unwrap();
    assert_eq!(created.summary.name, "DenyBucketDelete");
    let id = created.summary.id.clone();
    let update = PolicyUpdate {
        name: Some("DenyEc2".into()),
        description: Some("no EC2 at all".into()),
        content: Some(DOC2.into()),
    };
    let updated = api.update_policy(&id, &update).await.unwrap();
    assert_eq!(updated.summary.name, "DenyEc2");
    let stored = api.describe_policy(&id).await.unwrap();
    assert_eq!((stored.summary.name.as_str(), stored.summary.description.as_str()), ("DenyEc2", "no EC2 at all"));
    assert_eq!(stored.content, DOC2, "the server holds exactly the text sent");
    // Content only: name and description stay.
    let only_content = PolicyUpdate { content: Some(DOC.into()), ..PolicyUpdate::default() };
    api.update_policy(&id, &only_content).await.unwrap();
    let stored = api.describe_policy(&id).await.unwrap();
    assert_eq!((stored.summary.name.as_str(), stored.content.as_str()), ("DenyEc2", DOC));
    api.delete_policy(&id).await.unwrap();
    assert!(matches!(api.describe_policy(&id).await, Err(ApiError::NotFound { .. })));
}

#[tokio::test]
async fn attach_and_detach_change_what_a_target_lists_and_a_policy_in_use_stays() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let ou = seed::ou(&client, &mut seeded, &root, "Workloads").await;
    let target = TargetId::parse(&ou).unwrap();
    let policy = api.create_policy(&scp("DenyBucketDelete", DOC)).await.unwrap().summary.id;
    api.attach_policy(&policy, &target).await.unwrap();
    let scp_type = PolicyType::new(PolicyType::SCP);
    let attached = api.list_policies_for_target(&target, &scp_type).await.unwrap();
    assert!(attached.iter().any(|p| p.id == policy), "{attached:?}");
    let e = api.delete_policy(&policy).await.unwrap_err();
    assert!(matches!(e, ApiError::PolicyInUse { .. }), "{e:?}");
    api.detach_policy(&policy, &target).await.unwrap();
    let attached = api.list_policies_for_target(&target, &scp_type).await.unwrap();
    assert!(!attached.iter().any(|p| p.id == policy));
    api.delete_policy(&policy).await.unwrap();
}

#[tokio::test]
async fn enable_and_disable_a_policy_type_in_the_root() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let seeded = seed::organization(&client).await;
    let root = RootId::parse(&seeded.root).unwrap();
    let tag = PolicyType::new("TAG_POLICY");
    let after = api.enable_policy_type(&root, &tag).await.unwrap();
    assert!(after.enabled_policy_types().contains(&tag), "{after:?}");
    let listed = api.list_roots().await.unwrap();
    assert!(listed[0].enabled_policy_types().contains(&tag));
    let e = api.enable_policy_type(&root, &tag).await.unwrap_err();
    assert!(matches!(e, ApiError::PolicyTypeState { .. }), "{e:?}");
    let after = api.disable_policy_type(&root, &tag).await.unwrap();
    assert!(!after.enabled_policy_types().contains(&tag));
}

#[tokio::test]
async fn the_lost_update_check_sees_a_second_client_and_writes_nothing() {
    use orgtui::app::Msg;
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    seed::organization(&client).await;
    let id = api.create_policy(&scp("DenyBucketDelete", DOC)).await.unwrap().summary.id;
    // The edit begins from the policy as it stands...
    let base = api.describe_policy(&id).await.unwrap();
    // ...a second client changes it...
    client.update_policy().policy_id(id.as_str()).content(DOC2).send().await.unwrap();
    // ...and the save finds out instead of overwriting.
    let ours = PolicyUpdate { content: Some(DOC.replace("DeleteBucket", "DeleteBucketPolicy")), ..Default::default() };
    let dir = tempfile::tempdir().unwrap();
    let msg = orgtui::worker::edit::save(&api, &base, &ours, "our text", Some(dir.path())).await;
    let Msg::Conflict { theirs } = msg else { panic!("expected a conflict, got {msg:?}") };
    assert_eq!(theirs.content, DOC2);
    assert_eq!(api.describe_policy(&id).await.unwrap().content, DOC2, "nothing written");
    // Saving again from their version goes through.
    let msg = orgtui::worker::edit::save(&api, &theirs, &ours, "our text", Some(dir.path())).await;
    assert!(matches!(msg, Msg::Saved { result: Ok(_), .. }), "{msg:?}");
    assert!(api.describe_policy(&id).await.unwrap().content.contains("DeleteBucketPolicy"));
}
