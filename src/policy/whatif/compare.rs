//! Before and after, account by account: the same levels read twice, once as the organization is
//! and once as the proposal would leave it.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{AllowChange, DenyChange, Exposure, Lockout, Preview, Proposal, VerdictChange};
use crate::org::{PolicyId, PolicyType, TargetId};
use crate::policy::evaluate::{self, AllowList, Attached, Level, Question, Statement, Subject, Verdict};

/// One side of the comparison: what is attached where, each policy's statements, what is enabled.
struct State<'a> {
    exposure: &'a Exposure,
    attachments: HashMap<TargetId, Vec<PolicyId>>,
    parsed: HashMap<PolicyId, Attached>,
    enabled: Vec<PolicyType>,
    /// The policy whose text this side has changed (an edit's after).
    edited: Option<PolicyId>,
    /// Places whose parent this side has changed (a move's after).
    moved: HashMap<TargetId, TargetId>,
}

impl<'a> State<'a> {
    fn before(exposure: &'a Exposure) -> Self {
        let parsed =
            exposure.policies.iter().map(|(id, p)| (id.clone(), Attached::read(&p.name, &p.content))).collect();
        Self {
            exposure,
            attachments: exposure.attachments.clone(),
            parsed,
            enabled: exposure.enabled.clone(),
            edited: None,
            moved: HashMap::new(),
        }
    }

    fn after(exposure: &'a Exposure, before: &State<'a>, proposal: &Proposal) -> Self {
        let mut state = Self {
            exposure,
            attachments: before.attachments.clone(),
            parsed: before.parsed.clone(),
            enabled: before.enabled.clone(),
            edited: None,
            moved: HashMap::new(),
        };
        match proposal {
            Proposal::Attach { policy, target } => {
                let list = state.attachments.entry(target.clone()).or_default();
                if !list.contains(policy) {
                    list.push(policy.clone());
                }
            }
            Proposal::Detach { policy, target } => {
                if let Some(list) = state.attachments.get_mut(target) {
                    list.retain(|p| p != policy);
                }
            }
            Proposal::Edit { policy, content } => {
                let name = exposure.policies.get(policy).map_or_else(|| policy.to_string(), |p| p.name.clone());
                state.parsed.insert(policy.clone(), Attached::read(&name, content));
                state.edited = Some(policy.clone());
            }
            Proposal::Disable { policy_type } => state.enabled.retain(|t| t != policy_type),
            Proposal::Move { accounts, destination } => {
                for a in accounts {
                    state.moved.insert(TargetId::Account(a.clone()), destination.clone());
                }
            }
        }
        state
    }

    /// The targets from the root down to `target` on this side; None when a link is missing.
    fn path(&self, target: &TargetId) -> Option<Vec<TargetId>> {
        let mut path = vec![target.clone()];
        for _ in 0..8 {
            let last = path.last()?;
            let parent = match self.moved.get(last) {
                Some(p) => Some(p.clone()),
                None => self.exposure.places.get(last)?.parent.clone(),
            };
            match parent {
                Some(parent) => path.push(parent),
                // A place met only by name (a policy's target) is not a root: its path is unknown.
                None if !matches!(path.last()?, TargetId::Root(_)) => return None,
                None => {
                    path.reverse();
                    return Some(path);
                }
            }
        }
        None
    }

    fn enabled(&self, kind: &str) -> bool {
        self.enabled.iter().any(|t| t.as_str() == kind)
    }

    /// What decides a level's verdicts: the policies in force there (an edited one marked).
    fn signature(&self, target: &TargetId) -> Vec<(PolicyId, bool)> {
        self.attachments
            .get(target)
            .into_iter()
            .flatten()
            .filter(|id| self.exposure.policies.get(*id).is_some_and(|p| self.enabled(p.policy_type.as_str())))
            .map(|id| (id.clone(), self.edited.as_ref() == Some(id)))
            .collect()
    }

    /// The levels from the root down to `target`, with what is attached at each.
    fn levels(&self, path: &[TargetId]) -> Vec<Level> {
        path.iter()
            .map(|t| {
                let mut level = Level::new(label(self.exposure, t));
                for id in self.attachments.get(t).into_iter().flatten() {
                    let (Some(text), Some(attached)) = (self.exposure.policies.get(id), self.parsed.get(id)) else {
                        continue;
                    };
                    if self.enabled(text.policy_type.as_str()) {
                        level.add(text.policy_type.as_str(), attached.clone());
                    }
                }
                level
            })
            .collect()
    }
}

/// "root Root", "OU Workloads", "account web-prod (100001029470)".
fn label(exposure: &Exposure, target: &TargetId) -> String {
    let name = exposure.places.get(target).map_or_else(|| target.to_string(), |p| p.name.clone());
    target.describe(&name)
}

