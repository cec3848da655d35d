//! What changed in an organization between two whole records of it (snapshot files, the demo, or a
//! crawl of the live one): accounts and OUs added, removed, moved and renamed, policies edited and
//! attached, tags, the policy types of the roots and the governance records. Pure, and below both
//! faces: `orgtui diff` prints it, the drift view marks the tree with it.

mod compare;
pub mod marks;
#[cfg(test)]
mod tests;

pub use compare::compare;

use crate::edit::diff::DiffLine;
use crate::org::{PolicyId, PolicyType, Tag, TargetId};

/// What a change is about, in the order the groups are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Account,
    Ou,
    Policy,
    Root,
    Governance,
    Organization,
}

impl Kind {
    /// The group's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Account => "Accounts",
            Self::Ou => "Organizational units",
            Self::Policy => "Policies",
            Self::Root => "Roots",
            Self::Governance => "Governance",
            Self::Organization => "Organization",
        }
    }

    /// `n` of them, for the summary line ("1 OU", "3 policies").
    pub fn count(self, n: usize) -> String {
        let (one, many) = match self {
            Self::Account => ("account", "accounts"),
            Self::Ou => ("OU", "OUs"),
            Self::Policy => ("policy", "policies"),
            Self::Root => ("root", "roots"),
            Self::Governance => ("governance record", "governance records"),
            Self::Organization => ("organization setting", "organization settings"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// The name in `--json`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Ou => "ou",
            Self::Policy => "policy",
            Self::Root => "root",
            Self::Governance => "governance",
            Self::Organization => "organization",
        }
    }
}

/// The thing that changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    Target(TargetId),
    Policy(PolicyId, PolicyType),
    /// A service principal, the resource policy, the organization: named by text.
    Named(String),
}

impl Subject {
    pub fn id(&self) -> &str {
        match self {
            Self::Target(t) => t.as_str(),
            Self::Policy(p, _) => p.as_str(),
            Self::Named(n) => n,
        }
    }
}

/// The tags of one thing before and after.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagChanges {
    pub added: Vec<Tag>,
    pub removed: Vec<Tag>,
    /// Key, value before, value after.
    pub changed: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// `place` is the parent's path (an OU or account), empty for a policy or root.
    Added {
        place: String,
    },
    Removed {
        place: String,
    },
    /// From one parent's path to another's.
    Moved {
        from: String,
        to: String,
    },
    /// A field of the record: "name", "email", "state", "description", "feature set".
    Changed {
        field: &'static str,
        from: String,
        to: String,
    },
    /// A policy's content (or the resource policy): a unified diff of the two, pretty-printed when
    /// both are JSON (AWS often keeps them minified); empty with `reformatted` when only the layout
    /// of the same JSON changed.
    Edited {
        diff: Vec<DiffLine>,
        reformatted: bool,
    },
    /// The policy (the subject) attached to or detached from `target`, which sits at `place`.
    Attached {
        target: TargetId,
        place: String,
    },
    Detached {
        target: TargetId,
        place: String,
    },
    Tags(TagChanges),
    TypeEnabled(PolicyType),
    TypeDisabled(PolicyType),
    /// The account (the subject) registered, or no longer, as delegated administrator for a service.
    Delegated {
        service: String,
    },
    Undelegated {
        service: String,
    },
    /// Trusted access for the service (the subject) enabled or disabled.
    TrustEnabled,
    TrustDisabled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub subject: Subject,
    /// The subject's name (as of the newer side, or the older one when it is gone).
    pub name: String,
    pub what: What,
}

/// Which side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// Something one side did not record, so it was not compared: unknown, not removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCompared {
    pub what: &'static str,
    pub side: Side,
    pub why: &'static str,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    pub changes: Vec<Change>,
    pub not_compared: Vec<NotCompared>,
    /// The two sides are different organizations (their ids): compared all the same, and said.
    pub organizations: Option<(String, String)>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes of each kind, in group order.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        let mut out: Vec<(Kind, usize)> = Vec::new();
        for c in &self.changes {
            match out.iter_mut().find(|(k, _)| *k == c.kind) {
                Some((_, n)) => *n += 1,
                None => out.push((c.kind, 1)),
            }
        }
        out.sort();
        out
    }
}

