use std::collections::HashMap;

use crate::org::tree::{LoadState, NodeId, NodeKind, ReqId, Row, Tree};
use crate::org::{Organization, PolicyId, Tag, TargetId};
use crate::policy::PreparedPolicy;

use super::layout;

/// Where the organization comes from, for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Aws { profile: Option<String>, region: String, endpoint: Option<String> },
    Demo,
    Snapshot { path: String, taken_at: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Details,
    Policy,
}

impl Pane {
    pub fn next(self) -> Self {
        match self {
            Self::Tree => Self::Details,
            Self::Details => Self::Policy,
            Self::Policy => Self::Tree,
        }
    }

    pub fn prev(self) -> Self {
        self.next().next()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyEntry {
    pub load: LoadState,
    pub prepared: Option<Box<PreparedPolicy>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TagsEntry {
    pub load: LoadState,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub is_error: bool,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub org: Organization,
    pub source: Source,
    pub read_only: bool,
    pub tree: Tree,
    /// Load state of the list of roots (the tree's top level).
    pub roots_load: LoadState,
    /// The visible rows, recomputed whenever the tree's shape changes (not on every frame).
    pub rows: Vec<Row>,
    pub cursor: usize,
    /// First visible row of the tree pane.
    pub tree_offset: usize,
    pub focus: Pane,
    pub details_scroll: u16,
    pub policy_scroll: u16,
    pub help_scroll: Option<u16>,
    /// Policy content, cached per policy: several nodes show the same policy.
    pub policies: HashMap<PolicyId, PolicyEntry>,
    pub tags: HashMap<TargetId, TagsEntry>,
    /// The policy the policy pane shows: the last policy selected in the tree.
    pub shown_policy: Option<PolicyId>,
    pub toast: Option<Toast>,
    pub in_flight: usize,
    pub spinner: usize,
    pub next_id: u64,
    /// The details request waiting for its debounce timer.
    pub pending_details: Option<ReqId>,
    pub size: (u16, u16),
    pub quit: bool,
    /// Set by `update` when something visible changed; the loop draws only then.
    pub dirty: bool,
}

impl Model {
    pub fn new(org: Organization, source: Source, read_only: bool) -> Self {
        Self {
            org,
            source,
            read_only,
            tree: Tree::default(),
            roots_load: LoadState::NotLoaded,
            rows: Vec::new(),
            cursor: 0,
            tree_offset: 0,
            focus: Pane::Tree,
            details_scroll: 0,
            policy_scroll: 0,
            help_scroll: None,
            policies: HashMap::new(),
            tags: HashMap::new(),
            shown_policy: None,
            toast: None,
            in_flight: 0,
            spinner: 0,
            next_id: 1,
            pending_details: None,
            size: (80, 24),
            quit: false,
            dirty: true,
        }
    }

    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn selected(&self) -> Option<NodeId> {
        self.rows.get(self.cursor).map(|r| r.id)
    }

    pub fn selected_kind(&self) -> Option<&NodeKind> {
        self.selected().and_then(|id| self.tree.get(id)).map(|n| &n.kind)
    }

    /// Rows the tree pane can show at the current size.
    pub fn tree_page(&self) -> usize {
        layout::inner_height(layout::areas(self.size.0, self.size.1, false).tree).max(1)
    }

    /// The policy pane takes the larger share while a policy is selected or focused.
    pub fn policy_first(&self) -> bool {
        self.focus == Pane::Policy || matches!(self.selected_kind(), Some(NodeKind::Policy(_)))
    }
}