/// The first level where a kind of policy allows nothing (every action is implicitly denied
/// there): its index on the path and the kind.
fn lockout(levels: &[Level]) -> Locked {
    for (i, level) in levels.iter().enumerate() {
        for (kind, list) in [("SCP", &level.scps), ("RCP", &level.rcps)] {
            // A level where the type is disabled (or nothing is attached) has no list to read.
            if list.is_empty() {
                continue;
            }
            if allow_list(list) == AllowList::Nothing {
                return Some((i, kind));
            }
        }
    }
    None
}

fn statements(list: &[Attached]) -> impl Iterator<Item = &Statement> {
    list.iter().filter_map(|a| a.statements.as_ref().ok()).flatten()
}

fn allow_list(list: &[Attached]) -> AllowList {
    evaluate::allow_list(statements(list))
}

fn patterns(list: &AllowList) -> Vec<String> {
    match list {
        AllowList::Everything => vec!["every action (*)".to_owned()],
        AllowList::Only(listed) => listed.clone(),
        AllowList::Nothing => Vec::new(),
    }
}

/// The Deny statements along a path: what the preview names each, and what it says (an edit that
/// rewrites a statement stops the old one and starts the new).
fn denies(levels: &[Level]) -> HashSet<(String, String)> {
    let mut out = HashSet::new();
    for level in levels {
        for (kind, list) in [("SCP", &level.scps), ("RCP", &level.rcps)] {
            for policy in list.iter() {
                for s in policy.statements.iter().flatten().filter(|s| s.effect == evaluate::Effect::Deny) {
                    out.insert((format!("{kind} {} › {}", policy.name, s.label), s.summary()));
                }
            }
        }
    }
    out
}

fn org_path(exposure: &Exposure, path: &[TargetId]) -> Option<String> {
    let org = exposure.organization.as_ref()?;
    let mut text = format!("{org}/");
    for t in path.iter().filter(|t| !matches!(t, TargetId::Account(_))) {
        text.push_str(&format!("{t}/"));
    }
    Some(text)
}

/// "Root/Workloads/Prod": the names above an account.
fn group_name(exposure: &Exposure, path: &[TargetId]) -> String {
    let names: Vec<&str> = path
        .iter()
        .filter(|t| !matches!(t, TargetId::Account(_)))
        .map(|t| exposure.places.get(t).map_or("?", |p| p.name.as_str()))
        .collect();
    names.join("/")
}

