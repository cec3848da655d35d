//! Attaching, detaching and deleting policies, and enabling policy types: the picker, the checks AWS
//! would make (said in words before any call), the confirmation, and the tree reloaded from the
//! server afterwards.

use crate::app::dialog::{Attachment, Dialog, Pickable, Picker, Tone, para};
use crate::app::{Effect, Model, Msg, Pane};
use crate::org::tree::{LoadState, NodeId, NodeKind};
use crate::org::{PolicySummary, PolicyType, TargetId};
use crate::policy::limits::attachment_warning;
use crate::policy::whatif::Proposal;

use super::{toast, tree};

/// The target a tree row stands for: a root, OU or account, or the Policies group under one.
fn target_of(model: &Model, id: NodeId) -> Option<(TargetId, String, NodeId)> {
    let (owner, group) = crate::app::keys::owner_of(model, id)?;
    let kind = &model.tree.get(owner)?.kind;
    Some((kind.target()?, kind.describe(), group))
}

/// The policies attached directly to the target, as the tree last loaded them (None until loaded).
fn attached(model: &Model, group: NodeId) -> Option<Vec<PolicySummary>> {
    let g = model.tree.get(group).filter(|g| g.load == LoadState::Loaded)?;
    Some(
        g.children
            .iter()
            .filter_map(|c| match &model.tree.get(*c)?.kind {
                NodeKind::Policy(p) => Some(p.clone()),
                _ => None,
            })
            .collect(),
    )
}

/// `A`: the picker for the selected root, OU or account.
pub(super) fn open_picker(model: &mut Model) -> Vec<Effect> {
    let Some((target, target_name, group)) = model.selected().and_then(|id| target_of(model, id)) else {
        return vec![toast(model, "select a root, OU or account to attach a policy to".to_owned(), true)];
    };
    let types = model.tree.root_of(group).map(|r| r.enabled_policy_types()).unwrap_or_default();
    if types.is_empty() {
        return vec![toast(model, "no policy type is enabled in this root: nothing can be attached".to_owned(), true)];
    }
    let mut effects = vec![Effect::ListPickable { types }];
    // The picker marks what is attached already: load the group if the tree has not yet.
    if model.tree.get(group).is_some_and(|g| g.load == LoadState::NotLoaded) {
        effects.extend(tree::start_load(model, group));
    }
    model.dialog = Some(Dialog::Picker(Picker {
        target,
        target_name,
        group,
        policies: None,
        filter: Default::default(),
        cursor: 0,
    }));
    effects
}

pub(super) fn on_pickable(model: &mut Model, result: crate::api::ApiResult<Vec<PolicySummary>>) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    if !matches!(model.dialog, Some(Dialog::Picker(_))) {
        return Vec::new();
    }
    match result {
        Ok(policies) => {
            super::search::learn_policies(model, &policies);
            let Some(Dialog::Picker(picker)) = &model.dialog else { return Vec::new() };
            let group = picker.group;
            let attached_ids: Vec<_> = attached(model, group).unwrap_or_default().into_iter().map(|p| p.id).collect();
            let Some(Dialog::Picker(picker)) = &mut model.dialog else { return Vec::new() };
            picker.policies = Some(
                policies
                    .into_iter()
                    .map(|policy| Pickable { attached: attached_ids.contains(&policy.id), policy })
                    .collect(),
            );
            Vec::new()
        }
        Err(e) => {
            model.dialog = None;
            vec![toast(model, format!("listing policies: {e}"), true)]
        }
    }
}

