//! The state behind `/`: the search index, how far its background build has got, and the search box.
//!
//! The build is a queue of listing jobs run a few at a time as background work, so the user's own
//! requests (expanding a node, loading a policy) go first in the request budget, which also paces
//! and resends them when AWS throttles: ListAccounts page by page, the OU walk one parent
//! at a time, and ListPolicies per enabled type. Replies the tree gets go into the index too, and
//! OU listings the walk got are handed to the tree, so nothing is fetched twice.

use std::collections::{HashMap, HashSet, VecDeque};

use nucleo_matcher::Matcher;

use crate::api::{ApiError, Page};
use crate::org::{Account, OrgUnit, ParentId, PolicyId, PolicySummary, PolicyType, TargetId};
use crate::search::{Counts, Found, Hit, Index};

/// Index listings asked for at once. The request budget decides how fast they go (and keeps slots
/// for the user); this only bounds how much of the queue is handed over at a time.
pub const INDEX_CONCURRENCY: usize = 6;
/// The search box lists this many results (more than any terminal shows).
pub const SHOWN: usize = 200;

/// One listing of the index build.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IndexJob {
    /// A page of ListAccounts, from this token (None: the first page).
    Accounts(Option<String>),
    /// The OUs directly under a root or OU.
    Ous(ParentId),
    Policies(PolicyType),
}

impl IndexJob {
    /// What the job lists, for a message about it.
    pub fn describe(&self) -> String {
        match self {
            Self::Accounts(_) => "the accounts (ListAccounts)".to_owned(),
            Self::Ous(parent) => format!("the OUs under {parent}"),
            Self::Policies(t) => format!("the {} policies", t.short()),
        }
    }
}

/// What an index listing found.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexFound {
    Accounts(Page<Account>),
    Ous(Vec<OrgUnit>),
    Policies(Vec<PolicySummary>),
}

/// How far the background build has got.
#[derive(Debug, Clone, Default)]
pub struct Build {
    /// Replies carry the generation that asked; `R` starts a new one and older replies are dropped.
    pub generation: u64,
    pub started: bool,
    pub queue: VecDeque<IndexJob>,
    pub in_flight: usize,
    /// Listings that failed for good: the index is incomplete without them.
    pub failures: Vec<String>,
    /// Parents the walk has taken in hand (queued, in flight or listed): never queued twice.
    pub listed: HashSet<ParentId>,
}

impl Build {
    pub fn running(&self) -> bool {
        self.started && (self.in_flight > 0 || !self.queue.is_empty())
    }
}

/// The search box (`/`): what is typed, what matches, and which result is highlighted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchBox {
    pub query: super::text_field::TextField,
    pub hits: Vec<Hit>,
    pub matched: usize,
    pub cursor: usize,
}

impl SearchBox {
    pub const MAX_QUERY: usize = 200;
}

#[derive(Debug, Clone)]
pub struct SearchState {
    pub index: Index,
    /// nucleo's matcher keeps scratch memory between searches.
    pub matcher: Matcher,
    pub build: Build,
    /// The OUs under each parent the walk listed, handed to the tree when it expands that parent.
    pub ous_of: HashMap<ParentId, Vec<OrgUnit>>,
    /// Every account ListAccounts gave, for the cache.
    pub accounts: HashMap<crate::org::AccountId, Account>,
    /// Policies by id: a policy result opens its "where used" list, which needs its summary.
    pub policies: HashMap<PolicyId, PolicySummary>,
    /// Why nothing could be indexed (the roots could not be listed), until a build starts.
    pub unavailable: Option<String>,
    /// Parents whose OUs the tree is listing now: the walk waits for that reply instead.
    pub tree_listing: HashSet<ParentId>,
    /// The parent of each OU (and of each account the tree listed): a jump to them needs no
    /// ListParents call.
    pub parents: HashMap<TargetId, ParentId>,
}

impl Default for SearchState {
    fn default() -> Self {
        Self {
            index: Index::default(),
            matcher: crate::search::matcher(),
            build: Build::default(),
            ous_of: HashMap::new(),
            accounts: HashMap::new(),
            policies: HashMap::new(),
            parents: HashMap::new(),
            tree_listing: HashSet::new(),
            unavailable: None,
        }
    }
}

