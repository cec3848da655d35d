//! Gathers what a what-if preview reads, through the usual request path: the roots, every SCP and
//! RCP with its targets (ListTargetsForPolicy, one call per policy: a handful, never one
//! ListPoliciesForTarget per account) and its text (unless orgtui holds it already), the path above
//! the change's target and a move's destination (ListParents), the accounts under it (a listing, level by level, each level
//! asked at once). A call that fails is noted and the rest goes on: the preview says what it lacks.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::future::join_all;

use crate::api::{self, OrgApi};
use crate::org::{AccountId, ParentId, PolicyId, TargetId};
use crate::policy::whatif::{Exposure, Place, PolicyText, Proposal};

/// Counts calls as they finish and reports the count.
pub struct Progress<'a> {
    calls: AtomicUsize,
    report: &'a (dyn Fn(usize) + Sync),
}

impl<'a> Progress<'a> {
    pub fn new(report: &'a (dyn Fn(usize) + Sync)) -> Self {
        Self { calls: AtomicUsize::new(0), report }
    }

    fn done(&self, calls: usize) {
        let total = self.calls.fetch_add(calls, Ordering::Relaxed) + calls;
        (self.report)(total);
    }
}

/// What orgtui holds already: policy texts, and places whose parent the tree knows.
#[derive(Debug, Default)]
pub struct Known {
    pub texts: HashMap<PolicyId, String>,
    pub placed: HashMap<TargetId, Place>,
}

fn parent_target(p: &ParentId) -> TargetId {
    match p {
        ParentId::Root(r) => TargetId::Root(r.clone()),
        ParentId::Ou(o) => TargetId::Ou(o.clone()),
    }
}

/// What the preview of `proposal` needs, short of what orgtui already holds (`known`).
pub async fn gather(
    api: &dyn OrgApi,
    proposal: &Proposal,
    known: &Known,
    organization: Option<String>,
    management: Option<AccountId>,
    progress: &Progress<'_>,
) -> Exposure {
    let mut e = Exposure { organization, management, ..Exposure::default() };
    let roots = match api.list_roots().await {
        Ok(roots) => roots,
        Err(err) => {
            e.incomplete.push(format!("ListRoots: {err}"));
            return e;
        }
    };
    progress.done(1);
    e.add_roots(&roots);
    // Disabling a type still compares against its policies, so list them whatever is enabled now.
    let mut types = e.enabled.clone();
    if let Proposal::Disable { policy_type } = proposal
        && !types.contains(policy_type)
    {
        types.push(policy_type.clone());
    }
    policies(api, &types, &known.texts, &mut e, progress).await;
    let mut located: Vec<TargetId> = Vec::new();
    // A move also reads where its accounts go: the levels they will inherit.
    if let Proposal::Move { destination, .. } = proposal {
        above(api, destination, &mut e, progress).await;
        located.push(destination.clone());
    }
    for scope in proposal.scope(&e) {
        // A place the tree knows the parent of: its parent's path is read once, for all its siblings.
        let start = match known.placed.get(&scope) {
            Some(place) if place.parent.is_some() => {
                e.places.insert(scope.clone(), place.clone());
                place.parent.clone()
            }
            _ => Some(scope.clone()),
        };
        if let Some(start) = start.filter(|s| !located.contains(s)) {
            above(api, &start, &mut e, progress).await;
            located.push(start);
        }
        match &scope {
            TargetId::Account(a) => e.reached.push(a.clone()),
            TargetId::Root(r) => below(api, ParentId::Root(r.clone()), &mut e, progress).await,
            TargetId::Ou(o) => below(api, ParentId::Ou(o.clone()), &mut e, progress).await,
        }
    }
    e
}

