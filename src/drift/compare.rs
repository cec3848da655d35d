//! Two records of an organization compared, record by record and by id: a change is reported once,
//! where it happened. An account whose OU was renamed has a new path but did not move (moves are
//! read from the parent id, not the path); the attachments of a target that exists on one side only
//! are part of its coming or going, not changes of their own.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{Change, Drift, Kind, NotCompared, Side, Subject, TagChanges, What};
use crate::org::{ParentId, Tag, TargetId};
use crate::snapshot::crawl::{OMITTED_GOVERNANCE, OMITTED_RESOURCE_POLICY, OMITTED_TAGS};
use crate::snapshot::view::OrgView;
use crate::snapshot::{AccountRecord, OuRecord, PolicyRecord, Snapshot};

/// What changed from `old` to `new`.
pub fn compare(old: &Snapshot, new: &Snapshot) -> Drift {
    let sides = Sides { old, new, a: OrgView::new(old), b: OrgView::new(new) };
    let known = Known::of(old, new);
    let mut out = Vec::new();
    sides.organization(&mut out);
    sides.roots(&known, &mut out);
    sides.ous(&known, &mut out);
    sides.accounts(&known, &mut out);
    sides.policies(&known, &mut out);
    if known.governance {
        sides.governance(known.resource_policy, &mut out);
    }
    // Grouped by kind, then by name as the tree orders them; a subject's changes keep their order.
    out.sort_by(|x, y| {
        (x.kind, x.name.to_lowercase(), x.subject.id()).cmp(&(y.kind, y.name.to_lowercase(), y.subject.id()))
    });
    let organizations = (old.organization.id != new.organization.id)
        .then(|| (old.organization.id.to_string(), new.organization.id.to_string()));
    Drift { changes: out, not_compared: known.not_compared, organizations }
}

/// What both sides recorded, so can be compared; the rest is said, not guessed.
struct Known {
    tags: bool,
    /// Policies' and roots' tags: recorded from format 2.
    other_tags: bool,
    governance: bool,
    resource_policy: bool,
    not_compared: Vec<NotCompared>,
}

impl Known {
    fn of(old: &Snapshot, new: &Snapshot) -> Self {
        let mut k =
            Self { tags: true, other_tags: true, governance: true, resource_policy: true, not_compared: vec![] };
        for (side, s) in [(Side::Old, old), (Side::New, new)] {
            let omitted = |what: &str| s.omitted.iter().any(|o| o == what);
            if omitted(OMITTED_TAGS) {
                k.tags = false;
                k.not_compared.push(NotCompared { what: "tags", side, why: "taken with --quick" });
            } else if s.format < 2 {
                k.other_tags = false;
                let why = "its format (1) predates them";
                k.not_compared.push(NotCompared { what: "the tags of policies and roots", side, why });
            }
            if s.format < 2 {
                k.governance = false;
                let why = "its format (1) predates them";
                k.not_compared.push(NotCompared { what: "the governance records", side, why });
            } else if omitted(OMITTED_GOVERNANCE) {
                k.governance = false;
                let why = "they could not be read when it was taken";
                k.not_compared.push(NotCompared { what: "the governance records", side, why });
            } else if omitted(OMITTED_RESOURCE_POLICY) {
                k.resource_policy = false;
                let why = "it could not be read when it was taken";
                k.not_compared.push(NotCompared { what: "the resource policy", side, why });
            }
        }
        k.other_tags &= k.tags;
        k
    }
}

struct Sides<'a> {
    old: &'a Snapshot,
    new: &'a Snapshot,
    a: OrgView<'a>,
    b: OrgView<'a>,
}

fn change(kind: Kind, subject: Subject, name: &str, what: What) -> Change {
    Change { kind, subject, name: name.to_owned(), what }
}

