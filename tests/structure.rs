//! OUs and tags on the demo through the keys: a form checked before anything is sent, a
//! confirmation in words, one call, the tree as the server holds it afterwards, and a refusal that
//! keeps what was typed.

mod support;

use crossterm::event::KeyCode;
use orgtui::api::OrgApi;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::dialog::Dialog;
use orgtui::org::{OuId, ParentId, Tag, TargetId};

use support::drive;
use support::view::{assert_toast, ctrl, find, hit, model_for, open_path, press, screen, select};

const WORKLOADS: &str = "ou-d3mo-wkl00001";

async fn ous_under(api: &MemoryOrg, parent: &str) -> Vec<(String, OuId)> {
    let parent = ParentId::parse(parent).unwrap();
    api.list_ous_for_parent(&parent).await.unwrap().into_iter().map(|o| (o.name, o.id)).collect()
}

fn form_error(model: &orgtui::app::Model) -> String {
    let Some(Dialog::StructureForm(form)) = &model.dialog else { panic!("no form: {:?}", model.dialog) };
    form.error.clone().unwrap_or_default()
}

#[tokio::test]
async fn an_ou_is_created_with_tags_after_a_confirmation_and_the_tree_shows_it() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    open_path(&mut model, &api, &["Workloads"]).await;
    press(&mut model, &api, "l").await;
    press(&mut model, &api, "O").await;
    find(&screen(&model, 120, 40), "New OU in Root › Workloads");
    // A name Workloads has already is refused on the form, and the text stays.
    press(&mut model, &api, "Staging").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(form_error(&model).contains("An OU named Staging is there already"), "{}", form_error(&model));
    press(&mut model, &api, "-eu").await;
    hit(&mut model, &api, KeyCode::Tab).await;
    press(&mut model, &api, "aws:owner=me").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(form_error(&model).contains("reserved for AWS"), "{}", form_error(&model));
    drive::send(&mut model, &api, ctrl('u')).await;
    press(&mut model, &api, "team=platform, tier=2").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Create the OU Staging-eu?");
    find(&lines, "A new OU Staging-eu in Root › Workloads, tagged team=platform, tier=2.");
    find(&lines, "AWS attaches FullAWSAccess and RCPFullAWSAccess to it.");
    press(&mut model, &api, "y").await;
    assert_toast(&model, "Created the OU Staging-eu: changed in the demo");
    let made = ous_under(&api, WORKLOADS).await.into_iter().find(|(n, _)| n == "Staging-eu").unwrap().1;
    let tags = api.list_tags(&TargetId::Ou(made).into()).await.unwrap();
    assert_eq!(
        tags,
        vec![Tag { key: "team".into(), value: "platform".into() }, Tag { key: "tier".into(), value: "2".into() }]
    );
    select(&mut model, &api, "Staging-eu").await; // in the tree, listed again from the server
}

#[tokio::test]
async fn an_ou_is_renamed_and_a_refusal_from_aws_reopens_the_form_with_the_name_typed() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    select(&mut model, &api, "Sandbox").await;
    press(&mut model, &api, "E").await;
    find(&screen(&model, 120, 40), "Rename the OU Sandbox");
    drive::send(&mut model, &api, ctrl('u')).await;
    press(&mut model, &api, "Playground").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Rename Sandbox to Playground?");
    find(&lines, "Its id, its policies and what it holds stay as they are.");
    press(&mut model, &api, "y").await;
    assert_toast(&model, "Renamed the OU to Playground");
    let sandbox = OuId::parse("ou-d3mo-sbx00001").unwrap();
    assert_eq!(api.describe_ou(&sandbox).await.unwrap().name, "Playground");
    select(&mut model, &api, "Playground").await;

    // Someone makes an OU named Lab in the root meanwhile: the tree does not know, AWS refuses.
    api.create_ou(&ParentId::parse("r-d3mo").unwrap(), "Lab", &[]).await.unwrap();
    select(&mut model, &api, "Playground").await;
    press(&mut model, &api, "E").await;
    drive::send(&mut model, &api, ctrl('u')).await;
    press(&mut model, &api, "Lab").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    press(&mut model, &api, "y").await;
    let Some(Dialog::StructureForm(form)) = &model.dialog else { panic!("{:?}", model.dialog) };
    assert_eq!(form.name.as_str(), "Lab", "what was typed is kept");
    assert!(form.error.as_deref().unwrap_or_default().starts_with("AWS refused it"), "{:?}", form.error);
    assert_eq!(api.describe_ou(&sandbox).await.unwrap().name, "Playground");
}