/// Every SCP and RCP: its targets and its text, all policies asked at once.
async fn policies(
    api: &dyn OrgApi,
    types: &[crate::org::PolicyType],
    known: &HashMap<PolicyId, String>,
    e: &mut Exposure,
    progress: &Progress<'_>,
) {
    let mut summaries = Vec::new();
    for (t, listed) in join_all(types.iter().map(|t| async move { (t, api.list_policies(t).await) })).await {
        progress.done(1);
        match listed {
            Ok(list) => summaries.extend(list),
            Err(err) => e.incomplete.push(format!("ListPolicies ({}): {err}", t.short())),
        }
    }
    let answers = join_all(summaries.into_iter().map(|s| async move {
        let text = match known.get(&s.id) {
            Some(text) => Ok(text.clone()),
            None => {
                let described = api.describe_policy(&s.id).await.map(|p| p.content);
                progress.done(1);
                described
            }
        };
        let targets = api.list_targets_for_policy(&s.id).await;
        progress.done(1);
        (s, text, targets)
    }))
    .await;
    for (s, text, targets) in answers {
        match targets {
            Ok(targets) => {
                for t in targets {
                    e.attachments.entry(t.target_id.clone()).or_default().push(s.id.clone());
                    // The target's name, until a listing gives its parent too.
                    e.places.entry(t.target_id).or_insert(Place { name: t.name, parent: None });
                }
            }
            Err(err) => e.incomplete.push(format!("where {} is attached (ListTargetsForPolicy): {err}", s.name)),
        }
        match text {
            Ok(content) => {
                e.policies.insert(s.id, PolicyText { name: s.name, policy_type: s.policy_type, content });
            }
            Err(err) => e.incomplete.push(format!("the text of {} (DescribePolicy): {err}", s.name)),
        }
    }
}

/// The path from the root down to `target`: each place's parent, and the names not yet known.
async fn above(api: &dyn OrgApi, target: &TargetId, e: &mut Exposure, progress: &Progress<'_>) {
    let path = match super::locate(api, target.clone()).await {
        Ok(path) => path,
        Err(err) => {
            e.incomplete.push(format!("where {target} sits (ListParents): {err}"));
            return;
        }
    };
    progress.done(path.len().saturating_sub(1));
    for pair in path.windows(2) {
        let (parent, child) = (&pair[0], &pair[1]);
        let name = match e.places.get(child).map(|p| p.name.clone()).filter(|n| !n.is_empty()) {
            Some(name) => name,
            None => {
                let described = match child {
                    TargetId::Ou(o) => api.describe_ou(o).await.map(|o| o.name),
                    TargetId::Account(a) => api.describe_account(a).await.map(|a| a.name),
                    TargetId::Root(r) => Ok(r.to_string()),
                };
                progress.done(1);
                described.unwrap_or_else(|_| child.to_string())
            }
        };
        e.places.insert(child.clone(), Place { name, parent: Some(parent.clone()) });
    }
}

/// Every OU and account under `top`, level by level, each level's parents asked at once.
async fn below(api: &dyn OrgApi, top: ParentId, e: &mut Exposure, progress: &Progress<'_>) {
    let mut frontier = vec![top];
    for _ in 0..8 {
        if frontier.is_empty() {
            return;
        }
        let listed = join_all(frontier.drain(..).map(|p| async move {
            let children = api::list_children(api, &p).await;
            progress.done(2);
            (p, children)
        }))
        .await;
        for (parent, children) in listed {
            let children = match children {
                Ok(c) => c,
                Err(err) => {
                    e.incomplete.push(format!("what is under {} (ListChildren): {err}", parent_target(&parent)));
                    continue;
                }
            };
            for ou in children.ous {
                let place = Place { name: ou.name, parent: Some(parent_target(&parent)) };
                e.places.insert(TargetId::Ou(ou.id.clone()), place);
                frontier.push(ParentId::Ou(ou.id));
            }
            for a in children.accounts {
                let place = Place { name: a.name, parent: Some(parent_target(&parent)) };
                e.places.insert(TargetId::Account(a.id.clone()), place);
                e.reached.push(a.id);
            }
        }
    }
}
