//! Replies from the worker. A reply is applied only if the thing that asked still waits for exactly
//! that request; anything else (collapsed, refreshed, replaced meanwhile) is dropped.

use crate::api::ApiError;
use crate::app::{Effect, Model, Msg, Pane};
use crate::org::tree::{LoadState, NodeId, ReqId};

use super::{toast, tree};

pub(super) fn on_reply(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    match msg {
        Msg::Roots { req, result } => {
            if model.roots_load != (LoadState::Loading { req }) {
                return Vec::new();
            }
            match result {
                Ok(roots) => {
                    model.roots_load = LoadState::Loaded;
                    let first_time = model.tree.is_empty();
                    // The index starts after the tree asked for the root's children, so its walk
                    // takes them from the tree instead of asking again.
                    let indexed_roots = roots.clone();
                    model.tree.set_roots(roots);
                    tree::rebuild_rows(model);
                    let mut effects = tree::selection_changed(model);
                    // Most organizations have one root: open it, as the console does.
                    if first_time && model.tree.roots().len() == 1 {
                        let root = model.tree.roots()[0];
                        if let Some(node) = model.tree.get_mut(root) {
                            node.expanded = true;
                        }
                        effects.extend(tree::start_load(model, root));
                        tree::rebuild_rows(model);
                    }
                    effects.extend(super::search::start(model, &indexed_roots));
                    effects
                }
                Err(e) => {
                    model.roots_load = LoadState::Failed(e.clone());
                    super::search::roots_failed(model, &e);
                    if model.tree_unavailable().is_some() {
                        // A member account, or one outside any organization: not an error to shout
                        // about. The tree pane says why; the inbox is what these credentials can use.
                        if model.focus == Pane::Tree {
                            model.focus = Pane::Inbox;
                        }
                        return Vec::new();
                    }
                    vec![failed(model, "listing the roots", &e)]
                }
            }
        }
        Msg::Children { node, req, result } => {
            // The index learns from every listing, even one the tree no longer waits for.
            let mut effects = super::search::on_tree_children(model, node, result.as_ref());
            if !waiting(model, node, req) {
                return effects;
            }
            effects.extend(match result {
                Ok(children) => {
                    let before = model.selected();
                    model.tree.set_children(node, children);
                    reshaped(model, before)
                }
                Err(e) => fail_node(model, node, e),
            });
            effects
        }
        Msg::Attached { node, req, result } => {
            if !waiting(model, node, req) {
                return Vec::new();
            }
            match result {
                Ok(policies) => {
                    super::search::learn_policies(model, &policies);
                    let before = model.selected();
                    model.tree.set_policies(node, policies);
                    reshaped(model, before)
                }
                Err(e) => fail_node(model, node, e),
            }
        }
        Msg::Policy { id, req, result } => {
            let Some(entry) = model.policies.get_mut(&id).filter(|e| e.load == LoadState::Loading { req }) else {
                return Vec::new();
            };
            match result {
                Ok(prepared) => {
                    entry.load = LoadState::Loaded;
                    entry.prepared = Some(prepared);
                    Vec::new()
                }
                Err(e) => {
                    entry.load = LoadState::Failed(e.clone());
                    vec![failed(model, &format!("loading policy {id}"), &e)]
                }
            }
        }
        Msg::Tags { target, req, result } => {
            let Some(entry) = model.tags.get_mut(&target).filter(|e| e.load == LoadState::Loading { req }) else {
                return Vec::new();
            };
            entry.load.fill(result, |tags| entry.tags = tags);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// After the tree changed shape: if the node under the cursor went away (a refresh removed it), the
/// cursor now rests on another node, whose details must load like any other selection.
fn reshaped(model: &mut Model, before: Option<NodeId>) -> Vec<Effect> {
    tree::rebuild_rows(model);
    if model.selected() == before { Vec::new() } else { tree::selection_changed(model) }
}

fn waiting(model: &Model, node: NodeId, req: ReqId) -> bool {
    model.tree.get(node).is_some_and(|n| n.load == LoadState::Loading { req })
}

fn fail_node(model: &mut Model, node: NodeId, e: ApiError) -> Vec<Effect> {
    let what = model.tree.get(node).map(|n| n.kind.name().to_owned()).unwrap_or_default();
    if let Some(n) = model.tree.get_mut(node) {
        n.load = LoadState::Failed(e.clone());
    }
    vec![failed(model, &format!("loading {what}"), &e)]
}

fn failed(model: &mut Model, doing: &str, e: &ApiError) -> Effect {
    tracing::warn!(error = %e, "{doing} failed");
    toast(model, format!("{doing}: {e}"), true)
}
