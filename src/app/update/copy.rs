//! `y` and `Y`: the selected node's id or ARN, or the shown policy's text, sent to the clipboard of
//! the user's terminal (the event loop writes the OSC 52 sequence).

use crate::app::{Effect, Model, Pane};
use crate::keymap::Action;
use crate::org::tree::NodeKind;

use super::toast;

/// What `y`/`Y` sends from here, and what to call it in the toast.
fn what(model: &Model, action: Action) -> Result<(String, String), String> {
    if model.focus == Pane::Policy && action == Action::CopyId {
        let shown = model.shown_policy.as_ref().and_then(|id| model.policies.get(id)?.prepared.as_deref());
        let Some(prepared) = shown else { return Err("no policy is shown: select one in the tree".to_owned()) };
        let text = crate::policy::pretty(&prepared.policy.content).unwrap_or_else(|| prepared.policy.content.clone());
        return Ok((text, format!("the text of {}", prepared.policy.summary.name)));
    }
    // In the policy pane, the policy it shows (the tree's row may be elsewhere: a removed row).
    if model.focus == Pane::Policy
        && let Some(p) = crate::app::keys::selected_policy(model)
    {
        return Ok((p.arn.clone(), format!("the ARN of policy {}", p.name)));
    }
    let mut node = model.selected().and_then(|n| model.tree.get(n));
    // A Policies group stands for its target.
    if let Some(n) = node.filter(|n| matches!(n.kind, NodeKind::Policies { .. })) {
        node = n.parent.and_then(|p| model.tree.get(p));
    }
    let (id, arn, name) = match node.map(|n| &n.kind) {
        Some(NodeKind::Root(r)) => (r.id.to_string(), r.arn.clone(), format!("root {}", r.name)),
        Some(NodeKind::Ou(o)) => (o.id.to_string(), o.arn.clone(), format!("OU {}", o.name)),
        Some(NodeKind::Account(a)) => (a.id.to_string(), a.arn.clone(), format!("account {}", a.name)),
        Some(NodeKind::Policy(p)) => (p.id.to_string(), p.arn.clone(), format!("policy {}", p.name)),
        _ => return Err("select a root, OU, account or policy to copy its id".to_owned()),
    };
    if action == Action::CopyArn {
        if arn.is_empty() {
            return Err(format!("AWS gave no ARN for {name}"));
        }
        return Ok((arn, format!("the ARN of {name}")));
    }
    Ok((id, format!("the id of {name}")))
}

pub(super) fn on_action(model: &mut Model, action: Action) -> Vec<Effect> {
    match what(model, action) {
        Ok((text, what)) => {
            let chars = text.chars().count();
            // Nothing reads the clipboard back: say what was sent, not that it was copied.
            let said = format!("sent {what} ({chars} characters) to the terminal's clipboard");
            let shown = crate::sanitize::clean(&said).into_owned();
            vec![Effect::Copy { text }, toast(model, shown, false)]
        }
        Err(why) => vec![toast(model, why, true)],
    }
}