#[tokio::test]
async fn only_an_empty_ou_is_deleted_and_a_full_one_says_what_it_holds() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    // Children not listed yet: X lists them, then refuses with what it holds; nothing is sent.
    select(&mut model, &api, "Workloads").await;
    press(&mut model, &api, "X").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Workloads is not empty");
    find(&lines, "Workloads still holds 4 OUs");
    hit(&mut model, &api, KeyCode::Esc).await;
    // Now listed: the key itself says why.
    press(&mut model, &api, "X").await;
    assert_toast(&model, "Workloads still holds 4 OUs");
    assert!(model.dialog.is_none());
    assert_eq!(ous_under(&api, "r-d3mo").await.len(), 5);

    let empty = api.create_ou(&ParentId::parse("r-d3mo").unwrap(), "Retired", &[]).await.unwrap();
    press(&mut model, &api, "gr").await; // the root listed again: Retired appears
    select(&mut model, &api, "Retired").await;
    press(&mut model, &api, "X").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Delete the OU Retired?");
    find(&lines, "holds no OU and no account");
    find(&lines, "This cannot be undone");
    press(&mut model, &api, "y").await;
    assert_toast(&model, "Deleted the OU Retired");
    assert!(api.describe_ou(&empty.id).await.is_err());
    let names: Vec<String> =
        model.tree.walk().iter().filter_map(|&n| model.tree.get(n)).map(|n| n.kind.name().to_owned()).collect();
    assert!(!names.contains(&"Retired".to_owned()), "the tree lists the root again: {names:?}");
}

/// The names the search box finds for `query` now.
async fn found(model: &mut orgtui::app::Model, api: &MemoryOrg, query: &str) -> Vec<String> {
    press(model, api, "/").await;
    press(model, api, query).await;
    let Some(Dialog::Search(search)) = &model.dialog else { panic!("{:?}", model.dialog) };
    let names = search
        .hits
        .iter()
        .filter_map(|h| model.search.index.entry(h.entry))
        .map(|e| e.text.split("  ").next().unwrap_or_default().to_owned())
        .collect();
    hit(model, api, KeyCode::Esc).await;
    names
}

#[tokio::test]
async fn a_deleted_ou_and_a_deleted_policy_leave_the_search_at_once() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    api.create_ou(&ParentId::parse("r-d3mo").unwrap(), "Retired", &[]).await.unwrap();
    press(&mut model, &api, "gr").await;
    let has = |names: Vec<String>, name: &str| names.iter().any(|n| n == name);
    assert!(has(found(&mut model, &api, "Retired").await, "Retired"), "indexed once the root is listed");
    select(&mut model, &api, "Retired").await;
    press(&mut model, &api, "Xy").await;
    assert_toast(&model, "Deleted the OU Retired");
    assert!(!has(found(&mut model, &api, "Retired").await, "Retired"), "gone from the index without R");

    open_path(&mut model, &api, &["Sandbox", "Policies", "SandboxGuardrails"]).await;
    assert!(has(found(&mut model, &api, "SandboxGuardrails").await, "SandboxGuardrails"));
    // Detached from Sandbox, its only target, then deleted from the attach picker (Ctrl-x there).
    press(&mut model, &api, "Dy").await;
    assert!(
        api.list_targets_for_policy(&orgtui::org::PolicyId::parse("p-sbxguard1").unwrap()).await.unwrap().is_empty()
    );
    select(&mut model, &api, "Sandbox").await;
    press(&mut model, &api, "A").await;
    press(&mut model, &api, "SandboxGuardrails").await;
    drive::send(&mut model, &api, ctrl('x')).await;
    press(&mut model, &api, "y").await;
    assert_toast(&model, "Deleted SandboxGuardrails (p-sbxguard1): changed in the demo (kept until you quit).");
    assert!(!has(found(&mut model, &api, "SandboxGuardrails").await, "SandboxGuardrails"), "gone without R");
}

#[tokio::test]
async fn tags_are_changed_in_one_form_and_the_confirmation_lists_each_key() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    open_path(&mut model, &api, &["Security", "log-archive"]).await;
    press(&mut model, &api, "t").await;
    let Some(Dialog::StructureForm(form)) = &model.dialog else { panic!("{:?}", model.dialog) };
    assert_eq!(form.tags.as_str(), "owner=security-team, data-classification=restricted");
    drive::send(&mut model, &api, ctrl('u')).await;
    press(&mut model, &api, "owner=audit-team, retention=7y").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Change 3 tags of");
    find(&lines, "• changed owner: security-team → audit-team");
    find(&lines, "• added retention=7y");
    find(&lines, "• removed data-classification");
    find(&lines, "TagResource, then UntagResource");
    press(&mut model, &api, "y").await;
    assert_toast(&model, "Changed 3 tags");
    let id = model.selected_kind().and_then(|k| k.resource()).unwrap();
    let mut tags = api.list_tags(&id).await.unwrap();
    tags.sort_by(|a, b| a.key.cmp(&b.key));
    let pairs: Vec<(String, String)> = tags.into_iter().map(|t| (t.key, t.value)).collect();
    assert_eq!(pairs, [("owner".to_owned(), "audit-team".to_owned()), ("retention".to_owned(), "7y".to_owned())]);
    // The details pane shows what AWS holds now.
    find(&screen(&model, 120, 40), "retention");
}

