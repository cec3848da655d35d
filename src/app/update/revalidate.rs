//! Bringing a model opened from the cache up to date: the revalidation's answers replace what the
//! cache filled in (through the tree's merge, so what was open stays open), the cursor follows the
//! node it was on (or goes to its nearest remaining ancestor), and the search index is built again
//! over what it held, dropping only what AWS no longer has (`search::rebuild_over`).

use std::collections::HashMap;

use crate::app::search::SearchState;
use crate::app::{Effect, Model, Msg};
use crate::org::tree::{LoadState, NodeId, Tree};
use crate::org::{Children, ParentId, TargetId};

use super::{search, toast, tree};

pub(super) fn on_revalidated(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let Msg::Revalidated { req, roots, children, attached } = msg else { return Vec::new() };
    if model.cached.as_ref().and_then(|c| c.revalidating) != Some(req) {
        model.dirty = false;
        return Vec::new();
    }
    let before = Cursor::of(model);
    let mut failures: Vec<String> = Vec::new();
    let roots = match roots {
        Ok(roots) => {
            model.tree.set_roots(roots.clone());
            roots
        }
        Err(e) => {
            failures.push(format!("listing the roots: {e}"));
            Vec::new()
        }
    };
    let mut listings = Vec::new();
    for (parent, result) in children {
        match result {
            Ok(found) => listings.push((parent, found)),
            Err(e) => failures.push(format!("listing {parent}: {e}")),
        }
    }
    apply_listings(&mut model.tree, listings.clone());
    let by_target = targets(&model.tree);
    for (target, result) in attached {
        match result {
            Ok(policies) => {
                if let Some(group) = by_target.get(&target).and_then(|&n| model.tree.policies_group(n)) {
                    model.tree.set_policies(group, policies.clone());
                }
                model.search.add_policies(&policies);
            }
            Err(e) => failures.push(format!("listing the policies of {target}: {e}")),
        }
    }
    let mut effects = before.restore(model);
    // Without the roots the walk has nowhere to start: the index keeps what the cache gave it.
    if !roots.is_empty() {
        effects.extend(search::rebuild_over(model, &roots, &listings));
    }
    match failures.as_slice() {
        [] => model.cached = None,
        [first, rest @ ..] => {
            if let Some(state) = model.cached.as_mut() {
                state.revalidating = None;
            }
            let more = if rest.is_empty() { String::new() } else { format!(" (and {} more)", rest.len()) };
            tracing::warn!(failures = ?failures, "refreshing the cached view failed in part");
            effects.push(toast(model, format!("refreshing the cached view: {first}{more}"), true));
        }
    }
    effects
}

/// Every root, OU and account node by its target.
fn targets(tree: &Tree) -> HashMap<TargetId, NodeId> {
    tree.walk().into_iter().filter_map(|id| Some((tree.get(id)?.kind.target()?, id))).collect()
}

/// Puts each listing under its node. A listing whose parent is not in the tree yet (an OU that moved
/// under another listed parent) waits for the pass after the one that makes it.
fn apply_listings(tree: &mut Tree, mut pending: Vec<(ParentId, Children)>) {
    while !pending.is_empty() {
        let nodes = targets(tree);
        let before = pending.len();
        pending.retain(|(parent, found)| match nodes.get(&parent.as_target()) {
            Some(&node) if tree.get(node).is_some_and(|n| n.kind.target() == Some(parent.as_target())) => {
                tree.set_children(node, found.clone());
                false
            }
            _ => true,
        });
        if pending.len() == before {
            // Parents AWS no longer has under anything listed: nothing to put them under.
            return;
        }
    }
}

/// Where the cursor was, in terms that survive the tree changing under it.
struct Cursor {
    /// The node's keys from the root (the same node if it is still where it was).
    key: Option<String>,
    /// The target it was on, or under (a Policies group or policy belongs to its target).
    target: Option<TargetId>,
    /// The targets above it, nearest first.
    ancestors: Vec<TargetId>,
}

impl Cursor {
    fn of(model: &Model) -> Self {
        let Some(id) = model.selected() else { return Self { key: None, target: None, ancestors: Vec::new() } };
        let mut targets: Vec<TargetId> =
            model.tree.path(id).iter().filter_map(|&n| model.tree.get(n)?.kind.target()).collect();
        targets.reverse();
        let own = model.tree.get(id).and_then(|n| n.kind.target());
        let (target, ancestors) = match own {
            Some(t) => (Some(t), targets.into_iter().skip(1).collect()),
            None => (targets.first().cloned(), targets.into_iter().skip(1).collect()),
        };
        Self { key: Some(model.tree.path_key(id)), target, ancestors }
    }

    /// Puts the cursor back: on the same node, else on its target wherever it moved (opening the way
    /// there), else on the nearest ancestor still there.
    fn restore(self, model: &mut Model) -> Vec<Effect> {
        let before = model.selected();
        let same = self
            .key
            .as_ref()
            .and_then(|key| model.tree.walk_keyed().into_iter().find(|(_, k)| k == key).map(|(node, _)| node));
        let moved = || self.target.iter().chain(&self.ancestors).find_map(|t| model.tree.find_target(t));
        let Some(node) = same.or_else(moved) else {
            tree::rebuild_rows(model);
            return Vec::new();
        };
        for above in model.tree.path(node).into_iter().rev().skip(1) {
            if let Some(n) = model.tree.get_mut(above) {
                n.expanded = true;
            }
        }
        model.rows = model.visible_rows();
        model.cursor = model.row_of(node).unwrap_or(0);
        tree::keep_cursor_visible(model);
        if Some(node) == before { Vec::new() } else { tree::selection_changed(model) }
    }
}

/// DescribeOrganization answered with another organization than the cache's: the cached view is
/// dropped and the tree loads as on a first start.
pub(super) fn other_organization(model: &mut Model) -> Vec<Effect> {
    tracing::warn!("the cache holds another organization; dropped");
    model.cached = None;
    model.tree = Tree::default();
    model.rows.clear();
    model.cursor = 0;
    model.tree_offset = 0;
    model.roots_load = LoadState::NotLoaded;
    model.search = SearchState::default();
    model.policies.clear();
    model.tags.clear();
    model.targets.clear();
    model.effective.clear();
    model.applies = None;
    model.shown_policy = None;
    tree::load_roots(model)
}
