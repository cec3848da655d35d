//! Runs the app without a terminal: effects are performed against an `OrgApi` and their replies fed
//! back to `update` until nothing is left to do. Timers fire at once, except a toast's expiry: a
//! test reads the toast after the keys that raised it.

use orgtui::api::OrgApi;
use orgtui::app::update::{init, update};
use orgtui::app::{Effect, Model, Msg, MsgLater};
use orgtui::worker::perform;

pub async fn settle(model: &mut Model, api: &dyn OrgApi, effects: Vec<Effect>) {
    settle_with(model, api, effects, &mut Vec::new(), &mut |_, _| None).await;
}

/// `settle`, logging every effect run, and answering an effect with `fault`'s message instead of the
/// API's when it has one (throttling, failures).
pub async fn settle_with(
    model: &mut Model,
    api: &dyn OrgApi,
    mut effects: Vec<Effect>,
    log: &mut Vec<Effect>,
    fault: &mut dyn FnMut(&Effect, &Model) -> Option<Msg>,
) {
    while let Some(effect) = effects.pop() {
        if matches!(effect, Effect::After { msg: MsgLater::ToastExpired { .. }, .. }) {
            continue;
        }
        log.push(effect.clone());
        let msg = match fault(&effect, model) {
            Some(msg) => msg,
            None => perform(api, effect).await,
        };
        effects.extend(update(model, msg));
    }
}

pub async fn start(model: &mut Model, api: &dyn OrgApi) {
    let effects = init(model);
    settle(model, api, effects).await;
}

/// One message as the event loop delivers it: an input is preceded by the view's scroll measure.
pub async fn send(model: &mut Model, api: &dyn OrgApi, msg: Msg) {
    orgtui::ui::measure_for(model, &msg);
    let effects = update(model, msg);
    settle(model, api, effects).await;
}

/// `settle` through the app's real `Worker`: every effect runs at once on tokio (as in the app), the
/// replies are applied as they come, until nothing is in flight. Toast expiries are dropped.
pub async fn settle_concurrently(model: &mut Model, api: std::sync::Arc<dyn OrgApi>, effects: Vec<Effect>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let worker = orgtui::worker::Worker::new(api, tx);
    let mut pending = 0usize;
    let run = |effects: Vec<Effect>, pending: &mut usize| {
        for effect in effects {
            if !matches!(effect, Effect::After { msg: MsgLater::ToastExpired { .. }, .. }) {
                *pending += 1;
                worker.run(effect);
            }
        }
    };
    run(effects, &mut pending);
    while pending > 0 {
        let msg = rx.recv().await.expect("the worker answers every effect");
        // A what-if's progress reports come before its answer: they are not the answer.
        if !matches!(msg, Msg::WhatIfProgress { .. }) {
            pending -= 1;
        }
        let effects = update(model, msg);
        run(effects, &mut pending);
    }
}