/// Enter in the picker: check, then ask.
pub(super) fn choose(model: &mut Model, picker: Picker) -> Vec<Effect> {
    let Some(choice) = picker.matches().get(picker.cursor).map(|p| (*p).clone()) else {
        model.dialog = Some(Dialog::Picker(picker));
        return Vec::new();
    };
    // The key's rule refused a policy already attached here.
    let p = &choice.policy;
    let short = p.policy_type.short().to_owned();
    // Past AWS's default quota: said in the confirmation, and AWS decides (it may have been raised).
    let quota = attached(model, picker.group).and_then(|list| {
        let same = list.iter().filter(|a| a.policy_type == p.policy_type).count();
        attachment_warning(&p.policy_type, same, &picker.target_name)
    });
    let change = Attachment::Attach {
        policy: p.id.clone(),
        name: p.name.clone(),
        target: picker.target.clone(),
        group: picker.group,
    };
    let mut body = vec![para(
        Tone::Warning,
        format!("Its rules then apply to {} and to every account under it.", picker.target_name),
    )];
    if !p.description.is_empty() {
        body.push(para(Tone::Quote, format!("{}: {}", p.name, p.description)));
    }
    body.extend(quota.map(|q| para(Tone::Warning, q)));
    let effects =
        whatif(model, &p.policy_type, || Proposal::Attach { policy: p.id.clone(), target: picker.target.clone() });
    model.dialog = Some(Dialog::ConfirmAttachment {
        title: format!("Attach {short} {} to {}?", p.name, picker.target_name),
        body,
        change,
    });
    effects
}

/// The what-if of a change to which SCPs or RCPs apply; other types change no permission.
fn whatif(model: &mut Model, policy_type: &PolicyType, proposal: impl FnOnce() -> Proposal) -> Vec<Effect> {
    model.whatif = None;
    if policy_type.is_authorization() { vec![super::whatif::start(model, proposal())] } else { Vec::new() }
}

/// `D` on a policy in a Policies group: check, then ask.
pub(super) fn detach(model: &mut Model) -> Vec<Effect> {
    let Some(id) = model.selected().filter(|_| model.focus == Pane::Tree) else { return Vec::new() };
    let Some(NodeKind::Policy(p)) = model.tree.get(id).map(|n| n.kind.clone()) else {
        return vec![toast(model, "select an attached policy (under a Policies group) to detach it".to_owned(), true)];
    };
    let Some((target, target_name, group)) = target_of(model, id) else { return Vec::new() };
    let short = p.policy_type.short().to_owned();
    if p.policy_type.as_str() == PolicyType::SCP {
        let scps = attached(model, group).unwrap_or_default().iter().filter(|a| a.policy_type == p.policy_type).count();
        if scps <= 1 {
            let why = format!("{target_name} must keep at least one SCP (AWS requires it): attach another first");
            return vec![toast(model, why, true)];
        }
    }
    let body = vec![para(
        Tone::Warning,
        format!("{} stops applying to {target_name} and to the accounts under it (unless attached higher up).", p.name),
    )];
    let effects = whatif(model, &p.policy_type, || Proposal::Detach { policy: p.id.clone(), target: target.clone() });
    let change = Attachment::Detach { policy: p.id.clone(), name: p.name.clone(), target, group };
    model.dialog = Some(Dialog::ConfirmAttachment {
        title: format!("Detach {short} {} from {target_name}?", p.name),
        body,
        change,
    });
    effects
}

pub(super) fn on_changed(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    let Msg::Changed { change, result } = msg else { return Vec::new() };
    let (group, target) = change.group();
    let mut effects = Vec::new();
    // The group is reloaded from the server whatever happened (an error may mean someone else did it).
    let still_there =
        model.tree.get(group).is_some_and(|g| matches!(&g.kind, NodeKind::Policies { target: t } if t == target));
    if still_there {
        effects.extend(tree::start_load(model, group));
    }
    // Named as the dialog named it ("root Root"), the id only when the tree no longer holds it.
    let target = model
        .tree
        .find_target(target)
        .and_then(|n| model.tree.get(n))
        .map(|n| n.kind.describe())
        .unwrap_or_else(|| target.to_string());
    let text = match (&change, result) {
        (Attachment::Attach { name, .. }, Ok(())) => {
            crate::app::wording::landed(&model.source, &format!("Attached {name} to {target}"))
        }
        (Attachment::Detach { name, .. }, Ok(())) => {
            crate::app::wording::landed(&model.source, &format!("Detached {name} from {target}"))
        }
        (_, Err(e)) => {
            refused(model, change.operation(), &e, Vec::new());
            return effects;
        }
    };
    effects.push(toast(model, text, false));
    effects
}

