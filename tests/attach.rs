//! Attaching and detaching policies from the tree: the picker, the checks made before any call, the
//! confirmation, and what the server holds afterwards (the memory backend plays AWS).

mod support;

use crossterm::event::KeyCode;
use orgtui::api::OrgApi;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::Model;
use orgtui::app::dialog::Dialog;
use orgtui::org::{PolicyType, TargetId};
use support::drive;
use support::view::{assert_toast, ctrl, find, hit, model_for, press, screen, select};

async fn scps_on(api: &MemoryOrg, target: &str) -> Vec<String> {
    let target = TargetId::parse(target).unwrap();
    let scp = PolicyType::new(PolicyType::SCP);
    api.list_policies_for_target(&target, &scp).await.unwrap().into_iter().map(|p| p.name).collect()
}

async fn attach(model: &mut Model, api: &MemoryOrg, filter: &str) {
    support::view::choose_to_attach(model, api, filter).await;
}

#[tokio::test]
async fn the_picker_filters_marks_what_is_attached_and_attaches_after_a_yes() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    select(&mut model, &api, "Security").await;
    press(&mut model, &api, "A").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Attach a policy to OU Security");
    let row = find(&lines, "[SCP] FullAWSAccess");
    assert!(lines[row].contains("attached"), "{}", lines[row]);
    press(&mut model, &api, "grd").await; // fuzzy: SandboxGuardrails
    let lines = screen(&model, 120, 40);
    find(&lines, "▶ [SCP] SandboxGuardrails");
    hit(&mut model, &api, KeyCode::Enter).await;
    find(&screen(&model, 120, 40), "Attach SCP SandboxGuardrails to OU Security?");
    assert_eq!(scps_on(&api, "ou-d3mo-sec00001").await, ["FullAWSAccess"], "nothing before the yes");
    press(&mut model, &api, "y").await;
    assert_eq!(scps_on(&api, "ou-d3mo-sec00001").await, ["FullAWSAccess", "SandboxGuardrails"]);
    find(&screen(&model, 120, 40), "SCP        FullAWSAccess, SandboxGuardrails");
    // Attached now: the picker says so instead of calling AWS again.
    attach(&mut model, &api, "sandboxg").await;
    assert_toast(&model, "already attached");
}

#[tokio::test]
async fn past_the_default_quota_of_ten_scps_orgtui_warns_and_aws_decides() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    select(&mut model, &api, "Workloads").await;
    // Workloads holds 3 SCPs: seven more reach AWS's default quota of ten.
    for i in 0..7 {
        let id = seed_scp(&api, &format!("Extra{i}")).await;
        let _ = id;
        attach(&mut model, &api, &format!("extra{i}")).await;
        let lines = screen(&model, 120, 40);
        assert!(!lines.iter().any(|l| l.contains("default quota")), "the {}th SCP is within the quota", i + 4);
        press(&mut model, &api, "y").await;
    }
    assert_eq!(scps_on(&api, "ou-d3mo-wkl00001").await.len(), 10);
    attach(&mut model, &api, "denyleave").await;
    find(&screen(&model, 120, 40), "already has 10 SCPs attached; AWS's default quota is 10");
    press(&mut model, &api, "y").await;
    assert_eq!(scps_on(&api, "ou-d3mo-wkl00001").await.len(), 10, "the memory backend refuses as AWS does");
    find(&screen(&model, 120, 40), "detach one first");
}

async fn seed_scp(api: &MemoryOrg, name: &str) -> orgtui::org::PolicyId {
    let new = orgtui::org::NewPolicy {
        policy_type: PolicyType::new(PolicyType::SCP),
        name: name.into(),
        description: String::new(),
        content:
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#
                .into(),
    };
    api.create_policy(&new).await.unwrap().summary.id
}

#[tokio::test]
async fn detach_asks_first_and_the_last_scp_stays() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "jljj").await; // the root's DenyLeaveOrganization
    press(&mut model, &api, "D").await;
    find(&screen(&model, 120, 40), "Detach SCP DenyLeaveOrganization from root Root?");
    press(&mut model, &api, "n").await;
    assert!(scps_on(&api, "r-d3mo").await.contains(&"DenyLeaveOrganization".to_owned()), "no changes nothing");
    press(&mut model, &api, "Dy").await;
    assert_eq!(scps_on(&api, "r-d3mo").await, ["FullAWSAccess"]);
    // FullAWSAccess is now the root's only SCP: AWS requires one, so orgtui refuses before asking.
    select(&mut model, &api, "FullAWSAccess").await;
    press(&mut model, &api, "D").await;
    assert!(model.dialog.is_none());
    assert_toast(&model, "must keep at least one SCP");
}

#[tokio::test]
async fn read_only_mode_has_no_attach_or_detach() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, true).await;
    press(&mut model, &api, "jjA").await;
    assert!(model.dialog.is_none());
    press(&mut model, &api, "gjljjD").await;
    assert!(model.dialog.is_none());
    assert!(scps_on(&api, "r-d3mo").await.contains(&"DenyLeaveOrganization".to_owned()));
}

