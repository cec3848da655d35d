//! Runs the app without a terminal: effects are performed against an `OrgApi` and their replies fed
//! back to `update` until nothing is left to do. Timers fire at once, except a toast's expiry: a
//! test reads the toast after the keys that raised it.

use orgtui::api::OrgApi;
use orgtui::app::update::{init, update};
use orgtui::app::{Effect, Model, Msg, MsgLater};
use orgtui::worker::perform;

pub async fn settle(model: &mut Model, api: &dyn OrgApi, mut effects: Vec<Effect>) {
    while let Some(effect) = effects.pop() {
        if matches!(effect, Effect::After { msg: MsgLater::ToastExpired { .. }, .. }) {
            continue;
        }
        let msg = perform(api, effect).await;
        effects.extend(update(model, msg));
    }
}

pub async fn start(model: &mut Model, api: &dyn OrgApi) {
    let effects = init(model);
    settle(model, api, effects).await;
}

pub async fn send(model: &mut Model, api: &dyn OrgApi, msg: Msg) {
    let effects = update(model, msg);
    settle(model, api, effects).await;
}