/// A refused change, in a message: what AWS said, what it means, what to do, then `more`.
fn refused(model: &mut Model, operation: &str, e: &crate::api::ApiError, more: Vec<crate::app::dialog::Para>) {
    let (title, mut body) = crate::app::wording::failure(operation, e, model.profile());
    body.extend(more);
    model.dialog = Some(Dialog::Notice { title, body });
}

/// `X` on a policy in the tree (Ctrl-x in the picker): its rule refused AWS managed ones; asked.
pub(super) fn delete(model: &mut Model) -> Vec<Effect> {
    let Some(NodeKind::Policy(p)) = model.selected_kind().cloned() else { return Vec::new() };
    confirm_delete(model, p)
}

pub(super) fn confirm_delete(model: &mut Model, p: PolicySummary) -> Vec<Effect> {
    if p.aws_managed {
        return vec![toast(model, format!("{} is managed by AWS: it cannot be deleted.", p.name), true)];
    }
    // AWS refuses to delete an attached policy: where orgtui knows it is attached, it says so
    // instead of asking (AWS stays the authority for what orgtui has not seen).
    let attached = known_targets(model, &p);
    if !attached.is_empty() {
        let mut body = vec![para(
            Tone::Warning,
            format!("AWS deletes only a policy attached nowhere; {} is attached to:", p.name),
        )];
        body.extend(attached.into_iter().map(|t| para(Tone::Plain, format!("• {t}"))));
        body.push(para(
            Tone::Plain,
            "Detach it from each (D on it in the tree, u lists every target), then delete it; r reloads a target whose list is out of date.",
        ));
        model.dialog =
            Some(Dialog::Notice { title: format!("{} {} is still attached", p.policy_type.short(), p.name), body });
        return Vec::new();
    }
    let body = vec![
        para(Tone::Warning, "The policy is deleted for good: AWS keeps no copy."),
        para(Tone::Plain, "AWS refuses while it is attached anywhere; orgtui then lists where."),
    ];
    let title = format!("Delete {} {} ({})?", p.policy_type.short(), p.name, p.id);
    model.dialog = Some(Dialog::ConfirmDelete { title, body, id: p.id, name: p.name });
    Vec::new()
}

/// Where the policy is attached as far as orgtui has seen: its listed targets, and every Policies
/// group of the tree that lists it.
fn known_targets(model: &Model, p: &PolicySummary) -> Vec<String> {
    let mut seen: Vec<(TargetId, String)> = Vec::new();
    if let Some(entry) = model.targets.get(&p.id).filter(|e| e.load == LoadState::Loaded) {
        for t in entry.sorted() {
            let kind = t.target_type.to_lowercase().replace('_', " ");
            seen.push((t.target_id.clone(), format!("{kind} {} ({})", t.name, t.target_id)));
        }
    }
    for group in model.tree.groups_listing(&p.id) {
        let Some(owner) = model.tree.get(group).and_then(|g| g.parent).and_then(|o| model.tree.get(o)) else {
            continue;
        };
        let Some(target) = owner.kind.target() else { continue };
        if seen.iter().any(|(id, _)| *id == target) {
            continue;
        }
        let kind = match target {
            TargetId::Root(_) => "root",
            TargetId::Ou(_) => "organizational unit",
            TargetId::Account(_) => "account",
        };
        let label = format!("{kind} {} ({target})", owner.kind.name());
        seen.push((target, label));
    }
    seen.into_iter().map(|(_, label)| label).collect()
}

pub(super) fn on_deleted(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    let Msg::Deleted { id, name, result, targets } = msg else { return Vec::new() };
    match result {
        Ok(()) => {
            model.policies.remove(&id);
            model.search.forget_policy(&id);
            if model.shown_policy.as_ref() == Some(&id) {
                model.shown_policy = None;
            }
            let text = crate::app::wording::landed(&model.source, &format!("Deleted {name} ({id})"));
            vec![toast(model, text, false)]
        }
        Err(e) => {
            let mut more = Vec::new();
            if !targets.is_empty() {
                more.push(para(Tone::Plain, format!("{name} is still attached to:")));
                more.extend(targets.iter().map(|t| {
                    let kind = t.target_type.to_lowercase().replace('_', " ");
                    para(Tone::Plain, format!("• {kind} {} ({})", t.name, t.target_id))
                }));
                more.push(para(Tone::Plain, "Detach it from each (D on it in the tree), then delete it."));
            }
            refused(model, "Delete", &e, more);
            Vec::new()
        }
    }
}

