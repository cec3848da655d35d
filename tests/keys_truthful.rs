//! The footer is a promise: over the demo, a snapshot, read-only mode and a member account, on every
//! screen and row kind, every key the help lists as working here does something (changes the model
//! or asks for work), every other key of the screen changes nothing but a one-line reason, and the
//! footer shows only keys the help lists.

mod support;

use crossterm::event::{KeyEvent, KeyModifiers};
use orgtui::api::OrgApi;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::update::{contexts, update};
use orgtui::app::{Effect, Model, Msg, MsgLater, Pane, Source, keys, layout};
use orgtui::keymap::{self, Binding};
use orgtui::org::AccountId;
use orgtui::org::tree::NodeKind;

use support::drive;
use support::view::{key, model_for, press};

/// What the model looks like to the user and to the app, less what a reason itself changes (the
/// toast and the ids it takes).
fn fingerprint(model: &Model) -> String {
    let mut m = model.clone();
    m.toast = None;
    m.dirty = false;
    m.next_id = 0;
    format!("{m:?}")
}

fn real(effects: &[Effect]) -> Vec<&Effect> {
    effects.iter().filter(|e| !matches!(e, Effect::After { msg: MsgLater::ToastExpired { .. }, .. })).collect()
}

fn event(key: &keymap::Key) -> KeyEvent {
    // Capitals come from the terminal with Shift.
    let mods = match key.code {
        crossterm::event::KeyCode::Char(c) if c.is_ascii_uppercase() => key.mods | KeyModifiers::SHIFT,
        _ => key.mods,
    };
    KeyEvent::new(key.code, mods)
}

/// Checks every key of the screen `model` is on; returns how many keys were pressed.
fn check_screen(model: &Model, screen: &str) -> usize {
    let bindings: Vec<&Binding> = keymap::active(contexts(model)).collect();
    let available = keys::available(model);
    let listed: Vec<_> = available.iter().filter_map(|b| b.hint).collect();
    for hint in layout::footer_hints(model, 250) {
        assert!(
            listed.contains(&hint.hint),
            "{screen}: the footer shows {:?}, which the help does not list",
            hint.hint
        );
    }
    let before = fingerprint(model);
    let mut pressed = 0;
    // The `?` overlay lists exactly what works on the screen under it.
    let mut help = model.clone();
    help.dialog = None;
    help.help_scroll = Some(0);
    if model.dialog.is_none() && model.help_scroll.is_none() {
        let listed = keys::available_behind_help(&help);
        assert!(
            listed.len() == available.len() && listed.iter().zip(&available).all(|(a, b)| std::ptr::eq(*a, *b)),
            "{screen}: the help lists other keys than work here"
        );
    }
    for b in bindings {
        let works = available.iter().any(|a| std::ptr::eq(*a, b));
        for k in b.keys {
            pressed += 1;
            let mut m = model.clone();
            let effects = update(&mut m, Msg::Key(event(k)));
            let what = format!("{screen}: {} ({:?})", keymap::key_name(k), b.action);
            if works {
                let changed = fingerprint(&m) != before || !real(&effects).is_empty();
                // Moving may rightly do nothing (the top row, a short text), except where there is
                // nothing to move through: a member account's view, which has no tree, or an empty inbox.
                let nowhere = (model.tree_unavailable().is_some() && model.focus == Pane::Tree)
                    || (model.focus == Pane::Inbox && model.inbox.selected().is_none() && model.dialog.is_none());
                assert!(
                    changed || (keys::is_navigation(b.action) && !nowhere),
                    "{what} is listed as working here but did nothing (toast {:?})",
                    m.toast
                );
            } else {
                assert_eq!(fingerprint(&m), before, "{what} is not listed here, yet changed the model");
                assert!(real(&effects).is_empty(), "{what} is not listed here, yet asked for {effects:?}");
                let toast = m.toast.as_ref().unwrap_or_else(|| panic!("{what} does nothing and says nothing"));
                assert!(toast.text.ends_with('.') && !toast.text.contains('\n'), "{what}: {:?}", toast.text);
            }
        }
    }
    pressed
}