impl SearchState {
    pub fn counts(&self) -> Counts {
        self.index.counts()
    }

    /// Why the index may be missing things, if it may: still building, or listings that failed.
    pub fn incomplete(&self) -> Option<String> {
        if let Some(why) = &self.unavailable {
            return Some(format!("nothing indexed: {why}"));
        }
        if self.build.running() || !self.build.started {
            return Some("still indexing: results so far".to_owned());
        }
        match self.build.failures.as_slice() {
            [] => None,
            [one] => Some(format!("index incomplete: {one}")),
            [first, rest @ ..] => Some(format!("index incomplete: {first} (and {} more)", rest.len())),
        }
    }

    /// `ous` is every OU under `parent` now: an OU indexed under it and not among them was deleted
    /// (AWS moves no OU), so it goes, with everything indexed below it.
    pub fn add_ous(&mut self, parent: &ParentId, ous: &[OrgUnit]) {
        self.forget_deleted_ous(parent, ous);
        for ou in ous {
            self.index.add_ou(ou);
            self.parents.insert(TargetId::Ou(ou.id.clone()), parent.clone());
        }
        self.build.listed.insert(parent.clone());
        self.ous_of.insert(parent.clone(), ous.to_vec());
    }

    fn forget_deleted_ous(&mut self, parent: &ParentId, ous: &[OrgUnit]) {
        let mut gone: Vec<TargetId> = self
            .parents
            .iter()
            .filter(|(t, p)| *p == parent && matches!(t, TargetId::Ou(id) if !ous.iter().any(|o| &o.id == id)))
            .map(|(t, _)| t.clone())
            .collect();
        if gone.is_empty() {
            return;
        }
        // What was below a deleted OU went before it (AWS deletes only empty OUs): drop it too.
        let mut at = 0;
        while at < gone.len() {
            let Some(under) = gone[at].as_parent() else { break };
            let below: Vec<TargetId> =
                self.parents.iter().filter(|(_, p)| **p == under).map(|(t, _)| t.clone()).collect();
            gone.extend(below);
            self.ous_of.remove(&under);
            self.build.listed.remove(&under);
            at += 1;
        }
        for t in &gone {
            self.parents.remove(t);
            if let TargetId::Account(a) = t {
                self.accounts.remove(a);
            }
        }
        self.index.remove(&gone.into_iter().map(Found::Target).collect());
    }

    /// A policy was deleted: it leaves the index.
    pub fn forget_policy(&mut self, id: &PolicyId) {
        self.policies.remove(id);
        self.index.remove(&std::iter::once(Found::Policy(id.clone())).collect());
    }

    pub fn learn_account(&mut self, account: &Account) {
        self.index.add_account(account);
        self.accounts.insert(account.id.clone(), account.clone());
    }

    pub fn add_policies(&mut self, policies: &[PolicySummary]) {
        for p in policies {
            self.index.add_policy(p);
            self.policies.insert(p.id.clone(), p.clone());
        }
    }

    /// Where a result sits, as a person reads it: the OUs above it from the root down
    /// (`Workloads › Prod`), so two OUs of one name tell apart; "Root" directly under a root. None
    /// when its parent is not known yet.
    pub fn parent_path(&self, target: &TargetId) -> Option<String> {
        let mut names = Vec::new();
        let mut at = target.clone();
        // OUs nest at most five deep; the bound stops a cycle in broken data.
        for _ in 0..8 {
            match self.parents.get(&at)? {
                ParentId::Root(_) => {
                    names.reverse();
                    return Some(if names.is_empty() { "Root".to_owned() } else { names.join(" › ") });
                }
                parent @ ParentId::Ou(id) => {
                    let grand = self.parents.get(&parent.as_target())?;
                    let name = self.ous_of.get(grand)?.iter().find(|o| &o.id == id)?.name.clone();
                    names.push(name);
                    at = parent.as_target();
                }
            }
        }
        None
    }

    pub fn fail(&mut self, job: &IndexJob, e: &ApiError) {
        self.build.failures.push(format!("listing {}: {e}", job.describe()));
    }
}
