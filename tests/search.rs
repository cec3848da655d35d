//! Search (`/`) on the demo organization: finding accounts by any fragment and jumping there, Esc,
//! policies, highlighting, and the background index — complete, never listing a parent twice,
//! backing off when throttled, and saying when it is incomplete.

mod support;

use std::collections::HashMap;

use crossterm::event::KeyCode;
use orgtui::api::memory::MemoryOrg;
use orgtui::api::{ApiError, OrgApi};
use orgtui::app::dialog::Dialog;
use orgtui::app::search::IndexJob;
use orgtui::app::update::{init, update};
use orgtui::app::{Effect, Model, Msg, Pane, Source};
use orgtui::org::ParentId;
use orgtui::org::tree::NodeKind;
use orgtui::search::Counts;
use support::drive::settle_with;
use support::view::{find, hit, key, model_for, open_path, press, screen, selected_path};

/// Opens the search box and types `query`.
async fn search(model: &mut Model, api: &dyn OrgApi, query: &str) {
    press(model, api, "/").await;
    press(model, api, query).await;
}

/// The results on offer, best first, as the box lists them.
fn results(model: &Model) -> Vec<String> {
    let Some(Dialog::Search(b)) = &model.dialog else { panic!("the search box is not open: {:?}", model.dialog) };
    b.hits.iter().map(|h| model.search.index.entry(h.entry).unwrap().text.clone()).collect()
}

fn selected_name(model: &Model) -> String {
    model.selected_kind().map(|k| k.name().to_owned()).unwrap_or_default()
}

#[tokio::test]
async fn any_fragment_of_name_id_or_email_finds_a_deep_account_and_enter_jumps_there() {
    let api = MemoryOrg::demo().unwrap();
    // ledger-prod sits three OUs down (Workloads › Prod › Payments), all collapsed at start.
    for query in ["ledger-prod", "ledgprd", "100001544205", "1544205", "aws+ledger-prod@", "ledger-prod@example"] {
        let mut model = model_for(&api, 140, 45, false).await;
        search(&mut model, &api, query).await;
        let found = results(&model);
        assert!(found[0].starts_with("ledger-prod  100001544205"), "{query:?} → {found:?}");
        hit(&mut model, &api, KeyCode::Enter).await;
        assert!(model.dialog.is_none());
        assert_eq!(model.focus, Pane::Tree);
        assert_eq!(selected_name(&model), "ledger-prod", "{query:?} jumped elsewhere");
        assert_eq!(selected_path(&model), ["Root", "Workloads", "Prod", "Payments", "ledger-prod"]);
        let lines = screen(&model, 140, 45);
        find(&lines, "ledger-prod  100001544205");
    }
}

#[tokio::test]
async fn results_update_as_the_user_types_and_esc_returns_where_the_user_was() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 140, 45, false).await;
    open_path(&mut model, &api, &["Sandbox", "sandbox-bob"]).await;
    hit(&mut model, &api, KeyCode::Tab).await;
    let (cursor, focus, offset) = (model.cursor, model.focus, model.tree_offset);

    press(&mut model, &api, "/").await;
    assert_eq!(results(&model).len(), model.search.index.len().min(200), "an empty query lists everything");
    press(&mut model, &api, "pay").await;
    let pay = results(&model);
    press(&mut model, &api, "ments-d").await;
    let narrower = results(&model);
    assert!(narrower.len() < pay.len(), "typing more narrows the results");
    assert!(narrower[0].starts_with("payments-dev"), "{narrower:?}");
    hit(&mut model, &api, KeyCode::Backspace).await;
    hit(&mut model, &api, KeyCode::Backspace).await;
    assert_eq!(results(&model).len(), results_for(&model, "payments").len(), "Backspace widens them again");
    hit(&mut model, &api, KeyCode::Down).await;
    hit(&mut model, &api, KeyCode::Esc).await;

    assert!(model.dialog.is_none());
    assert_eq!((model.cursor, model.focus, model.tree_offset), (cursor, focus, offset));
    assert_eq!(selected_name(&model), "sandbox-bob");
}

fn results_for(model: &Model, query: &str) -> Vec<usize> {
    let mut matcher = orgtui::search::matcher();
    model.search.index.search(query, 200, &mut matcher).hits.iter().map(|h| h.entry).collect()
}

