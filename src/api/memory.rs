//! An organization held in memory: the embedded demo, or a snapshot file browsed offline. It is a
//! second implementation of `OrgApi`, answering with the same errors AWS would give.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::Duration;

use async_trait::async_trait;

use super::{ApiError, ApiResult, OrgApi};
use crate::org::{
    Account, AccountId, EffectivePolicy, Handshake, OrgUnit, Organization, OuId, ParentId, Policy, PolicyId,
    PolicySummary, PolicyTarget, PolicyType, Root, Tag, TargetId,
};
use crate::snapshot::{Snapshot, SnapshotError};

const DEMO_JSON: &str = include_str!("../../assets/demo-org.json");

pub struct MemoryOrg {
    data: RwLock<Snapshot>,
    /// Pretend network delay, so the demo shows lazy loading as it feels against AWS.
    latency: Duration,
}

impl MemoryOrg {
    pub fn new(snapshot: Snapshot) -> Self {
        Self { data: RwLock::new(snapshot), latency: Duration::ZERO }
    }

    pub fn demo_snapshot() -> Result<Snapshot, SnapshotError> {
        Snapshot::parse(DEMO_JSON, "the embedded demo organization")
    }

    pub fn demo() -> Result<Self, SnapshotError> {
        Ok(Self::new(Self::demo_snapshot()?))
    }

    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    async fn read<T>(&self, f: impl FnOnce(&Snapshot) -> ApiResult<T>) -> ApiResult<T> {
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        // A poisoned lock means a panic while reading plain data; the data itself is still whole.
        let data = self.data.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&data)
    }
}

fn parent_exists(s: &Snapshot, parent: &ParentId) -> ApiResult<()> {
    let found = match parent {
        ParentId::Root(id) => s.roots.iter().any(|r| &r.id == id),
        ParentId::Ou(id) => s.organizational_units.iter().any(|o| &o.id == id),
    };
    if found { Ok(()) } else { Err(ApiError::not_found(format!("parent {parent}"))) }
}

fn target_exists(s: &Snapshot, target: &TargetId) -> ApiResult<()> {
    match target {
        TargetId::Root(id) => parent_exists(s, &ParentId::Root(id.clone())),
        TargetId::Ou(id) => parent_exists(s, &ParentId::Ou(id.clone())),
        TargetId::Account(id) if s.accounts.iter().any(|a| &a.id == id) => Ok(()),
        TargetId::Account(_) => Err(ApiError::not_found(format!("target {target}"))),
    }
}

fn type_enabled_somewhere(s: &Snapshot, policy_type: &PolicyType) -> bool {
    s.roots.iter().any(|r| r.enabled_policy_types().contains(policy_type))
}

#[async_trait]
impl OrgApi for MemoryOrg {
    async fn describe_organization(&self) -> ApiResult<Organization> {
        self.read(|s| Ok(s.organization.clone())).await
    }

    async fn list_roots(&self) -> ApiResult<Vec<Root>> {
        self.read(|s| Ok(s.roots.clone())).await
    }

    async fn list_ous_for_parent(&self, parent: &ParentId) -> ApiResult<Vec<OrgUnit>> {
        self.read(|s| {
            parent_exists(s, parent)?;
            Ok(s.organizational_units.iter().filter(|o| &o.parent_id == parent).map(|o| o.to_ou()).collect())
        })
        .await
    }

    async fn list_accounts_for_parent(&self, parent: &ParentId) -> ApiResult<Vec<Account>> {
        self.read(|s| {
            parent_exists(s, parent)?;
            Ok(s.accounts.iter().filter(|a| &a.parent_id == parent).map(|a| a.to_account()).collect())
        })
        .await
    }

    async fn describe_account(&self, id: &AccountId) -> ApiResult<Account> {
        self.read(|s| {
            s.accounts
                .iter()
                .find(|a| &a.id == id)
                .map(|a| a.to_account())
                .ok_or_else(|| ApiError::not_found(format!("account {id}")))
        })
        .await
    }

