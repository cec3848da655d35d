//! The what-applies view: opening it on an account or OU, loading what it shows (each level's
//! attached policies, the SCP/RCP texts, the effective policies) lazily and concurrently, the
//! checker's question, and `r`.

use crate::app::applies::{self, Applies, CheckForm, EffectiveEntry};
use crate::app::dialog::Dialog;
use crate::app::{Effect, Model, Msg, Pane};
use crate::keymap::Action;
use crate::org::PolicyType;
use crate::org::tree::{LoadState, NodeKind};
use crate::policy::evaluate::Question;

use super::{scroll, toast, tree};

/// `w` in the tree: the selected account or OU (a Policies group stands for its target).
pub(super) fn open(model: &mut Model) -> Vec<Effect> {
    let Some(selected) = model.selected() else {
        return vec![toast(model, "Select an account or OU first".to_owned(), true)];
    };
    let subject = match model.tree.get(selected).map(|n| &n.kind) {
        Some(NodeKind::Policies { .. }) => model.tree.get(selected).and_then(|n| n.parent),
        Some(NodeKind::Policy(_)) => None,
        _ => Some(selected),
    };
    let Some((node, target)) = subject.and_then(|n| Some((n, model.tree.get(n)?.kind.target()?))) else {
        let why = "w shows what applies to a root, OU or account; on a policy, u shows where it is attached";
        return vec![toast(model, why.to_owned(), true)];
    };
    // The same account again: the view as it was left. Another one: the question asked (and what
    // was typed) carries over, so it can be asked of several accounts in turn.
    match model.applies.as_mut() {
        Some(a) if a.target == target && a.node == node => {}
        Some(a) => {
            *a =
                Applies { question: a.question.take(), form: std::mem::take(&mut a.form), ..Applies::new(node, target) }
        }
        None => model.applies = Some(Applies::new(node, target)),
    }
    model.focus = Pane::Chain;
    model.browse_focus = Pane::Chain;
    load(model)
}

/// Starts loading whatever the view needs and does not have (nor is loading): called on opening,
/// and whenever a level's list of policies arrives.
pub(super) fn load(model: &mut Model) -> Vec<Effect> {
    let mut effects = Vec::new();
    let path = applies::path(model);
    // Whether a policy of each management type is attached on the path; None until every level's
    // list is loaded.
    let attached: Option<Vec<PolicyType>> = path
        .iter()
        .all(|l| l.load == LoadState::Loaded)
        .then(|| path.iter().flat_map(|l| l.policies.iter().map(|p| p.policy_type.clone())).collect());
    let levels: Vec<_> = path
        .iter()
        .map(|l| {
            let texts: Vec<_> =
                l.policies.iter().filter(|p| p.policy_type.is_authorization()).map(|p| p.id.clone()).collect();
            (l.group, l.load.clone(), texts)
        })
        .collect();
    for (group, load, texts) in levels {
        match (group, load) {
            (Some(group), LoadState::NotLoaded | LoadState::Failed(_)) => {
                effects.extend(tree::start_load(model, group))
            }
            (_, LoadState::Loaded) => {
                for id in texts {
                    if model.policies.get(&id).is_none_or(|e| matches!(e.load, LoadState::Failed(_))) {
                        effects.push(tree::load_policy(model, id));
                    }
                }
            }
            _ => {}
        }
    }
    // An effective policy is asked for only where a policy of its type is attached on the path:
    // elsewhere AWS could only answer "none applies", and the path already says so.
    if let (Some(account), Some(attached)) = (applies::account(model), attached) {
        for policy_type in applies::management_types(model) {
            let key = (account.clone(), policy_type.clone());
            if model.effective.get(&key).is_none_or(|e| matches!(e.load, LoadState::Failed(_))) {
                if !attached.contains(&policy_type) {
                    model.effective.insert(key, EffectiveEntry { load: LoadState::Loaded, found: None });
                    continue;
                }
                let req = model.next_id();
                model.effective.insert(key, EffectiveEntry { load: LoadState::Loading { req }, found: None });
                effects.push(Effect::LoadEffective { account: account.clone(), policy_type, req });
            }
        }
    }
    // Whether AWS enforces these effective policies is in the governance data: read once for all.
    if applies::account(model).is_some() {
        effects.extend(super::governance::ensure(model, false));
    }
    effects.extend(validation(model));
    effects
}

