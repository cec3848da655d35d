//! The blast radius of an SCP or RCP change, worked out offline before the user confirms it: which
//! accounts it reaches, which are left with no Allow at some level (every action denied), how each
//! level's allow list changes, which Deny statements start or stop applying, and how a few actions
//! the user cares about change verdict. It reads the organization as gathered (`Exposure`) and
//! answers with the same checker as `w` and `c`, before and after the change.

mod compare;
mod snapshot;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::org::{AccountId, PolicyId, PolicyType, TargetId};
use crate::policy::evaluate::{Question, Verdict};

pub use compare::preview;
pub use snapshot::from_snapshot;

/// A change that alters which SCPs or RCPs apply.
#[derive(Debug, Clone, PartialEq)]
pub enum Proposal {
    Attach {
        policy: PolicyId,
        target: TargetId,
    },
    Detach {
        policy: PolicyId,
        target: TargetId,
    },
    /// The policy's text becomes `content`.
    Edit {
        policy: PolicyId,
        content: String,
    },
    /// The SCP or RCP type is disabled in the organization's root: every policy of it stops applying.
    Disable {
        policy_type: PolicyType,
    },
    /// The accounts move to `destination` (a root or OU): they stop inheriting the levels they
    /// leave and start inheriting the ones they enter.
    Move {
        accounts: Vec<AccountId>,
        destination: TargetId,
    },
}

impl Proposal {
    /// The targets whose accounts the change reaches; for an edit, wherever the policy is attached.
    pub fn scope(&self, exposure: &Exposure) -> Vec<TargetId> {
        match self {
            Self::Attach { target, .. } | Self::Detach { target, .. } => vec![target.clone()],
            Self::Edit { policy, .. } => {
                exposure.attachments.iter().filter(|(_, ids)| ids.contains(policy)).map(|(t, _)| t.clone()).collect()
            }
            Self::Disable { .. } => exposure.roots.clone(),
            Self::Move { accounts, .. } => accounts.iter().cloned().map(TargetId::Account).collect(),
        }
    }
}

/// A root, OU or account as the preview needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    /// None for a root.
    pub parent: Option<TargetId>,
}

/// An SCP or RCP of the organization.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyText {
    pub name: String,
    pub policy_type: PolicyType,
    pub content: String,
}

/// What the preview reads: gathered through the usual request path (a listing of the accounts
/// under the target, ListTargetsForPolicy per SCP and RCP, their texts), or built from a snapshot.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Exposure {
    pub organization: Option<String>,
    pub management: Option<AccountId>,
    pub roots: Vec<TargetId>,
    /// The SCP and RCP types enabled in the root.
    pub enabled: Vec<PolicyType>,
    /// Every root, OU and account the preview met, by id.
    pub places: HashMap<TargetId, Place>,
    /// SCPs and RCPs attached directly to each target.
    pub attachments: HashMap<TargetId, Vec<PolicyId>>,
    pub policies: HashMap<PolicyId, PolicyText>,
    /// The accounts under the change's scope, in the order they were found.
    pub reached: Vec<AccountId>,
    /// What could not be read, in words; a preview with any of these is not complete.
    pub incomplete: Vec<String>,
}

impl Exposure {
    /// The organization's roots: places without a parent, and the SCP/RCP types they enable.
    pub fn add_roots(&mut self, roots: &[crate::org::Root]) {
        for root in roots {
            let id = TargetId::Root(root.id.clone());
            self.places.insert(id.clone(), Place { name: root.name.clone(), parent: None });
            self.roots.push(id);
            for t in root.enabled_policy_types().into_iter().filter(|t| t.is_authorization()) {
                if !self.enabled.contains(&t) {
                    self.enabled.push(t);
                }
            }
        }
    }
}

/// How one level's allow list changes.
#[derive(Debug, Clone, PartialEq)]
pub struct AllowChange {
    /// "At OU Workloads, SCPs".
    pub level: String,
    pub lost: Vec<String>,
    pub gained: Vec<String>,
}

/// A Deny statement that starts or stops applying to some of the accounts reached.
#[derive(Debug, Clone, PartialEq)]
pub struct DenyChange {
    /// "SCP RegionRestriction › DenyOutsideApprovedRegions".
    pub statement: String,
    /// The statement in words, as the `w` view writes it.
    pub says: String,
    pub starts: usize,
    pub stops: usize,
}

/// An action whose verdict changes for some accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictChange {
    pub question: String,
    pub before: Verdict,
    pub after: Verdict,
    pub accounts: usize,
}

/// Accounts left with nothing allowed at some level.
#[derive(Debug, Clone, PartialEq)]
pub struct Lockout {
    /// The account's name.
    pub account: String,
    /// "the SCPs at root Root".
    pub level: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Preview {
    /// Where the change applies: its target, or every target of an edited policy.
    pub scope: Vec<TargetId>,
    /// Member accounts the change reaches (the management account not counted).
    pub reached: usize,
    /// The accounts reached, grouped by OU path ("Root/Workloads/Prod"), names sorted.
    pub groups: Vec<(String, Vec<String>)>,
    /// The management account, when reached: named as not restricted.
    pub management: Option<String>,
    /// Accounts that will have no Allow at some level, and were not so before.
    pub locked_out: Vec<Lockout>,
    /// Accounts that had no Allow at some level already (unchanged by this).
    pub already_locked: usize,
    pub allow_changes: Vec<AllowChange>,
    pub denies: Vec<DenyChange>,
    pub verdicts: Vec<VerdictChange>,
    pub incomplete: Vec<String>,
}

impl Preview {
    /// Whether the user must type `yes`: accounts locked out, or a preview that could not be completed.
    pub fn critical(&self) -> bool {
        !self.locked_out.is_empty() || !self.incomplete.is_empty()
    }

    /// Whether the change alters anything the preview measures.
    pub fn changes_anything(&self) -> bool {
        !(self.locked_out.is_empty()
            && self.allow_changes.is_empty()
            && self.denies.is_empty()
            && self.verdicts.is_empty())
    }
}

/// Actions checked before and after every change, besides the last ones the user asked about with
/// `c`: a few that a guardrail usually protects and a few that work needs. The README lists them.
pub const SENTINELS: &[(&str, &str)] = &[
    ("ec2:RunInstances", "us-east-1"),
    ("ec2:RunInstances", "ap-southeast-2"),
    ("s3:PutObject", "eu-west-1"),
    ("iam:CreateRole", ""),
    ("sts:AssumeRole", ""),
    ("cloudtrail:StopLogging", "us-east-1"),
    ("organizations:LeaveOrganization", ""),
];

/// The sentinel questions, then the user's own (most recent first, at most five, no repeats).
pub fn questions(recent: &[Question]) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    for q in recent.iter().rev().take(5) {
        if !out.contains(q) {
            out.push(q.clone());
        }
    }
    for (action, region) in SENTINELS {
        if let Ok(q) = Question::parse(action, "", region)
            && !out.iter().any(|o| o.action == q.action && o.region == q.region && o.resource.is_none())
        {
            out.push(q);
        }
    }
    out
}
