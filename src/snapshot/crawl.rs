//! Crawls a whole organization into a `Snapshot` through any `OrgApi`, with a bounded number of
//! requests in flight. Each parent is listed once, each account and OU tagged once, each policy
//! described once: no call is made twice.

use std::sync::Arc;

use time::OffsetDateTime;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::{AccountRecord, FORMAT_VERSION, OuRecord, PolicyRecord, Snapshot};
use crate::api::{ApiError, ApiResult, OrgApi};
use crate::org::{
    Account, AccountId, EffectivePolicy, OrgUnit, Organization, ParentId, Policy, PolicySummary, PolicyTarget,
    PolicyType, Tag, TargetId,
};

/// What `omitted` says a quick snapshot (`--quick`) left out.
pub const OMITTED_TAGS: &str = "tags";
pub const OMITTED_EFFECTIVE: &str = "effective_policies";
pub const OMITTED_HANDSHAKES: &str = "handshakes";

/// About as many requests as AWS serves per account before throttling.
pub const CRAWL_CONCURRENCY: usize = 8;

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
    Tags(TargetId, Vec<Tag>),
    PolicyList(Vec<PolicySummary>),
    Policy(Policy, Vec<PolicyTarget>),
}

struct Crawler {
    api: Arc<dyn OrgApi>,
    tags: bool,
    permits: Arc<Semaphore>,
    tasks: JoinSet<ApiResult<Found>>,
    progress: Progress,
}

impl Crawler {
    fn spawn<F, Fut>(&mut self, calls: usize, job: F)
    where
        F: FnOnce(Arc<dyn OrgApi>, Arc<Semaphore>) -> Fut,
        Fut: std::future::Future<Output = ApiResult<Found>> + Send + 'static,
    {
        self.progress.calls += calls;
        self.progress.pending += 1;
        self.tasks.spawn(job(self.api.clone(), self.permits.clone()));
    }

    fn list_children(&mut self, parent: ParentId) {
        self.spawn(2, |api, permits| async move {
            let (ous, accounts) = tokio::join!(
                limited(&permits, api.list_ous_for_parent(&parent)),
                limited(&permits, api.list_accounts_for_parent(&parent))
            );
            Ok(Found::Children(parent, ous?, accounts?))
        });
    }

    fn list_tags(&mut self, target: TargetId) {
        if !self.tags {
            return;
        }
        self.spawn(1, |api, permits| async move {
            let tags = limited(&permits, api.list_tags(&target)).await?;
            Ok(Found::Tags(target, tags))
        });
    }
}

async fn limited<T>(permits: &Semaphore, call: impl std::future::Future<Output = T>) -> T {
    // The semaphore lives as long as the crawl and is never closed: acquiring only waits.
    let _permit = permits.acquire().await;
    call.await
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
        permits: Arc::new(Semaphore::new(CRAWL_CONCURRENCY)),
        tasks: JoinSet::new(),
        progress: Progress { calls: 2, ..Progress::default() },
    };
    let mut types: Vec<PolicyType> = roots.iter().flat_map(|r| r.enabled_policy_types()).collect();
    types.sort();
    types.dedup();
    for root in &roots {
        crawler.list_children(ParentId::Root(root.id.clone()));
        crawler.list_tags(TargetId::Root(root.id.clone()));
    }
    let management_types: Vec<PolicyType> = types.iter().filter(|t| !t.is_authorization()).cloned().collect();
    for policy_type in types {
        crawler.spawn(1, |api, permits| async move {
            Ok(Found::PolicyList(limited(&permits, api.list_policies(&policy_type)).await?))
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
                    ous.push((ou, parent.clone()));
                }
                for account in child_accounts {
                    crawler.list_tags(TargetId::Account(account.id.clone()));
                    accounts.push((account, parent.clone()));
                }
            }
            Found::Tags(target, found) => {
                tags.insert(target, found);
            }
            Found::PolicyList(summaries) => {
                for summary in summaries {
                    crawler.spawn(2, |api, permits| async move {
                        let (policy, targets) = tokio::join!(
                            limited(&permits, api.describe_policy(&summary.id)),
                            limited(&permits, api.list_targets_for_policy(&summary.id))
                        );
                        Ok(Found::Policy(policy?, targets?))
                    });
                }
            }
            Found::Policy(policy, targets) => policies.push((policy, targets)),
        }
        crawler.progress.ous = ous.len();
        crawler.progress.accounts = accounts.len();
        crawler.progress.policies = policies.len();
        report(&crawler.progress);
    }

    let account_ids: Vec<AccountId> = accounts.iter().map(|(a, _)| a.id.clone()).collect();
    let effective_policies = if full {
        effective_policies(api.as_ref(), &account_ids, &management_types, &mut crawler.progress, &mut report).await?
    } else {
        Vec::new()
    };

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

    let mut tag_of = |target: TargetId| tags.remove(&target).unwrap_or_default();
    let mut snapshot = Snapshot {
        format: FORMAT_VERSION,
        taken_at: OffsetDateTime::now_utc(),
        organization,
        roots,
        organizational_units: ous
            .into_iter()
            .map(|(ou, parent)| OuRecord {
                tags: tag_of(TargetId::Ou(ou.id.clone())),
                id: ou.id,
                arn: ou.arn,
                name: ou.name,
                parent_id: parent,
            })
            .collect(),
        accounts: accounts
            .into_iter()
            .map(|(a, parent)| AccountRecord {
                tags: tag_of(TargetId::Account(a.id.clone())),
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
        omitted: if full {
            Vec::new()
        } else {
            [OMITTED_TAGS, OMITTED_EFFECTIVE, OMITTED_HANDSHAKES].map(str::to_owned).to_vec()
        },
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

/// DescribeEffectivePolicy for every account and management policy type (SCPs and RCPs have no
/// effective-policy view). One call goes first: an endpoint without the operation (moto) or a caller
/// without the right would fail every one of them, so the snapshot is then taken without them.
async fn effective_policies(
    api: &dyn OrgApi,
    accounts: &[AccountId],
    types: &[PolicyType],
    progress: &mut Progress,
    report: &mut impl FnMut(&Progress),
) -> ApiResult<Vec<EffectivePolicy>> {
    use futures_util::StreamExt;
    let pairs: Vec<(&AccountId, &PolicyType)> =
        accounts.iter().flat_map(|a| types.iter().map(move |t| (a, t))).collect();
    let Some(((account, policy_type), rest)) = pairs.split_first() else { return Ok(Vec::new()) };
    progress.calls += 1;
    let mut found: Vec<EffectivePolicy> = match api.describe_effective_policy(account, policy_type).await {
        Ok(first) => first.into_iter().collect(),
        Err(e) => {
            tracing::warn!(error = %e, "effective policies left out of the snapshot");
            return Ok(Vec::new());
        }
    };
    let mut answers = futures_util::stream::iter(rest.iter().map(|(a, t)| api.describe_effective_policy(a, t)))
        .buffer_unordered(CRAWL_CONCURRENCY);
    while let Some(answer) = answers.next().await {
        progress.calls += 1;
        found.extend(answer?);
        report(progress);
    }
    found.sort_by(|a, b| (&a.target_id, &a.policy_type).cmp(&(&b.target_id, &b.policy_type)));
    Ok(found)
}
