//! The model to a cache file and back (`crate::cache` is the file): what the tree had loaded, what
//! was open and selected, the policy texts and tags, and the search index's lists. Restoring builds
//! the tree through the same calls a reply makes, so a cached node is a loaded node like any other;
//! `revalidate` then asks AWS for all of it again, as background work.

use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use super::{Effect, Model, PolicyEntry, TagsEntry};
use crate::cache::{Attached, CacheKey, Cached, FORMAT, IndexLists, Listing, Tagged};
use crate::org::tree::{LoadState, NodeKind, ReqId};
use crate::org::{Children, OrgId, ParentId, PolicyType, Root, TargetId};

/// What the model knows of the cache it was opened from.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheState {
    /// When what is shown was current (the status bar says "cached 12 minutes ago").
    pub written_at: OffsetDateTime,
    pub organization: OrgId,
    /// The revalidation in flight, until its answer is applied.
    pub revalidating: Option<ReqId>,
}

/// What is worth keeping of the model, or None when it holds nothing of an organization yet.
pub fn capture(model: &Model, key: CacheKey, now: OffsetDateTime) -> Option<Cached> {
    let organization = model.org.clone()?;
    if model.roots_load != LoadState::Loaded {
        return None;
    }
    let tree = &model.tree;
    let mut cached = Cached {
        format: FORMAT,
        // Data restored from a cache and not yet revalidated is as old as that cache.
        written_at: model.cached.as_ref().map_or(now, |c| c.written_at),
        key,
        organization,
        roots: Vec::new(),
        children: Vec::new(),
        attached: Vec::new(),
        expanded: Vec::new(),
        selected: model.selected().map(|id| tree.path_key(id)),
        policies: Vec::new(),
        tags: Vec::new(),
        index: IndexLists::default(),
    };
    for (id, key) in tree.walk_keyed() {
        let Some(node) = tree.get(id) else { continue };
        if node.expanded {
            cached.expanded.push(key);
        }
        if let NodeKind::Root(root) = &node.kind {
            cached.roots.push(root.clone());
        }
        if node.load != LoadState::Loaded {
            continue;
        }
        let kids = || node.children.iter().filter_map(|&c| tree.get(c)).map(|c| &c.kind);
        match &node.kind {
            NodeKind::Root(_) | NodeKind::Ou(_) => {
                let Some(parent) = node.kind.target().and_then(|t| t.as_parent()) else { continue };
                let mut listing = Listing { parent, ous: Vec::new(), accounts: Vec::new() };
                for kind in kids() {
                    match kind {
                        NodeKind::Ou(ou) => listing.ous.push(ou.clone()),
                        NodeKind::Account(account) => listing.accounts.push(account.clone()),
                        _ => {}
                    }
                }
                cached.children.push(listing);
            }
            NodeKind::Policies { target } => {
                let policies = kids()
                    .filter_map(|k| match k {
                        NodeKind::Policy(p) => Some(p.clone()),
                        _ => None,
                    })
                    .collect();
                cached.attached.push(Attached { target: target.clone(), policies });
            }
            _ => {}
        }
    }
    cached.policies = model.policies.values().filter_map(|e| e.prepared.as_ref().map(|p| p.policy.clone())).collect();
    cached.tags = model
        .tags
        .iter()
        .filter(|(_, e)| e.load == LoadState::Loaded)
        .map(|(target, e)| Tagged { target: target.clone(), tags: e.tags.clone() })
        .collect();
    // The index's lists, less what the tree's listings already hold.
    let search = &model.search;
    let listed: std::collections::HashSet<&ParentId> = cached.children.iter().map(|l| &l.parent).collect();
    let in_tree: std::collections::HashSet<&crate::org::AccountId> =
        cached.children.iter().flat_map(|l| l.accounts.iter().map(|a| &a.id)).collect();
    let index = IndexLists {
        accounts: search.accounts.values().filter(|a| !in_tree.contains(&a.id)).cloned().collect(),
        ous: search
            .ous_of
            .iter()
            .filter(|(parent, _)| !listed.contains(parent))
            .map(|(parent, ous)| Listing { parent: parent.clone(), ous: ous.clone(), accounts: Vec::new() })
            .collect(),
        policies: search.policies.values().cloned().collect(),
    };
    cached.index = index;
    Some(cached)
}