/// `T` on a root: every policy type, with its status there.
pub(super) fn policy_types(model: &mut Model) -> Vec<Effect> {
    let root = model.selected().and_then(|id| model.tree.root_of(id)).cloned();
    let Some(root) = root.filter(|_| matches!(model.selected_kind(), Some(NodeKind::Root(_)))) else {
        return vec![toast(model, "select a root to manage its policy types".to_owned(), true)];
    };
    let types = crate::api::aws::known_policy_types();
    model.dialog = Some(Dialog::Types { root, types, cursor: 0 });
    Vec::new()
}

/// Enter on a type: ask, saying what enabling or disabling does.
pub(super) fn choose_type(model: &mut Model, root: crate::org::Root, policy_type: PolicyType) -> Vec<Effect> {
    let status = root.policy_types.iter().find(|t| t.policy_type == policy_type).map(|t| t.status.clone());
    let enabled = status.as_deref() == Some("ENABLED");
    if status.as_deref().is_some_and(|s| s.starts_with("PENDING")) {
        return vec![toast(
            model,
            format!("{} is {} in this root: wait for AWS to finish", policy_type.short(), status.unwrap_or_default()),
            true,
        )];
    }
    let short = policy_type.short().to_owned();
    let (title, body) = if enabled {
        (
            format!("Disable {short} policies in root {}?", root.name),
            vec![
                para(
                    Tone::Warning,
                    format!(
                        "Every {short} policy is detached from every root, OU and account of this root, everywhere, at once."
                    ),
                ),
                para(
                    Tone::Plain,
                    "The policies themselves remain; attaching them again means enabling the type and attaching each one.",
                ),
            ],
        )
    } else {
        (
            format!("Enable {short} policies in root {}?", root.name),
            vec![para(
                Tone::Plain,
                if policy_type.as_str() == PolicyType::SCP {
                    "AWS attaches FullAWSAccess to every root, OU and account, so nothing is restricted until you attach more."
                } else {
                    "Policies of this type can then be attached to the root, its OUs and accounts."
                },
            )],
        )
    };
    // Disabling SCPs or RCPs lifts them from every account at once: its what-if says what that frees.
    let effects = if enabled {
        whatif(model, &policy_type, || Proposal::Disable { policy_type: policy_type.clone() })
    } else {
        model.whatif = None;
        Vec::new()
    };
    model.dialog = Some(Dialog::ConfirmType { title, body, root: root.id, policy_type, enable: !enabled });
    effects
}

pub(super) fn on_type_set(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    let Msg::PolicyTypeSet { policy_type, enable, result } = msg else { return Vec::new() };
    match result {
        Ok(root) => {
            let node =
                model.tree.roots().iter().copied().find(
                    |&n| matches!(model.tree.get(n).map(|n| &n.kind), Some(NodeKind::Root(r)) if r.id == root.id),
                );
            let mut effects = Vec::new();
            if let Some(node) = node {
                if let Some(n) = model.tree.get_mut(node) {
                    n.kind = NodeKind::Root(root);
                }
                // What each target lists depends on the enabled types: list them again.
                for group in model.tree.loaded_groups_under(node) {
                    effects.extend(tree::start_load(model, group));
                }
            }
            let verb = if enable { "enabled" } else { "disabled" };
            let text = crate::app::wording::landed(&model.source, &format!("{} policies {verb}", policy_type.short()));
            effects.push(toast(model, text, false));
            effects
        }
        Err(e) => {
            refused(model, if enable { "EnablePolicyType" } else { "DisablePolicyType" }, &e, Vec::new());
            Vec::new()
        }
    }
}