/// Why the view's account's effective policies are not enforced, for the types where they are not.
pub(super) fn validation(model: &mut Model) -> Vec<Effect> {
    let Some(account) = model.applies.as_ref().and_then(|_| applies::account(model)) else { return Vec::new() };
    let mut effects = Vec::new();
    for policy_type in applies::management_types(model) {
        effects.extend(super::governance::ensure_errors(model, &account, &policy_type));
    }
    effects
}

/// `r`: everything the view shows, fetched again (the SCP/RCP texts are forgotten so `load` asks
/// for them anew; other policies' texts belong to the policy pane and stay).
fn refresh(model: &mut Model) -> Vec<Effect> {
    let levels: Vec<_> = applies::path(model)
        .iter()
        .map(|l| {
            let texts = l.policies.iter().filter(|p| p.policy_type.is_authorization()).map(|p| p.id.clone());
            (l.group, texts.collect::<Vec<_>>())
        })
        .collect();
    let mut effects = Vec::new();
    for (group, policies) in levels {
        for id in policies {
            model.policies.remove(&id);
        }
        if let Some(group) = group {
            effects.extend(tree::start_load(model, group));
        }
    }
    if let Some(account) = applies::account(model) {
        model.effective.retain(|(a, _), _| *a != account);
    }
    effects.extend(load(model));
    effects
}

pub(super) fn on_action(model: &mut Model, action: Action) -> Vec<Effect> {
    let types = applies::management_types(model).len();
    let Some(view) = model.applies.as_mut() else { return Vec::new() };
    match action {
        Action::Dismiss => {
            model.focus = Pane::Tree;
            model.browse_focus = Pane::Tree;
        }
        Action::NextType | Action::PrevType => {
            let index = view.type_index.min(types.saturating_sub(1));
            view.type_index = if action == Action::NextType {
                (index + 1).min(types.saturating_sub(1))
            } else {
                index.saturating_sub(1)
            };
            view.effective_scroll = 0;
        }
        // The cursor starts on the action, whatever field the form was left on.
        Action::CheckAction => model.dialog = Some(Dialog::Check(CheckForm { field: 0, ..view.form.clone() })),
        Action::Refresh => return refresh(model),
        _ => scroll::pane(model, action),
    }
    Vec::new()
}

/// Enter in the check form: a question the checker can read, or the form again with why not.
pub(super) fn ask(model: &mut Model, mut form: CheckForm) -> Vec<Effect> {
    match Question::parse(&form.action, &form.resource, &form.region).and_then(|q| q.with_context(&form.context)) {
        Ok(question) => {
            if let Some(view) = model.applies.as_mut() {
                form.error = None;
                view.form = form;
                view.question = Some(question.clone());
                // The what-if checks the last questions again before every change.
                model.asked.retain(|q| *q != question);
                model.asked.push(question);
                if model.asked.len() > 5 {
                    model.asked.remove(0);
                }
                view.chain_scroll = 0;
                model.focus = Pane::Chain;
            }
        }
        Err(why) => {
            form.error = Some(why);
            model.dialog = Some(Dialog::Check(form));
        }
    }
    Vec::new()
}

/// Esc in the check form: what was typed is kept for next time.
pub(super) fn keep_form(model: &mut Model, form: CheckForm) {
    if let Some(view) = model.applies.as_mut() {
        view.form = CheckForm { error: None, ..form };
    }
}

pub(super) fn on_effective(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    let Msg::Effective { account, policy_type, req, result } = msg else { return Vec::new() };
    let Some(entry) = model.effective.get_mut(&(account, policy_type)).filter(|e| e.load == LoadState::Loading { req })
    else {
        model.dirty = false;
        return Vec::new();
    };
    // A failure is shown in the pane where it was asked for, with the key that retries; no toast.
    entry.load.fill(result, |found| entry.found = found);
    Vec::new()
}
