//! The drift as the tree reads it: a mark for each root, OU, account and policy that changed, what
//! to say about it in the details, and the removed things to show in place (dimmed) under the
//! parent that still exists, or in the Policies group of the target a policy was detached from.

use std::collections::{HashMap, HashSet};

use super::{Change, Drift, Subject, What};
use crate::org::{PolicyId, PolicyType, TargetId};
use crate::snapshot::Snapshot;
use crate::snapshot::view::OrgView;

/// How a node differs from the older side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Added,
    Moved,
    Changed,
    Removed,
}

impl Mark {
    /// The mark as the tree shows it (in ASCII the frame's lowering makes `→` `>` and `−` `-`).
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Added => "+",
            Self::Moved => "→",
            Self::Changed => "~",
            Self::Removed => "−",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Moved => "moved",
            Self::Changed => "changed",
            Self::Removed => "removed",
        }
    }

    pub const ALL: [Mark; 4] = [Mark::Added, Mark::Moved, Mark::Changed, Mark::Removed];
}

/// What a removed row stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoneKind {
    Ou,
    Account,
    /// A policy no longer attached here (`deleted`: it is gone from the organization too).
    Policy {
        policy_type: PolicyType,
        deleted: bool,
    },
}

/// A removed thing shown in place: the change that removed it and what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    pub change: usize,
    pub kind: GoneKind,
    pub id: String,
    pub name: String,
    /// Accounts and OUs that went with a removed OU (not shown on rows of their own).
    pub with: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// The older side as the view names it: its file name, and when it was taken.
    pub against: String,
    pub taken: String,
    pub drift: Drift,
    /// Changes about each target, and the attachments made to or removed from it.
    targets: HashMap<TargetId, Vec<usize>>,
    /// Changes about each policy itself (content, name, tags, creation), not where it is attached.
    policies: HashMap<PolicyId, Vec<usize>>,
    attached: HashSet<(TargetId, PolicyId)>,
    pub gone: Vec<Gone>,
    /// Removed OUs and accounts by the parent they were under (which still exists).
    gone_under: HashMap<TargetId, Vec<u32>>,
    /// Policies detached, by the target (its Policies group).
    detached_from: HashMap<TargetId, Vec<u32>>,
    /// How many of each mark (in `Mark::ALL` order): counted once, since the legend shows them on
    /// every frame.
    counts: [usize; 4],
}

impl Marks {
    pub fn new(against: String, old: &Snapshot, new: &Snapshot) -> Self {
        let drift = super::compare(old, new);
        let (a, b) = (OrgView::new(old), OrgView::new(new));
        let taken = crate::org::time_fmt::short_utc(old.taken_at);
        let mut m = Self { against, taken, ..Self::default() };
        let deleted: HashSet<&str> = drift
            .changes
            .iter()
            .filter(|c| matches!(c.what, What::Removed { .. }))
            .filter_map(|c| match &c.subject {
                Subject::Policy(p, _) => Some(p.as_str()),
                _ => None,
            })
            .collect();
        for (i, c) in drift.changes.iter().enumerate() {
            match (&c.subject, &c.what) {
                (Subject::Target(t), What::Removed { .. }) => {
                    let Some(parent) = a.parent(t).map(|p| p.as_target()).filter(|p| b.holds(p)) else { continue };
                    let kind = if matches!(t, TargetId::Ou(_)) { GoneKind::Ou } else { GoneKind::Account };
                    let with = below(&a, t);
                    m.push_gone(Gone { change: i, kind, id: t.to_string(), name: c.name.clone(), with }, parent, false);
                }
                (Subject::Target(t), _) => m.targets.entry(t.clone()).or_default().push(i),
                (Subject::Policy(p, kind), What::Detached { target, .. }) => {
                    m.targets.entry(target.clone()).or_default().push(i);
                    let kind = GoneKind::Policy { policy_type: kind.clone(), deleted: deleted.contains(p.as_str()) };
                    let gone = Gone { change: i, kind, id: p.to_string(), name: c.name.clone(), with: 0 };
                    m.push_gone(gone, target.clone(), true);
                }
                (Subject::Policy(p, _), What::Attached { target, .. }) => {
                    m.targets.entry(target.clone()).or_default().push(i);
                    m.attached.insert((target.clone(), p.clone()));
                }
                (Subject::Policy(p, _), _) => m.policies.entry(p.clone()).or_default().push(i),
                (Subject::Named(_), _) => {}
            }
        }
        m.drift = drift;
        m.counts = Mark::ALL.map(|mark| match mark {
            Mark::Removed => m.drift.changes.iter().filter(|c| matches!(c.what, What::Removed { .. })).count(),
            _ => m.changed().filter(|(_, found)| *found == mark).count(),
        });
        m
    }

