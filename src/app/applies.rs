//! "What applies here" (`w`): for an account or OU, the path from its root with the SCPs and RCPs
//! attached at each level, the action checker, and the effective management policies. The levels
//! are read from the tree (each level's ⚖ Policies group), so what the tree has loaded is reused and
//! what this view loads shows in the tree too.

use super::text_field::TextField;
use crate::org::tree::{LoadState, NodeId, NodeKind};
use crate::org::{AccountId, EffectivePolicy, PolicySummary, PolicyTarget, PolicyType, TargetId};
use crate::policy::StyledLine;
use crate::policy::evaluate::{self, Answer, Attached, Level, Question, Subject};

use super::Model;

/// The view's state; what it shows lives in the model's caches.
#[derive(Debug, Clone, PartialEq)]
pub struct Applies {
    /// The account or OU, in the tree; checked against `target` before use (slots are reused).
    pub node: NodeId,
    pub target: TargetId,
    /// Which management policy type the right pane shows.
    pub type_index: usize,
    /// The last question asked, answered afresh from what is loaded.
    pub question: Option<Question>,
    /// What was typed in the check form, to start from next time.
    pub form: CheckForm,
    pub chain_scroll: u16,
    pub effective_scroll: u16,
}

impl Applies {
    pub fn new(node: NodeId, target: TargetId) -> Self {
        Self {
            node,
            target,
            type_index: 0,
            question: None,
            form: CheckForm::default(),
            chain_scroll: 0,
            effective_scroll: 0,
        }
    }
}

/// The check form: an action, and optionally a resource ARN, a region and the request's context.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckForm {
    pub action: TextField,
    pub resource: TextField,
    pub region: TextField,
    /// Condition keys with values (`evaluate::CONTEXT_SYNTAX`).
    pub context: TextField,
    /// 0 action, 1 resource, 2 region, 3 context.
    pub field: usize,
    pub error: Option<String>,
}

impl CheckForm {
    /// Completions of the action typed so far, from AWS's catalogue (empty off the action field).
    pub fn completions(&self, max: usize) -> Vec<String> {
        if self.field != 0 || self.action.is_empty() {
            return Vec::new();
        }
        crate::policy::catalogue::get().complete(self.action.trim(), max)
    }

    /// What → would make of the action field: the longest start all completions share, or the
    /// first completion; None when that is what is typed already.
    pub fn completion(&self) -> Option<String> {
        let all = self.completions(usize::MAX);
        let first = all.first()?;
        let shared: String = all.iter().fold(first.clone(), |common, c| {
            common.chars().zip(c.chars()).take_while(|(a, b)| a.eq_ignore_ascii_case(b)).map(|(a, _)| a).collect()
        });
        let next = if shared.len() > self.action.trim().len() { shared } else { first.clone() };
        (next != *self.action && next.chars().count() <= Self::MAX[0]).then_some(next)
    }

    /// → in the action field: the completion, when there is one.
    pub fn complete(&mut self) {
        if let Some(next) = self.completion() {
            self.action.set(next);
        }
    }

    pub const FIELDS: usize = 4;
    /// An ARN is at most 2,048 characters; actions and regions are far shorter.
    pub const MAX: [usize; 4] = [128, 2048, 32, 4096];
}

/// An account's effective policy of one type: None when AWS has none (EffectivePolicyNotFound).
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveEntry {
    pub load: LoadState,
    pub found: Option<Box<PreparedEffective>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreparedEffective {
    pub policy: EffectivePolicy,
    pub lines: Vec<StyledLine>,
}

/// Where a policy is attached (ListTargetsForPolicy), cached per policy.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetsEntry {
    pub load: LoadState,
    pub targets: Vec<PolicyTarget>,
}

impl TargetsEntry {
    /// The targets in the order the list shows them: the root, then OUs, then accounts, each by name.
    pub fn sorted(&self) -> Vec<&PolicyTarget> {
        let rank = |t: &PolicyTarget| match t.target_id {
            TargetId::Root(_) => 0,
            TargetId::Ou(_) => 1,
            TargetId::Account(_) => 2,
        };
        let mut list: Vec<&PolicyTarget> = self.targets.iter().collect();
        list.sort_by_key(|a| (rank(a), a.name.to_lowercase()));
        list
    }
}

/// A target being shown in the tree ("where used", Enter).
#[derive(Debug, Clone, PartialEq)]
pub enum Reveal {
    /// Asking AWS for its path (ListParents); a newer jump replaces the request.
    Locating { req: crate::org::tree::ReqId },
    /// Its path from the root, opened level by level as each loads.
    Opening(Vec<TargetId>),
}

/// One level of the path, as the view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PathLevel<'a> {
    pub node: NodeId,
    pub label: String,
    /// The level's Policies group: its load state and the policies attached directly there.
    pub group: Option<NodeId>,
    pub load: LoadState,
    pub policies: Vec<&'a PolicySummary>,
}

/// The view's subject node, if the tree still holds it.
pub fn subject_node(model: &Model) -> Option<NodeId> {
    let applies = model.applies.as_ref()?;
    let node = model.tree.get(applies.node)?;
    (node.kind.target().as_ref() == Some(&applies.target)).then_some(applies.node)
}

/// The view's subject (an account, OU or root), if the tree still holds it.
pub fn subject_kind(model: &Model) -> Option<&NodeKind> {
    subject_node(model).and_then(|n| model.tree.get(n)).map(|n| &n.kind)
}

