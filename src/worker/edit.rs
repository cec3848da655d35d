//! The slow or outside parts of a policy edit: the editor on a private temporary file, counting the
//! accounts a policy reaches, the lost-update check before UpdatePolicy, and recovery files.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::api::{self, ApiError, ApiResult, OrgApi};
use crate::app::Msg;
use crate::app::edit::Impact;
use crate::edit::{editor, recovery};
use crate::org::{ParentId, Policy, PolicyId, PolicyUpdate, TargetId};

/// Writes `text` to a private temporary file (mode 0600, removed afterwards), runs the editor on
/// it and reads back what the user saved, with the editor's exit status when it was not 0.
pub fn edit_text(editor_command: &str, text: &str) -> Result<(String, Option<i32>), String> {
    let mut file = tempfile::Builder::new()
        .prefix("orgtui-policy-")
        .suffix(".json")
        .tempfile()
        .map_err(|e| format!("cannot create a temporary file: {e}"))?;
    file.write_all(text.as_bytes()).and_then(|()| file.flush()).map_err(|e| format!("cannot write the file: {e}"))?;
    let status =
        editor::run_with(editor_command, file.path()).map_err(|e| format!("cannot run {editor_command}: {e}"))?;
    // 127: the shell found no such command. Other failures (vi's :cq) still leave a file to read,
    // and say the user wants out (as git reads them).
    if status.code() == Some(127) {
        return Err(format!("the editor command was not found: {editor_command}"));
    }
    let failed = (!status.success()).then(|| status.code().unwrap_or(-1));
    let text = std::fs::read_to_string(file.path()).map_err(|e| format!("cannot read the edited file back: {e}"))?;
    Ok((text, failed))
}

/// The editor, off the async threads (it blocks until the user closes it).
pub async fn open_editor(editor: String, text: String) -> Msg {
    let result = tokio::task::spawn_blocking(move || edit_text(&editor, &text))
        .await
        .unwrap_or_else(|e| Err(format!("the editor task failed: {e}")));
    Msg::Edited { result }
}

/// Accounts the policy applies to, through its targets (each OU walked to its last account);
/// `management` is left out of the count (an SCP's or RCP's, which do not restrict it).
pub async fn impact(api: &dyn OrgApi, id: &PolicyId, management: Option<&crate::org::AccountId>) -> ApiResult<Impact> {
    let targets = api.list_targets_for_policy(id).await?;
    let mut impact = Impact::default();
    let mut accounts = HashSet::new();
    let mut pending: Vec<ParentId> = Vec::new();
    for t in targets {
        match t.target_id {
            TargetId::Account(a) => {
                impact.direct_accounts += 1;
                accounts.insert(a);
            }
            TargetId::Ou(ou) => {
                impact.ous += 1;
                pending.push(ParentId::Ou(ou));
            }
            TargetId::Root(root) => {
                impact.roots += 1;
                pending.push(ParentId::Root(root));
            }
        }
    }
    let mut seen = HashSet::new();
    while let Some(parent) = pending.pop() {
        if !seen.insert(parent.clone()) {
            continue;
        }
        let children = api::list_children(api, &parent).await?;
        accounts.extend(children.accounts.into_iter().map(|a| a.id));
        pending.extend(children.ous.into_iter().map(|o| ParentId::Ou(o.id)));
    }
    if let Some(m) = management {
        accounts.remove(m);
        impact.members_only = true;
    }
    impact.accounts = accounts.len();
    Ok(impact)
}

/// UpdatePolicy, only if the policy still is what the edit began from; on failure the user's text
/// goes to a recovery file first.
pub async fn save(api: &dyn OrgApi, base: &Policy, update: &PolicyUpdate, text: &str, dir: Option<&Path>) -> Msg {
    let id = &base.summary.id;
    let current = match api.describe_policy(id).await {
        Ok(current) => current,
        Err(e) => return failed(id, e, text, dir),
    };
    let changed = current.content != base.content
        || current.summary.name != base.summary.name
        || current.summary.description != base.summary.description;
    if changed {
        return Msg::Conflict { theirs: current };
    }
    match api.update_policy(id, update).await {
        Ok(policy) => Msg::Saved { result: Ok(policy), recovery: None },
        Err(e) => failed(id, e, text, dir),
    }
}

/// CreatePolicy; on failure the content goes to a recovery file first.
pub async fn create(api: &dyn OrgApi, new: &crate::org::NewPolicy, dir: Option<&Path>) -> Msg {
    match api.create_policy(new).await {
        Ok(policy) => Msg::Saved { result: Ok(policy), recovery: None },
        Err(e) => {
            let recovery = keep(dir, "p-newpolicy", &new.content);
            Msg::Saved { result: Err(e), recovery: Some(recovery) }
        }
    }
}

/// Keeps `text` in a recovery file for policy `id` (`.json` for a policy's text, `.txt` for a name
/// and description).
pub fn keep(dir: Option<&Path>, id: &str, text: &str) -> Result<PathBuf, String> {
    let dir = dir.ok_or("no data directory to keep it in (set HOME or XDG_DATA_HOME)")?;
    let ext = if crate::app::edit::is_meta_text(text) { "txt" } else { "json" };
    recovery::save_in(dir, id, text, ext).map_err(|e| format!("{}: {e}", dir.display()))
}

fn failed(id: &PolicyId, e: ApiError, text: &str, dir: Option<&Path>) -> Msg {
    let recovery = keep(dir, id.as_str(), text);
    if let Ok(path) = &recovery {
        tracing::warn!(error = %e, path = %path.display(), "saving a policy failed; text kept");
    }
    Msg::Saved { result: Err(e), recovery: Some(recovery) }
}