/// What one account's levels give, before and after: shared by every account whose levels hold the
/// same policies (and, when a policy or question reads the account itself, by that account alone).
/// Where on the path a kind of policy allows nothing: the level's index and "SCP" or "RCP".
type Locked = Option<(usize, &'static str)>;

struct Outcome {
    /// Before and after.
    locked: (Locked, Locked),
    denies_started: Vec<(String, String)>,
    denies_stopped: Vec<(String, String)>,
    verdicts: Vec<(usize, Verdict, Verdict)>,
}

/// Whether a verdict can differ between accounts with the same policies: a policy or a question
/// that reads the account's id or place.
fn account_dependent(exposure: &Exposure, proposal: &Proposal, questions: &[Question]) -> bool {
    let reads = |text: &str| {
        let text = text.to_ascii_lowercase();
        ["principalaccount", "resourceaccount", "orgpaths"].iter().any(|k| text.contains(k))
    };
    exposure.policies.values().any(|p| reads(&p.content))
        || matches!(proposal, Proposal::Edit { content, .. } if reads(content))
        || questions.iter().any(|q| q.resource_account().is_some())
}

/// The preview of `proposal`, with `questions` checked before and after for every account reached.
pub fn preview(exposure: &Exposure, proposal: &Proposal, questions: &[Question]) -> Preview {
    let before = State::before(exposure);
    let after = State::after(exposure, &before, proposal);
    let per_account = account_dependent(exposure, proposal, questions);
    let mut preview = Preview { incomplete: exposure.incomplete.clone(), ..Preview::default() };
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut deny_counts: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    let mut verdicts: BTreeMap<(usize, u8, u8), usize> = BTreeMap::new();
    let mut touched_levels: Vec<TargetId> = Vec::new();
    type Key = (Vec<Vec<(PolicyId, bool)>>, Vec<Vec<(PolicyId, bool)>>, Option<crate::org::AccountId>);
    let mut outcomes: HashMap<Key, Outcome> = HashMap::new();
    let mut seen = HashSet::new();
    for account in &exposure.reached {
        if !seen.insert(account.clone()) {
            continue;
        }
        let target = TargetId::Account(account.clone());
        let name = exposure.places.get(&target).map_or_else(|| account.to_string(), |p| p.name.clone());
        if exposure.management.as_ref() == Some(account) {
            preview.management = Some(format!("{name} ({account})"));
            continue;
        }
        let (Some(path), Some(new_path)) = (before.path(&target), after.path(&target)) else {
            preview.incomplete.push(format!("where account {account} sits could not be read"));
            continue;
        };
        preview.reached += 1;
        groups.entry(group_name(exposure, &path)).or_default().push(name.clone());
        let old_sig: Vec<_> = path.iter().map(|t| before.signature(t)).collect();
        let new_sig: Vec<_> = new_path.iter().map(|t| after.signature(t)).collect();
        // A level's own allow list changes only where the account stays put (a move changes which
        // levels it inherits, not what any level holds).
        if path == new_path {
            for (t, (o, n)) in path.iter().zip(old_sig.iter().zip(&new_sig)) {
                if o != n && !touched_levels.contains(t) {
                    touched_levels.push(t.clone());
                }
            }
        }
        let key = (old_sig, new_sig, per_account.then(|| account.clone()));
        let outcome = outcomes.entry(key).or_insert_with(|| {
            let (old, new) = (before.levels(&path), after.levels(&new_path));
            let (old_denies, new_denies) = (denies(&old), denies(&new));
            let subject = |state: &State, path: &[TargetId]| Subject {
                account: Some(account.to_string()),
                organization: exposure.organization.clone(),
                management: false,
                scps_disabled: !state.enabled(PolicyType::SCP),
                org_path: org_path(exposure, path),
                resource_org_path: None,
            };
            let (subject_before, subject_after) = (subject(&before, &path), subject(&after, &new_path));
            let verdicts = questions
                .iter()
                .enumerate()
                .filter_map(|(i, q)| {
                    let was = evaluate::check(q, &subject_before, &old).verdict;
                    let will = evaluate::check(q, &subject_after, &new).verdict;
                    (was != will).then_some((i, was, will))
                })
                .collect();
            Outcome {
                locked: (lockout(&old), lockout(&new)),
                denies_started: new_denies.difference(&old_denies).cloned().collect(),
                denies_stopped: old_denies.difference(&new_denies).cloned().collect(),
                verdicts,
            }
        });
        match outcome.locked {
            (None, Some((i, kind))) => {
                let level = format!("the {kind}s at {}", label(exposure, &new_path[i]));
                preview.locked_out.push(Lockout { account: name.clone(), level });
            }
            (Some(_), _) => preview.already_locked += 1,
            (None, None) => {}
        }
        for key in &outcome.denies_started {
            deny_counts.entry(key.clone()).or_default().0 += 1;
        }
        for key in &outcome.denies_stopped {
            deny_counts.entry(key.clone()).or_default().1 += 1;
        }
        for (i, was, will) in &outcome.verdicts {
            *verdicts.entry((*i, rank(*was), rank(*will))).or_default() += 1;
        }
    }
    preview.groups = groups
        .into_iter()
        .map(|(g, mut names)| {
            names.sort_by_key(|n| n.to_lowercase());
            (g, names)
        })
        .collect();
    preview.allow_changes = touched_levels.iter().flat_map(|t| allow_changes(exposure, &before, &after, t)).collect();
    preview.denies = deny_counts
        .into_iter()
        .map(|((statement, says), (starts, stops))| DenyChange { statement, says, starts, stops })
        .collect();
    preview.verdicts = verdicts
        .into_iter()
        .map(|((i, was, will), accounts)| VerdictChange {
            question: questions[i].describe(),
            before: unrank(was),
            after: unrank(will),
            accounts,
        })
        .collect();
    preview
}

/// How the allow lists at one level change (a level, not an account: shown once).
fn allow_changes(exposure: &Exposure, before: &State, after: &State, target: &TargetId) -> Vec<AllowChange> {
    let (old, new) = (before.levels(std::slice::from_ref(target)), after.levels(std::slice::from_ref(target)));
    let (Some(old), Some(new)) = (old.first(), new.first()) else { return Vec::new() };
    let mut out = Vec::new();
    for (kind, o, n) in [("SCP", &old.scps, &new.scps), ("RCP", &old.rcps, &new.rcps)] {
        let (was, will) = (allow_list(o), allow_list(n));
        // A type disabled or never attached here has no allow list to compare.
        if was == will || (o.is_empty() && n.is_empty()) {
            continue;
        }
        let (was, will) = (patterns(&was), patterns(&will));
        let lost: Vec<String> = was.iter().filter(|p| !will.contains(p)).cloned().collect();
        let gained: Vec<String> = will.iter().filter(|p| !was.contains(p)).cloned().collect();
        if !lost.is_empty() || !gained.is_empty() {
            out.push(AllowChange { level: format!("At {}, {kind}s", label(exposure, target)), lost, gained });
        }
    }
    out
}

fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Allowed => 0,
        Verdict::Depends => 1,
        Verdict::Denied => 2,
    }
}

fn unrank(r: u8) -> Verdict {
    match r {
        0 => Verdict::Allowed,
        1 => Verdict::Depends,
        _ => Verdict::Denied,
    }
}