/// Fills a fresh model from a cache: the tree as it was (loaded, open and selected), the index, the
/// tags; the policy texts are prepared (highlighted) off the UI thread. Returns those effects.
pub fn restore(model: &mut Model, cached: Cached) -> Vec<Effect> {
    model.org = Some(cached.organization.clone());
    model.cached = Some(CacheState {
        written_at: cached.written_at,
        organization: cached.organization.id.clone(),
        revalidating: None,
    });
    let mut listings: HashMap<ParentId, &Listing> = cached.children.iter().map(|l| (l.parent.clone(), l)).collect();
    let mut attached: HashMap<&TargetId, &Attached> = cached.attached.iter().map(|a| (&a.target, a)).collect();
    model.tree.set_roots(cached.roots.clone());
    model.roots_load = LoadState::Loaded;
    // Parents before children: each listing makes the nodes the next ones go under.
    let mut stack: Vec<_> = model.tree.roots().to_vec();
    while let Some(id) = stack.pop() {
        let Some(target) = model.tree.get(id).and_then(|n| n.kind.target()) else { continue };
        if let Some(listing) = target.as_parent().and_then(|p| listings.remove(&p)) {
            let children = Children { ous: listing.ous.clone(), accounts: listing.accounts.clone() };
            model.tree.set_children(id, children);
        }
        if let (Some(group), Some(found)) = (model.tree.policies_group(id), attached.remove(&target)) {
            model.tree.set_policies(group, found.policies.clone());
        }
        if let Some(node) = model.tree.get(id) {
            stack.extend(node.children.iter().copied());
        }
    }
    let expanded: HashSet<&str> = cached.expanded.iter().map(String::as_str).collect();
    let mut selected = None;
    for (id, key) in model.tree.walk_keyed() {
        if cached.selected.as_ref() == Some(&key) {
            selected = Some(id);
        }
        if let Some(node) = model.tree.get_mut(id) {
            node.expanded = expanded.contains(key.as_str());
        }
    }
    model.rows = model.visible_rows();
    model.cursor = selected.and_then(|s| model.row_of(s)).unwrap_or(0);
    super::update::keep_cursor_visible(model);

    let search = &mut model.search;
    for root in &cached.roots {
        search.index.add_root(root);
    }
    for listing in cached.children.iter().chain(&cached.index.ous) {
        search.add_ous(&listing.parent, &listing.ous);
        for account in &listing.accounts {
            search.index.add_account(account);
            search.parents.insert(TargetId::Account(account.id.clone()), listing.parent.clone());
        }
    }
    for account in &cached.index.accounts {
        search.learn_account(account);
    }
    search.add_policies(&cached.index.policies);
    for found in &cached.attached {
        search.add_policies(&found.policies);
    }
    for tagged in cached.tags {
        model.tags.insert(tagged.target, TagsEntry { load: LoadState::Loaded, tags: tagged.tags });
    }
    let mut effects = Vec::new();
    for policy in cached.policies {
        let req = model.next_id();
        model
            .policies
            .insert(policy.summary.id.clone(), PolicyEntry { load: LoadState::Loading { req }, prepared: None });
        effects.push(Effect::PreparePolicy { policy: Box::new(policy), req });
    }
    // Their replies count down like any request's.
    model.in_flight += effects.len();
    effects
}

/// Asks AWS again for everything the cache filled in: the roots, each loaded parent's children and
/// each loaded Policies group, as one piece of background work.
pub fn revalidate(model: &mut Model) -> Vec<Effect> {
    let req = model.next_id();
    let Some(state) = model.cached.as_mut() else { return Vec::new() };
    state.revalidating = Some(req);
    let tree = &model.tree;
    let mut parents = Vec::new();
    let mut groups = Vec::new();
    for id in tree.walk() {
        let Some(node) = tree.get(id).filter(|n| n.load == LoadState::Loaded) else { continue };
        match &node.kind {
            NodeKind::Root(_) | NodeKind::Ou(_) => parents.extend(node.kind.target().and_then(|t| t.as_parent())),
            NodeKind::Policies { target } => {
                let types: Vec<PolicyType> = tree.root_of(id).map(Root::enabled_policy_types).unwrap_or_default();
                groups.push((target.clone(), types));
            }
            _ => {}
        }
    }
    vec![Effect::Revalidate { req, parents, groups }]
}
