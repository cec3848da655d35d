//! Runs `Effect`s on tokio against `dyn OrgApi` and sends the results back as `Msg`s on the one
//! channel the UI reads. How many requests go at once, and how fast, is the API's request budget's
//! to decide (`api::budget`); the worker only says which work is background (the search index), so
//! what the user waits for goes first.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::api::ApiResult;
use crate::api::{self, OrgApi};
use crate::app::accounts::AccountChange;
use crate::app::dialog::{Attachment, Command};
use crate::app::structure::StructureChange;
use crate::app::{Effect, Msg};
use crate::policy;

pub mod edit;
pub mod whatif;

#[derive(Clone)]
pub struct Worker {
    api: Arc<dyn OrgApi>,
    tx: mpsc::UnboundedSender<Msg>,
}

impl Worker {
    pub fn new(api: Arc<dyn OrgApi>, tx: mpsc::UnboundedSender<Msg>) -> Self {
        Self { api, tx }
    }

    pub fn run(&self, effect: Effect) {
        let this = self.clone();
        tokio::spawn(async move {
            let msg = if let Effect::After { delay, msg } = effect {
                tokio::time::sleep(delay).await;
                msg.into()
            } else if let Effect::WhatIf { req, .. } = &effect {
                // The preview says how far it has got while it gathers.
                let (req, tx) = (*req, this.tx.clone());
                let report = move |calls| {
                    let _ = tx.send(Msg::WhatIfProgress { req, calls });
                };
                perform_with(this.api.as_ref(), effect, &report).await
            } else if effect.is_background() {
                api::budget::background(perform(this.api.as_ref(), effect)).await
            } else {
                perform(this.api.as_ref(), effect).await
            };
            // The receiver is gone only when the app is quitting; nothing is left to tell.
            let _ = this.tx.send(msg);
        });
    }
}

/// Carries out one effect and says what came of it.
pub async fn perform(api: &dyn OrgApi, effect: Effect) -> Msg {
    perform_with(api, effect, &|_| {}).await
}

