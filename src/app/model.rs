use std::collections::HashMap;

use time::OffsetDateTime;

use super::applies::{Applies, EffectiveEntry, Reveal, TargetsEntry};
use super::dialog::Dialog;
use super::edit::EditSession;
use super::inbox::Inbox;
use crate::org::tree::{LoadState, NodeId, NodeKind, ReqId, Row, Tree};
use crate::org::{AccountId, Organization, PolicyId, PolicyType, Tag};
use crate::policy::PreparedPolicy;

use super::layout;

/// Where the organization comes from, for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Aws {
        profile: Option<String>,
        region: String,
        endpoint: Option<String>,
    },
    Demo,
    /// The demo seen with another account's credentials (`--demo-as`).
    DemoAs(String),
    Snapshot {
        path: String,
        taken_at: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Details,
    Policy,
    /// The handshake list; it and `Handshake` replace the three panes above while focused.
    Inbox,
    /// The selected handshake in full.
    Handshake,
    /// What applies to an account or OU (`w`): the SCP/RCP chain and the action checker; it and
    /// `Effective` replace the three panes while focused.
    Chain,
    /// The effective management policies of the same account.
    Effective,
}

impl Pane {
    const CYCLE: [Pane; 5] = [Pane::Tree, Pane::Details, Pane::Policy, Pane::Inbox, Pane::Handshake];

    pub fn next(self) -> Self {
        match self {
            Self::Chain => return Self::Effective,
            Self::Effective => return Self::Chain,
            _ => {}
        }
        let i = Self::CYCLE.iter().position(|p| *p == self).unwrap_or(0);
        Self::CYCLE[(i + 1) % Self::CYCLE.len()]
    }

    pub fn prev(self) -> Self {
        if self.in_applies() {
            return self.next();
        }
        let i = Self::CYCLE.iter().position(|p| *p == self).unwrap_or(0);
        Self::CYCLE[(i + Self::CYCLE.len() - 1) % Self::CYCLE.len()]
    }

    /// Whether the screen shows the inbox rather than the organization.
    pub fn in_inbox(self) -> bool {
        matches!(self, Self::Inbox | Self::Handshake)
    }

    /// Whether the screen shows what applies to an account or OU.
    pub fn in_applies(self) -> bool {
        matches!(self, Self::Chain | Self::Effective)
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
    /// None while the caller's account belongs to no organization (it may have been invited to one).
    pub org: Option<Organization>,
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
    /// Where `i` returns to from the inbox.
    pub browse_focus: Pane,
    pub inbox: Inbox,
    pub dialog: Option<Dialog>,
    /// A policy edit in progress: its text lives here until AWS or a recovery file has it.
    pub edit: Option<EditSession>,
    /// The editor command (`$VISUAL`, `$EDITOR`, `vi`), read once at start.
    pub editor: String,
    /// Where unsaved edits are kept (`~/.local/share/orgtui/recovery`).
    pub recovery_dir: Option<std::path::PathBuf>,
    /// Quitting waits for an unsaved edit to reach its recovery file.
    pub quit_after_keep: bool,
    /// Accounts marked with `m`, to move together (in the order marked).
    pub marked: Vec<super::moving::Marked>,
    /// Delegated administrators, trusted services and the resource policy, once asked for.
    pub governance: super::governance::GovernanceEntry,
    /// The recovery files found (newest first): `e` offers a policy's, the organization menu lists them.
    pub kept: Vec<crate::edit::kept::KeptEdit>,
    /// Why the edit being kept was abandoned, when the user did not choose it (the editor failed).
    pub abandon_note: Option<String>,
    /// The time relative times are read from, set by the event loop (tests fix it).
    pub now: OffsetDateTime,
    pub details_scroll: u16,
    pub policy_scroll: u16,
    pub help_scroll: Option<u16>,
    /// Policy content, cached per policy: several nodes show the same policy.
    pub policies: HashMap<PolicyId, PolicyEntry>,
    pub tags: HashMap<crate::org::ResourceId, TagsEntry>,
    /// What applies to an account or OU, while that view is open (or was last open).
    pub applies: Option<Applies>,
    pub effective: HashMap<(AccountId, PolicyType), EffectiveEntry>,
    /// Where each policy is attached, for "where used".
    pub targets: HashMap<PolicyId, TargetsEntry>,
    /// A target being shown in the tree, from "where used" or search.
    pub reveal: Option<Reveal>,
    /// Keys pressed while a jump opens the tree, that act on what is selected: applied to the
    /// target once it is selected (a movement key cancels the jump and drops them).
    pub held: Vec<crate::keymap::Action>,
    /// The search index and its background build.
    pub search: super::search::SearchState,
    /// The policy the policy pane shows: the last policy selected in the tree.
    pub shown_policy: Option<PolicyId>,
    pub toast: Option<Toast>,
    /// Set while what is shown came from the cache and is not yet confirmed by AWS.
    pub cached: Option<super::cache::CacheState>,
    /// Whether AWS is throttling, and the pace orgtui keeps: the status bar says so.
    pub budget: crate::api::budget::BudgetStatus,
    pub in_flight: usize,
    pub spinner: usize,
    pub next_id: u64,
    /// The details request waiting for its debounce timer.
    pub pending_details: Option<ReqId>,
    pub size: (u16, u16),
    /// How far each text pane can scroll at this size, measured by the view before each input.
    pub scroll_limits: super::layout::ScrollLimits,
    pub quit: bool,
    /// Set by `update` when something visible changed; the loop draws only then.
    pub dirty: bool,
    /// The what-if of the change the open confirmation asks about.
    pub whatif: Option<super::whatif::Gate>,
    /// The questions asked with `c`, oldest first (the what-if checks the last five again).
    pub asked: Vec<crate::policy::evaluate::Question>,
    /// The colours and glyphs the terminal shows, detected at start-up.
    pub display: crate::terminal::caps::Display,
    /// Ctrl-z: the event loop hands the terminal back to the shell and stops (like `quit`, a request).
    pub suspend: bool,
    /// `--mouse`: the wheel scrolls, a click selects or presses a footer hint.
    pub mouse: bool,
    /// `--compare OLD`: what changed since that snapshot, marked in the tree.
    pub drift: Option<std::sync::Arc<crate::drift::marks::Marks>>,
}

impl Model {
    pub fn new(org: Option<Organization>, source: Source, read_only: bool) -> Self {
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
            browse_focus: Pane::Tree,
            inbox: Inbox::default(),
            dialog: None,
            edit: None,
            editor: crate::edit::editor::command(),
            quit_after_keep: false,
            abandon_note: None,
            kept: Vec::new(),
            marked: Vec::new(),
            governance: Default::default(),
            recovery_dir: crate::edit::recovery::dir(),
            now: OffsetDateTime::now_utc(),
            details_scroll: 0,
            policy_scroll: 0,
            help_scroll: None,
            policies: HashMap::new(),
            tags: HashMap::new(),
            applies: None,
            effective: HashMap::new(),
            targets: HashMap::new(),
            reveal: None,
            held: Vec::new(),
            search: super::search::SearchState::default(),
            shown_policy: None,
            toast: None,
            cached: None,
            budget: Default::default(),
            in_flight: 0,
            spinner: 0,
            next_id: 1,
            pending_details: None,
            size: (80, 24),
            scroll_limits: super::layout::ScrollLimits::default(),
            quit: false,
            whatif: None,
            asked: Vec::new(),
            display: Default::default(),
            suspend: false,
            mouse: false,
            drift: None,
            dirty: true,
        }
    }

