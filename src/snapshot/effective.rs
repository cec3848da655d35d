//! Which DescribeEffectivePolicy calls a snapshot makes, and when: only for an (account, management
//! type) where a policy of that type is attached somewhere on the account's path (elsewhere AWS can
//! only answer "none applies"), and as soon as that is known, alongside the rest of the walk.
//!
//! That is known once every management policy's targets are listed and the account's path is
//! walked. One call goes first: an endpoint without the operation (moto) or a caller without the
//! right would fail every one of them, so the snapshot is then taken without them.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::api::ApiResult;
use crate::org::{AccountId, EffectivePolicy, ParentId, Policy, PolicyTarget, PolicyType, TargetId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Probe {
    NotSent,
    InFlight,
    Works,
    Unavailable,
}

#[derive(Debug)]
pub struct EffectiveCalls {
    types: Vec<PolicyType>,
    /// Management ListPolicies not answered yet, plus management policies whose targets are not.
    lists_pending: usize,
    attached: HashMap<PolicyType, HashSet<TargetId>>,
    parent_of: HashMap<TargetId, TargetId>,
    /// Accounts met before the attachments were all known.
    waiting: Vec<(AccountId, TargetId)>,
    queue: VecDeque<(AccountId, PolicyType)>,
    probe: Probe,
    pub found: Vec<EffectivePolicy>,
}

impl EffectiveCalls {
    /// `types`: the management types enabled in the roots (none for a quick snapshot).
    pub fn new(types: Vec<PolicyType>) -> Self {
        Self {
            lists_pending: types.len(),
            types,
            attached: HashMap::new(),
            parent_of: HashMap::new(),
            waiting: Vec::new(),
            queue: VecDeque::new(),
            probe: Probe::NotSent,
            found: Vec::new(),
        }
    }

    fn ready(&self) -> bool {
        self.lists_pending == 0
    }

    /// ListPolicies for `policy_type` answered with `count` policies.
    pub fn policy_list(&mut self, policy_type: &PolicyType, count: usize) {
        if self.types.contains(policy_type) {
            self.lists_pending = self.lists_pending.saturating_sub(1) + count;
            self.flush_if_ready();
        }
    }

    /// A policy and its targets.
    pub fn policy(&mut self, policy: &Policy, targets: &[PolicyTarget]) {
        if self.types.contains(&policy.summary.policy_type) {
            let on = self.attached.entry(policy.summary.policy_type.clone()).or_default();
            on.extend(targets.iter().map(|t| t.target_id.clone()));
            self.lists_pending = self.lists_pending.saturating_sub(1);
            self.flush_if_ready();
        }
    }

    fn flush_if_ready(&mut self) {
        if self.ready() {
            for (account, parent) in std::mem::take(&mut self.waiting) {
                self.queue_account(account, parent);
            }
        }
    }

    pub fn ou(&mut self, ou: TargetId, parent: &ParentId) {
        self.parent_of.insert(ou, parent.as_target());
    }

    /// An account and its parent (whose own path the walk has already met).
    pub fn account(&mut self, account: AccountId, parent: &ParentId) {
        if self.types.is_empty() {
            return;
        }
        if self.ready() {
            self.queue_account(account, parent.as_target());
        } else {
            self.waiting.push((account, parent.as_target()));
        }
    }

    fn queue_account(&mut self, account: AccountId, parent: TargetId) {
        let mut path = vec![TargetId::Account(account.clone()), parent];
        // OUs nest five deep; the bound stops a cycle in broken data.
        while let Some(up) = path.last().and_then(|l| self.parent_of.get(l)).filter(|_| path.len() < 8) {
            path.push(up.clone());
        }
        for policy_type in &self.types {
            if self.attached.get(policy_type).is_some_and(|on| path.iter().any(|level| on.contains(level))) {
                self.queue.push_back((account.clone(), policy_type.clone()));
            }
        }
    }

    /// The calls to make now: the first alone, the rest once it has shown the operation works.
    pub fn next(&mut self) -> Vec<(AccountId, PolicyType)> {
        match self.probe {
            Probe::NotSent => match self.queue.pop_front() {
                Some(first) => {
                    self.probe = Probe::InFlight;
                    vec![first]
                }
                None => Vec::new(),
            },
            Probe::InFlight | Probe::Unavailable => Vec::new(),
            Probe::Works => self.queue.drain(..).collect(),
        }
    }

    /// A call's answer. A failure of the first leaves effective policies out; of a later one, fails
    /// the snapshot (the operation works, so something is wrong).
    pub fn answered(&mut self, result: ApiResult<Option<EffectivePolicy>>) -> ApiResult<()> {
        let first = self.probe == Probe::InFlight;
        match result {
            Ok(found) => {
                if first {
                    self.probe = Probe::Works;
                }
                self.found.extend(found);
                Ok(())
            }
            Err(e) if first => {
                tracing::warn!(error = %e, "effective policies left out of the snapshot");
                self.probe = Probe::Unavailable;
                self.queue.clear();
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Whether anything is still to be asked (for a crawl that must not end early).
    pub fn done(&self) -> bool {
        self.queue.is_empty() && self.probe != Probe::InFlight
    }
}

impl From<EffectiveCalls> for Vec<EffectivePolicy> {
    fn from(calls: EffectiveCalls) -> Self {
        let mut found = calls.found;
        found.sort_by(|a, b| (&a.target_id, &a.policy_type).cmp(&(&b.target_id, &b.policy_type)));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::org::{OuId, PolicyId, PolicySummary, RootId};

    fn policy(id: &str, kind: &str) -> Policy {
        Policy {
            summary: PolicySummary {
                id: PolicyId::parse(id).unwrap(),
                arn: String::new(),
                name: id.to_owned(),
                description: String::new(),
                policy_type: PolicyType::new(kind),
                aws_managed: false,
            },
            content: "{}".into(),
        }
    }

    fn target(id: &str) -> PolicyTarget {
        PolicyTarget {
            target_id: TargetId::parse(id).unwrap(),
            arn: String::new(),
            name: id.to_owned(),
            target_type: String::new(),
        }
    }

    fn effective(account: &AccountId) -> EffectivePolicy {
        EffectivePolicy {
            target_id: account.clone(),
            policy_type: PolicyType::new("TAG_POLICY"),
            content: "{}".into(),
            last_updated_timestamp: None,
        }
    }

    #[test]
    fn only_accounts_under_a_policy_of_the_type_are_asked_once_the_targets_are_known() {
        let tag = PolicyType::new("TAG_POLICY");
        let opt_out = PolicyType::new("AISERVICES_OPT_OUT_POLICY");
        let mut calls = EffectiveCalls::new(vec![opt_out.clone(), tag.clone()]);
        let root = ParentId::Root(RootId::parse("r-ab12").unwrap());
        let tagged = OuId::parse("ou-ab12-aaaaaaaa").unwrap();
        let below = OuId::parse("ou-ab12-bbbbbbbb").unwrap();
        calls.ou(TargetId::Ou(tagged.clone()), &root);
        calls.ou(TargetId::Ou(below.clone()), &ParentId::Ou(tagged.clone()));
        let deep = AccountId::parse("111111111111").unwrap();
        calls.account(deep.clone(), &ParentId::Ou(below.clone()));
        calls.account(AccountId::parse("222222222222").unwrap(), &root);
        calls.policy_list(&tag, 1);
        assert!(calls.next().is_empty(), "the tag policy's targets are not known yet");
        calls.policy(&policy("p-tag00001", "TAG_POLICY"), &[target(tagged.as_str())]);
        assert!(calls.next().is_empty(), "nor whether an opt-out policy exists");
        calls.policy_list(&opt_out, 0);
        // Two levels below the tagged OU: asked; directly under the root: nothing applies.
        assert_eq!(calls.next(), [(deep.clone(), tag.clone())], "the first call goes alone");
        let later = AccountId::parse("333333333333").unwrap();
        calls.account(later.clone(), &ParentId::Ou(tagged));
        assert!(calls.next().is_empty(), "the rest wait for the first answer");
        calls.answered(Ok(Some(effective(&deep)))).unwrap();
        assert_eq!(calls.next(), [(later.clone(), tag)]);
        calls.answered(Ok(None)).unwrap();
        assert!(calls.done());
        let found: Vec<EffectivePolicy> = calls.into();
        assert_eq!(found, [effective(&deep)]);
    }

    #[test]
    fn a_first_call_that_fails_leaves_them_out_and_a_later_failure_fails() {
        let tag = PolicyType::new("TAG_POLICY");
        let root = ParentId::Root(RootId::parse("r-ab12").unwrap());
        let mut calls = EffectiveCalls::new(vec![tag.clone()]);
        calls.policy_list(&tag, 1);
        calls.policy(&policy("p-tag00001", "TAG_POLICY"), &[target("r-ab12")]);
        for n in 1..=3 {
            calls.account(AccountId::parse(&format!("{n}00000000000")).unwrap(), &root);
        }
        assert_eq!(calls.next().len(), 1);
        let unsupported = ApiError::other("DescribeEffectivePolicy", "HTTP 500");
        calls.answered(Err(unsupported.clone())).unwrap();
        assert!(calls.next().is_empty() && calls.done(), "the others are not asked");

        let mut calls = EffectiveCalls::new(vec![tag.clone()]);
        calls.policy_list(&tag, 1);
        calls.policy(&policy("p-tag00001", "TAG_POLICY"), &[target("r-ab12")]);
        for n in 1..=3 {
            calls.account(AccountId::parse(&format!("{n}00000000000")).unwrap(), &root);
        }
        calls.next();
        calls.answered(Ok(None)).unwrap();
        assert_eq!(calls.next().len(), 2);
        assert_eq!(calls.answered(Err(unsupported.clone())), Err(unsupported));
    }
}
