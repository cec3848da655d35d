//! The governance view: opened from the organization menu, loaded once (also for an account's
//! details, which say what it is a delegated administrator for, and for `w`, which says when a
//! management policy is not enforced and why), scrolled, and read again with `r`.

use crate::api::ApiResult;
use crate::app::dialog::Dialog;
use crate::app::governance::ErrorsEntry;
use crate::app::{Effect, Model, Msg};
use crate::keymap::Action;
use crate::org::governance::Governance;
use crate::org::tree::{LoadState, NodeKind, ReqId};
use crate::org::{AccountId, PolicyType};

/// The menu's entry: the view, its data asked for unless held.
pub(super) fn open(model: &mut Model) -> Vec<Effect> {
    model.dialog = Some(Dialog::Governance { scroll: 0 });
    ensure(model, false)
}

/// Asks for the data unless it is held or on its way; `again` asks even when held (`r`). A failed
/// load is not asked again by itself (an account's details would ask on every move).
pub(super) fn ensure(model: &mut Model, again: bool) -> Vec<Effect> {
    let ask = match &model.governance.load {
        LoadState::Loading { .. } => false,
        LoadState::NotLoaded => true,
        LoadState::Loaded | LoadState::Failed(_) => again,
    };
    if !ask {
        return Vec::new();
    }
    let req = model.next_id();
    model.governance.load = LoadState::Loading { req };
    // The management types enabled in any root: each is asked which accounts it is not enforced in.
    let mut types: Vec<PolicyType> = Vec::new();
    for &root in model.tree.roots() {
        if let Some(NodeKind::Root(r)) = model.tree.get(root).map(|n| &n.kind) {
            for t in r.enabled_policy_types().into_iter().filter(|t| !t.is_authorization()) {
                if !types.contains(&t) {
                    types.push(t);
                }
            }
        }
    }
    vec![Effect::LoadGovernance { req, types }]
}

/// Why `account`'s effective policy of `policy_type` is not enforced, asked for once the
/// governance data says it is not (and not already held or on its way).
pub(super) fn ensure_errors(model: &mut Model, account: &AccountId, policy_type: &PolicyType) -> Vec<Effect> {
    let key = (account.clone(), policy_type.clone());
    let asked = model.governance.errors.get(&key).is_some_and(|e| !matches!(e.load, LoadState::Failed(_)));
    if model.governance.load != LoadState::Loaded || !model.governance.data.is_invalid(account, policy_type) || asked {
        return Vec::new();
    }
    let req = model.next_id();
    model.governance.errors.insert(key, ErrorsEntry { load: LoadState::Loading { req }, errors: Vec::new() });
    vec![Effect::LoadValidationErrors { account: account.clone(), policy_type: policy_type.clone(), req }]
}

pub(super) fn on_errors(model: &mut Model, msg: Msg) {
    model.in_flight = model.in_flight.saturating_sub(1);
    let Msg::ValidationErrors { account, policy_type, req, result } = msg else { return };
    let Some(entry) = model.governance.errors.get_mut(&(account, policy_type)) else { return };
    if entry.load != (LoadState::Loading { req }) {
        return;
    }
    *entry = match result {
        Ok(errors) => ErrorsEntry { load: LoadState::Loaded, errors },
        Err(e) => ErrorsEntry { load: LoadState::Failed(e), errors: Vec::new() },
    };
}

pub(super) fn on_loaded(model: &mut Model, req: ReqId, result: ApiResult<Governance>) {
    model.in_flight = model.in_flight.saturating_sub(1);
    if model.governance.load != (LoadState::Loading { req }) {
        return;
    }
    match result {
        Ok(data) => {
            model.governance.data = data;
            model.governance.load = LoadState::Loaded;
            model.governance.errors.clear();
        }
        Err(e) => model.governance.load = LoadState::Failed(e),
    }
}

pub(super) fn on_action(model: &mut Model, scroll: u16, action: Action) -> Vec<Effect> {
    let last = u16::try_from(crate::app::governance::line_count(&model.governance.data)).unwrap_or(u16::MAX);
    let page = (model.size.1 / 2).max(1);
    let scroll = match action {
        Action::Dismiss => return Vec::new(),
        Action::Refresh => {
            model.dialog = Some(Dialog::Governance { scroll });
            return ensure(model, true);
        }
        Action::Down => scroll.saturating_add(1),
        Action::Up => scroll.saturating_sub(1),
        Action::PageDown => scroll.saturating_add(page),
        Action::PageUp => scroll.saturating_sub(page),
        _ => scroll,
    };
    model.dialog = Some(Dialog::Governance { scroll: scroll.min(last) });
    Vec::new()
}
