//! Dialogs: what a confirmation says before a change, the invitation form, the organization menu
//! and the notice that explains a failure. The words live here, as data the view draws, so tests
//! can read exactly what a user is asked to agree to.

use crate::edit::diff::DiffLine;
use crate::org::tree::NodeId;
use crate::org::{HandshakeId, InviteTarget, PolicyId, PolicySummary, TargetId};

/// Attaching or detaching a policy, once confirmed. `group` is the tree's Policies node of the target,
/// reloaded afterwards (checked to still be that target's before use).
#[derive(Debug, Clone, PartialEq)]
pub enum Attachment {
    Attach { policy: PolicyId, name: String, target: TargetId, group: NodeId },
    Detach { policy: PolicyId, name: String, target: TargetId, group: NodeId },
}

impl Attachment {
    pub fn operation(&self) -> &'static str {
        match self {
            Self::Attach { .. } => "AttachPolicy",
            Self::Detach { .. } => "DetachPolicy",
        }
    }

    pub fn group(&self) -> (NodeId, &TargetId) {
        match self {
            Self::Attach { group, target, .. } | Self::Detach { group, target, .. } => (*group, target),
        }
    }
}

/// A policy's name and description as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyForm {
    /// Set when the form names a new policy of this type (`N`).
    pub creating: Option<crate::org::PolicyType>,
    pub name: String,
    pub description: String,
    pub on_description: bool,
    pub error: Option<String>,
}

impl PolicyForm {
    pub const MAX_NAME: usize = 128;
    pub const MAX_DESCRIPTION: usize = 512;

    pub fn field_mut(&mut self) -> (&mut String, usize) {
        if self.on_description {
            (&mut self.description, Self::MAX_DESCRIPTION)
        } else {
            (&mut self.name, Self::MAX_NAME)
        }
    }
}

/// One policy in the attach picker.
#[derive(Debug, Clone, PartialEq)]
pub struct Pickable {
    pub policy: PolicySummary,
    pub attached: bool,
}

/// The attach picker: every policy of the types enabled in the target's root, filtered as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub target: TargetId,
    pub target_name: String,
    pub group: NodeId,
    /// None while the policies are being listed.
    pub policies: Option<Vec<Pickable>>,
    pub filter: String,
    pub cursor: usize,
}

impl Picker {
    /// The policies matching the filter (every typed character in order, ignoring case), best
    /// first: a match at the start of the name, then shorter names.
    pub fn matches(&self) -> Vec<&Pickable> {
        let filter = self.filter.to_lowercase();
        let mut found: Vec<(usize, &Pickable)> = self
            .policies
            .iter()
            .flatten()
            .filter_map(|p| {
                let name = p.policy.name.to_lowercase();
                let mut chars = name.chars();
                filter.chars().all(|f| chars.any(|c| c == f)).then(|| (usize::from(!name.starts_with(&filter)), p))
            })
            .collect();
        found.sort_by_key(|(rank, p)| (*rank, p.policy.policy_type.sort_key(), p.policy.name.len()));
        found.into_iter().map(|(_, p)| p).collect()
    }
}

/// A change orgtui can ask AWS to make, once confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Accept(HandshakeId),
    Decline(HandshakeId),
    Cancel(HandshakeId),
    Invite { target: InviteTarget, notes: Option<String> },
    EnableAllFeatures,
}

impl Command {
    /// The API operation, as AWS and the IAM policy name it.
    pub fn operation(&self) -> &'static str {
        match self {
            Self::Accept(_) => "AcceptHandshake",
            Self::Decline(_) => "DeclineHandshake",
            Self::Cancel(_) => "CancelHandshake",
            Self::Invite { .. } => "InviteAccountToOrganization",
            Self::EnableAllFeatures => "EnableAllFeatures",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    /// What the user gives up or cannot undo.
    Warning,
    /// Text someone else wrote (an invitation's notes).
    Quote,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub tone: Tone,
    pub text: String,
}

pub fn para(tone: Tone, text: impl Into<String>) -> Para {
    Para { tone, text: text.into() }
}

/// The invitation form. What the user typed stays here until the invitation is sent: a refused
/// invitation reopens the form with the text and the reason.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InviteForm {
    pub target: String,
    pub notes: String,
    pub on_notes: bool,
    pub error: Option<String>,
}

impl InviteForm {
    pub fn field_mut(&mut self) -> &mut String {
        if self.on_notes { &mut self.notes } else { &mut self.target }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    Invite,
    EnableAllFeatures,
    Inbox,
}

impl MenuItem {
    pub fn label(self) -> &'static str {
        match self {
            Self::Invite => "Invite an account…",
            Self::EnableAllFeatures => "Enable all features…",
            Self::Inbox => "Open the handshake inbox",
        }
    }

    pub fn mutating(self) -> bool {
        !matches!(self, Self::Inbox)
    }
}

pub const MENU: &[MenuItem] = &[MenuItem::Invite, MenuItem::EnableAllFeatures, MenuItem::Inbox];

/// The menu entries that exist in this mode (read-only drops the ones that change anything).
pub fn menu_items(read_only: bool) -> Vec<MenuItem> {
    MENU.iter().copied().filter(|i| !(read_only && i.mutating())).collect()
}

/// Which review of an edit a dialog shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The text has problems; the user chose to leave the editor without fixing them.
    Problems,
    /// The diff and the policy's reach, before saving.
    Preview,
    /// The policy changed on the server since the edit began.
    Conflict,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// A policy edit to look at before anything is written: a diff and what it means.
    Review {
        stage: Stage,
        title: String,
        body: Vec<Para>,
        diff: Vec<DiffLine>,
        scroll: u16,
    },
    Confirm {
        title: String,
        body: Vec<Para>,
        command: Command,
        /// The form to go back to when the user says no (an invitation being written).
        back: Option<InviteForm>,
    },
    /// Attaching or detaching a policy, said in words before it is done.
    ConfirmAttachment {
        title: String,
        body: Vec<Para>,
        change: Attachment,
    },
    Picker(Picker),
    /// The policy types of a root, to enable or disable one (`T` on a root).
    Types {
        root: crate::org::Root,
        types: Vec<crate::org::PolicyType>,
        cursor: usize,
    },
    /// The type of a new policy (`N`): the types enabled in the root.
    NewPolicyType {
        types: Vec<crate::org::PolicyType>,
        cursor: usize,
    },
    ConfirmType {
        title: String,
        body: Vec<Para>,
        root: crate::org::RootId,
        policy_type: crate::org::PolicyType,
        enable: bool,
    },
    /// A policy's name and description, being changed (`E`).
    PolicyForm(PolicyForm),
    ConfirmDelete {
        title: String,
        body: Vec<Para>,
        id: PolicyId,
        name: String,
    },
    Invite(InviteForm),
    Menu {
        cursor: usize,
    },
    Notice {
        title: String,
        body: Vec<Para>,
    },
}
