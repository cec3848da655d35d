//! What the user sees: the view rendered with ratatui's TestBackend over the demo organization.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orgtui::api::OrgApi;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::{Model, Msg};
use orgtui::snapshot::Snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::drive;
use support::view::{find, press, screen};

/// The demo organization, started and settled at the given size.
async fn demo(width: u16, height: u16, read_only: bool) -> (MemoryOrg, Model) {
    let api = MemoryOrg::demo().unwrap();
    let model = support::view::model_for(&api, width, height, read_only).await;
    (api, model)
}

#[tokio::test]
async fn demo_at_120x40_shows_tree_details_status_and_footer() {
    let (_api, model) = demo(120, 40, false).await;
    let lines = screen(&model, 120, 40);
    assert!(lines[0].starts_with("┌ ▶ Organization"), "the focused pane says so");
    find(&lines, "▾ ◆ Root  r-d3mo");
    find(&lines, "▸ ▣ Security");
    find(&lines, "● management  111122223333  ACTIVE");
    // Details of the selected root, with its attached policies loaded after the debounce.
    find(&lines, "Id         r-d3mo");
    find(&lines, "SCP        FullAWSAccess, DenyLeaveOrganization");
    let status = &lines[38];
    assert!(
        status.contains("o-d3mo1example")
            && status.contains("mgmt 111122223333")
            && status.contains("demo organization"),
        "{status}"
    );
    assert!(!status.contains("READ-ONLY"));
    assert!(lines[39].contains("j/k move") && lines[39].contains("q quit"), "{}", lines[39]);
}

#[tokio::test]
async fn a_policy_is_shown_highlighted_with_line_numbers() {
    let (api, mut model) = demo(120, 40, false).await;
    // Root, Policies group (expand), second policy: DenyLeaveOrganization.
    press(&mut model, &api, "jljj").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Policy · DenyLeaveOrganization");
    let first = find(&lines, " 1 {");
    assert!(lines[first + 1].contains("\"Version\": \"2012-10-17\""), "{}", lines[first + 1]);
    find(&lines, "\"organizations:LeaveOrganization\"");
    // Highlighted: the key and the value are drawn in different colours.
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| orgtui::ui::view(&model, f)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let y = u16::try_from(first + 1).unwrap();
    let row: Vec<_> = (0..120).map(|x| buffer[(x, y)].clone()).collect();
    let text: String = row.iter().map(|c| c.symbol()).collect();
    let key_x = text.find("Version").unwrap() + 1;
    let value_x = text.find("2012").unwrap();
    assert_ne!(row[key_x].fg, row[value_x].fg);
    // On a screen too short for the whole policy, G in the policy pane brings the closing brace to
    // the last row, and no further.
    drive::send(&mut model, &api, Msg::Resize(120, 20)).await;
    let tab = Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    drive::send(&mut model, &api, tab.clone()).await;
    drive::send(&mut model, &api, tab).await;
    press(&mut model, &api, "Gj").await;
    let lines = screen(&model, 120, 20);
    assert!(model.policy_scroll > 0);
    let last = find(&lines, "13 }");
    assert!(lines[last + 1].contains("┘"), "{}", lines.join("\n"));
}

#[tokio::test]
async fn an_account_shows_email_state_path_tags_and_policies_at_80x24() {
    let (api, mut model) = demo(80, 24, false).await;
    // Security is the third row; open it and go to its first account (after its Policies group).
    press(&mut model, &api, "jjljj").await;
    let lines = screen(&model, 80, 24);
    find(&lines, "log-archive");
    find(&lines, "aws+log-archive@example-corp.com");
    find(&lines, "State      ACTIVE");
    find(&lines, "Path       Root / Security");
    assert_eq!(lines.len(), 24);
    assert!(
        lines[23].contains("w applies") && lines[23].contains("? help"),
        "the account's own keys first: {}",
        lines[23]
    );
    // At 120×40 the tags and attached policies fit as well.
    drive::send(&mut model, &api, Msg::Resize(120, 40)).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Joined     created 2019-06-02 08:00 UTC");
    find(&lines, "owner = security-team");
    find(&lines, "SCP        FullAWSAccess");
}

