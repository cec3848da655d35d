//! Moving through the tree, expanding, collapsing and refreshing nodes.

use crate::app::{Effect, Model, MsgLater, Pane, PolicyEntry, TagsEntry};
use crate::keymap::Action;
use crate::org::PolicyId;
use crate::org::tree::{LoadState, NodeId, NodeKind};

use super::DETAILS_DEBOUNCE;

pub(super) fn on_action(model: &mut Model, action: Action) -> Vec<Effect> {
    let last = model.rows.len().saturating_sub(1);
    let page = model.tree_page();
    match action {
        Action::Down => move_to(model, (model.cursor + 1).min(last)),
        Action::Up => move_to(model, model.cursor.saturating_sub(1)),
        Action::Top => move_to(model, 0),
        Action::Bottom => move_to(model, last),
        Action::PageDown => move_to(model, (model.cursor + page).min(last)),
        Action::PageUp => move_to(model, model.cursor.saturating_sub(page)),
        Action::Expand => expand(model),
        Action::Collapse => collapse(model),
        Action::Refresh => refresh(model),
        _ => {
            model.dirty = false;
            Vec::new()
        }
    }
}

fn move_to(model: &mut Model, index: usize) -> Vec<Effect> {
    if index == model.cursor || model.rows.is_empty() {
        model.dirty = false;
        return Vec::new();
    }
    model.cursor = index;
    keep_cursor_visible(model);
    selection_changed(model)
}

/// The cursor moved to another node: reset the panes and, once the cursor rests, load its details.
pub(crate) fn selection_changed(model: &mut Model) -> Vec<Effect> {
    model.details_scroll = 0;
    if let Some(NodeKind::Policy(p)) = model.selected_kind()
        && model.shown_policy.as_ref() != Some(&p.id)
    {
        model.shown_policy = Some(p.id.clone());
        model.policy_scroll = 0;
    }
    let req = model.next_id();
    model.pending_details = Some(req);
    vec![Effect::After { delay: DETAILS_DEBOUNCE, msg: MsgLater::DetailsDue { req } }]
}

pub(crate) fn keep_cursor_visible(model: &mut Model) {
    let page = model.tree_page();
    if model.cursor < model.tree_offset {
        model.tree_offset = model.cursor;
    } else if model.cursor >= model.tree_offset + page {
        model.tree_offset = model.cursor + 1 - page;
    }
    // After a collapse or a resize, do not leave empty rows below the end of the tree.
    model.tree_offset = model.tree_offset.min(model.rows.len().saturating_sub(page));
}

/// Recomputes the visible rows after the tree changed shape, keeping the cursor on the same node.
pub(crate) fn rebuild_rows(model: &mut Model) {
    // The row, not the node: a removed row (the drift view) keeps the cursor too.
    let selected = model.rows.get(model.cursor).map(|r| (r.id, r.gone));
    model.rows = model.visible_rows();
    if let Some(index) = selected.and_then(|(id, gone)| model.rows.iter().position(|r| r.id == id && r.gone == gone)) {
        model.cursor = index;
    }
    model.cursor = model.cursor.min(model.rows.len().saturating_sub(1));
    keep_cursor_visible(model);
}

fn expand(model: &mut Model) -> Vec<Effect> {
    let Some(id) = model.selected() else { return Vec::new() };
    let Some(node) = model.tree.get(id) else { return Vec::new() };
    if !node.can_expand() {
        // Enter on a policy: its content is in the policy pane; go there.
        model.focus = Pane::Policy;
        return Vec::new();
    }
    if node.expanded && node.load == LoadState::Loaded {
        // Already open: step into the first child, as file managers do.
        return if node.children.is_empty() { Vec::new() } else { on_action(model, Action::Down) };
    }
    let effects = match node.load {
        LoadState::NotLoaded | LoadState::Failed(_) => start_load(model, id),
        _ => Vec::new(),
    };
    if let Some(node) = model.tree.get_mut(id) {
        node.expanded = true;
    }
    rebuild_rows(model);
    effects
}

fn collapse(model: &mut Model) -> Vec<Effect> {
    // On a removed row (the drift view): up to the node it is shown under.
    if let Some(row) = model.rows.get(model.cursor).filter(|r| r.gone.is_some())
        && let Some(index) = model.row_of(row.id)
    {
        return move_to(model, index);
    }
    let Some(id) = model.selected() else { return Vec::new() };
    let Some(node) = model.tree.get_mut(id) else { return Vec::new() };
    if node.expanded {
        node.expanded = false;
        // Collapsing cancels a load in progress: its reply will not match and is dropped.
        if matches!(node.load, LoadState::Loading { .. }) {
            node.load = LoadState::NotLoaded;
        }
        rebuild_rows(model);
        return Vec::new();
    }
    match node.parent.and_then(|p| model.row_of(p)) {
        Some(index) => move_to(model, index),
        None => {
            model.dirty = false;
            Vec::new()
        }
    }
}