/// As `perform`, with a report of how many calls a long gathering (the what-if) has made so far.
pub async fn perform_with(api: &dyn OrgApi, effect: Effect, report: &(dyn Fn(usize) + Sync)) -> Msg {
    match effect {
        Effect::WhatIf { req, proposal, known, placed, questions, organization, management } => {
            let known = whatif::Known { texts: known.into_iter().collect(), placed: placed.into_iter().collect() };
            let progress = whatif::Progress::new(report);
            let exposure = whatif::gather(api, &proposal, &known, organization, management, &progress).await;
            let preview = tokio::task::spawn_blocking(move || {
                let mut preview = policy::whatif::preview(&exposure, &proposal, &questions);
                preview.scope = proposal.scope(&exposure);
                preview
            })
            .await
            .unwrap_or_else(|e| policy::whatif::Preview {
                incomplete: vec![format!("the preview failed: {e}")],
                ..Default::default()
            });
            Msg::WhatIf { req, preview: Box::new(preview) }
        }
        Effect::LoadRoots { req } => Msg::Roots { req, result: api.list_roots().await },
        Effect::LoadChildren { node, parent, req, known_ous: None } => {
            Msg::Children { node, req, result: api::list_children(api, &parent).await }
        }
        Effect::LoadChildren { node, parent, req, known_ous: Some(ous) } => {
            let result = api.list_accounts_for_parent(&parent).await;
            Msg::Children { node, req, result: result.map(|accounts| crate::org::Children { ous, accounts }) }
        }
        Effect::LoadAttached { node, target, types, req } => {
            Msg::Attached { node, req, result: api::list_attached_policies(api, &target, &types).await }
        }
        Effect::LoadPolicy { id, req } => {
            let result = match api.describe_policy(&id).await {
                // Highlighting a large policy takes milliseconds: keep it off the async threads.
                Ok(policy) => tokio::task::spawn_blocking(move || Box::new(policy::prepare(policy)))
                    .await
                    .map_err(|e| crate::api::ApiError::other("DescribePolicy", e.to_string())),
                Err(e) => Err(e),
            };
            Msg::Policy { id, req, result }
        }
        Effect::LoadTags { target, req } => Msg::Tags { req, result: api.list_tags(&target).await, target },
        Effect::LoadInbox { req } => {
            let (received, sent) =
                tokio::join!(api.list_handshakes_for_account(), api.list_handshakes_for_organization());
            Msg::Inbox { req, received, sent }
        }
        Effect::LoadOrganization => Msg::Organization { result: api.describe_organization().await },
        Effect::Run { command } => {
            let result = match &command {
                Command::Accept(id) => api.accept_handshake(id).await,
                Command::Decline(id) => api.decline_handshake(id).await,
                Command::Cancel(id) => api.cancel_handshake(id).await,
                Command::Invite { target, notes } => api.invite_account(target, notes.as_deref()).await,
                Command::EnableAllFeatures => api.enable_all_features().await,
            };
            Msg::Done { command, result }
        }
        Effect::ListPickable { types } => Msg::Pickable { result: api::list_policies_of_types(api, &types).await },
        Effect::Change { change } => {
            let result = match &change {
                Attachment::Attach { policy, target, .. } => api.attach_policy(policy, target).await,
                Attachment::Detach { policy, target, .. } => api.detach_policy(policy, target).await,
            };
            Msg::Changed { change, result }
        }
        Effect::Delete { id, name } => {
            let result = api.delete_policy(&id).await;
            // "In use" alone does not say where: ask, so the user knows what to detach.
            let targets = match &result {
                Err(crate::api::ApiError::PolicyInUse { .. }) => {
                    api.list_targets_for_policy(&id).await.unwrap_or_default()
                }
                _ => Vec::new(),
            };
            Msg::Deleted { id, name, result, targets }
        }
        Effect::SetPolicyType { root, policy_type, enable } => {
            let result = if enable {
                api.enable_policy_type(&root, &policy_type).await
            } else {
                api.disable_policy_type(&root, &policy_type).await
            };
            Msg::PolicyTypeSet { policy_type, enable, result }
        }
        Effect::PreparePolicy { policy, req } => {
            let id = policy.summary.id.clone();
            let result = tokio::task::spawn_blocking(move || Box::new(policy::prepare(*policy)))
                .await
                .map_err(|e| crate::api::ApiError::other("DescribePolicy", e.to_string()));
            Msg::Policy { id, req, result }
        }
        Effect::Revalidate { req, parents, groups } => {
            use futures_util::future::join_all;
            let children = join_all(parents.into_iter().map(|p| async move {
                let listed = api::list_children(api, &p).await;
                (p, listed)
            }));
            let attached = join_all(groups.into_iter().map(|(target, types)| async move {
                let listed = api::list_attached_policies(api, &target, &types).await;
                (target, listed)
            }));
            let (roots, children, attached) = tokio::join!(api.list_roots(), children, attached);
            Msg::Revalidated { req, roots, children, attached }
        }
        Effect::FetchForEdit { id, rename, kept } => {
            let kept = kept.map(|path| std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display())));
            Msg::EditBase { result: api.describe_policy(&id).await, rename, kept }
        }
        Effect::LoadGovernance { req, types } => Msg::Governance { req, result: api::governance(api, &types).await },
        Effect::LoadValidationErrors { account, policy_type, req } => {
            let result = api.list_effective_policy_validation_errors(&account, &policy_type).await;
            Msg::ValidationErrors { account, policy_type, req, result }
        }
        Effect::ChangeAccount { change } => {
            let result = match &change {
                AccountChange::Create { new, .. } => api.create_account(new).await.map(Some),
                AccountChange::Remove { id, .. } => api.remove_account(id).await.map(|()| None),
                AccountChange::Close { id, .. } => api.close_account(id).await.map(|()| None),
            };
            Msg::AccountChanged { change, result }
        }
        Effect::ListCreateStatuses => Msg::CreateStatuses { result: api.list_create_statuses().await },
        Effect::PollCreate { following } => {
            let result = api.describe_create_status(&following.status.id).await;
            Msg::CreateProgress { following, result }
        }
        Effect::ChangeStructure { change } => {
            let result = structure_change(api, &change).await;
            Msg::StructureChanged { change, result }
        }
        Effect::MoveAccounts { mut moves, mut done } => {
            if !moves.is_empty() {
                let m = moves.remove(0);
                let result = api.move_account(&m.account, &m.source, &m.destination).await;
                done.push((m, result));
            }
            Msg::Moved { results: done, rest: moves }
        }
        Effect::ListKept { dir } => Msg::KeptList { kept: crate::edit::kept::list(&dir) },
        Effect::RetireKept { paths } => {
            crate::edit::kept::retire(&paths);
            Msg::Tick
        }
        // The event loop runs the editor itself (it must hand over the terminal); tests come here.
        Effect::OpenEditor { editor, text } => edit::open_editor(editor, text).await,
        Effect::CountImpact { id, management } => {
            Msg::Impact { result: edit::impact(api, &id, management.as_ref()).await, id }
        }
        Effect::Save { base, update, text, recovery_dir } => {
            edit::save(api, &base, &update, &text, recovery_dir.as_deref()).await
        }
        Effect::Create { new, recovery_dir } => edit::create(api, &new, recovery_dir.as_deref()).await,
        Effect::KeepText { id, text, recovery_dir } => {
            Msg::Kept { result: edit::keep(recovery_dir.as_deref(), id.as_str(), &text) }
        }
        Effect::LoadEffective { account, policy_type, req } => {
            let result = api.describe_effective_policy(&account, &policy_type).await;
            let result = result.map(|found| found.map(|e| Box::new(crate::app::applies::prepare(e))));
            Msg::Effective { account, policy_type, req, result }
        }
        Effect::LoadTargets { policy, req } => {
            Msg::Targets { result: api.list_targets_for_policy(&policy).await, policy, req }
        }
        Effect::Index { generation, job } => {
            use crate::app::search::{IndexFound, IndexJob};
            let result = match &job {
                IndexJob::Accounts(token) => api.list_accounts_page(token.clone()).await.map(IndexFound::Accounts),
                IndexJob::Ous(parent) => api.list_ous_for_parent(parent).await.map(IndexFound::Ous),
                IndexJob::Policies(t) => api.list_policies(t).await.map(IndexFound::Policies),
            };
            Msg::Indexed { generation, job, result }
        }
        Effect::Locate { target, req } => Msg::Located { req, result: locate(api, target).await },
        Effect::After { msg, .. } => msg.into(),
        // The event loop writes it to the terminal; run without one (tests), there is nowhere to send it.
        Effect::Copy { .. } => Msg::Tick,
    }
}