#[tokio::test]
async fn a_tiny_terminal_gets_a_note_not_a_panic() {
    let (_api, model) = demo(30, 8, false).await;
    let lines = screen(&model, 30, 8);
    find(&lines, "bigger terminal");
    find(&lines, "30×8 now");
    let one = screen(&model, 1, 1);
    assert_eq!(one.len(), 1);
}

#[tokio::test]
async fn read_only_shows_its_badge() {
    let (_api, model) = demo(120, 40, true).await;
    assert!(screen(&model, 120, 40)[38].starts_with("  READ-ONLY   ✉ 2 waiting  o-d3mo1example"));
    // Even where the rest of the status bar is cut off.
    assert!(screen(&model, 60, 20)[18].contains("READ-ONLY"));
}

#[tokio::test]
async fn help_overlay_lists_the_keymap() {
    let (api, mut model) = demo(120, 40, false).await;
    press(&mut model, &api, "?").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Keys");
    find(&lines, "expand (load children)");
    find(&lines, "reload the selected node");
    assert!(lines[39].contains("Esc close"), "{}", lines[39]);
}

#[tokio::test]
async fn names_full_of_escape_sequences_are_drawn_harmless() {
    let mut snapshot = MemoryOrg::demo_snapshot().unwrap();
    let evil = "\u{1b}]0;pwned-title\u{7}evil\u{1b}[2J\u{1b}[31m-name\u{202e}txt\u{9b}1;1H";
    snapshot.accounts[0].name = evil.to_owned();
    snapshot.accounts[0].tags[0].value = "\u{1b}c\u{1b}[?1049lreset".to_owned();
    snapshot.organizational_units[0].name = "Sec\u{7}urity\u{1b}]8;;http://x\u{1b}\\".to_owned();
    let api = MemoryOrg::new(snapshot);
    let mut model = support::view::model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "G").await;
    // Select the management account (first account of the snapshot), whose name is the evil one.
    while model.selected_kind().is_none_or(|k| k.name() != evil) {
        press(&mut model, &api, "k").await;
    }
    let lines = screen(&model, 120, 40);
    let all = lines.join("\n");
    find(&lines, "evil-nametxt");
    find(&lines, "Security");
    find(&lines, "owner = reset");
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!all.contains(bad), "{bad:?} reached the screen");
    }
    assert!(!all.contains("pwned-title") && !all.contains("[2J") && !all.contains("1049"), "{all}");
}

#[tokio::test]
async fn a_snapshot_file_round_trips_through_the_crawler() {
    // Crawl the demo (memory backend) and compare with the file it came from.
    let source = MemoryOrg::demo_snapshot().unwrap();
    let api: std::sync::Arc<dyn OrgApi> = std::sync::Arc::new(MemoryOrg::new(source.clone()));
    let org = api.describe_organization().await.unwrap();
    let crawled = orgtui::snapshot::crawl::crawl(api, org, true, |_| {}).await.unwrap();
    assert_eq!(support::seed::parents(&crawled), support::seed::parents(&source));
    assert_eq!(crawled.policies.len(), source.policies.len());
    let tags = |s: &Snapshot| s.accounts.iter().map(|a| a.tags.len()).sum::<usize>();
    assert_eq!(tags(&crawled), tags(&source));
    // The organization's own handshakes (the demo also holds one another organization sent).
    let own: Vec<_> =
        source.handshakes.iter().filter(|h| h.organization() == Some("o-d3mo1example")).cloned().collect();
    assert_eq!(crawled.handshakes, own);
    let mut expected = source.effective_policies.clone();
    expected.sort_by(|a, b| (&a.target_id, &a.policy_type).cmp(&(&b.target_id, &b.policy_type)));
    assert!(!expected.is_empty());
    assert_eq!(crawled.effective_policies, expected);
    // The accounts whose management policy is not enforced, each with why.
    let mut invalid = crawled.invalid_effective_policies.clone();
    invalid.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    assert_eq!(invalid, source.invalid_effective_policies);
    assert!(invalid.iter().all(|i| !i.errors.is_empty()), "{invalid:?}");
}

