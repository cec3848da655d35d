//! The inbox: loading the handshakes, moving through them, asking before an answer, and taking in
//! the server's state after every change.

use crate::api::ApiError;
use crate::app::dialog::{Command, Dialog, InviteForm, Tone, para};
use crate::app::{Effect, Model, Msg, Pane, wording};
use crate::keymap::Action;
use crate::org::tree::LoadState;

use super::toast;

/// Lists the handshakes again (both lists, concurrently).
pub(super) fn load(model: &mut Model) -> Vec<Effect> {
    let req = model.next_id();
    model.inbox.load = LoadState::Loading { req };
    vec![Effect::LoadInbox { req }]
}

pub(super) fn on_action(model: &mut Model, action: Action) -> Vec<Effect> {
    let last = model.inbox.visible().len().saturating_sub(1);
    let cursor = model.inbox.cursor;
    let moved = |model: &mut Model, to: usize| {
        model.inbox.cursor = to;
        model.inbox.detail_scroll = 0;
        Vec::new()
    };
    match action {
        Action::Down => moved(model, (cursor + 1).min(last)),
        Action::Up => moved(model, cursor.saturating_sub(1)),
        Action::Top => moved(model, 0),
        Action::Bottom => moved(model, last),
        Action::Expand => {
            model.focus = Pane::Handshake;
            Vec::new()
        }
        Action::Refresh => load(model),
        Action::Filter => {
            model.inbox.toggle_filter();
            Vec::new()
        }
        Action::Accept | Action::Decline | Action::CancelHandshake => ask(model, action),
        _ => {
            model.dirty = false;
            Vec::new()
        }
    }
}

/// Opens the confirmation for an answer, or says why there is nothing to answer.
fn ask(model: &mut Model, action: Action) -> Vec<Effect> {
    let Some(item) = model.inbox.selected() else {
        return vec![toast(model, "no handshake selected".to_owned(), true)];
    };
    let h = &item.handshake;
    let refusal = match action {
        Action::CancelHandshake if !item.sent => Some("only the organization that sent a handshake can cancel it"),
        Action::CancelHandshake if !item.can_cancel() => Some("it is no longer waiting for an answer"),
        _ if action != Action::CancelHandshake && !item.received => {
            Some("it was sent by your organization, not to you: c cancels it")
        }
        _ if action != Action::CancelHandshake && !item.can_answer() => Some("it is not open for an answer"),
        _ => None,
    };
    if let Some(why) = refusal {
        let text = format!("{} is {}: {why}", h.id, h.state);
        return vec![toast(model, text, true)];
    }
    if model.inbox.busy {
        return vec![toast(model, "the previous change is still on its way".to_owned(), true)];
    }
    let id = h.id.clone();
    let ((title, body), command) = match action {
        Action::Accept => (wording::accept(item), Command::Accept(id)),
        Action::Decline => (wording::decline(item), Command::Decline(id)),
        _ => (wording::cancel(item, model.now), Command::Cancel(id)),
    };
    model.dialog = Some(Dialog::Confirm { title, body, command, back: None });
    Vec::new()
}

/// The confirmed change goes out; the inbox waits for its answer.
pub(super) fn run(model: &mut Model, command: Command) -> Vec<Effect> {
    model.inbox.busy = true;
    vec![Effect::Run { command }]
}

pub(super) fn on_reply(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    match msg {
        Msg::Inbox { req, received, sent } => {
            if model.inbox.load != (LoadState::Loading { req }) {
                return Vec::new();
            }
            match received {
                Ok(received) => {
                    let sent = match sent {
                        Ok(sent) => {
                            model.inbox.sent_unavailable = None;
                            sent
                        }
                        // A member account may not list what the organization sent: say so, quietly.
                        Err(e) => {
                            model.inbox.sent_unavailable = Some(e);
                            Vec::new()
                        }
                    };
                    model.inbox.set(received, sent);
                    model.inbox.load = LoadState::Loaded;
                    Vec::new()
                }
                // Shown in the inbox with "r retries", not shouted: an emulator without handshake
                // operations (moto) or a policy without ListHandshakesForAccount must not nag at start.
                Err(e) => {
                    tracing::warn!(error = %e, "listing handshakes failed");
                    model.inbox.load = LoadState::Failed(e);
                    Vec::new()
                }
            }
        }
        Msg::Organization { result } => {
            match result {
                // The cache was of another organization (the profile now points elsewhere).
                Ok(org) if model.cached.as_ref().is_some_and(|c| c.organization != org.id) => {
                    model.org = Some(org);
                    return super::revalidate::other_organization(model);
                }
                Ok(org) => model.org = Some(org),
                Err(ApiError::NotInOrganization) => model.org = None,
                Err(e) => tracing::warn!(error = %e, "describing the organization failed"),
            }
            // An accepted invitation makes the account a member: ask again what its credentials may see.
            if model.tree_unavailable().is_some() { super::tree::load_roots(model) } else { Vec::new() }
        }
        Msg::Done { command, result } => {
            model.inbox.busy = false;
            // Whatever happened, show what the server holds now (an error may mean someone else answered).
            let mut effects = load(model);
            effects.push(Effect::LoadOrganization);
            match result {
                Ok(h) => {
                    // Show the state AWS answered with at once; the reload confirms it.
                    model.inbox.replace(h.clone());
                    if let Command::Invite { .. } | Command::EnableAllFeatures = command {
                        model.inbox.select(Some(&h.id));
                    }
                    let text = wording::landed(&model.source, &done_text(&command, &h));
                    effects.push(toast(model, text, false));
                }
                Err(e) => {
                    tracing::warn!(error = %e, operation = command.operation(), "change refused");
                    let (title, mut body) = wording::failure(command.operation(), &e, model.profile());
                    body.push(para(Tone::Plain, "The inbox has been reloaded to show the state AWS now holds."));
                    model.dialog = Some(match command {
                        // The form comes back with what the user typed and the reason it was refused.
                        Command::Invite { target, notes } => Dialog::Invite(InviteForm {
                            target: target.text().into(),
                            notes: notes.unwrap_or_default().into(),
                            on_notes: false,
                            error: Some(body.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ")),
                        }),
                        _ => Dialog::Notice { title, body },
                    });
                }
            }
            effects
        }
        _ => Vec::new(),
    }
}

/// What a toast says once AWS answered: the handshake named as its confirmation named it, and the
/// state AWS now holds (the id where a new one was made, to find it in the inbox).
fn done_text(command: &Command, h: &crate::org::Handshake) -> String {
    let (id, state) = (&h.id, &h.state);
    match command {
        Command::Accept(_) => format!("Accepted {}; it is {state}", wording::named(h, true)),
        Command::Decline(_) => format!("Declined {}; it is {state}", wording::named(h, true)),
        Command::Cancel(_) => format!("Canceled {}; it is {state}", wording::named(h, false)),
        Command::Invite { target, .. } => format!("Invitation {id} sent to {}", wording::target(target)),
        Command::EnableAllFeatures => format!("Asked every invited member to agree to all features ({id})"),
    }
}
