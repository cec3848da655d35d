//! Moving accounts: the marks (`m`), the destinations a move can go to, and what a move changes for
//! each account — the levels whose SCPs and RCPs it stops and starts inheriting, read from the tree.

use crate::org::tree::{LoadState, NodeId, NodeKind, Tree};
use crate::org::{AccountId, ParentId};

use super::text_field::TextField;

/// A marked account, with the parent it was marked under (MoveAccount names the source).
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    pub id: AccountId,
    pub name: String,
    pub parent: ParentId,
}

/// A root or OU a move can go to.
#[derive(Debug, Clone, PartialEq)]
pub struct Destination {
    pub parent: ParentId,
    pub node: NodeId,
    /// `Root › Workloads › Prod`.
    pub path: String,
}

/// The destination picker: every root and OU the tree holds, filtered as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct MovePicker {
    pub accounts: Vec<Marked>,
    pub destinations: Vec<Destination>,
    pub filter: TextField,
    pub cursor: usize,
}

impl MovePicker {
    pub const MAX_FILTER: usize = 128;

    /// The destinations whose path holds every typed word (ignoring case).
    pub fn matches(&self) -> Vec<&Destination> {
        let words: Vec<String> = self.filter.split_whitespace().map(str::to_lowercase).collect();
        self.destinations
            .iter()
            .filter(|d| {
                let path = d.path.to_lowercase();
                words.iter().all(|w| path.contains(w.as_str()))
            })
            .collect()
    }
}

impl MovePicker {
    /// Why the highlighted destination cannot take the move (every account is there already).
    pub fn refusal(&self) -> Option<String> {
        let d = self.matches().get(self.cursor).copied()?;
        self.accounts
            .iter()
            .all(|a| a.parent == d.parent)
            .then(|| format!("Every account to move is in {} already.", d.path))
    }
}

/// One account's move, as confirmed and sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub account: AccountId,
    pub name: String,
    pub source: ParentId,
    pub destination: ParentId,
}

/// `Root › Workloads › Prod` for a tree node.
pub fn path_of(tree: &Tree, node: NodeId) -> String {
    tree.path(node)
        .iter()
        .filter_map(|&n| tree.get(n))
        .map(|n| n.kind.name().to_owned())
        .collect::<Vec<_>>()
        .join(" › ")
}

/// Every root and OU the tree holds, in tree order.
pub fn destinations(tree: &Tree) -> Vec<Destination> {
    tree.walk()
        .into_iter()
        .filter_map(|n| {
            let parent = tree.get(n)?.kind.target()?.as_parent()?;
            Some(Destination { parent, node: n, path: path_of(tree, n) })
        })
        .collect()
}

/// The SCPs and RCPs attached at a level, as the tree last loaded them ("not loaded" otherwise).
fn level_policies(tree: &Tree, node: NodeId) -> String {
    let Some(group) = tree.policies_group(node) else { return "policies not loaded".to_owned() };
    let Some(g) = tree.get(group).filter(|g| g.load == LoadState::Loaded) else {
        return "policies not loaded".to_owned();
    };
    let names: Vec<String> = g
        .children
        .iter()
        .filter_map(|c| match &tree.get(*c)?.kind {
            NodeKind::Policy(p) if p.policy_type.is_authorization() => {
                Some(format!("{} {}", p.policy_type.short(), p.name))
            }
            _ => None,
        })
        .collect();
    if names.is_empty() { "no SCP or RCP".to_owned() } else { names.join(", ") }
}

/// What a move changes for an account under `from` going to `to`, in words.
pub struct Change {
    /// "stops inheriting: Workloads (SCP …); Prod (…)".
    pub left: String,
    /// "starts inheriting: Sandbox (…)".
    pub entered: String,
    /// Either side looks governed by AWS Control Tower.
    pub governed: bool,
}

/// The levels left and entered, each with its SCPs and RCPs, and whether Control Tower seems to
/// govern either side.
pub fn change(tree: &Tree, from: NodeId, to: NodeId) -> Change {
    let a = tree.path(from);
    let b = tree.path(to);
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let describe = |levels: &[NodeId]| -> Vec<String> {
        levels
            .iter()
            .filter_map(|&n| Some(format!("{} ({})", tree.get(n)?.kind.name(), level_policies(tree, n))))
            .collect()
    };
    let left = describe(&a[common..]);
    let entered = describe(&b[common..]);
    let said = |levels: Vec<String>, none: &str, some: &str| {
        if levels.is_empty() { none.to_owned() } else { format!("{some}: {}", levels.join("; ")) }
    };
    Change {
        left: said(left, "stops inheriting nothing", "stops inheriting"),
        entered: said(entered, "starts inheriting nothing new", "starts inheriting"),
        governed: a.iter().chain(&b).any(|&n| looks_governed(tree, n)),
    }
}

/// From names alone (orgtui does not call Control Tower): an OU named for it, or its guardrail SCPs.
fn looks_governed(tree: &Tree, node: NodeId) -> bool {
    let named = tree.get(node).is_some_and(|n| {
        let name = n.kind.name().to_lowercase().replace(' ', "");
        name.contains("controltower")
    });
    let guardrails = tree.policies_group(node).and_then(|g| tree.get(g)).is_some_and(|g| {
        g.children.iter().any(|c| {
            matches!(tree.get(*c).map(|n| &n.kind), Some(NodeKind::Policy(p)) if p.name.starts_with("aws-guardrails-"))
        })
    });
    named || guardrails
}