#[tokio::test]
async fn a_policy_result_shows_the_policy_and_where_it_is_attached() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 140, 45, false).await;
    search(&mut model, &api, "p-region0001").await;
    assert!(results(&model)[0].starts_with("RegionRestriction"));
    hit(&mut model, &api, KeyCode::Enter).await;
    assert!(matches!(&model.dialog, Some(Dialog::WhereUsed { policy, .. }) if policy.name == "RegionRestriction"));
    assert_eq!(model.shown_policy.as_ref().map(|p| p.as_str()), Some("p-region0001"));
    let lines = screen(&model, 140, 45);
    find(&lines, "Policy · RegionRestriction");
    find(&lines, "DenyOutsideApprovedRegions");
    find(&lines, "Sandbox  ou-d3mo-sbx00001");
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_eq!(selected_name(&model), "Sandbox", "and from there to a target");
}

#[tokio::test]
async fn matched_characters_are_highlighted_and_escape_sequences_never_reach_the_screen() {
    let mut snapshot = MemoryOrg::demo_snapshot().unwrap();
    let evil = snapshot.accounts.iter_mut().find(|a| a.name == "vendor-siem").unwrap();
    evil.name = "vendor-\u{1b}]0;pwned\u{7}siem\u{1b}[2J".into();
    let api = MemoryOrg::new(snapshot);
    let mut model = model_for(&api, 120, 40, false).await;
    search(&mut model, &api, "vndrsiem").await;
    assert!(results(&model)[0].starts_with("vendor-siem  "), "{:?}", results(&model));

    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| orgtui::ui::view(&model, f)).unwrap();
    let buffer = terminal.backend().buffer();
    let row = (0..40).find(|&y| row_text(buffer, y).contains("vendor-siem  ")).expect("the result is drawn");
    let text = row_text(buffer, row);
    let start = text.find("vendor-siem").unwrap();
    let x0 = text[..start].chars().count() as u16;
    let underlined = |x: u16| buffer[(x, row)].modifier.contains(ratatui::style::Modifier::UNDERLINED);
    let marks: String = (0..11).map(|i| if underlined(x0 + i) { '^' } else { ' ' }).collect();
    assert_eq!(marks, "^ ^^ ^ ^^^^", "v.nd.r-siem: exactly the matched letters");
    assert!((0..40).all(|y| !row_text(buffer, y).contains('\u{1b}')), "no escape reaches the terminal");
}

fn row_text(buffer: &ratatui::buffer::Buffer, y: u16) -> String {
    (0..buffer.area.width).map(|x| buffer[(x, y)].symbol().to_owned()).collect()
}

async fn started(
    api: &dyn OrgApi,
    log: &mut Vec<Effect>,
    fault: &mut dyn FnMut(&Effect, &Model) -> Option<Msg>,
) -> Model {
    let mut model = Model::new(api.describe_organization().await.ok(), Source::Demo, false);
    model.size = (140, 45);
    let effects = init(&mut model);
    settle_with(&mut model, api, effects, log, fault).await;
    model
}

fn demo_counts() -> Counts {
    let s = MemoryOrg::demo_snapshot().unwrap();
    Counts { ous: s.organizational_units.len(), accounts: s.accounts.len(), policies: s.policies.len() }
}

/// How many times the OUs under each parent were asked for, by the index or by the tree.
fn ou_listings(log: &[Effect]) -> HashMap<ParentId, usize> {
    let mut count = HashMap::new();
    for effect in log {
        let parent = match effect {
            Effect::Index { job: IndexJob::Ous(parent), .. } => parent,
            Effect::LoadChildren { parent, known_ous: None, .. } => parent,
            _ => continue,
        };
        *count.entry(parent.clone()).or_insert(0) += 1;
    }
    count
}

#[tokio::test]
async fn the_index_covers_the_whole_organization_and_shares_its_listings_with_the_tree() {
    let api = MemoryOrg::demo().unwrap();
    let mut log = Vec::new();
    let mut model = started(&api, &mut log, &mut |_, _| None).await;
    assert_eq!(model.search.counts(), demo_counts(), "every OU, account and policy");
    assert_eq!(model.search.incomplete(), None);
    let pages = log.iter().filter(|e| matches!(e, Effect::Index { job: IndexJob::Accounts(_), .. })).count();
    assert_eq!(pages, 2, "40 accounts: two ListAccounts pages of 20, not one call per OU");

    // Open every OU of the tree: the tree now takes the OUs from the index and asks only for accounts.
    let before = log.len();
    let mut row = 0;
    while row < model.rows.len() {
        model.cursor = row;
        if matches!(model.selected_kind(), Some(NodeKind::Ou(_))) {
            let effects = update(&mut model, key('l'));
            settle_with(&mut model, &api, effects, &mut log, &mut |_, _| None).await;
        }
        row += 1;
    }
    let opened = log[before..].iter().filter(|e| matches!(e, Effect::LoadChildren { .. })).count();
    assert_eq!(opened, 13, "every OU was opened");
    let listings = ou_listings(&log);
    assert_eq!(listings.len(), 14, "the root and 13 OUs");
    assert!(listings.values().all(|&n| n == 1), "a parent's OUs were listed twice: {listings:?}");
}