/// Walks the screens a user meets: every row kind of the tree (with the panes beside it), the inbox
/// and its handshakes, what applies, and the dialogs the tree's keys open.
async fn walk(model: &mut Model, api: &dyn OrgApi, name: &str) -> usize {
    let mut pressed = 0;
    pressed += check_screen(model, &format!("{name}, first screen"));
    if model.tree_unavailable().is_none() {
        // Open the root, Workloads, its Policies group and an account's, so every row kind shows.
        for name in ["Root", "Policies", "Workloads", "Prod"] {
            if let Some(i) = model
                .rows
                .iter()
                .position(|r| model.tree.get(r.id).is_some_and(|n| n.kind.name() == name && !n.expanded))
            {
                model.cursor = i;
                press(model, api, "l").await;
            }
        }
        let mut kinds_seen: Vec<String> = Vec::new();
        for i in 0..model.rows.len() {
            let Some(row) = model.rows.get(i).copied() else { continue };
            let Some(kind) = model.tree.get(row.id).map(|n| n.kind.clone()) else { continue };
            let label = match &kind {
                // The drift view's rows for what was removed since the older snapshot.
                _ if row.gone.is_some() => "removed row".to_owned(),
                NodeKind::Root(_) => "root".to_owned(),
                NodeKind::Ou(_) => "OU".to_owned(),
                NodeKind::Account(_) => "account".to_owned(),
                NodeKind::Policies { .. } => "policies group".to_owned(),
                NodeKind::Policy(p) if p.aws_managed => "AWS-managed policy".to_owned(),
                NodeKind::Policy(p) => format!("{} policy", p.policy_type.short()),
            };
            if kinds_seen.contains(&label) {
                continue;
            }
            kinds_seen.push(label.clone());
            // Moved to as a user would, so the panes beside it load what they show.
            press(model, api, "g").await;
            for _ in 0..i {
                press(model, api, "j").await;
            }
            pressed += check_screen(model, &format!("{name}, tree on a {label}"));
            for (pane, label2) in [(Pane::Details, "details"), (Pane::Policy, "policy pane")] {
                let mut m = model.clone();
                m.focus = pane;
                pressed += check_screen(&m, &format!("{name}, {label2} beside a {label}"));
            }
            // The dialogs and views the row's keys open, each checked as a screen of its own.
            for opener in ["A", "u", "T", "N", "w", "D", "X", "M", "/", "?", "o"] {
                let mut m = model.clone();
                drive::send(&mut m, api, key(opener.chars().next().unwrap_or(' '))).await;
                if m.dialog.is_some() || m.help_scroll.is_some() || m.focus != model.focus {
                    pressed += check_screen(&m, &format!("{name}, {opener} on a {label}"));
                    if opener == "w" {
                        let mut c = m.clone();
                        drive::send(&mut c, api, key('c')).await;
                        pressed += check_screen(&c, &format!("{name}, the check form on a {label}"));
                    }
                    if opener == "/" {
                        let mut s = m.clone();
                        press(&mut s, api, "prod").await;
                        pressed += check_screen(&s, &format!("{name}, a search on a {label}"));
                    }
                }
            }
        }
        assert!(kinds_seen.len() >= 6, "{name}: every row kind was visited: {kinds_seen:?}");
    }
    // The inbox: every handshake, in the list and read in full.
    let mut inbox = model.clone();
    drive::send(&mut inbox, api, key('i')).await;
    pressed += check_screen(&inbox, &format!("{name}, inbox"));
    for i in 0..inbox.inbox.visible().len() {
        inbox.inbox.cursor = i;
        pressed += check_screen(&inbox, &format!("{name}, inbox on handshake {i}"));
        let mut read = inbox.clone();
        read.focus = Pane::Handshake;
        pressed += check_screen(&read, &format!("{name}, handshake {i} in full"));
        for answer in ['a', 'd', 'c'] {
            let mut m = inbox.clone();
            drive::send(&mut m, api, key(answer)).await;
            if m.dialog.is_some() {
                pressed += check_screen(&m, &format!("{name}, {answer} on handshake {i}"));
            }
        }
    }
    pressed
}

