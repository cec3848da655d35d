//! Pure tests of `update`: no terminal, no runtime. Replies are built by hand from the demo data.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::api::ApiError;
use crate::api::memory::MemoryOrg;
use crate::app::{Effect, Source};
use crate::org::tree::{LoadState, NodeKind};
use crate::org::{Children, ParentId};
use crate::snapshot::Snapshot;

fn demo() -> Snapshot {
    MemoryOrg::demo_snapshot().unwrap()
}

fn model() -> Model {
    let mut m = Model::new(Some(demo().organization), Source::Demo, false);
    m.size = (120, 40);
    // Pure: no recovery directory to list.
    m.recovery_dir = None;
    m
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn children_of(s: &Snapshot, parent: &ParentId) -> Children {
    Children {
        ous: s.organizational_units.iter().filter(|o| &o.parent_id == parent).map(|o| o.to_ou()).collect(),
        accounts: s.accounts.iter().filter(|a| &a.parent_id == parent).map(|a| a.to_account()).collect(),
    }
}

fn load_children(effects: &[Effect]) -> Option<(crate::org::tree::NodeId, ParentId, u64)> {
    effects.iter().find_map(|e| match e {
        Effect::LoadChildren { node, parent, req, .. } => Some((*node, parent.clone(), *req)),
        _ => None,
    })
}

/// Starts the app and answers the roots and the root's children, as the worker would.
fn started() -> (Model, Snapshot) {
    let s = demo();
    let mut m = model();
    let effects = init(&mut m);
    let Effect::LoadRoots { req } = effects[0] else { panic!("{effects:?}") };
    let Effect::LoadInbox { req: inbox } = effects[1] else { panic!("{effects:?}") };
    let sent = s.handshakes.iter().filter(|h| h.organization() == Some("o-d3mo1example")).cloned().collect();
    update(&mut m, Msg::Inbox { req: inbox, received: Ok(Vec::new()), sent: Ok(sent) });
    let effects = update(&mut m, Msg::Roots { req, result: Ok(s.roots.clone()) });
    let (node, parent, req) = load_children(&effects).expect("the single root opens by itself");
    update(&mut m, Msg::Children { node, req, result: Ok(children_of(&s, &parent)) });
    (m, s)
}

fn row_names(m: &Model) -> Vec<String> {
    m.rows.iter().map(|r| m.tree.get(r.id).unwrap().kind.name().to_owned()).collect()
}

fn select(m: &mut Model, name: &str) {
    let index = row_names(m).iter().position(|n| n == name).unwrap_or_else(|| panic!("{name} not visible"));
    m.cursor = index;
}

#[test]
fn start_lists_roots_opens_the_only_root_and_counts_requests() {
    let s = demo();
    let mut m = model();
    let effects = init(&mut m);
    assert!(matches!(effects.as_slice(), [Effect::LoadRoots { .. }, Effect::LoadInbox { .. }]), "{effects:?}");
    assert_eq!(m.in_flight, 2);
    let Effect::LoadRoots { req } = effects[0] else { unreachable!() };
    let Effect::LoadInbox { req: inbox } = effects[1] else { unreachable!() };
    update(&mut m, Msg::Inbox { req: inbox, received: Ok(Vec::new()), sent: Ok(Vec::new()) });
    let effects = update(&mut m, Msg::Roots { req, result: Ok(s.roots.clone()) });
    assert!(load_children(&effects).is_some());
    assert!(effects.iter().any(|e| matches!(e, Effect::After { .. })), "details are debounced");
    assert_eq!(m.in_flight, 1, "roots and inbox answered, children asked");
    let (node, parent, req) = load_children(&effects).unwrap();
    assert!(matches!(m.tree.get(node).unwrap().load, LoadState::Loading { .. }));
    update(&mut m, Msg::Children { node, req, result: Ok(children_of(&s, &parent)) });
    assert_eq!(m.in_flight, 0);
    let names = row_names(&m);
    assert_eq!(&names[..4], ["Root", "Policies", "Security", "Infrastructure"]);
    assert!(names.contains(&"management".to_owned()));
}

#[test]
fn a_reply_for_a_collapsed_node_is_dropped() {
    let (mut m, s) = started();
    select(&mut m, "Workloads");
    let effects = update(&mut m, key('l'));
    let (node, parent, req) = load_children(&effects).unwrap();
    let rows_while_loading = m.rows.len();
    update(&mut m, key('h'));
    assert_eq!(m.tree.get(node).unwrap().load, LoadState::NotLoaded);
    update(&mut m, Msg::Children { node, req, result: Ok(children_of(&s, &parent)) });
    assert_eq!(m.tree.get(node).unwrap().load, LoadState::NotLoaded, "stale reply ignored");
    assert!(m.rows.len() <= rows_while_loading);
    assert_eq!(m.in_flight, 0, "a dropped reply still ends its request");
}

#[test]
fn refresh_supersedes_the_request_in_flight() {
    let (mut m, s) = started();
    select(&mut m, "Security");
    let first = load_children(&update(&mut m, key('l'))).unwrap();
    let second = load_children(&update(&mut m, key('r'))).unwrap();
    assert_ne!(first.2, second.2);
    update(&mut m, Msg::Children { node: first.0, req: first.2, result: Ok(Children::default()) });
    assert!(matches!(m.tree.get(first.0).unwrap().load, LoadState::Loading { .. }), "old reply dropped");
    update(&mut m, Msg::Children { node: second.0, req: second.2, result: Ok(children_of(&s, &second.1)) });
    assert_eq!(m.tree.get(second.0).unwrap().load, LoadState::Loaded);
    assert_eq!(m.tree.child_counts(second.0), Some((0, 3)));
}

#[test]
fn a_failed_load_is_shown_on_the_node_and_r_retries() {
    let (mut m, _) = started();
    select(&mut m, "Sandbox");
    let (node, _, req) = load_children(&update(&mut m, key('l'))).unwrap();
    let denied = ApiError::AccessDenied { action: "ListAccountsForParent".into(), message: String::new() };
    let effects = update(&mut m, Msg::Children { node, req, result: Err(denied.clone()) });
    assert_eq!(m.tree.get(node).unwrap().load, LoadState::Failed(denied));
    assert!(m.toast.as_ref().is_some_and(|t| t.is_error && t.text.contains("ListAccountsForParent")));
    assert!(effects.iter().any(|e| matches!(e, Effect::After { .. })), "the toast expires");
    let retry = load_children(&update(&mut m, key('r'))).expect("r asks again");
    assert_eq!(retry.0, node);
}

#[test]
fn navigation_stays_in_bounds_and_h_goes_to_the_parent() {
    let (mut m, _) = started();
    update(&mut m, key('G'));
    assert_eq!(m.cursor, m.rows.len() - 1);
    update(&mut m, key('j'));
    assert_eq!(m.cursor, m.rows.len() - 1);
    update(&mut m, key('g'));
    assert_eq!(m.cursor, 0);
    update(&mut m, key('k'));
    assert_eq!(m.cursor, 0);
    select(&mut m, "Security");
    update(&mut m, key('h'));
    assert_eq!(row_names(&m)[m.cursor], "Root");
    update(&mut m, key('h'));
    assert_eq!(row_names(&m), ["Root"], "h on an open node collapses it");
}

#[test]
fn details_load_after_the_cursor_rests_and_policies_are_cached() {
    let (mut m, s) = started();
    select(&mut m, "Policies");
    let (group, req) = {
        let effects = update(&mut m, key('l'));
        effects
            .iter()
            .find_map(|e| match e {
                Effect::LoadAttached { node, req, types, .. } => {
                    assert_eq!(types[0].as_str(), "SERVICE_CONTROL_POLICY");
                    Some((*node, *req))
                }
                _ => None,
            })
            .expect("expanding the group lists its policies")
    };
    let attached: Vec<_> = s
        .policies
        .iter()
        .filter(|p| p.target_ids.iter().any(|t| t.as_str() == "r-d3mo"))
        .map(|p| p.summary())
        .collect();
    update(&mut m, Msg::Attached { node: group, req, result: Ok(attached) });
    // Move onto the first policy: a debounce timer, then the load.
    let effects = update(&mut m, key('j'));
    let Some(Effect::After { msg: MsgLater::DetailsDue { req }, .. }) = effects.first() else { panic!("{effects:?}") };
    assert!(matches!(m.selected_kind(), Some(NodeKind::Policy(_))));
    let effects = update(&mut m, Msg::DetailsDue { req: *req });
    let Some(Effect::LoadPolicy { id, req }) = effects.iter().find(|e| matches!(e, Effect::LoadPolicy { .. })).cloned()
    else {
        panic!("{effects:?}")
    };
    let record = s.policies.iter().find(|p| p.id == id).unwrap();
    let policy = crate::org::Policy { summary: record.summary(), content: record.content.clone() };
    update(&mut m, Msg::Policy { id: id.clone(), req, result: Ok(Box::new(crate::policy::prepare(policy))) });
    assert!(m.policies[&id].prepared.as_ref().is_some_and(|p| p.valid_json && p.lines.len() > 3));
    // Leave and come back: no second request for the same policy.
    update(&mut m, key('k'));
    let effects = update(&mut m, key('j'));
    let Some(Effect::After { msg: MsgLater::DetailsDue { req }, .. }) = effects.first() else { panic!() };
    let effects = update(&mut m, Msg::DetailsDue { req: *req });
    assert!(!effects.iter().any(|e| matches!(e, Effect::LoadPolicy { .. })), "{effects:?}");
}

#[test]
fn an_older_debounce_timer_does_nothing() {
    let (mut m, _) = started();
    let first = update(&mut m, key('j'));
    let _second = update(&mut m, key('j'));
    let Some(Effect::After { msg: MsgLater::DetailsDue { req }, .. }) = first.first() else { panic!() };
    assert!(update(&mut m, Msg::DetailsDue { req: *req }).is_empty());
    assert!(!m.dirty);
}

#[test]
fn keys_quit_help_focus_and_unbound_keys() {
    let (mut m, _) = started();
    update(&mut m, key('x'));
    assert!(!m.dirty, "an unbound key changes nothing and draws nothing");
    update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    assert_eq!(m.focus, Pane::Details);
    update(&mut m, key('?'));
    assert!(m.help_scroll.is_some());
    update(&mut m, key('q'));
    assert!(m.help_scroll.is_none() && !m.quit, "q closes the help first");
    update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert!(m.quit);
    let mut m2 = model();
    update(&mut m2, Msg::Terminate);
    assert!(m2.quit);
}

#[test]
fn a_resize_keeps_the_cursor_on_screen() {
    let (mut m, _) = started();
    update(&mut m, key('G'));
    update(&mut m, Msg::Resize(80, 12));
    let page = m.tree_page();
    assert!(m.cursor >= m.tree_offset && m.cursor < m.tree_offset + page);
}

#[test]
fn when_a_refresh_removes_the_selected_node_the_new_selection_loads_its_details() {
    let (mut m, s) = started();
    select(&mut m, "Security");
    let (node, parent, req) = load_children(&update(&mut m, key('l'))).unwrap();
    update(&mut m, Msg::Children { node, req, result: Ok(children_of(&s, &parent)) });
    // Refresh Security, then move onto "audit" while the reply is on its way.
    select(&mut m, "Security");
    let (node, _, req) = load_children(&update(&mut m, key('r'))).unwrap();
    select(&mut m, "audit");
    // The refreshed listing no longer has "audit".
    let mut children = children_of(&s, &parent);
    children.accounts.retain(|a| a.name != "audit");
    let effects = update(&mut m, Msg::Children { node, req, result: Ok(children) });
    assert!(!row_names(&m).contains(&"audit".to_owned()));
    assert!(effects.iter().any(|e| matches!(e, Effect::After { msg: MsgLater::DetailsDue { .. }, .. })), "{effects:?}");
}

#[test]
fn scrolling_stops_where_the_last_line_reaches_the_bottom() {
    let (mut m, _) = started();
    // Small enough that the root's details and the help overflow their panes.
    input(&mut m, Msg::Resize(60, 14));
    input(&mut m, Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    assert_eq!(m.focus, Pane::Details);
    input(&mut m, key('G'));
    let bottom = m.details_scroll;
    assert!(bottom > 0);
    assert_eq!(bottom, crate::ui::measure(&m).details);
    input(&mut m, key('j'));
    assert_eq!(m.details_scroll, bottom, "no scrolling past the end");
    input(&mut m, key('k'));
    assert_eq!(m.details_scroll, bottom - 1, "back up at once");
    input(&mut m, key('?'));
    input(&mut m, key('G'));
    let help_bottom = m.help_scroll.unwrap();
    assert!(help_bottom > 0);
    assert_eq!(help_bottom, crate::ui::measure(&m).help);
    input(&mut m, key('k'));
    assert_eq!(m.help_scroll, Some(help_bottom - 1));
}

#[test]
fn scrolling_steps_within_the_measure_it_was_handed_and_asks_the_view_nothing() {
    let (mut m, _) = started();
    update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
    assert_eq!(m.focus, Pane::Details);
    m.scroll_limits.details = 3;
    update(&mut m, key('G'));
    assert_eq!(m.details_scroll, 3);
    update(&mut m, key('j'));
    assert_eq!(m.details_scroll, 3, "held at the measure");
    m.scroll_limits.details = 1; // the terminal grew: less to scroll
    update(&mut m, key('k'));
    assert_eq!(m.details_scroll, 1, "clamped to the new measure, then stepped back up");
}

/// A key or resize as the event loop delivers it: the view's scroll measure first.
fn input(m: &mut Model, msg: Msg) -> Vec<Effect> {
    crate::ui::measure_for(m, &msg);
    update(m, msg)
}

#[test]
fn what_applies_asks_for_every_level_at_once_then_only_the_effective_policies_attached_on_the_path() {
    let (mut m, s) = started();
    select(&mut m, "billing-tools");
    let effects = update(&mut m, key('w'));
    assert_eq!(m.focus, Pane::Chain);
    let groups: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadAttached { node, target, req, .. } => Some((*node, target.clone(), *req)),
            _ => None,
        })
        .collect();
    assert_eq!(groups.len(), 2, "the root's and the account's policies, together: {effects:?}");
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::LoadEffective { .. })),
        "effective policies wait for the path's lists: {effects:?}"
    );
    let mut effects = Vec::new();
    for (node, target, req) in groups {
        let attached = s.policies.iter().filter(|p| p.target_ids.contains(&target)).map(|p| p.summary()).collect();
        effects.extend(update(&mut m, Msg::Attached { node, req, result: Ok(attached) }));
    }
    let types: Vec<&str> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadEffective { policy_type, .. } => Some(policy_type.as_str()),
            _ => None,
        })
        .collect();
    // The root holds a tag and an AI opt-out policy, and no backup policy is attached on the path.
    assert_eq!(types, ["AISERVICES_OPT_OUT_POLICY", "TAG_POLICY"], "types attached on the path only");
    let backup = (crate::org::AccountId::parse("100000205894").unwrap(), crate::org::PolicyType::new("BACKUP_POLICY"));
    assert_eq!(m.effective[&backup].load, LoadState::Loaded, "none applies, known without asking");
    assert!(m.effective[&backup].found.is_none());
    let (account, policy_type, req) = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadEffective { account, policy_type, req } => Some((account.clone(), policy_type.clone(), *req)),
            _ => None,
        })
        .unwrap();
    let key_of = (account.clone(), policy_type.clone());
    update(
        &mut m,
        Msg::Effective { account: account.clone(), policy_type: policy_type.clone(), req: req + 999, result: Ok(None) },
    );
    assert!(matches!(m.effective[&key_of].load, LoadState::Loading { .. }), "a reply to another request is dropped");
    update(&mut m, Msg::Effective { account, policy_type, req, result: Ok(None) });
    assert_eq!(m.effective[&key_of].load, LoadState::Loaded);
    assert!(m.effective[&key_of].found.is_none(), "none found is an answer, not an error");
    // Esc goes back to the tree; the view's state is kept for the next w.
    update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert_eq!(m.focus, Pane::Tree);
    assert!(m.applies.is_some());
}