    fn push_gone(&mut self, gone: Gone, at: TargetId, policy: bool) {
        let index = u32::try_from(self.gone.len()).unwrap_or(u32::MAX);
        self.gone.push(gone);
        let list = if policy { &mut self.detached_from } else { &mut self.gone_under };
        list.entry(at).or_default().push(index);
    }

    fn change(&self, i: usize) -> Option<&Change> {
        self.drift.changes.get(i)
    }

    /// How a root, OU or account differs, if it does.
    pub fn target(&self, t: &TargetId) -> Option<Mark> {
        let changes = self.targets.get(t)?;
        let whats = || changes.iter().filter_map(|&i| self.change(i)).map(|c| &c.what);
        Some(if whats().any(|w| matches!(w, What::Added { .. })) {
            Mark::Added
        } else if whats().any(|w| matches!(w, What::Moved { .. })) {
            Mark::Moved
        } else {
            Mark::Changed
        })
    }

    /// How a policy listed in the Policies group of `target` differs: attached there since, or
    /// changed itself.
    pub fn policy(&self, target: &TargetId, p: &PolicyId) -> Option<Mark> {
        if self.attached.contains(&(target.clone(), p.clone())) {
            return Some(Mark::Added);
        }
        self.policies.contains_key(p).then_some(Mark::Changed)
    }

    /// What changed about a target, one sentence each (its attachments included).
    pub fn target_changes(&self, t: &TargetId, ascii: bool) -> Vec<String> {
        let Some(changes) = self.targets.get(t) else { return Vec::new() };
        changes
            .iter()
            .filter_map(|&i| self.change(i))
            .map(|c| match (&c.subject, &c.what) {
                (Subject::Policy(_, kind), What::Attached { .. }) => {
                    format!("{} {} attached here", kind.short(), c.name)
                }
                (Subject::Policy(_, kind), What::Detached { .. }) => format!("{} {} detached", kind.short(), c.name),
                _ => c.describe(ascii),
            })
            .collect()
    }

    /// What changed about a policy itself, and where it was attached or detached.
    pub fn policy_changes(&self, p: &PolicyId) -> Vec<&Change> {
        self.drift.changes.iter().filter(|c| matches!(&c.subject, Subject::Policy(id, _) if id == p)).collect()
    }

    /// The removed rows to show after the children of `t`.
    pub fn gone_under(&self, t: &TargetId) -> &[u32] {
        self.gone_under.get(t).map_or(&[], Vec::as_slice)
    }

    /// The removed policy rows to show at the end of the Policies group of `t`.
    pub fn detached_from(&self, t: &TargetId) -> &[u32] {
        self.detached_from.get(t).map_or(&[], Vec::as_slice)
    }

    pub fn gone(&self, i: u32) -> Option<&Gone> {
        self.gone.get(i as usize)
    }

    /// How a policy itself differs (created, or edited, renamed, retagged), wherever it is listed.
    pub fn policy_itself(&self, p: &PolicyId) -> Option<Mark> {
        let changes = self.policies.get(p)?;
        let created = changes.iter().filter_map(|&i| self.change(i)).any(|c| matches!(c.what, What::Added { .. }));
        Some(if created { Mark::Added } else { Mark::Changed })
    }

    /// How a search result differs, if it does.
    pub fn found(&self, found: &crate::search::Found) -> Option<Mark> {
        match found {
            crate::search::Found::Target(t) => self.target(t),
            crate::search::Found::Policy(p) => self.policy_itself(p),
        }
    }

    /// The targets and policies that changed and still exist, for `/ drift:`.
    pub fn changed(&self) -> impl Iterator<Item = (crate::search::Found, Mark)> + '_ {
        let targets = self.targets.keys().map(|t| crate::search::Found::Target(t.clone()));
        let policies = self.policies.keys().map(|p| crate::search::Found::Policy(p.clone()));
        targets.chain(policies).filter_map(|f| Some((f.clone(), self.found(&f)?)))
    }

    /// How many subjects of each mark, for the legend.
    pub fn count(&self, mark: Mark) -> usize {
        Mark::ALL.iter().position(|&m| m == mark).map_or(0, |i| self.counts[i])
    }
}

/// How many accounts and OUs were below `t` in the older side.
fn below(view: &OrgView, t: &TargetId) -> usize {
    let Some(parent) = t.as_parent() else { return 0 };
    view.ous(&parent).iter().map(|o| 1 + below(view, &TargetId::Ou(o.id.clone()))).sum::<usize>()
        + view.accounts(&parent).len()
}
