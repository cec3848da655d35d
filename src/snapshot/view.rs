//! A whole organization (a snapshot, the demo, or a crawl of the live one) read the way the
//! subcommands print it: what is under each root and OU in name order, each place's path
//! (`Root/Workloads/Prod`), and the policies attached to each target.

use std::collections::HashMap;

use crate::org::{ParentId, TargetId};
use crate::snapshot::{AccountRecord, OuRecord, PolicyRecord, Snapshot};

pub struct OrgView<'a> {
    pub snapshot: &'a Snapshot,
    ous_under: HashMap<ParentId, Vec<&'a OuRecord>>,
    accounts_under: HashMap<ParentId, Vec<&'a AccountRecord>>,
    attached: HashMap<TargetId, Vec<&'a PolicyRecord>>,
    names: HashMap<TargetId, &'a str>,
    parents: HashMap<TargetId, ParentId>,
}

/// Case-insensitive name order, then the id, so two runs print the same.
fn by_name<T>(items: &mut [&T], name: impl Fn(&T) -> (&str, &str)) {
    items.sort_by(|a, b| {
        let (an, ai) = name(a);
        let (bn, bi) = name(b);
        an.to_lowercase().cmp(&bn.to_lowercase()).then_with(|| ai.cmp(bi))
    });
}

impl<'a> OrgView<'a> {
    pub fn new(s: &'a Snapshot) -> Self {
        let mut v = Self {
            snapshot: s,
            ous_under: HashMap::new(),
            accounts_under: HashMap::new(),
            attached: HashMap::new(),
            names: HashMap::new(),
            parents: HashMap::new(),
        };
        for r in &s.roots {
            v.names.insert(TargetId::Root(r.id.clone()), &r.name);
        }
        for ou in &s.organizational_units {
            let id = TargetId::Ou(ou.id.clone());
            v.names.insert(id.clone(), &ou.name);
            v.parents.insert(id, ou.parent_id.clone());
            v.ous_under.entry(ou.parent_id.clone()).or_default().push(ou);
        }
        for a in &s.accounts {
            let id = TargetId::Account(a.id.clone());
            v.names.insert(id.clone(), &a.name);
            v.parents.insert(id, a.parent_id.clone());
            v.accounts_under.entry(a.parent_id.clone()).or_default().push(a);
        }
        for p in &s.policies {
            for t in &p.target_ids {
                v.attached.entry(t.clone()).or_default().push(p);
            }
        }
        for list in v.ous_under.values_mut() {
            by_name(list, |o| (o.name.as_str(), o.id.as_str()));
        }
        for list in v.accounts_under.values_mut() {
            by_name(list, |a| (a.name.as_str(), a.id.as_str()));
        }
        for list in v.attached.values_mut() {
            list.sort_by(|a, b| (a.policy_type.sort_key(), &a.name).cmp(&(b.policy_type.sort_key(), &b.name)));
        }
        v
    }

    pub fn ous(&self, parent: &ParentId) -> &[&'a OuRecord] {
        self.ous_under.get(parent).map_or(&[], Vec::as_slice)
    }

    pub fn accounts(&self, parent: &ParentId) -> &[&'a AccountRecord] {
        self.accounts_under.get(parent).map_or(&[], Vec::as_slice)
    }

    /// The policies attached directly to `target`, by type then name.
    pub fn attached(&self, target: &TargetId) -> &[&'a PolicyRecord] {
        self.attached.get(target).map_or(&[], Vec::as_slice)
    }

    pub fn name<'s>(&'s self, target: &'s TargetId) -> &'s str {
        self.names.get(target).copied().unwrap_or_else(|| target.as_str())
    }

    /// `Root/Workloads/Prod`: the names from the root down to `target`, itself included.
    pub fn path(&self, target: &TargetId) -> String {
        let mut names = vec![self.name(target).to_owned()];
        let mut at = target.clone();
        // OUs nest at most five deep; the bound stops a cycle in a broken file.
        for _ in 0..8 {
            let Some(parent) = self.parents.get(&at) else { break };
            at = parent.as_target();
            names.push(self.name(&at).to_owned());
        }
        names.reverse();
        names.join("/")
    }

    /// Where `target` sits: None for a root (or a target the file does not hold).
    pub fn parent(&self, target: &TargetId) -> Option<&ParentId> {
        self.parents.get(target)
    }

    /// Whether the file holds `target`.
    pub fn holds(&self, target: &TargetId) -> bool {
        self.names.contains_key(target)
    }

    /// Every target by id, for looking up what a name or id on the command line means.
    pub fn targets(&self) -> impl Iterator<Item = (&TargetId, &str)> {
        self.names.iter().map(|(t, n)| (t, *n))
    }

    /// The places from the root down to `target`, itself last.
    pub fn chain(&self, target: &TargetId) -> Vec<TargetId> {
        let mut out = vec![target.clone()];
        for _ in 0..8 {
            let Some(parent) = out.last().and_then(|t| self.parents.get(t)) else { break };
            out.push(parent.as_target());
        }
        out.reverse();
        out
    }

    /// `o-…/r-…/ou-…/`: the organization's id and the root and OUs down to `target` (an account's
    /// own id left out), as `aws:PrincipalOrgPaths` reads.
    pub fn org_path(&self, target: &TargetId) -> String {
        let mut text = format!("{}/", self.snapshot.organization.id);
        for t in self.chain(target).iter().filter(|t| !matches!(t, TargetId::Account(_))) {
            text.push_str(&format!("{t}/"));
        }
        text
    }
}