#[tokio::test]
async fn delete_says_where_a_policy_is_still_attached_and_deletes_a_free_one() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    select(&mut model, &api, "Workloads").await;
    press(&mut model, &api, "A").await;
    press(&mut model, &api, "regionres").await;
    drive::send(&mut model, &api, ctrl('x')).await;
    // The tree has seen it attached (the demo's Workloads lists it): orgtui says so, and asks nothing.
    let lines = screen(&model, 120, 40);
    find(&lines, "SCP RegionRestriction is still attached");
    find(&lines, "• organizational unit Workloads (ou-d3mo-wkl00001)");
    assert!(!lines.join("\n").contains("Delete SCP RegionRestriction"), "no question to answer");
    hit(&mut model, &api, KeyCode::Esc).await;
    // Where orgtui has not seen it, AWS refuses, and the refusal lists where it is attached.
    let mut fresh = model_for(&api, 120, 40, false).await;
    select(&mut fresh, &api, "Security").await;
    press(&mut fresh, &api, "A").await;
    press(&mut fresh, &api, "regionres").await;
    drive::send(&mut fresh, &api, ctrl('x')).await;
    find(&screen(&fresh, 120, 40), "Delete SCP RegionRestriction (p-region0001)?");
    press(&mut fresh, &api, "y").await;
    let lines = screen(&fresh, 120, 40);
    find(&lines, "Delete did not go through");
    find(&lines, "RegionRestriction is still attached to:");
    find(&lines, "• organizational unit Sandbox (ou-d3mo-sbx00001)");
    // Detached everywhere, it lives only in the picker, where Ctrl-x deletes it.
    for target in ["ou-d3mo-wkl00001", "ou-d3mo-sbx00001"] {
        let id = orgtui::org::PolicyId::parse("p-region0001").unwrap();
        api.detach_policy(&id, &TargetId::parse(target).unwrap()).await.unwrap();
    }
    hit(&mut fresh, &api, KeyCode::Esc).await;
    press(&mut fresh, &api, "A").await;
    press(&mut fresh, &api, "regionres").await;
    drive::send(&mut fresh, &api, ctrl('x')).await;
    press(&mut fresh, &api, "y").await;
    assert_toast(&fresh, "Deleted RegionRestriction (p-region0001): changed in the demo (kept until you quit).");
    let id = orgtui::org::PolicyId::parse("p-region0001").unwrap();
    assert!(matches!(api.describe_policy(&id).await, Err(orgtui::api::ApiError::NotFound { .. })));
    // AWS managed policies cannot go.
    select(&mut model, &api, "Workloads").await;
    press(&mut model, &api, "A").await;
    press(&mut model, &api, "fullaws").await;
    drive::send(&mut model, &api, ctrl('x')).await;
    assert_toast(&model, "managed by AWS");
}

#[tokio::test]
async fn disabling_a_policy_type_says_it_detaches_everything_and_the_tree_follows() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "jl").await; // open the root's Policies group
    find(&screen(&model, 120, 40), "[Tag] CostCenterTags");
    press(&mut model, &api, "g").await; // the root
    press(&mut model, &api, "T").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Policy types in root Root");
    let tag_row = find(&lines, "TAG_POLICY");
    assert!(lines[tag_row].contains("ENABLED"), "{}", lines[tag_row]);
    find(&lines, "CHATBOT_POLICY");
    while !matches!(&model.dialog, Some(Dialog::Types { types, cursor, .. }) if types[*cursor].as_str() == "TAG_POLICY")
    {
        press(&mut model, &api, "j").await;
    }
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Disable Tag policies in root Root?");
    find(&lines, "Every Tag policy is detached from every root, OU and account");
    press(&mut model, &api, "y").await;
    let root = api.list_roots().await.unwrap().remove(0);
    assert!(!root.enabled_policy_types().contains(&PolicyType::new("TAG_POLICY")));
    let tags = api.list_policies_for_target(&TargetId::parse("r-d3mo").unwrap(), &PolicyType::new("TAG_POLICY")).await;
    assert!(tags.unwrap().is_empty(), "detached everywhere");
    let lines = screen(&model, 120, 40);
    assert!(!lines.iter().any(|l| l.contains("[Tag] CostCenterTags")), "the tree lists what AWS now holds");
}

#[tokio::test]
async fn a_refused_attachment_is_explained_and_the_tree_shows_what_aws_holds() {
    // The API layer refuses every change (as with --read-only), while the UI still offers the keys.
    let inner = std::sync::Arc::new(MemoryOrg::demo().unwrap());
    let api = orgtui::api::readonly::ReadOnly::wrap(inner.clone());
    let mut model = model_for(api.as_ref(), 120, 40, false).await;
    press(&mut model, api.as_ref(), "jjA").await; // Security
    press(&mut model, api.as_ref(), "sandboxg").await;
    hit(&mut model, api.as_ref(), KeyCode::Enter).await;
    press(&mut model, api.as_ref(), "y").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "AttachPolicy did not go through");
    find(&lines, "orgtui is running with --read-only");
    assert_eq!(scps_on(&inner, "ou-d3mo-sec00001").await, ["FullAWSAccess"]);
    find(&lines, "SCP        FullAWSAccess");
}