#[tokio::test]
async fn a_quick_snapshot_has_the_whole_structure_and_says_what_it_left_out() {
    let source = MemoryOrg::demo_snapshot().unwrap();
    let api: std::sync::Arc<dyn OrgApi> = std::sync::Arc::new(MemoryOrg::new(source.clone()));
    let org = api.describe_organization().await.unwrap();
    let quick = orgtui::snapshot::crawl::crawl(api, org, false, |_| {}).await.unwrap();
    assert_eq!(support::seed::parents(&quick), support::seed::parents(&source));
    assert_eq!(quick.policies.len(), source.policies.len());
    assert!(quick.accounts.iter().all(|a| a.tags.is_empty()) && quick.effective_policies.is_empty());
    assert_eq!(quick.omitted, ["tags", "effective_policies", "handshakes"]);
    let json = quick.to_json().unwrap();
    assert!(json.contains("\"omitted\""), "the file says so too");
    assert!(!source.to_json().unwrap().contains("\"omitted\""), "a full snapshot has no such field");

    // Browsing it: the missing tags are not "none", and not a failure either.
    let browsed = MemoryOrg::new(quick.clone());
    let account = orgtui::org::TargetId::Account(quick.accounts[0].id.clone());
    let e = browsed.list_tags(&account.into()).await.unwrap_err();
    assert!(e.is_not_recorded() && e.to_string().contains("taken with --quick"), "{e}");
    let mut model = support::view::model_for(&browsed, 120, 40, true).await;
    model.source = orgtui::app::Source::Snapshot { path: "quick.json".into(), taken_at: "2026-12-01".into() };
    press(&mut model, &browsed, "lj").await;
    support::view::select(&mut model, &browsed, "management").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "not in this snapshot: taken with --quick");
    assert!(!lines.join("\n").contains("r retries") && !lines.join("\n").contains('✗'), "{}", lines.join("\n"));
    find(&lines, "SNAPSHOT · READ-ONLY");
}

#[tokio::test]
async fn a_failed_expansion_is_drawn_inline_with_the_retry_key_and_explained_in_details() {
    use orgtui::api::ApiError;
    use orgtui::org::tree::LoadState;
    let (api, mut model) = demo(120, 40, false).await;
    press(&mut model, &api, "jj").await;
    let node = model.selected().unwrap();
    model.tree.get_mut(node).unwrap().load = LoadState::Failed(ApiError::AccessDenied {
        action: "ListOrganizationalUnitsForParent".into(),
        message: String::new(),
    });
    let lines = screen(&model, 120, 40);
    let row = find(&lines, "▸ ▣ Security");
    assert!(lines[row].contains("✗ AccessDenied r retries"), "{}", lines[row]);
    find(&lines, "✗ Loading what is under it failed: access denied to");
    find(&lines, "organizations:ListOrganizationalUnitsForParent");
}

#[tokio::test]
async fn scrolling_to_the_bottom_shows_a_full_last_page() {
    let (api, mut model) = demo(80, 16, false).await;
    drive::send(&mut model, &api, Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE))).await;
    press(&mut model, &api, "G").await;
    let lines = screen(&model, 80, 16);
    // The root's last detail line sits on the pane's last row, and the pane is full above it.
    let last = find(&lines, "Tag        CostCenterTags");
    assert!(lines[last + 1].contains("┘"), "{}", lines.join("\n"));
    assert!(lines[1].contains("Attached policies"), "{}", lines.join("\n"));
}