#[tokio::test]
async fn a_policy_and_the_root_carry_tags_too() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 70, false).await;
    // The root's own policies: FullAWSAccess is among them.
    open_path(&mut model, &api, &["Policies", "DenyLeaveOrganization"]).await;
    find(&screen(&model, 120, 70), "Tags");
    press(&mut model, &api, "t").await;
    let Some(Dialog::StructureForm(form)) = &model.dialog else { panic!("{:?}", model.dialog) };
    assert!(form.tags.is_empty(), "the demo's policies carry no tags");
    press(&mut model, &api, "owner=security-team").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    find(&screen(&model, 120, 70), "• added owner=security-team");
    press(&mut model, &api, "y").await;
    assert_toast(&model, "Changed 1 tag");
    let policy = orgtui::org::ResourceId::parse("p-dnyleave01").unwrap();
    assert_eq!(api.list_tags(&policy).await.unwrap().len(), 1);
    find(&screen(&model, 120, 70), "owner = security-team");
    // And found by tag: the policy is in the search index.
    press(&mut model, &api, "/").await;
    press(&mut model, &api, "tag:owner=security-team").await;
    let Some(Dialog::Search(search)) = &model.dialog else { panic!("{:?}", model.dialog) };
    assert!(!search.hits.is_empty());
    find(&screen(&model, 120, 70), "DenyLeaveOrganization");
    hit(&mut model, &api, KeyCode::Esc).await;

    // The root.
    press(&mut model, &api, "g").await;
    press(&mut model, &api, "t").await;
    press(&mut model, &api, "cost-center=42").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    press(&mut model, &api, "y").await;
    let root = orgtui::org::ResourceId::parse("r-d3mo").unwrap();
    assert_eq!(api.list_tags(&root).await.unwrap().len(), 1);
    find(&screen(&model, 120, 70), "cost-center = 42");
}

#[tokio::test]
async fn read_only_offers_none_of_it() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, true).await;
    select(&mut model, &api, "Sandbox").await;
    for key in ["O", "E", "X", "t"] {
        press(&mut model, &api, key).await;
        assert!(model.dialog.is_none(), "{key} opened {:?}", model.dialog);
        assert_toast(&model, "Read-only: nothing is changed.");
    }
    let hints = orgtui::app::keys::hints(&model);
    assert!(!hints.iter().any(|(k, _)| ["O", "E", "X", "t"].contains(k)), "{hints:?}");
}

fn hit_names(model: &orgtui::app::Model) -> Vec<String> {
    let Some(Dialog::Search(b)) = &model.dialog else { panic!("no search box: {:?}", model.dialog) };
    b.hits
        .iter()
        .map(|h| model.search.index.entry(h.entry).unwrap().text.split("  ").next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_tag_query_finds_what_carries_the_tag_says_how_much_is_known_and_reads_the_rest() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    // log-archive tagged here: its tags are known from the change.
    open_path(&mut model, &api, &["Security", "log-archive"]).await;
    press(&mut model, &api, "t").await;
    press(&mut model, &api, ", retention=7y").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    press(&mut model, &api, "y").await;
    press(&mut model, &api, "/tag:retention=7y").await;
    assert_eq!(hit_names(&model), ["log-archive"]);
    let lines = screen(&model, 120, 40);
    find(&lines, "1 with the tag · tags known for 1 of");
    find(&lines, "(Ctrl-t reads the rest)");
    // Only what is known: the OU the cursor passed and log-archive; the other accounts' tags were
    // never read.
    drive::send(&mut model, &api, ctrl('u')).await;
    press(&mut model, &api, "tag:owner=security-team").await;
    assert_eq!(hit_names(&model), ["log-archive", "Security"]);
    drive::send(&mut model, &api, ctrl('t')).await;
    let mut names = hit_names(&model);
    names.sort();
    assert_eq!(names, ["Security", "audit", "log-archive", "security-tooling", "vendor-siem"]);
    find(&screen(&model, 120, 40), "tags known for all");
    // Without a value: every account with the key.
    drive::send(&mut model, &api, ctrl('u')).await;
    press(&mut model, &api, "tag:environment").await;
    assert!(hit_names(&model).contains(&"network-prod".to_owned()), "{:?}", hit_names(&model));
    // Enter jumps there, as any result does.
    drive::send(&mut model, &api, ctrl('u')).await;
    press(&mut model, &api, "tag:retention=7y").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_eq!(model.selected_kind().map(|k| k.name().to_owned()).as_deref(), Some("log-archive"));
}
