//! "Where is this policy used" (`u` on a policy): its targets from ListTargetsForPolicy, and the
//! jump to one of them. The target may sit deep under OUs nobody has expanded yet, so the jump asks
//! AWS for its path (ListParents) and then opens the tree level by level as each level loads.

use crate::app::applies::{Reveal, TargetsEntry};
use crate::app::dialog::Dialog;
use crate::app::{Effect, Model, Msg, Pane};
use crate::keymap::Action;
use crate::org::tree::{LoadState, NodeId, NodeKind};
use crate::org::{PolicySummary, TargetId};

use super::{toast, tree};

pub(super) fn open(model: &mut Model) -> Vec<Effect> {
    let Some(NodeKind::Policy(policy)) = model.selected_kind().cloned() else {
        let why = "u shows where a policy is attached: select a policy under ⚖ Policies";
        return vec![toast(model, why.to_owned(), true)];
    };
    open_for(model, policy)
}

/// A policy found by search: its text in the policy pane, and where it is attached over it.
pub(super) fn show_policy(model: &mut Model, policy: PolicySummary) -> Vec<Effect> {
    model.shown_policy = Some(policy.id.clone());
    model.policy_scroll = 0;
    let mut effects = Vec::new();
    if model.policies.get(&policy.id).is_none_or(|e| matches!(e.load, LoadState::Failed(_))) {
        effects.push(tree::load_policy(model, policy.id.clone()));
    }
    model.focus = Pane::Tree;
    model.browse_focus = Pane::Tree;
    effects.extend(open_for(model, policy));
    effects
}

fn open_for(model: &mut Model, policy: PolicySummary) -> Vec<Effect> {
    let effects = if model.targets.contains_key(&policy.id) { Vec::new() } else { load(model, &policy) };
    model.dialog = Some(Dialog::WhereUsed { policy, cursor: 0 });
    effects
}

fn load(model: &mut Model, policy: &PolicySummary) -> Vec<Effect> {
    let req = model.next_id();
    model.targets.insert(policy.id.clone(), TargetsEntry { load: LoadState::Loading { req }, targets: Vec::new() });
    vec![Effect::LoadTargets { policy: policy.id.clone(), req }]
}

pub(super) fn on_action(model: &mut Model, policy: PolicySummary, cursor: usize, action: Action) -> Vec<Effect> {
    let entry = model.targets.get(&policy.id);
    let count = entry.map_or(0, |e| e.targets.len());
    let chosen = entry.and_then(|e| e.sorted().get(cursor).map(|t| t.target_id.clone()));
    if action == Action::Confirm
        && let Some(target) = chosen
    {
        return jump(model, target, None);
    }
    let (cursor, effects) = match action {
        Action::Dismiss => return Vec::new(),
        Action::Refresh => (0, load(model, &policy)),
        Action::Down | Action::Up => (super::list::step(cursor, count, action), Vec::new()),
        _ => (cursor, Vec::new()),
    };
    model.dialog = Some(Dialog::WhereUsed { policy, cursor });
    effects
}

/// Shows a target in the tree, opening the levels above it as they load. `path` (root first) is
/// given when already known; otherwise AWS is asked for it.
pub(super) fn jump(model: &mut Model, target: TargetId, path: Option<Vec<TargetId>>) -> Vec<Effect> {
    model.focus = Pane::Tree;
    model.browse_focus = Pane::Tree;
    let path = match target {
        TargetId::Root(_) => Some(vec![target.clone()]),
        _ => path,
    };
    if let Some(path) = path {
        model.reveal = Some(Reveal::Opening(path));
        return advance(model);
    }
    let req = model.next_id();
    model.reveal = Some(Reveal::Locating { req });
    vec![Effect::Locate { target, req }]
}

pub(super) fn on_reply(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    match msg {
        Msg::Targets { policy, req, result } => {
            let Some(entry) = model.targets.get_mut(&policy).filter(|e| e.load == LoadState::Loading { req }) else {
                model.dirty = false;
                return Vec::new();
            };
            entry.load.fill(result, |targets| entry.targets = targets);
            Vec::new()
        }
        Msg::Located { req, result } => {
            if model.reveal != Some(Reveal::Locating { req }) {
                model.dirty = false;
                return Vec::new();
            }
            match result {
                Ok(path) => {
                    model.reveal = Some(Reveal::Opening(path));
                    advance(model)
                }
                Err(e) => {
                    end_jump(model);
                    vec![toast(model, format!("finding the target in the organization: {e}"), true)]
                }
            }
        }
        _ => Vec::new(),
    }
}

/// Opens the tree one level further along the path being revealed; selects the target when it is
/// reached. Called again whenever roots or children arrive.
pub(super) fn advance(model: &mut Model) -> Vec<Effect> {
    let Some(Reveal::Opening(path)) = model.reveal.clone() else { return Vec::new() };
    let mut siblings: Vec<NodeId> = model.tree.roots().to_vec();
    let mut listed = model.roots_load == LoadState::Loaded;
    for (depth, target) in path.iter().enumerate() {
        let found = siblings
            .iter()
            .copied()
            .find(|&id| model.tree.get(id).and_then(|n| n.kind.target()).as_ref() == Some(target));
        let Some(id) = found else {
            if listed {
                end_jump(model);
                let why = format!("{target} is not in the tree as loaded; r on its parent reloads it");
                return vec![toast(model, why, true)];
            }
            return Vec::new(); // the level above is still loading
        };
        if depth + 1 == path.len() {
            return select(model, id);
        }
        let Some(node) = model.tree.get_mut(id) else { return Vec::new() };
        node.expanded = true;
        match node.load.clone() {
            LoadState::Loaded => {
                siblings = node.children.clone();
                listed = true;
            }
            LoadState::Loading { .. } => {
                tree::rebuild_rows(model);
                return Vec::new();
            }
            // Its failure was already said where it happened.
            LoadState::Failed(_) => {
                end_jump(model);
                tree::rebuild_rows(model);
                return Vec::new();
            }
            LoadState::NotLoaded => {
                let effects = tree::start_load(model, id);
                tree::rebuild_rows(model);
                return effects;
            }
        }
    }
    Vec::new()
}

fn select(model: &mut Model, id: NodeId) -> Vec<Effect> {
    // Arrived (the keys held for the target wait for the end of this update).
    model.reveal = None;
    for ancestor in model.tree.path(id) {
        if ancestor != id
            && let Some(node) = model.tree.get_mut(ancestor)
        {
            node.expanded = true;
        }
    }
    tree::rebuild_rows(model);
    if let Some(index) = model.row_of(id) {
        model.cursor = index;
    }
    tree::keep_cursor_visible(model);
    // The keys held for the target are applied by `update` once this returns.
    tree::selection_changed(model)
}

/// Esc (or a movement key) while a jump is opening the tree: it stops where it is, the keys held
/// for the target are dropped, and it says so.
pub(super) fn cancel(model: &mut Model) -> Vec<Effect> {
    if !end_jump(model) {
        model.dirty = false;
        return Vec::new();
    }
    vec![toast(model, "Jump cancelled: the cursor stays where it is.".to_owned(), false)]
}

/// The jump is over (done, failed or cancelled): the keys held for it go with it. Whether there was
/// one.
fn end_jump(model: &mut Model) -> bool {
    model.held.clear();
    model.reveal.take().is_some()
}