/// Arrows as the output can show them.
pub fn arrow(ascii: bool) -> &'static str {
    if ascii { "->" } else { "→" }
}

impl TagChanges {
    /// `+owner=alice, -team=web, env: dev → prod`.
    pub fn describe(&self, ascii: bool) -> String {
        let mut parts: Vec<String> = self.added.iter().map(|t| format!("+{}={}", t.key, t.value)).collect();
        parts.extend(self.removed.iter().map(|t| format!("-{}={}", t.key, t.value)));
        parts.extend(self.changed.iter().map(|(k, a, b)| format!("{k}: {a} {} {b}", arrow(ascii))));
        parts.join(", ")
    }
}

impl Change {
    /// `+`, `-` or `~`: added, removed, or changed in place.
    pub fn sign(&self) -> char {
        match &self.what {
            What::Added { .. } | What::Attached { .. } | What::TypeEnabled(_) | What::Delegated { .. } => '+',
            What::TrustEnabled => '+',
            What::Removed { .. } | What::Detached { .. } | What::TypeDisabled(_) | What::Undelegated { .. } => '-',
            What::TrustDisabled => '-',
            _ => '~',
        }
    }

    /// What happened to the subject, as a phrase after its name ("moved: Root/A → Root/B").
    pub fn describe(&self, ascii: bool) -> String {
        let to = arrow(ascii);
        let is_policy = matches!(self.subject, Subject::Policy(..));
        match &self.what {
            What::Added { .. } if is_policy => "created".to_owned(),
            What::Removed { .. } if is_policy => "deleted".to_owned(),
            What::Added { place } if place.is_empty() => "added".to_owned(),
            What::Removed { place } if place.is_empty() => "removed".to_owned(),
            What::Added { place } => format!("added in {place}"),
            What::Removed { place } => format!("removed from {place}"),
            What::Moved { from, to: into } => format!("moved: {from} {to} {into}"),
            What::Changed { field, from, to: into } => format!("{field}: {from} {to} {into}"),
            What::Edited { reformatted: true, .. } => "reformatted (the same JSON)".to_owned(),
            What::Edited { diff, .. } => {
                let (minus, plus) = diff_counts(diff);
                format!("content edited (-{minus} +{plus} lines)")
            }
            What::Attached { target, place } => format!("attached to {place} ({target})"),
            What::Detached { target, place } => format!("detached from {place} ({target})"),
            What::Tags(t) => format!("tags: {}", t.describe(ascii)),
            What::TypeEnabled(t) => format!("policy type enabled: {}", t.short()),
            What::TypeDisabled(t) => format!("policy type disabled: {}", t.short()),
            What::Delegated { service } => format!("registered as delegated administrator for {service}"),
            What::Undelegated { service } => format!("no longer delegated administrator for {service}"),
            What::TrustEnabled => "trusted access enabled".to_owned(),
            What::TrustDisabled => "trusted access disabled".to_owned(),
        }
    }

    /// The change name in `--json`.
    pub fn key(&self) -> &'static str {
        match &self.what {
            What::Added { .. } => "added",
            What::Removed { .. } => "removed",
            What::Moved { .. } => "moved",
            What::Changed { field: "name", .. } => "renamed",
            What::Changed { .. } => "changed",
            What::Edited { .. } => "edited",
            What::Attached { .. } => "attached",
            What::Detached { .. } => "detached",
            What::Tags(_) => "tags",
            What::TypeEnabled(_) => "type_enabled",
            What::TypeDisabled(_) => "type_disabled",
            What::Delegated { .. } => "delegated",
            What::Undelegated { .. } => "undelegated",
            What::TrustEnabled => "trust_enabled",
            What::TrustDisabled => "trust_disabled",
        }
    }
}

/// Lines removed and added in a diff.
pub fn diff_counts(diff: &[DiffLine]) -> (usize, usize) {
    use crate::edit::diff::Kind as Line;
    let minus = diff.iter().filter(|l| l.kind == Line::Removed).count();
    let plus = diff.iter().filter(|l| l.kind == Line::Added).count();
    (minus, plus)
}