#[test]
fn what_applies_on_a_policy_says_what_w_and_u_are_for() {
    let (mut m, s) = started();
    let root_group = m.tree.policies_group(m.tree.roots()[0]).unwrap();
    let scp = s.policies.iter().find(|p| p.name == "FullAWSAccess").unwrap().summary();
    m.tree.set_policies(root_group, vec![scp]);
    if let Some(g) = m.tree.get_mut(root_group) {
        g.expanded = true;
    }
    tree::rebuild_rows(&mut m);
    select(&mut m, "FullAWSAccess");
    update(&mut m, key('w'));
    assert_eq!(m.focus, Pane::Tree);
    assert!(m.toast.as_ref().is_some_and(|t| t.text.contains("u shows where it is attached")), "{:?}", m.toast);
    let effects = update(&mut m, key('u'));
    assert!(matches!(effects.as_slice(), [Effect::LoadTargets { .. }]), "{effects:?}");
    assert!(matches!(m.dialog, Some(crate::app::dialog::Dialog::WhereUsed { .. })));
}

#[test]
fn policy_texts_follow_their_list_even_with_the_inbox_over_the_view() {
    let (mut m, s) = started();
    select(&mut m, "billing-tools");
    let effects = update(&mut m, key('w'));
    update(&mut m, key('i'));
    assert_eq!(m.focus, Pane::Inbox);
    let (node, req) = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadAttached { node, req, target, .. } if target.as_str() == "r-d3mo" => Some((*node, *req)),
            _ => None,
        })
        .expect("the root's policies are asked for");
    let attached = s.policies.iter().filter(|p| p.target_ids.iter().any(|t| t.as_str() == "r-d3mo"));
    let effects = update(&mut m, Msg::Attached { node, req, result: Ok(attached.map(|p| p.summary()).collect()) });
    let texts = effects.iter().filter(|e| matches!(e, Effect::LoadPolicy { .. })).count();
    assert_eq!(texts, 4, "the root's two SCPs and two RCPs, read for `i` to return to: {effects:?}");
}