    /// The rows the tree pane shows: the tree's visible rows and, in the drift view, the removed
    /// ones in place.
    pub fn visible_rows(&self) -> Vec<Row> {
        let Some(drift) = &self.drift else { return self.tree.visible_rows() };
        self.tree.visible_rows_with(|node| match &node.kind {
            NodeKind::Policies { target } => drift.detached_from(target),
            kind => kind.target().map_or(&[], |t| drift.gone_under(&t)),
        })
    }

    /// The row of a node (not one of the removed rows shown after its children).
    pub fn row_of(&self, id: NodeId) -> Option<usize> {
        self.rows.iter().position(|r| r.id == id && r.gone.is_none())
    }

    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn selected(&self) -> Option<NodeId> {
        self.rows.get(self.cursor).filter(|r| r.gone.is_none()).map(|r| r.id)
    }

    pub fn selected_kind(&self) -> Option<&NodeKind> {
        self.selected().and_then(|id| self.tree.get(id)).map(|n| &n.kind)
    }

    /// Rows the tree pane can show at the current size.
    pub fn tree_page(&self) -> usize {
        layout::inner_height(layout::areas(self.size.0, self.size.1, false).tree).max(1)
    }

    /// The profile the user named, for the fixes error messages suggest.
    pub fn profile(&self) -> Option<&str> {
        match &self.source {
            Source::Aws { profile, .. } => profile.as_deref(),
            _ => None,
        }
    }

    /// The tree cannot be shown to these credentials: a member account (AccessDenied) or an account
    /// outside any organization. Not a failure to retry; the inbox still works.
    pub fn tree_unavailable(&self) -> Option<&crate::api::ApiError> {
        match &self.roots_load {
            LoadState::Failed(
                e @ (crate::api::ApiError::AccessDenied { .. } | crate::api::ApiError::NotInOrganization),
            ) => Some(e),
            _ => None,
        }
    }

    /// A kept edit as lists name it, its policy by the name orgtui knows for it.
    pub fn kept_label(&self, kept: &crate::edit::kept::KeptEdit) -> String {
        let name = self.known_policies().find(|p| p.id.as_str() == kept.policy).map(|p| p.name.as_str());
        kept.label(name)
    }

    /// Every policy summary orgtui has seen: the search index, the policy pane's texts, the tree's
    /// rows (a policy may appear more than once).
    pub fn known_policies(&self) -> impl Iterator<Item = &crate::org::PolicySummary> {
        let tree = self.tree.walk().into_iter().filter_map(|n| match &self.tree.get(n)?.kind {
            NodeKind::Policy(p) => Some(p),
            _ => None,
        });
        self.search
            .policies
            .values()
            .chain(self.policies.values().filter_map(|e| e.prepared.as_ref().map(|p| &p.policy.summary)))
            .chain(tree)
    }

    /// Every account orgtui has seen: the tree's rows and the search index's listing.
    pub fn known_accounts(&self) -> impl Iterator<Item = &crate::org::Account> {
        let tree = self.tree.walk().into_iter().filter_map(|n| match &self.tree.get(n)?.kind {
            NodeKind::Account(a) => Some(a),
            _ => None,
        });
        tree.chain(self.search.accounts.values())
    }

    /// The root a new policy (`N`) is made in: the selected node's, else the first.
    pub fn creation_root(&self) -> Option<&crate::org::Root> {
        self.selected().and_then(|id| self.tree.root_of(id)).or_else(|| {
            let first = *self.tree.roots().first()?;
            match &self.tree.get(first)?.kind {
                NodeKind::Root(r) => Some(r),
                _ => None,
            }
        })
    }

    /// The policy pane takes the larger share while a policy is selected or focused.
    pub fn policy_first(&self) -> bool {
        self.focus == Pane::Policy || matches!(self.selected_kind(), Some(NodeKind::Policy(_)))
    }
}