    async fn describe_ou(&self, id: &OuId) -> ApiResult<OrgUnit> {
        self.read(|s| {
            s.organizational_units
                .iter()
                .find(|o| &o.id == id)
                .map(|o| o.to_ou())
                .ok_or_else(|| ApiError::not_found(format!("organizational unit {id}")))
        })
        .await
    }

    async fn list_policies(&self, policy_type: &PolicyType) -> ApiResult<Vec<PolicySummary>> {
        self.read(|s| {
            if !type_enabled_somewhere(s, policy_type) {
                return Err(ApiError::InvalidInput {
                    action: "ListPolicies".into(),
                    reason: "POLICY_TYPE_NOT_ENABLED".into(),
                    message: format!("{} policies are not enabled in this organization", policy_type.short()),
                });
            }
            Ok(s.policies.iter().filter(|p| &p.policy_type == policy_type).map(|p| p.summary()).collect())
        })
        .await
    }

    async fn describe_policy(&self, id: &PolicyId) -> ApiResult<Policy> {
        self.read(|s| {
            s.policies
                .iter()
                .find(|p| &p.id == id)
                .map(|p| Policy { summary: p.summary(), content: p.content.clone() })
                .ok_or_else(|| ApiError::not_found(format!("policy {id}")))
        })
        .await
    }

    async fn list_policies_for_target(
        &self,
        target: &TargetId,
        policy_type: &PolicyType,
    ) -> ApiResult<Vec<PolicySummary>> {
        self.read(|s| {
            target_exists(s, target)?;
            Ok(s.policies
                .iter()
                .filter(|p| &p.policy_type == policy_type && p.target_ids.contains(target))
                .map(|p| p.summary())
                .collect())
        })
        .await
    }

    async fn list_targets_for_policy(&self, id: &PolicyId) -> ApiResult<Vec<PolicyTarget>> {
        self.read(|s| {
            let policy =
                s.policies.iter().find(|p| &p.id == id).ok_or_else(|| ApiError::not_found(format!("policy {id}")))?;
            let names = target_names(s);
            Ok(policy
                .target_ids
                .iter()
                .map(|t| {
                    let (arn, name, kind) = names.get(t.as_str()).cloned().unwrap_or_default();
                    PolicyTarget { target_id: t.clone(), arn, name, target_type: kind.to_owned() }
                })
                .collect())
        })
        .await
    }

    async fn list_tags(&self, target: &TargetId) -> ApiResult<Vec<Tag>> {
        self.read(|s| {
            target_exists(s, target)?;
            Ok(match target {
                TargetId::Account(id) => s.accounts.iter().find(|a| &a.id == id).map(|a| a.tags.clone()),
                TargetId::Ou(id) => s.organizational_units.iter().find(|o| &o.id == id).map(|o| o.tags.clone()),
                TargetId::Root(_) => None,
            }
            .unwrap_or_default())
        })
        .await
    }

    async fn list_handshakes_for_organization(&self) -> ApiResult<Vec<Handshake>> {
        self.read(|s| Ok(s.handshakes.clone())).await
    }

    async fn describe_effective_policy(
        &self,
        account: &AccountId,
        policy_type: &PolicyType,
    ) -> ApiResult<Option<EffectivePolicy>> {
        self.read(|s| {
            target_exists(s, &TargetId::Account(account.clone()))?;
            Ok(s.effective_policies.iter().find(|e| &e.target_id == account && &e.policy_type == policy_type).cloned())
        })
        .await
    }
}

fn target_names(s: &Snapshot) -> HashMap<&str, (String, String, &'static str)> {
    let mut names = HashMap::new();
    for r in &s.roots {
        names.insert(r.id.as_str(), (r.arn.clone(), r.name.clone(), "ROOT"));
    }
    for o in &s.organizational_units {
        names.insert(o.id.as_str(), (o.arn.clone(), o.name.clone(), "ORGANIZATIONAL_UNIT"));
    }
    for a in &s.accounts {
        names.insert(a.id.as_str(), (a.arn.clone(), a.name.clone(), "ACCOUNT"));
    }
    names
}