#[tokio::test]
async fn every_key_shown_works_and_every_other_key_says_why() {
    let demo = MemoryOrg::demo().unwrap();
    let mut model = model_for(&demo, 120, 40, false).await;
    let pressed = walk(&mut model, &demo, "demo").await;
    assert!(pressed > 1_000, "the walk pressed {pressed} keys");

    let mut model = model_for(&demo, 120, 40, true).await;
    walk(&mut model, &demo, "read-only demo").await;

    let mut model = model_for(&demo, 120, 40, true).await;
    model.source = Source::Snapshot { path: "org.json".into(), taken_at: "2026-12-01 08:21 UTC".into() };
    walk(&mut model, &demo, "snapshot").await;

    let member = MemoryOrg::demo().unwrap().with_caller(AccountId::parse("100000205894").unwrap());
    let mut model = model_for(&member, 120, 40, false).await;
    walk(&mut model, &member, "member account").await;

    let outside = MemoryOrg::demo().unwrap().with_caller(AccountId::parse("444455556666").unwrap());
    let mut model = model_for(&outside, 120, 40, false).await;
    walk(&mut model, &outside, "invited account").await;
}

/// The drift view (`--compare OLD`): a removed account (in Workloads/Prod) and a policy detached
/// from the root are rows too, where nothing can be done, and the footer says only what works.
#[tokio::test]
async fn in_the_drift_view_every_key_shown_works_on_removed_rows_too() {
    let demo = MemoryOrg::demo().unwrap();
    let new = MemoryOrg::demo_snapshot().unwrap();
    let mut old = new.clone();
    let mut gone = old.accounts.iter().find(|a| a.parent_id.as_str() == "ou-d3mo-wklprd01").unwrap().clone();
    gone.id = AccountId::parse("999988887777").unwrap();
    gone.name = "gone-acct".into();
    old.accounts.push(gone);
    let root = orgtui::org::TargetId::Root(old.roots[0].id.clone());
    old.policies.iter_mut().find(|p| p.id.as_str() == "p-sbxguard1").unwrap().target_ids.push(root);
    let mut model = model_for(&demo, 120, 40, false).await;
    model.drift = Some(std::sync::Arc::new(orgtui::drift::marks::Marks::new("old.json".into(), &old, &new)));
    walk(&mut model, &demo, "drift view").await;
    let gone: Vec<_> = model.rows.iter().filter(|r| r.gone.is_some()).collect();
    assert_eq!(gone.len(), 2, "the removed account and the detached policy are shown in place");
}

/// The findings that started this: keys shown where they could not work.
#[tokio::test]
async fn the_footer_offers_only_what_works_on_the_row() {
    let demo = MemoryOrg::demo().unwrap();
    let mut model = model_for(&demo, 200, 40, false).await;
    let footer = |m: &Model| layout::footer_hints(m, 200).iter().map(|h| h.hint.1).collect::<Vec<_>>();
    // On the root: no edit, no detach, no where-used; types and attach are there.
    let on_root = footer(&model);
    for absent in ["edit", "detach", "used", "delete"] {
        assert!(!on_root.contains(&absent), "{absent} on the root: {on_root:?}");
    }
    for present in ["attach", "types", "applies", "new"] {
        assert!(on_root.contains(&present), "{present} missing on the root: {on_root:?}");
    }
    // An SCP under the root's Policies group: edit, rename, detach, where-used, delete; no "applies".
    press(&mut model, &demo, "jl").await;
    let i = model
        .rows
        .iter()
        .position(|r| matches!(model.tree.get(r.id).map(|n| &n.kind), Some(NodeKind::Policy(p)) if !p.aws_managed))
        .unwrap();
    model.cursor = i;
    let on_policy = footer(&model);
    for present in ["edit", "rename", "detach", "used", "delete"] {
        assert!(on_policy.contains(&present), "{present} missing on a policy: {on_policy:?}");
    }
    assert!(!on_policy.contains(&"applies"), "{on_policy:?}");
    // Pressed anyway, w says why in one line.
    drive::send(&mut model, &demo, key('w')).await;
    support::view::assert_toast(&model, "u shows where it is attached");
    // Read-only: the changing keys are gone and say so.
    let mut model = model_for(&demo, 200, 40, true).await;
    assert!(!footer(&model).contains(&"attach"));
    drive::send(&mut model, &demo, key('A')).await;
    support::view::assert_toast(&model, "Read-only: nothing is changed.");
    assert!(model.dialog.is_none());
}