/// Starts loading a node's children: OUs and accounts for a root or OU, policies for a group.
pub(crate) fn start_load(model: &mut Model, id: NodeId) -> Vec<Effect> {
    let req = model.next_id();
    let Some(node) = model.tree.get(id) else { return Vec::new() };
    let effect = match &node.kind {
        NodeKind::Root(_) | NodeKind::Ou(_) => {
            let Some(parent) = node.kind.target().and_then(|t| t.as_parent()) else { return Vec::new() };
            let known_ous = model.search.ous_of.get(&parent).cloned();
            if known_ous.is_none() {
                model.search.tree_listing.insert(parent.clone());
            }
            Effect::LoadChildren { node: id, parent, req, known_ous }
        }
        NodeKind::Policies { target } => {
            let types = model.tree.root_of(id).map(|r| r.enabled_policy_types()).unwrap_or_default();
            if types.is_empty() {
                // No policy type is enabled in this root: nothing can be attached, nothing to ask.
                model.tree.set_policies(id, Vec::new());
                rebuild_rows(model);
                return Vec::new();
            }
            Effect::LoadAttached { node: id, target: target.clone(), types, req }
        }
        NodeKind::Account(_) | NodeKind::Policy(_) => return Vec::new(),
    };
    if let Some(node) = model.tree.get_mut(id) {
        node.load = LoadState::Loading { req };
    }
    vec![effect]
}

/// On a removed row (the drift view), `r` lists again what it is shown under: whether it is still
/// gone is what that listing says.
fn refresh_gone(model: &mut Model) -> Option<Vec<Effect>> {
    let row = model.rows.get(model.cursor).filter(|r| r.gone.is_some())?;
    Some(start_load(model, row.id))
}

fn refresh(model: &mut Model) -> Vec<Effect> {
    if let Some(effects) = refresh_gone(model) {
        return effects;
    }
    let Some(id) = model.selected() else {
        // Nothing to select: the roots themselves failed or are empty; list them again.
        return load_roots(model);
    };
    let mut effects = Vec::new();
    if model.tree.get(id).is_some_and(|n| !matches!(n.kind, NodeKind::Account(_) | NodeKind::Policy(_))) {
        // A refresh asks AWS again: what the index walk listed may be what the user doubts.
        if let Some(parent) = model.tree.get(id).and_then(|n| n.kind.target()).and_then(|t| t.as_parent()) {
            model.search.ous_of.remove(&parent);
        }
        effects.extend(start_load(model, id));
    }
    effects.extend(refresh_details(model));
    effects
}

pub(super) fn load_roots(model: &mut Model) -> Vec<Effect> {
    let req = model.next_id();
    model.roots_load = LoadState::Loading { req };
    vec![Effect::LoadRoots { req }]
}

/// `r` in the details or policy pane: reload what they show (tags, attached policies, content).
pub(super) fn refresh_details(model: &mut Model) -> Vec<Effect> {
    if let Some(effects) = refresh_gone(model) {
        return effects;
    }
    let Some(id) = model.selected() else { return Vec::new() };
    if let Some(target) = model.tree.get(id).and_then(|n| n.kind.resource()) {
        model.tags.remove(&target);
    }
    if let Some(policy) = &model.shown_policy {
        model.policies.remove(policy);
    }
    let mut effects = load_details(model);
    // A Policies group's details are its list: that is what is reloaded.
    if model.tree.get(id).is_some_and(|n| matches!(n.kind, NodeKind::Policies { .. })) {
        effects.extend(start_load(model, id));
        return effects;
    }
    // The attached policies are reloaded even when already loaded.
    if let Some(group) = model.tree.policies_group(id)
        && model.tree.get(group).is_some_and(|g| g.load == LoadState::Loaded)
    {
        effects.extend(start_load(model, group));
    }
    effects
}

/// Loads what the details and policy panes need for the selected node, unless already known.
pub(super) fn load_details(model: &mut Model) -> Vec<Effect> {
    let Some(id) = model.selected() else { return Vec::new() };
    let Some(kind) = model.tree.get(id).map(|n| n.kind.clone()) else { return Vec::new() };
    let mut effects = Vec::new();
    // An account's details say what it is a delegated administrator for: known once, for all.
    if matches!(kind, NodeKind::Account(_)) {
        effects.extend(super::governance::ensure(model, false));
    }
    if let Some(target) = kind.resource()
        && !model.tags.contains_key(&target)
    {
        let req = model.next_id();
        model.tags.insert(target.clone(), TagsEntry { load: LoadState::Loading { req }, tags: Vec::new() });
        effects.push(Effect::LoadTags { target, req });
    }
    if kind.target().is_some()
        && let Some(group) = model.tree.policies_group(id)
        && model.tree.get(group).is_some_and(|g| g.load == LoadState::NotLoaded)
    {
        effects.extend(start_load(model, group));
    }
    if let Some(policy) = model.shown_policy.clone() {
        let needs_load = model.policies.get(&policy).is_none_or(|e| matches!(e.load, LoadState::Failed(_)));
        if needs_load {
            effects.push(load_policy(model, policy));
        }
    }
    effects
}

/// Fetches a policy's content (again), for every pane that shows it.
pub(crate) fn load_policy(model: &mut Model, id: PolicyId) -> Effect {
    let req = model.next_id();
    model.policies.insert(id.clone(), PolicyEntry { load: LoadState::Loading { req }, prepared: None });
    Effect::LoadPolicy { id, req }
}
