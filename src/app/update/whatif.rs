//! The what-if before a change: started when its confirmation opens, followed while it gathers,
//! and the gate that holds the confirmation until the preview is shown (and, for a change that
//! locks accounts out, until `yes` is typed).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::whatif::{Gate, State, YES};
use crate::app::{Effect, Model, Msg};
use crate::keymap::Action;
use crate::org::TargetId;
use crate::policy::whatif::{Place, Proposal, questions};

use super::toast;

/// Opens the gate for the confirmation about to be shown, and asks for its preview.
pub(super) fn start(model: &mut Model, proposal: Proposal) -> Effect {
    start_placed(model, proposal, Vec::new())
}

/// `start`, with places the tree already knows the parent of.
pub(super) fn start_placed(model: &mut Model, proposal: Proposal, placed: Vec<(TargetId, Place)>) -> Effect {
    let req = model.next_id();
    model.whatif = Some(Gate::new(req));
    let known = model
        .policies
        .iter()
        .filter_map(|(id, e)| Some((id.clone(), e.prepared.as_ref()?.policy.content.clone())))
        .collect();
    Effect::WhatIf {
        req,
        proposal,
        known,
        placed,
        questions: questions(&model.asked),
        organization: model.org.as_ref().map(|o| o.id.to_string()),
        management: model.org.as_ref().and_then(|o| o.master_account_id.clone()),
    }
}

/// A what-if's progress or answer. Whether the gate waiting for it is now ready.
pub(super) fn on_reply(model: &mut Model, msg: Msg) -> bool {
    match msg {
        Msg::WhatIfProgress { req, calls } => match model.whatif.as_mut().filter(|g| g.req == req) {
            Some(Gate { state: State::Waiting { calls: shown }, .. }) => *shown = calls.max(*shown),
            _ => model.dirty = false,
        },
        Msg::WhatIf { req, preview } => {
            model.in_flight = model.in_flight.saturating_sub(1);
            match model.whatif.as_mut().filter(|g| g.req == req) {
                Some(gate) => {
                    gate.state = State::Ready(preview);
                    return true;
                }
                // The confirmation was answered (or closed) meanwhile.
                None => model.dirty = false,
            }
        }
        _ => {}
    }
    false
}

/// A key in a confirmation with a gate: Some(effects) when the gate handled it, None to let the
/// dialog act (the gate then is done with).
pub(super) fn on_action(model: &mut Model, action: Action) -> Option<Vec<Effect>> {
    let review = matches!(model.dialog, Some(crate::app::dialog::Dialog::Review { .. }));
    let gate = model.whatif.as_mut()?;
    match action {
        // A review scrolls its diff, with the preview above it.
        Action::Down | Action::Up | Action::PageDown | Action::PageUp if review => None,
        Action::Confirm => match gate.holds() {
            Some(why) => Some(vec![toast(model, why, true)]),
            None => {
                model.whatif = None;
                None
            }
        },
        Action::Down | Action::PageDown => {
            gate.scroll = gate.scroll.saturating_add(if action == Action::Down { 1 } else { 10 });
            Some(Vec::new())
        }
        Action::Up | Action::PageUp => {
            gate.scroll = gate.scroll.saturating_sub(if action == Action::Up { 1 } else { 10 });
            Some(Vec::new())
        }
        Action::DeleteChar => {
            gate.typed.pop();
            Some(Vec::new())
        }
        // An edit under review goes back to the editor: the preview is worked out again after.
        _ => {
            model.whatif = None;
            None
        }
    }
}

/// A typed character, when the gate is waiting for `yes`.
pub(super) fn on_text(model: &mut Model, key: &KeyEvent) -> bool {
    let Some(gate) = model.whatif.as_mut().filter(|g| g.needs_typing()) else { return false };
    match key.code {
        KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) && !c.is_control() => {
            if gate.typed.chars().count() < YES.len() + 8 {
                gate.typed.push(c);
            }
            true
        }
        _ => false,
    }
}