#[tokio::test]
async fn a_listing_that_fails_leaves_the_index_incomplete_and_search_says_so() {
    let api = MemoryOrg::demo().unwrap();
    let mut log = Vec::new();
    let mut fault = |effect: &Effect, _: &Model| match effect {
        Effect::Index { generation, job: job @ IndexJob::Accounts(_) } => Some(Msg::Indexed {
            generation: *generation,
            job: job.clone(),
            result: Err(ApiError::AccessDenied { action: "ListAccounts".into(), message: "not allowed".into() }),
        }),
        _ => None,
    };
    let mut model = started(&api, &mut log, &mut fault).await;
    let counts = model.search.counts();
    assert_eq!(counts.ous, demo_counts().ous, "the rest of the index is built");
    assert!(counts.accounts < demo_counts().accounts, "only the accounts the tree listed");
    let lines = screen(&model, 140, 45);
    find(&lines, "⚠ index incomplete: / says why");

    search(&mut model, &api, "Sandbox").await;
    assert!(results(&model)[0].starts_with("Sandbox"), "search answers from what is indexed");
    let lines = screen(&model, 140, 45);
    find(&lines, "index incomplete: listing the accounts (ListAccounts):");
}

#[tokio::test]
async fn capital_r_builds_the_index_again_from_aws() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 140, 45, false).await;
    // Renamed behind orgtui's back: the index built at start still has the old name.
    let id = orgtui::org::PolicyId::parse("p-region0001").unwrap();
    let rename = orgtui::org::PolicyUpdate { name: Some("GeoFence".into()), ..Default::default() };
    api.update_policy(&id, &rename).await.unwrap();
    search(&mut model, &api, "GeoFence").await;
    assert!(results(&model).is_empty(), "not yet indexed");
    hit(&mut model, &api, KeyCode::Esc).await;

    let generation = model.search.build.generation;
    press(&mut model, &api, "R").await;
    assert_eq!(model.search.build.generation, generation + 1);
    assert_eq!(model.search.counts(), demo_counts());
    assert_eq!(model.search.incomplete(), None);
    search(&mut model, &api, "GeoFence").await;
    assert!(results(&model)[0].starts_with("GeoFence  p-region0001"), "{:?}", results(&model));
    assert!(results_for(&model, "RegionRestriction").is_empty(), "the old name is gone");
}

#[tokio::test]
async fn an_ou_the_walk_placed_is_reached_without_asking_aws_for_its_path() {
    let api = MemoryOrg::demo().unwrap();
    let mut log = Vec::new();
    let mut model = started(&api, &mut log, &mut |_, _| None).await;
    let before = log.len();
    let mut effects = Vec::new();
    for c in "/Payments".chars() {
        effects.extend(update(&mut model, key(c)));
    }
    effects.extend(update(&mut model, support::view::code(KeyCode::Enter)));
    settle_with(&mut model, &api, effects, &mut log, &mut |_, _| None).await;
    assert_eq!(selected_path(&model), ["Root", "Workloads", "Prod", "Payments"]);
    assert!(
        !log[before..].iter().any(|e| matches!(e, Effect::Locate { .. })),
        "no ListParents: the walk knew the path"
    );
}

#[tokio::test]
async fn when_the_roots_cannot_be_listed_search_says_nothing_was_indexed() {
    let api = MemoryOrg::demo().unwrap();
    let mut log = Vec::new();
    let mut fault = |effect: &Effect, _: &Model| match effect {
        Effect::LoadRoots { req } => {
            Some(Msg::Roots { req: *req, result: Err(ApiError::Throttled { action: "ListRoots".into() }) })
        }
        _ => None,
    };
    let mut model = started(&api, &mut log, &mut fault).await;
    search(&mut model, &api, "prod").await;
    find(&screen(&model, 140, 45), "nothing indexed: listing the roots:");

    // r lists the roots again: the index is built after all.
    hit(&mut model, &api, KeyCode::Esc).await;
    press(&mut model, &api, "r").await;
    assert_eq!(model.search.counts(), demo_counts());
    assert_eq!(model.search.incomplete(), None);
}

