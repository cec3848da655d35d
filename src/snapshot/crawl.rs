//! Crawls a whole organization into a `Snapshot` through any `OrgApi`. Everything that can be asked
//! at once is: how many go at a time, and how fast, is the request budget's to decide (against AWS,
//! `api::budget`). Each parent is listed once, each account and OU tagged once, each policy described
//! once, and an effective policy is asked for only where a policy of its type is attached on the
//! account's path: no call is made twice, and none whose answer the structure already gives.

use std::sync::Arc;

use time::OffsetDateTime;
use tokio::task::JoinSet;

use super::effective::EffectiveCalls;
use super::{AccountRecord, FORMAT_VERSION, OuRecord, PolicyRecord, RootTags, Snapshot};
use crate::api::{ApiError, ApiResult, OrgApi};
use crate::org::{
    Account, EffectivePolicy, OrgUnit, Organization, ParentId, Policy, PolicySummary, PolicyTarget, PolicyType,
    ResourceId, Tag, TargetId,
};

/// What `omitted` says a quick snapshot (`--quick`) left out.
pub const OMITTED_TAGS: &str = "tags";
pub const OMITTED_EFFECTIVE: &str = "effective_policies";
pub const OMITTED_HANDSHAKES: &str = "handshakes";
/// The delegated administrators and trusted services (format 2).
pub const OMITTED_GOVERNANCE: &str = "governance";
/// The resource policy, when it could not be read (format 2).
pub const OMITTED_RESOURCE_POLICY: &str = "resource_policy";
/// Some type's accounts with a policy not enforced could not be listed.
pub const OMITTED_INVALID: &str = "invalid_effective_policies";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub ous: usize,
    pub accounts: usize,
    pub policies: usize,
    pub calls: usize,
    pub pending: usize,
}

enum Found {
    Children(ParentId, Vec<OrgUnit>, Vec<Account>),
    Tags(ResourceId, Vec<Tag>),
    PolicyList(PolicyType, Vec<PolicySummary>),
    Policy(Policy, Vec<PolicyTarget>),
    Effective(ApiResult<Option<EffectivePolicy>>),
}

struct Crawler {
    api: Arc<dyn OrgApi>,
    tags: bool,
    tasks: JoinSet<ApiResult<Found>>,
    progress: Progress,
}

impl Crawler {
    fn spawn<F, Fut>(&mut self, calls: usize, job: F)
    where
        F: FnOnce(Arc<dyn OrgApi>) -> Fut,
        Fut: std::future::Future<Output = ApiResult<Found>> + Send + 'static,
    {
        self.progress.calls += calls;
        self.progress.pending += 1;
        self.tasks.spawn(job(self.api.clone()));
    }

    fn list_children(&mut self, parent: ParentId) {
        self.spawn(2, |api| async move {
            let (ous, accounts) = tokio::join!(api.list_ous_for_parent(&parent), api.list_accounts_for_parent(&parent));
            Ok(Found::Children(parent, ous?, accounts?))
        });
    }

    fn ask_effective(&mut self, calls: &mut EffectiveCalls) {
        for (account, policy_type) in calls.next() {
            self.spawn(1, |api| async move {
                Ok(Found::Effective(api.describe_effective_policy(&account, &policy_type).await))
            });
        }
    }

    fn list_tags(&mut self, target: impl Into<ResourceId>) {
        let target = target.into();
        if !self.tags {
            return;
        }
        self.spawn(1, |api| async move {
            let tags = api.list_tags(&target).await?;
            Ok(Found::Tags(target, tags))
        });
    }
}