/// The path from the root down to the subject, each level with what is attached there.
pub fn path(model: &Model) -> Vec<PathLevel<'_>> {
    let Some(node) = subject_node(model) else { return Vec::new() };
    model
        .tree
        .path(node)
        .into_iter()
        .filter_map(|id| {
            let kind = &model.tree.get(id)?.kind;
            kind.target()?;
            let group = model.tree.policies_group(id);
            let group_node = group.and_then(|g| model.tree.get(g));
            let policies = group_node
                .map(|g| g.children.iter().filter_map(|c| model.tree.get(*c)).collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter()
                .filter_map(|n| match &n.kind {
                    NodeKind::Policy(p) => Some(p),
                    _ => None,
                })
                .collect();
            let load = group_node.map(|g| g.load.clone()).unwrap_or_default();
            Some(PathLevel { node: id, label: kind.describe(), group, load, policies })
        })
        .collect()
}

/// The account the view is about (None for a root or OU).
pub fn account(model: &Model) -> Option<AccountId> {
    match &model.applies.as_ref()?.target {
        TargetId::Account(id) => Some(id.clone()),
        _ => None,
    }
}

/// The policy types enabled in the subject's root, in the order every list uses.
pub fn root_types(model: &Model) -> Vec<PolicyType> {
    let root = subject_node(model).and_then(|n| model.tree.root_of(n));
    root.map(|r| r.enabled_policy_types()).unwrap_or_default()
}

/// The management policy types among them (tag, backup, …).
pub fn management_types(model: &Model) -> Vec<PolicyType> {
    root_types(model).into_iter().filter(|t| !t.is_authorization()).collect()
}

/// The management type the right pane shows.
pub fn shown_type(model: &Model) -> Option<PolicyType> {
    let types = management_types(model);
    let index = model.applies.as_ref()?.type_index.min(types.len().saturating_sub(1));
    types.into_iter().nth(index)
}

/// Why the checker cannot answer yet.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// This many lists or policies are still loading.
    Loading(usize),
    Failed(String),
}

/// The SCPs and RCPs along the path with their text, once all of it is loaded.
pub fn chain(model: &Model) -> Result<Vec<Level>, Pending> {
    if subject_node(model).is_none() {
        return Err(Pending::Failed("what this view was about is no longer in the tree".to_owned()));
    }
    let mut levels = Vec::new();
    let mut loading = 0;
    for level in path(model) {
        match &level.load {
            LoadState::Loaded => {}
            LoadState::Failed(e) => return Err(Pending::Failed(format!("{}: {e}", level.label))),
            _ => {
                loading += 1;
                continue;
            }
        }
        let mut out = Level::new(level.label.clone());
        for p in level.policies.iter().filter(|p| p.policy_type.is_authorization()) {
            let entry = model.policies.get(&p.id);
            let attached = match entry.map(|e| (&e.load, e.prepared.as_deref())) {
                Some((_, Some(prepared))) => Attached {
                    name: p.name.clone(),
                    statements: prepared
                        .statements
                        .clone()
                        .unwrap_or_else(|| evaluate::parse(&prepared.policy.content)),
                },
                Some((LoadState::Failed(e), None)) => return Err(Pending::Failed(format!("{}: {e}", p.name))),
                _ => {
                    loading += 1;
                    continue;
                }
            };
            out.add(p.policy_type.as_str(), attached);
        }
        levels.push(out);
    }
    if loading > 0 { Err(Pending::Loading(loading)) } else { Ok(levels) }
}

/// Who the checker asks about: the account (or "an account in this OU") in this organization.
pub fn subject(model: &Model) -> Subject {
    let account = account(model);
    let master = model.org.as_ref().and_then(|o| o.master_account_id.as_ref());
    let scps_disabled = !root_types(model).iter().any(|t| t.as_str() == PolicyType::SCP);
    Subject {
        scps_disabled,
        management: account.is_some() && account.as_ref() == master,
        account: account.map(|a| a.as_str().to_owned()),
        organization: model.org.as_ref().map(|o| o.id.as_str().to_owned()),
        org_path: org_path(model, subject_node(model)),
        resource_org_path: None,
    }
}

/// `o-…/r-…/ou-…/`: the organization, the root and the OUs above a node (and the node itself when it
/// is an OU), as AWS writes aws:PrincipalOrgPaths and aws:ResourceOrgPaths.
pub fn org_path(model: &Model, node: Option<NodeId>) -> Option<String> {
    let org = model.org.as_ref()?;
    let mut path = format!("{}/", org.id);
    for id in model.tree.path(node?) {
        match model.tree.get(id)?.kind.target()? {
            TargetId::Account(_) => {}
            other => path.push_str(&format!("{other}/")),
        }
    }
    Some(path)
}

/// The subject, with what the question's resource tells: a resource in an account of this
/// organization that the tree holds has the organization's id and that account's path.
pub fn subject_for(model: &Model, question: &Question) -> Subject {
    let mut subject = subject(model);
    let account = question.resource_account();
    // An ARN with no account (S3 buckets), or no resource at all, says nothing of where it is.
    let node =
        account.and_then(|a| AccountId::parse(a).ok()).and_then(|id| model.tree.find_target(&TargetId::Account(id)));
    subject.resource_org_path = node.and_then(|n| org_path(model, Some(n)));
    subject
}

/// The answer to the last question, from what is loaded now.
pub fn answer(model: &Model) -> Option<Result<Answer, Pending>> {
    let question = model.applies.as_ref()?.question.as_ref()?;
    Some(chain(model).map(|levels| evaluate::check_expanded(question, &subject_for(model, question), &levels)))
}

/// An effective policy pretty-printed and highlighted once, off the UI thread.
pub fn prepare(policy: EffectivePolicy) -> PreparedEffective {
    let lines = match crate::policy::pretty(&policy.content) {
        Some(text) => crate::policy::highlight::json(&text),
        None => crate::policy::highlight::plain(&policy.content),
    };
    PreparedEffective { policy, lines }
}