fn special(code: crossterm::event::KeyCode, mods: KeyModifiers) -> Msg {
    Msg::Key(KeyEvent::new(code, mods))
}

/// Esc is back on every main screen, Ctrl-c quits from anywhere, and a destructive confirmation
/// takes y only.
#[tokio::test]
async fn esc_goes_back_ctrl_c_quits_and_a_confirmation_waits_for_y() {
    use crossterm::event::KeyCode;
    let demo = MemoryOrg::demo().unwrap();
    let mut model = model_for(&demo, 120, 40, false).await;
    let esc = || special(KeyCode::Esc, KeyModifiers::NONE);
    // Panes back to the tree; the handshake back to the list, the list back to the tree.
    for pane in [Pane::Details, Pane::Policy] {
        let mut m = model.clone();
        m.focus = pane;
        update(&mut m, esc());
        assert_eq!(m.focus, Pane::Tree, "Esc from {pane:?}");
    }
    let mut m = model.clone();
    drive::send(&mut m, &demo, key('i')).await;
    drive::send(&mut m, &demo, special(KeyCode::Enter, KeyModifiers::NONE)).await;
    assert_eq!(m.focus, Pane::Handshake);
    update(&mut m, esc());
    assert_eq!(m.focus, Pane::Inbox);
    update(&mut m, esc());
    assert_eq!(m.focus, Pane::Tree);
    // Ctrl-c quits from a form, the search box, the picker, help and a confirmation alike.
    for opener in ["I", "/", "A", "?", "o"] {
        let mut m = model.clone();
        press(&mut m, &demo, opener).await;
        update(&mut m, special(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert!(m.quit, "Ctrl-c after {opener}");
    }
    // A detach: Enter answers nothing, n changes nothing, y goes ahead.
    press(&mut model, &demo, "jljj").await;
    press(&mut model, &demo, "D").await;
    assert!(matches!(model.dialog, Some(orgtui::app::dialog::Dialog::ConfirmAttachment { .. })));
    let before = fingerprint(&model);
    let effects = update(&mut model, special(KeyCode::Enter, KeyModifiers::NONE));
    assert!(real(&effects).is_empty() && fingerprint(&model) == before, "Enter does nothing in a confirmation");
    let mut no = model.clone();
    let effects = update(&mut no, key('n'));
    assert!(no.dialog.is_none() && real(&effects).is_empty(), "n: nothing changed");
    // The what-if was worked out while the keys settled; y goes ahead.
    let effects = update(&mut model, key('y'));
    assert!(matches!(real(&effects).as_slice(), [Effect::Change { .. }]), "{effects:?}");
}

/// A snapshot is read-only unless asked otherwise, and its refusal says how to try changes.
#[tokio::test]
async fn a_snapshot_refuses_changes_and_says_how_to_try_them() {
    let demo = MemoryOrg::demo().unwrap();
    let mut model = model_for(&demo, 120, 40, true).await;
    model.source = Source::Snapshot { path: "org.json".into(), taken_at: "2026-12-01 08:21 UTC".into() };
    press(&mut model, &demo, "jljj").await;
    drive::send(&mut model, &demo, key('e')).await;
    assert!(model.dialog.is_none() && model.edit.is_none());
    support::view::assert_toast(
        &model,
        "A snapshot is read-only: nothing is changed (--edit-in-memory tries changes in memory).",
    );
    let lines = support::view::screen(&model, 120, 40);
    assert!(lines.iter().any(|l| l.contains("SNAPSHOT · READ-ONLY")), "{}", lines.join("\n"));
    assert!(!lines.last().unwrap().contains("e edit"), "no edit key offered: {}", lines.last().unwrap());
}
