//! The tree the user browses: an arena of nodes (roots, OUs, accounts, a "Policies" group under each,
//! and the policies in it), each with its own load state. Slots of removed subtrees are reused; a
//! reply that arrives for a reused slot is recognised as stale by its request id.

use std::collections::{HashMap, HashSet};

use crate::api::ApiError;

use super::{Account, Children, OrgUnit, PolicySummary, Root, TargetId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

/// Identifies one request; a reply whose id is not the one the node waits for is dropped.
pub type ReqId = u64;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum LoadState {
    #[default]
    NotLoaded,
    Loading {
        req: ReqId,
    },
    Loaded,
    Failed(ApiError),
}

impl LoadState {
    /// A reply for something that waited for it: loaded, with `store` given the value, or failed
    /// with the error.
    pub fn fill<T>(&mut self, result: Result<T, ApiError>, store: impl FnOnce(T)) {
        match result {
            Ok(value) => {
                *self = LoadState::Loaded;
                store(value);
            }
            Err(e) => *self = LoadState::Failed(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Root(Root),
    Ou(OrgUnit),
    Account(Account),
    /// The policies attached directly to `target`, by type.
    Policies {
        target: TargetId,
    },
    Policy(PolicySummary),
}

impl NodeKind {
    /// What makes a child the same child across a refresh.
    fn key(&self) -> String {
        match self {
            Self::Root(r) => r.id.to_string(),
            Self::Ou(o) => o.id.to_string(),
            Self::Account(a) => a.id.to_string(),
            Self::Policies { .. } => "policies".to_owned(),
            Self::Policy(p) => p.id.to_string(),
        }
    }

    pub fn target(&self) -> Option<TargetId> {
        match self {
            Self::Root(r) => Some(TargetId::Root(r.id.clone())),
            Self::Ou(o) => Some(TargetId::Ou(o.id.clone())),
            Self::Account(a) => Some(TargetId::Account(a.id.clone())),
            _ => None,
        }
    }

    /// What can carry tags: a root, OU, account or policy.
    pub fn resource(&self) -> Option<crate::org::ResourceId> {
        match self {
            Self::Policy(p) => Some(crate::org::ResourceId::Policy(p.id.clone())),
            other => other.target().map(crate::org::ResourceId::Target),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Self::Root(r) => &r.name,
            Self::Ou(o) => &o.name,
            Self::Account(a) => &a.name,
            Self::Policies { .. } => "Policies",
            Self::Policy(p) => &p.name,
        }
    }

    /// "root Root", "OU Workloads", "account dev (123456789012)"; other nodes by their name.
    pub fn describe(&self) -> String {
        self.target().map_or_else(|| self.name().to_owned(), |t| t.describe(self.name()))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    pub expanded: bool,
    pub load: LoadState,
    /// OUs and accounts among the children, kept when the children are set: the tree pane shows
    /// them on every visible OU row of every frame, where counting a big OU's children would cost.
    counts: (usize, usize),
}

impl Node {
    /// Roots, OUs and policy groups fetch their children; an account holds only its Policies group;
    /// a policy is a leaf.
    pub fn can_expand(&self) -> bool {
        !matches!(self.kind, NodeKind::Policy(_))
    }
}

/// A row of the flattened, visible tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub id: NodeId,
    pub depth: u16,
    /// A row for something removed since an older record (the drift view), shown in place after
    /// the children of `id`: which one. Nothing can be done on it, so it selects no node.
    pub gone: Option<u32>,
}

#[derive(Debug, Default, Clone)]
pub struct Tree {
    slots: Vec<Option<Node>>,
    free: Vec<NodeId>,
    roots: Vec<NodeId>,
}

impl Tree {
    pub fn get(&self, id: NodeId) -> Option<&Node> {
        self.slots.get(id.0 as usize).and_then(Option::as_ref)
    }

    pub fn get_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.slots.get_mut(id.0 as usize).and_then(Option::as_mut)
    }

    pub fn roots(&self) -> &[NodeId] {
        &self.roots
    }

    pub fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn insert(&mut self, kind: NodeKind, parent: Option<NodeId>) -> NodeId {
        // Every target gets its Policies group at once, so attached policies can load before (or
        // without) listing the children. Accounts are then complete: the group is their only child.
        let is_account = matches!(kind, NodeKind::Account(_));
        let target = kind.target();
        let node = Node {
            kind,
            parent,
            children: Vec::new(),
            expanded: false,
            load: if is_account { LoadState::Loaded } else { LoadState::NotLoaded },
            counts: (0, 0),
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.slots[id.0 as usize] = Some(node);
                id
            }
            None => {
                self.slots.push(Some(node));
                NodeId(u32::try_from(self.slots.len() - 1).unwrap_or(u32::MAX))
            }
        };
        if let Some(target) = target {
            let group = self.insert(NodeKind::Policies { target }, Some(id));
            if let Some(node) = self.get_mut(id) {
                node.children.push(group);
            }
        }
        id
    }

    /// Replaces the roots, keeping the nodes (and their expanded subtrees) of roots that still exist.
    pub fn set_roots(&mut self, roots: Vec<Root>) {
        let old = std::mem::take(&mut self.roots);
        self.roots = self.merge(None, old, roots.into_iter().map(NodeKind::Root).collect());
    }

    /// Puts the freshly listed OUs and accounts under a root or OU, after its Policies group.
    pub fn set_children(&mut self, parent: NodeId, children: Children) {
        let Some(target) = self.get(parent).and_then(|n| n.kind.target()) else { return };
        let mut kinds = vec![NodeKind::Policies { target }];
        kinds.extend(children.ous.into_iter().map(NodeKind::Ou));
        kinds.extend(children.accounts.into_iter().map(NodeKind::Account));
        self.replace_children(parent, kinds);
    }

    /// Puts the attached policies under a Policies group.
    pub fn set_policies(&mut self, group: NodeId, policies: Vec<PolicySummary>) {
        self.replace_children(group, policies.into_iter().map(NodeKind::Policy).collect());
    }

    fn replace_children(&mut self, parent: NodeId, kinds: Vec<NodeKind>) {
        let Some(node) = self.get_mut(parent) else { return };
        let old = std::mem::take(&mut node.children);
        let counts = kinds.iter().fold((0, 0), |(ous, accounts), kind| match kind {
            NodeKind::Ou(_) => (ous + 1, accounts),
            NodeKind::Account(_) => (ous, accounts + 1),
            _ => (ous, accounts),
        });
        let children = self.merge(Some(parent), old, kinds);
        if let Some(node) = self.get_mut(parent) {
            node.children = children;
            node.load = LoadState::Loaded;
            node.counts = counts;
        }
    }

    /// New children in the order given; a child whose key matches an old one keeps its node, so what
    /// the user had expanded below it stays expanded after a refresh.
    fn merge(&mut self, parent: Option<NodeId>, old: Vec<NodeId>, kinds: Vec<NodeKind>) -> Vec<NodeId> {
        // By key, so refreshing an OU of thousands of accounts stays linear.
        let keep: HashSet<String> = kinds.iter().map(NodeKind::key).collect();
        let (mut old, gone): (HashMap<String, NodeId>, HashMap<String, NodeId>) = old
            .into_iter()
            .filter_map(|id| self.get(id).map(|n| (n.kind.key(), id)))
            .partition(|(key, _)| keep.contains(key));
        // Free what is gone first, so the new nodes can take its slots.
        for id in gone.into_values() {
            self.remove_subtree(id);
        }
        let mut result = Vec::with_capacity(kinds.len());
        for kind in kinds {
            match old.remove(&kind.key()) {
                Some(id) => {
                    if let Some(node) = self.get_mut(id) {
                        node.kind = kind;
                    }
                    result.push(id);
                }
                None => result.push(self.insert(kind, parent)),
            }
        }
        result
    }

    fn remove_subtree(&mut self, id: NodeId) {
        let mut stack = vec![id];
        while let Some(id) = stack.pop() {
            if let Some(node) = self.slots.get_mut(id.0 as usize).and_then(Option::take) {
                stack.extend(node.children);
                self.free.push(id);
            }
        }
    }

    /// The visible rows: roots and the children of expanded nodes, depth first.
    pub fn visible_rows(&self) -> Vec<Row> {
        self.visible_rows_with(|_| &[])
    }

    /// The visible rows, with the removed rows `gone` gives for a loaded, expanded node after its
    /// children.
    pub fn visible_rows_with<'g>(&self, gone: impl Fn(&Node) -> &'g [u32]) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut stack: Vec<Row> = self.roots.iter().rev().map(|&id| Row { id, depth: 0, gone: None }).collect();
        while let Some(row) = stack.pop() {
            rows.push(row);
            if row.gone.is_some() {
                continue;
            }
            if let Some(node) = self.get(row.id).filter(|n| n.expanded) {
                let depth = row.depth + 1;
                if node.load == LoadState::Loaded {
                    // Below the stack's children, so they come out after all of them.
                    stack.extend(gone(node).iter().rev().map(|&g| Row { id: row.id, depth, gone: Some(g) }));
                }
                stack.extend(node.children.iter().rev().map(|&id| Row { id, depth, gone: None }));
            }
        }
        rows
    }

    /// The node and its ancestors, from the root down.
    pub fn path(&self, id: NodeId) -> Vec<NodeId> {
        let mut path = vec![id];
        let mut current = id;
        while let Some(parent) = self.get(current).and_then(|n| n.parent) {
            path.push(parent);
            current = parent;
        }
        path.reverse();
        path
    }

    /// The root above a node (where the enabled policy types are known).
    pub fn root_of(&self, id: NodeId) -> Option<&Root> {
        let top = *self.path(id).first()?;
        match &self.get(top)?.kind {
            NodeKind::Root(root) => Some(root),
            _ => None,
        }
    }

    /// Number of child OUs and accounts, once the children are loaded.
    pub fn child_counts(&self, id: NodeId) -> Option<(usize, usize)> {
        self.get(id).filter(|n| n.load == LoadState::Loaded).map(|n| n.counts)
    }

    /// The loaded Policies groups at or below a node.
    pub fn loaded_groups_under(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            let Some(node) = self.get(n) else { continue };
            if matches!(node.kind, NodeKind::Policies { .. }) && node.load == LoadState::Loaded {
                out.push(n);
            }
            stack.extend(node.children.iter().copied());
        }
        out
    }

    /// Every Policies group that lists the policy `id` (a policy attached to several targets
    /// appears under each).
    pub fn groups_listing(&self, id: &crate::org::PolicyId) -> Vec<NodeId> {
        self.slots
            .iter()
            .flatten()
            .filter(|n| matches!(&n.kind, NodeKind::Policy(p) if &p.id == id))
            .filter_map(|n| n.parent)
            .collect()
    }

    /// The node's keys from the root down, joined by '/' (`r-ab12/ou-ab12-aaaaaaaa/policies`): names a
    /// node across runs, for the cache.
    pub fn path_key(&self, id: NodeId) -> String {
        let keys: Vec<String> = self.path(id).iter().filter_map(|&n| self.get(n)).map(|n| n.kind.key()).collect();
        keys.join("/")
    }

    /// Every node with its `path_key`, each parent before its children; the keys are built as the
    /// walk goes down (a cache of 10,000 accounts would otherwise walk up from every node).
    pub fn walk_keyed(&self) -> Vec<(NodeId, String)> {
        let mut out = Vec::with_capacity(self.len());
        let mut stack: Vec<(NodeId, String)> = self.roots.iter().rev().map(|&id| (id, String::new())).collect();
        while let Some((id, above)) = stack.pop() {
            let Some(node) = self.get(id) else { continue };
            let key = if above.is_empty() { node.kind.key() } else { format!("{above}/{}", node.kind.key()) };
            stack.extend(node.children.iter().rev().map(|&c| (c, key.clone())));
            out.push((id, key));
        }
        out
    }

    /// Every node, each parent before its children.
    pub fn walk(&self) -> Vec<NodeId> {
        let mut out = Vec::with_capacity(self.len());
        let mut stack: Vec<NodeId> = self.roots.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            out.push(id);
            if let Some(node) = self.get(id) {
                stack.extend(node.children.iter().rev().copied());
            }
        }
        out
    }

    /// The node of a root, OU or account, wherever the tree holds it.
    pub fn find_target(&self, target: &TargetId) -> Option<NodeId> {
        self.walk().into_iter().find(|&id| self.get(id).is_some_and(|n| n.kind.target().as_ref() == Some(target)))
    }

    /// The Policies group directly under a node.
    pub fn policies_group(&self, id: NodeId) -> Option<NodeId> {
        self.get(id)?
            .children
            .iter()
            .copied()
            .find(|&c| matches!(self.get(c).map(|n| &n.kind), Some(NodeKind::Policies { .. })))
    }
}

#[cfg(test)]
mod tests;
