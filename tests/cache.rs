//! Opening from the cache and revalidating, on the demo organization: the view as it was left,
//! searchable before any answer from AWS; then AWS's answers replacing what changed (an account
//! moved, one gone, another organization) without losing what was open.

mod support;

use orgtui::api::memory::MemoryOrg;
use orgtui::app::update::{init, update};
use orgtui::app::{Effect, Model, Source};
use orgtui::cache::{self, CacheKey};
use orgtui::org::{AccountId, OuId, ParentId};
use orgtui::snapshot::Snapshot;
use support::drive::settle;
use support::view::{key, model_for, open_path, screen, selected_path};

const WEB_PROD: &str = "100001029470";

fn cache_key() -> CacheKey {
    CacheKey { profile: Some("mgmt".into()), region: "us-east-1".into(), endpoint: None }
}

fn source() -> Source {
    Source::Aws { profile: Some("mgmt".into()), region: "us-east-1".into(), endpoint: None }
}

fn rows(model: &Model) -> Vec<String> {
    model.rows.iter().map(|r| model.tree.get(r.id).unwrap().kind.name().to_owned()).collect()
}

/// The demo browsed as a user would (Staging and Workloads › Prod open, web-prod selected, the index
/// built), written to a cache file and read back.
async fn left_on_web_prod() -> (Model, cache::Cached) {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    open_path(&mut model, &api, &["Workloads", "Staging"]).await;
    support::view::press(&mut model, &api, "l").await;
    open_path(&mut model, &api, &["Workloads", "Prod", "web-prod"]).await;
    assert_eq!(selected_path(&model), ["Root", "Workloads", "Prod", "web-prod"]);
    let now = time::OffsetDateTime::now_utc() - time::Duration::minutes(12);
    let captured = orgtui::app::cache::capture(&model, cache_key(), now).expect("something to keep");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.json");
    cache::write(&path, &captured).unwrap();
    (model, cache::read(&path, &cache_key()).expect("the cache reads back"))
}

/// A fresh model opened from the cache, as the binary does: restore, then init.
fn reopened(cached: cache::Cached) -> (Model, Vec<Effect>) {
    let mut model = Model::new(Some(cached.organization.clone()), source(), false);
    model.size = (120, 40);
    let mut effects = orgtui::app::cache::restore(&mut model, cached);
    effects.extend(init(&mut model));
    (model, effects)
}

/// AWS as it is now: the demo with `change` made to it behind orgtui's back.
fn changed(change: impl FnOnce(&mut Snapshot)) -> MemoryOrg {
    let mut snapshot = MemoryOrg::demo_snapshot().unwrap();
    change(&mut snapshot);
    MemoryOrg::new(snapshot)
}

#[tokio::test]
async fn the_view_opens_as_it_was_left_and_answers_a_search_before_aws_does() {
    let (before, cached) = left_on_web_prod().await;
    let (mut model, effects) = reopened(cached);
    assert_eq!(rows(&model), rows(&before), "the same rows open");
    assert_eq!(selected_path(&model), ["Root", "Workloads", "Prod", "web-prod"], "the same selection");
    assert_eq!(model.search.counts(), before.search.counts(), "the whole index");
    // Nothing has been answered yet: the roots are not asked again, the cache is revalidated.
    assert!(effects.iter().any(|e| matches!(e, Effect::Revalidate { .. })), "{effects:?}");
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadOrganization)));
    assert!(!effects.iter().any(|e| matches!(e, Effect::LoadRoots { .. } | Effect::LoadChildren { .. })));
    let status = screen(&model, 120, 40).join("\n");
    assert!(status.contains("cached 12 minutes ago, refreshing"), "{status}");
    // A search, answered from the cached index with no reply from anywhere.
    update(&mut model, key('/'));
    for c in "data-lake".chars() {
        update(&mut model, key(c));
    }
    let Some(orgtui::app::dialog::Dialog::Search(found)) = &model.dialog else { panic!("no search box") };
    let top = model.search.index.entry(found.hits[0].entry).unwrap();
    assert!(top.text.starts_with("data-lake"), "{}", top.text);
}

#[tokio::test]
async fn revalidation_puts_a_moved_account_in_its_new_place_and_the_cursor_follows_it() {
    let (_, cached) = left_on_web_prod().await;
    let staging = OuId::parse("ou-d3mo-wklstg01").unwrap();
    let api = changed(|s| {
        let account = s.accounts.iter_mut().find(|a| a.id.as_str() == WEB_PROD).unwrap();
        account.parent_id = ParentId::Ou(staging.clone());
    });
    let (mut model, effects) = reopened(cached);
    settle(&mut model, &api, effects).await;
    assert_eq!(selected_path(&model), ["Root", "Workloads", "Staging", "web-prod"], "the cursor followed it");
    let prod = rows(&model);
    let in_prod = prod.iter().position(|n| n == "Prod").unwrap();
    assert_ne!(prod.get(in_prod + 2).map(String::as_str), Some("web-prod"));
    assert!(model.cached.is_none(), "confirmed by AWS");
    let status = screen(&model, 120, 40).join("\n");
    assert!(!status.contains("cached"), "{status}");
    assert!(
        rows(&model).contains(&"Staging".to_owned()) && rows(&model).contains(&"Payments".to_owned()),
        "what was open stays open"
    );
}

#[tokio::test]
async fn an_account_gone_leaves_the_cursor_on_its_nearest_ancestor_and_the_index_forgets_it() {
    let (_, cached) = left_on_web_prod().await;
    let api = changed(|s| s.accounts.retain(|a| a.id.as_str() != WEB_PROD));
    let (mut model, effects) = reopened(cached);
    settle(&mut model, &api, effects).await;
    assert_eq!(selected_path(&model), ["Root", "Workloads", "Prod"]);
    let gone = orgtui::search::Found::Target(orgtui::org::TargetId::Account(AccountId::parse(WEB_PROD).unwrap()));
    let still = (0..model.search.index.len()).filter_map(|i| model.search.index.entry(i)).any(|e| e.found == gone);
    assert!(!still, "the index rebuilt over the cache drops what AWS no longer has");
    assert_eq!(model.search.incomplete(), None);
}

#[tokio::test]
async fn a_cache_of_another_organization_is_dropped_once_aws_says_who_it_is() {
    let (_, cached) = left_on_web_prod().await;
    let api = changed(|s| {
        s.organization.id = orgtui::org::OrgId::parse("o-0therorg12").unwrap();
        s.accounts.retain(|a| a.id.as_str() != WEB_PROD);
    });
    let (mut model, effects) = reopened(cached);
    settle(&mut model, &api, effects).await;
    assert!(model.cached.is_none());
    assert_eq!(model.org.as_ref().unwrap().id.as_str(), "o-0therorg12");
    let names = rows(&model);
    assert!(
        !names.contains(&"web-prod".to_owned()) && !names.contains(&"Staging".to_owned()),
        "loaded afresh: {names:?}"
    );
    assert!(names.contains(&"Workloads".to_owned()), "{names:?}");
}
