//! The governance view: opened from the organization menu, loaded once (also for an account's
//! details, which say what it is a delegated administrator for), scrolled, and read again with `r`.

use crate::api::ApiResult;
use crate::app::dialog::Dialog;
use crate::app::{Effect, Model};
use crate::keymap::Action;
use crate::org::governance::Governance;
use crate::org::tree::{LoadState, ReqId};

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
    vec![Effect::LoadGovernance { req }]
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