/// `/ ledger-prod Enter w` typed faster than the tree opens: `w` waits for the jump and opens what
/// applies to ledger-prod, not to the row the cursor was on; a movement key cancels, visibly.
#[tokio::test]
async fn keys_typed_during_a_jump_wait_for_the_target() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 140, 45, false).await;
    search(&mut model, &api, "ledger-prod").await;
    let mut pending = update(&mut model, orgtui::app::Msg::Key(crossterm::event::KeyEvent::from(KeyCode::Enter)));
    assert!(model.reveal.is_some(), "the jump is under way");
    pending.extend(update(&mut model, key('w')));
    assert_ne!(model.focus, Pane::Chain, "w did not act on the old row");
    assert!(model.toast.as_ref().is_some_and(|t| t.text.contains("waits for the jump")), "{:?}", model.toast);
    support::drive::settle(&mut model, &api, pending).await;
    assert_eq!(selected_name(&model), "ledger-prod");
    assert_eq!(model.focus, Pane::Chain, "w applied to the target once selected");
    let view = model.applies.as_ref().unwrap();
    assert_eq!(view.target.to_string(), "100001544205");

    // A movement key while jumping: the jump stops where it is, and the held key is dropped.
    let mut model = model_for(&api, 140, 45, false).await;
    search(&mut model, &api, "ledger-prod").await;
    let mut pending = update(&mut model, orgtui::app::Msg::Key(crossterm::event::KeyEvent::from(KeyCode::Enter)));
    pending.extend(update(&mut model, key('w')));
    pending.extend(update(&mut model, key('j')));
    assert!(model.reveal.is_none() && model.held.is_empty());
    assert!(model.toast.as_ref().is_some_and(|t| t.text.contains("Jump cancelled")), "{:?}", model.toast);
    support::drive::settle(&mut model, &api, pending).await;
    assert_ne!(selected_name(&model), "ledger-prod", "the cancelled jump did not carry on");
    assert_ne!(model.focus, Pane::Chain);
}

/// Two OUs named Prod tell apart by where they sit; results of equal score come by name.
#[tokio::test]
async fn results_show_where_they_sit_and_equals_come_by_name() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 140, 45, false).await;
    search(&mut model, &api, "prod").await;
    let lines = screen(&model, 140, 45);
    let infra = find(&lines, "Prod  ou-d3mo-infprd01");
    assert!(lines[infra].contains("in Infrastructure"), "{}", lines[infra]);
    let workloads = find(&lines, "Prod  ou-d3mo-wklprd01");
    assert!(lines[workloads].contains("in Workloads"), "{}", lines[workloads]);
    // An account's place is known once the tree has listed it (ListAccounts gives no parent).
    let deep = find(&lines, "ledger-prod  100001544205");
    assert!(!lines[deep].contains(" in "), "not known yet: {}", lines[deep]);
    hit(&mut model, &api, KeyCode::Esc).await;
    search(&mut model, &api, "ledger-prod").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    search(&mut model, &api, "ledger-prod").await;
    let lines = screen(&model, 140, 45);
    let deep = find(&lines, "ledger-prod  100001544205");
    assert!(lines[deep].contains("in Workloads › Prod › Payments"), "{}", lines[deep]);
    // At 80 columns the email gives way to the path, not the path to the email.
    let narrow = screen(&model, 80, 24);
    let deep = find(&narrow, "ledger-prod  100001544205");
    assert!(narrow[deep].contains("…  in Workloads › Prod › Payments"), "{}", narrow[deep]);
    hit(&mut model, &api, KeyCode::Esc).await;
    search(&mut model, &api, "prod").await;
    // Equal scores: by name.
    let Some(Dialog::Search(b)) = &model.dialog else { panic!() };
    let index = &model.search.index;
    for pair in b.hits.windows(2) {
        if pair[0].score == pair[1].score {
            let name =
                |h: &orgtui::search::Hit| index.entry(h.entry).unwrap().text.split("  ").next().unwrap().to_lowercase();
            assert!(name(&pair[0]) <= name(&pair[1]), "{} before {}", name(&pair[0]), name(&pair[1]));
        }
    }
}