/// The fields that differ, as changes.
fn fields(kind: Kind, subject: &Subject, name: &str, pairs: &[(&'static str, &str, &str)], out: &mut Vec<Change>) {
    for &(field, from, to) in pairs {
        if from != to {
            let what = What::Changed { field, from: from.to_owned(), to: to.to_owned() };
            out.push(change(kind, subject.clone(), name, what));
        }
    }
}

/// The tags added, removed and changed; None when they are the same.
fn tag_changes(old: &[Tag], new: &[Tag]) -> Option<TagChanges> {
    let before: BTreeMap<&str, &str> = old.iter().map(|t| (t.key.as_str(), t.value.as_str())).collect();
    let after: BTreeMap<&str, &str> = new.iter().map(|t| (t.key.as_str(), t.value.as_str())).collect();
    let mut c = TagChanges::default();
    for (&k, &v) in &after {
        match before.get(k) {
            None => c.added.push(Tag { key: k.to_owned(), value: v.to_owned() }),
            Some(&was) if was != v => c.changed.push((k.to_owned(), was.to_owned(), v.to_owned())),
            Some(_) => {}
        }
    }
    c.removed = before
        .iter()
        .filter(|(k, _)| !after.contains_key(*k))
        .map(|(k, v)| Tag { key: (*k).to_owned(), value: (*v).to_owned() })
        .collect();
    (c != TagChanges::default()).then_some(c)
}

fn tags(kind: Kind, subject: &Subject, name: &str, old: &[Tag], new: &[Tag], out: &mut Vec<Change>) {
    if let Some(t) = tag_changes(old, new) {
        out.push(change(kind, subject.clone(), name, What::Tags(t)));
    }
}

/// The edit from `old` to `new` text, None when the same.
pub(super) fn edit(old: &str, new: &str) -> Option<What> {
    if old == new {
        return None;
    }
    // Compared as read, so a minified policy diffs line by line.
    let (a, b) = (crate::policy::readable(old), crate::policy::readable(new));
    let diff = crate::edit::diff::unified(&a, &b);
    Some(What::Edited { reformatted: diff.is_empty(), diff })
}

/// What `placed` reads of an OU and of an account: its id, name and parent.
fn ou_key(o: &OuRecord) -> (TargetId, &str, &ParentId) {
    (TargetId::Ou(o.id.clone()), &o.name, &o.parent_id)
}

fn account_key(a: &AccountRecord) -> (TargetId, &str, &ParentId) {
    (TargetId::Account(a.id.clone()), &a.name, &a.parent_id)
}

impl Sides<'_> {
    fn organization(&self, out: &mut Vec<Change>) {
        let (a, b) = (&self.old.organization, &self.new.organization);
        let subject = Subject::Named(b.id.to_string());
        fields(Kind::Organization, &subject, b.id.as_str(), &[("feature set", &a.feature_set, &b.feature_set)], out);
    }

    fn roots(&self, known: &Known, out: &mut Vec<Change>) {
        let tags_of = |s: &'_ Snapshot, r: &crate::org::RootId| -> Vec<Tag> {
            s.root_tags.iter().find(|t| &t.root_id == r).map(|t| t.tags.clone()).unwrap_or_default()
        };
        for r in &self.old.roots {
            if !self.new.roots.iter().any(|n| n.id == r.id) {
                let place = String::new();
                out.push(change(
                    Kind::Root,
                    Subject::Target(TargetId::Root(r.id.clone())),
                    &r.name,
                    What::Removed { place },
                ));
            }
        }
        for r in &self.new.roots {
            let subject = Subject::Target(TargetId::Root(r.id.clone()));
            let Some(was) = self.old.roots.iter().find(|o| o.id == r.id) else {
                out.push(change(Kind::Root, subject, &r.name, What::Added { place: String::new() }));
                continue;
            };
            fields(Kind::Root, &subject, &r.name, &[("name", &was.name, &r.name)], out);
            let (before, after): (BTreeSet<_>, BTreeSet<_>) =
                (was.enabled_policy_types().into_iter().collect(), r.enabled_policy_types().into_iter().collect());
            for t in after.difference(&before) {
                out.push(change(Kind::Root, subject.clone(), &r.name, What::TypeEnabled(t.clone())));
            }
            for t in before.difference(&after) {
                out.push(change(Kind::Root, subject.clone(), &r.name, What::TypeDisabled(t.clone())));
            }
            if known.other_tags {
                tags(Kind::Root, &subject, &r.name, &tags_of(self.old, &r.id), &tags_of(self.new, &r.id), out);
            }
        }
    }

    /// Added, removed and moved, for records that sit under a parent (OUs, accounts); returns the
    /// records on both sides, old and new, for the fields of their own.
    fn placed<'r, R>(
        &self,
        kind: Kind,
        (old, new): (&'r [R], &'r [R]),
        key: fn(&R) -> (TargetId, &str, &ParentId),
        out: &mut Vec<Change>,
    ) -> Vec<(Subject, &'r R, &'r R)> {
        let before: HashMap<TargetId, &R> = old.iter().map(|r| (key(r).0, r)).collect();
        let after: HashSet<TargetId> = new.iter().map(|r| key(r).0).collect();
        for r in old {
            let (id, name, parent) = key(r);
            if !after.contains(&id) {
                let place = self.a.path(&parent.as_target());
                out.push(change(kind, Subject::Target(id), name, What::Removed { place }));
            }
        }
        let mut both = Vec::new();
        for r in new {
            let (id, name, parent) = key(r);
            let subject = Subject::Target(id.clone());
            let Some(&was) = before.get(&id) else {
                let place = self.b.path(&parent.as_target());
                out.push(change(kind, subject, name, What::Added { place }));
                continue;
            };
            // AWS cannot move an OU; a file can say so all the same, and then it is said.
            let was_under = key(was).2;
            if was_under != parent {
                let (from, to) = (self.a.path(&was_under.as_target()), self.b.path(&parent.as_target()));
                out.push(change(kind, subject.clone(), name, What::Moved { from, to }));
            }
            both.push((subject, was, r));
        }
        both
    }

    fn ous(&self, known: &Known, out: &mut Vec<Change>) {
        let sides = (self.old.organizational_units.as_slice(), self.new.organizational_units.as_slice());
        for (subject, was, o) in self.placed(Kind::Ou, sides, ou_key, out) {
            fields(Kind::Ou, &subject, &o.name, &[("name", &was.name, &o.name)], out);
            if known.tags {
                tags(Kind::Ou, &subject, &o.name, &was.tags, &o.tags, out);
            }
        }
    }

    fn accounts(&self, known: &Known, out: &mut Vec<Change>) {
        let sides = (self.old.accounts.as_slice(), self.new.accounts.as_slice());
        for (subject, was, a) in self.placed(Kind::Account, sides, account_key, out) {
            let pairs =
                [("name", &*was.name, &*a.name), ("email", &was.email, &a.email), ("state", &was.state, &a.state)];
            fields(Kind::Account, &subject, &a.name, &pairs, out);
            if known.tags {
                tags(Kind::Account, &subject, &a.name, &was.tags, &a.tags, out);
            }
        }
    }

    fn policies(&self, known: &Known, out: &mut Vec<Change>) {
        let before: HashMap<_, _> = self.old.policies.iter().map(|p| (&p.id, p)).collect();
        let after: HashMap<_, _> = self.new.policies.iter().map(|p| (&p.id, p)).collect();
        let subject = |p: &PolicyRecord| Subject::Policy(p.id.clone(), p.policy_type.clone());
        for p in &self.old.policies {
            if !after.contains_key(&p.id) {
                out.push(change(Kind::Policy, subject(p), &p.name, What::Removed { place: String::new() }));
                self.attachments(p, &p.target_ids, &[], out);
            }
        }
        for p in &self.new.policies {
            let Some(was) = before.get(&p.id) else {
                out.push(change(Kind::Policy, subject(p), &p.name, What::Added { place: String::new() }));
                self.attachments(p, &[], &p.target_ids, out);
                continue;
            };
            let s = subject(p);
            let pairs = [("name", &*was.name, &*p.name), ("description", &was.description, &p.description)];
            fields(Kind::Policy, &s, &p.name, &pairs, out);
            if let Some(what) = edit(&was.content, &p.content) {
                out.push(change(Kind::Policy, s.clone(), &p.name, what));
            }
            self.attachments(p, &was.target_ids, &p.target_ids, out);
            if known.other_tags {
                tags(Kind::Policy, &s, &p.name, &was.tags, &p.tags, out);
            }
        }
    }

    /// Attachments made and removed, to targets that exist on both sides.
    fn attachments(&self, p: &PolicyRecord, was: &[TargetId], now: &[TargetId], out: &mut Vec<Change>) {
        let subject = Subject::Policy(p.id.clone(), p.policy_type.clone());
        let both = |t: &&TargetId| self.a.holds(t) && self.b.holds(t);
        let made = now.iter().filter(|t| !was.contains(t)).filter(both).map(|t| (t, true));
        let removed = was.iter().filter(|t| !now.contains(t)).filter(both).map(|t| (t, false));
        for (t, attached) in made.chain(removed) {
            let (target, place) = (t.clone(), self.b.path(t));
            let what = if attached { What::Attached { target, place } } else { What::Detached { target, place } };
            out.push(change(Kind::Policy, subject.clone(), &p.name, what));
        }
    }

    fn governance(&self, resource_policy: bool, out: &mut Vec<Change>) {
        let delegated = |s: &Snapshot| -> BTreeSet<(crate::org::AccountId, String)> {
            s.delegated_administrators
                .iter()
                .flat_map(|d| d.services.iter().map(|sv| (d.account_id.clone(), sv.principal.clone())))
                .collect()
        };
        let (before, after) = (delegated(self.old), delegated(self.new));
        let name = |id: &crate::org::AccountId| {
            let t = TargetId::Account(id.clone());
            if self.b.holds(&t) { self.b.name(&t).to_owned() } else { self.a.name(&t).to_owned() }
        };
        for (id, service) in after.difference(&before) {
            let subject = Subject::Target(TargetId::Account(id.clone()));
            out.push(change(Kind::Governance, subject, &name(id), What::Delegated { service: service.clone() }));
        }
        for (id, service) in before.difference(&after) {
            let subject = Subject::Target(TargetId::Account(id.clone()));
            out.push(change(Kind::Governance, subject, &name(id), What::Undelegated { service: service.clone() }));
        }
        let trusted =
            |s: &Snapshot| -> BTreeSet<String> { s.trusted_services.iter().map(|t| t.principal.clone()).collect() };
        let (before, after) = (trusted(self.old), trusted(self.new));
        for p in after.difference(&before) {
            out.push(change(Kind::Governance, Subject::Named(p.clone()), p, What::TrustEnabled));
        }
        for p in before.difference(&after) {
            out.push(change(Kind::Governance, Subject::Named(p.clone()), p, What::TrustDisabled));
        }
        if !resource_policy {
            return;
        }
        let subject = Subject::Named("resource policy".to_owned());
        let what = match (&self.old.resource_policy, &self.new.resource_policy) {
            (None, Some(_)) => Some(What::Added { place: String::new() }),
            (Some(_), None) => Some(What::Removed { place: String::new() }),
            (Some(a), Some(b)) => edit(a, b),
            (None, None) => None,
        };
        if let Some(what) = what {
            out.push(change(Kind::Governance, subject, "the organization's resource policy", what));
        }
    }
}