/// The targets from the root down to `target`, asking each level for its parent. Organizations nest
/// OUs at most five deep, so this is a handful of calls; the bound stops a cycle in a broken backend.
pub(crate) async fn locate(
    api: &dyn OrgApi,
    target: crate::org::TargetId,
) -> crate::api::ApiResult<Vec<crate::org::TargetId>> {
    use crate::org::{ParentId, TargetId};
    let mut path = vec![target];
    for _ in 0..8 {
        let Some(child) = path.last().filter(|t| !matches!(t, TargetId::Root(_))) else {
            path.reverse();
            return Ok(path);
        };
        path.push(match api.list_parent(child).await? {
            ParentId::Root(r) => TargetId::Root(r),
            ParentId::Ou(o) => TargetId::Ou(o),
        });
    }
    Err(crate::api::ApiError::other("ListParents", "the path to the root is longer than AWS allows".to_owned()))
}

/// One structure change: a tags change sets first, then removes (the tree reloads the tags either
/// way, so a removal that fails after a set shows what AWS holds).
async fn structure_change(api: &dyn OrgApi, change: &StructureChange) -> ApiResult<()> {
    match change {
        StructureChange::CreateOu { parent, name, tags } => api.create_ou(parent, name, tags).await.map(|_| ()),
        StructureChange::RenameOu { id, name } => api.rename_ou(id, name).await.map(|_| ()),
        StructureChange::DeleteOu { id, .. } => api.delete_ou(id).await,
        StructureChange::Tags { target, change, .. } => {
            if !change.set.is_empty() {
                api.tag_resource(target, &change.set).await?;
            }
            if !change.removed.is_empty() {
                api.untag_resource(target, &change.removed).await?;
            }
            Ok(())
        }
    }
}