/// Walks the organization. `report` is called after each finished request batch.
/// `full` false (`--quick`) takes only the structure: no tags and no effective policies (a call per
/// OU or account each), no handshakes.
pub async fn crawl(
    api: Arc<dyn OrgApi>,
    organization: Organization,
    full: bool,
    mut report: impl FnMut(&Progress),
) -> ApiResult<Snapshot> {
    // Handshakes do not depend on the walk: asked for alongside it, so an endpoint slow to answer
    // (or retrying) that call does not hold the walk up.
    let handshakes_api = api.clone();
    let handshakes = full.then(|| tokio::spawn(async move { handshakes_api.list_handshakes_for_organization().await }));
    let roots = api.list_roots().await?;
    let mut crawler = Crawler {
        api: api.clone(),
        tags: full,
        tasks: JoinSet::new(),
        progress: Progress { calls: 2, ..Progress::default() },
    };
    let mut types: Vec<PolicyType> = roots.iter().flat_map(|r| r.enabled_policy_types()).collect();
    types.sort();
    types.dedup();
    let enabled = types.clone();
    for root in &roots {
        crawler.list_children(ParentId::Root(root.id.clone()));
        crawler.list_tags(TargetId::Root(root.id.clone()));
    }
    let management_types: Vec<PolicyType> = types.iter().filter(|t| full && !t.is_authorization()).cloned().collect();
    let mut effective = EffectiveCalls::new(management_types);
    for policy_type in types {
        crawler.spawn(1, |api| async move {
            let found = api.list_policies(&policy_type).await?;
            Ok(Found::PolicyList(policy_type, found))
        });
    }

    let mut ous = Vec::new();
    let mut accounts = Vec::new();
    let mut policies = Vec::new();
    let mut tags = std::collections::HashMap::new();
    while let Some(joined) = crawler.tasks.join_next().await {
        crawler.progress.pending -= 1;
        let found = joined.map_err(|e| ApiError::other("snapshot", format!("a crawl task failed: {e}")))??;
        match found {
            Found::Children(parent, child_ous, child_accounts) => {
                for ou in child_ous {
                    crawler.list_children(ParentId::Ou(ou.id.clone()));
                    crawler.list_tags(TargetId::Ou(ou.id.clone()));
                    effective.ou(TargetId::Ou(ou.id.clone()), &parent);
                    ous.push((ou, parent.clone()));
                }
                for account in child_accounts {
                    crawler.list_tags(TargetId::Account(account.id.clone()));
                    effective.account(account.id.clone(), &parent);
                    accounts.push((account, parent.clone()));
                }
            }
            Found::Tags(target, found) => {
                tags.insert(target, found);
            }
            Found::PolicyList(policy_type, summaries) => {
                effective.policy_list(&policy_type, summaries.len());
                for summary in summaries {
                    crawler.spawn(2, |api| async move {
                        let (policy, targets) =
                            tokio::join!(api.describe_policy(&summary.id), api.list_targets_for_policy(&summary.id));
                        Ok(Found::Policy(policy?, targets?))
                    });
                }
            }
            Found::Policy(policy, targets) => {
                crawler.list_tags(policy.summary.id.clone());
                effective.policy(&policy, &targets);
                policies.push((policy, targets));
            }
            Found::Effective(result) => effective.answered(result)?,
        }
        // Effective policies are asked for as soon as it is known which are worth asking: alongside
        // the rest of the walk, not after it.
        crawler.ask_effective(&mut effective);
        crawler.progress.ous = ous.len();
        crawler.progress.accounts = accounts.len();
        crawler.progress.policies = policies.len();
        report(&crawler.progress);
    }

    debug_assert!(effective.done(), "every effective-policy call was answered before the walk ended");
    let effective_policies: Vec<EffectivePolicy> = effective.into();

    // Handshakes are secondary: an emulator without them, or a caller without the right, still gets
    // a snapshot of the tree.
    let handshakes = match handshakes {
        None => Ok(Vec::new()),
        Some(task) => task.await.unwrap_or_else(|e| Err(ApiError::other("snapshot", e.to_string()))),
    }
    .unwrap_or_else(|e| {
        tracing::warn!(error = %e, "handshakes left out of the snapshot");
        Vec::new()
    });

    // A few calls whatever the size of the organization: a quick snapshot takes them too.
    let mut governance = crate::api::governance(&*api, &enabled)
        .await
        .map_err(|e| tracing::warn!(error = %e, "governance left out of the snapshot"))
        .ok();
    // Why each listed account's policy is not enforced: one call per account and type, a handful.
    for i in governance.iter_mut().flat_map(|g| g.invalid.iter_mut()) {
        match api.list_effective_policy_validation_errors(&i.account_id, &i.policy_type).await {
            Ok(errors) => i.errors = errors,
            Err(e) => tracing::warn!(error = %e, account = %i.account_id, "validation errors left out of the snapshot"),
        }
    }
    let mut omitted: Vec<String> = if full {
        Vec::new()
    } else {
        [OMITTED_TAGS, OMITTED_EFFECTIVE, OMITTED_HANDSHAKES].map(str::to_owned).to_vec()
    };
    match &governance {
        None => omitted.extend([OMITTED_GOVERNANCE, OMITTED_RESOURCE_POLICY].map(str::to_owned)),
        Some(g) => {
            if g.resource_policy_error.is_some() {
                omitted.push(OMITTED_RESOURCE_POLICY.to_owned());
            }
            if !g.invalid_errors.is_empty() {
                omitted.push(OMITTED_INVALID.to_owned());
            }
        }
    }
    let governance = governance.unwrap_or_default();

    let mut tag_of = |target: ResourceId| tags.remove(&target).unwrap_or_default();
    let root_tags = roots
        .iter()
        .map(|r| RootTags { root_id: r.id.clone(), tags: tag_of(TargetId::Root(r.id.clone()).into()) })
        .filter(|r| !r.tags.is_empty())
        .collect();
    let mut snapshot = Snapshot {
        format: FORMAT_VERSION,
        taken_at: OffsetDateTime::now_utc(),
        organization,
        roots,
        organizational_units: ous
            .into_iter()
            .map(|(ou, parent)| OuRecord {
                tags: tag_of(TargetId::Ou(ou.id.clone()).into()),
                id: ou.id,
                arn: ou.arn,
                name: ou.name,
                parent_id: parent,
            })
            .collect(),
        accounts: accounts
            .into_iter()
            .map(|(a, parent)| AccountRecord {
                tags: tag_of(TargetId::Account(a.id.clone()).into()),
                id: a.id,
                arn: a.arn,
                name: a.name,
                email: a.email,
                state: a.state,
                joined_method: a.joined_method,
                joined_timestamp: a.joined_timestamp,
                parent_id: parent,
            })
            .collect(),
        policies: policies
            .into_iter()
            .map(|(p, targets)| PolicyRecord {
                tags: tag_of(p.summary.id.clone().into()),
                id: p.summary.id,
                arn: p.summary.arn,
                name: p.summary.name,
                policy_type: p.summary.policy_type,
                description: p.summary.description,
                aws_managed: p.summary.aws_managed,
                content: p.content,
                target_ids: targets.into_iter().map(|t| t.target_id).collect(),
            })
            .collect(),
        handshakes,
        effective_policies,
        delegated_administrators: governance.delegated,
        trusted_services: governance.trusted,
        resource_policy: governance.resource_policy,
        root_tags,
        invalid_effective_policies: governance.invalid,
        create_requests: Vec::new(),
        omitted,
    };
    // Requests finish in any order; sort so two snapshots of the same organization diff cleanly.
    snapshot.organizational_units.sort_by(|a, b| a.id.cmp(&b.id));
    snapshot.accounts.sort_by(|a, b| a.id.cmp(&b.id));
    snapshot.policies.sort_by(|a, b| a.id.cmp(&b.id));
    for p in &mut snapshot.policies {
        p.target_ids.sort();
    }
    Ok(snapshot)
}
