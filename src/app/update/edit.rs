//! Editing a policy: fetch it fresh, hand the text to the editor, check what comes back (and send
//! the user back to the editor with the problems on top), preview the diff and the policy's reach,
//! check nobody changed it meanwhile, save. The user's text is never dropped: it stays in the
//! session until AWS has it, and an abandoned or failed edit goes to a recovery file.

use crate::app::dialog::{Dialog, PolicyForm, Stage, Tone, para};
use crate::app::edit::EditSession;
use crate::app::{Effect, Model, Msg};
use crate::edit::buffer::{strip_header, with_problems};
use crate::keymap::Action;
use crate::org::PolicyUpdate;
use crate::policy::limits::minify;
use crate::policy::validate::validate;

use super::toast;

/// `e` (content) or `E` (name and description): the policy selected in the tree, or shown in the
/// policy pane.
pub(super) fn start(model: &mut Model, rename: bool) -> Vec<Effect> {
    // The key's rule (`When::EditablePolicy`) said which policy and that it can be edited.
    let Some(policy) = crate::app::keys::selected_policy(model) else { return Vec::new() };
    // An edit of this policy that was not saved: carry on from what the user typed.
    if model.edit.as_ref().is_some_and(|s| s.id == policy.id && s.meta.is_some() == rename) {
        return reopen(model);
    }
    if let Some(other) = &model.edit {
        let text = format!("Finish or abandon the edit of {} first (e on it reopens it).", other.name);
        return vec![toast(model, text, true)];
    }
    // A kept edit of this policy (abandoned, refused, or left by an earlier session): offered.
    if !rename && let Some(kept) = super::kept::newest_for(model, &policy.id).cloned() {
        return super::kept::offer(model, policy.id, policy.name, kept);
    }
    vec![Effect::FetchForEdit { id: policy.id, rename, kept: None }]
}

/// Back to where the user types: the editor for content, the form for a rename.
fn reopen(model: &mut Model) -> Vec<Effect> {
    let Some(session) = &model.edit else { return Vec::new() };
    match &session.meta {
        Some((name, description)) => {
            model.dialog = Some(Dialog::PolicyForm(PolicyForm {
                creating: None,
                name: name.as_str().into(),
                description: description.as_str().into(),
                on_description: false,
                error: None,
            }));
            Vec::new()
        }
        None => {
            let text = with_problems(&session.text, &session.problems);
            vec![Effect::OpenEditor { editor: model.editor.clone(), text }]
        }
    }
}

/// `N`: choose the type among those enabled in the root.
pub(super) fn new_policy(model: &mut Model) -> Vec<Effect> {
    if let Some(other) = &model.edit {
        let text = format!("finish or abandon the edit of {} first", other.name);
        return vec![toast(model, text, true)];
    }
    let types = model.creation_root().map(|r| r.enabled_policy_types()).unwrap_or_default();
    if types.is_empty() {
        return vec![toast(model, "no policy type is enabled in this root (T enables one)".to_owned(), true)];
    }
    model.dialog = Some(Dialog::NewPolicyType { types, cursor: 0 });
    Vec::new()
}

/// Enter on a type: the name form.
pub(super) fn new_policy_named(model: &mut Model, policy_type: crate::org::PolicyType) -> Vec<Effect> {
    model.dialog = Some(Dialog::PolicyForm(PolicyForm { creating: Some(policy_type), ..PolicyForm::default() }));
    Vec::new()
}

/// Enter in the name form: check, then preview (or, for a new policy, the editor).
pub(super) fn renamed(model: &mut Model, mut form: PolicyForm) -> Vec<Effect> {
    let name = form.name.trim().to_owned();
    let description = form.description.trim().to_owned();
    let error = if name.is_empty() {
        Some("A policy needs a name.".to_owned())
    } else if name.chars().any(char::is_control) || description.chars().any(char::is_control) {
        Some("Names and descriptions cannot hold control characters.".to_owned())
    } else {
        let policy_type = form.creating.clone().or_else(|| model.edit.as_ref().map(|s| s.policy_type.clone()));
        let editing = model.edit.as_ref().filter(|_| form.creating.is_none()).map(|s| s.id.clone());
        policy_type.and_then(|t| name_taken(model, &t, &name, editing.as_ref()))
    };
    if let Some(error) = error {
        form.error = Some(error);
        model.dialog = Some(Dialog::PolicyForm(form));
        return Vec::new();
    }
    if let Some(policy_type) = form.creating.clone() {
        let Some(session) = EditSession::create(policy_type, name, description) else { return Vec::new() };
        let text = session.text.clone();
        model.edit = Some(session);
        return vec![Effect::OpenEditor { editor: model.editor.clone(), text }];
    }
    let Some(session) = model.edit.as_mut() else { return Vec::new() };
    session.text = crate::app::edit::meta_text(&name, &description);
    session.meta = Some((name, description));
    if session.unchanged() {
        let name = session.name.clone();
        model.edit = None;
        return vec![toast(model, format!("{name}: no change, nothing saved."), false)];
    }
    let count = count_impact(model);
    preview(model);
    count.into_iter().collect()
}

/// Counting the accounts the policy under review reaches: an SCP's or RCP's leave the management
/// account out, which neither restricts.
fn count_impact(model: &Model) -> Option<Effect> {
    let session = model.edit.as_ref()?;
    let management = session
        .policy_type
        .is_authorization()
        .then(|| model.org.as_ref().and_then(|o| o.master_account_id.clone()))
        .flatten();
    Some(Effect::CountImpact { id: session.id.clone(), management })
}

/// Whether another policy of the type already has the name, among those orgtui has seen (the tree,
/// the policy pane, the search index): said on the form, before the editor, rather than by AWS
/// after it. AWS stays the authority for the policies orgtui has not seen.
fn name_taken(
    model: &Model,
    policy_type: &crate::org::PolicyType,
    name: &str,
    except: Option<&crate::org::PolicyId>,
) -> Option<String> {
    let taken =
        model.known_policies().find(|p| &p.policy_type == policy_type && p.name == name && Some(&p.id) != except)?;
    let kind = policy_type.short();
    // "An SCP", "An AI opt-out", "A Tag": the article follows the sound (letters read one by one
    // count as their names).
    let spelled = matches!(kind, "SCP" | "RCP" | "S3");
    let article = if spelled || kind.starts_with(['A', 'E', 'I', 'O', 'U']) { "An" } else { "A" };
    Some(format!("{article} {kind} named {name} already exists ({}): AWS requires another name.", taken.id))
}

pub(super) fn on_reply(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::EditBase { result, rename, kept } => {
            model.in_flight = model.in_flight.saturating_sub(1);
            match (result, kept) {
                (Ok(policy), _) if rename => {
                    model.edit = Some(EditSession::rename(policy));
                    reopen(model)
                }
                (Ok(_), Some(Err(why))) => {
                    vec![toast(model, format!("The kept edit could not be read: {why}."), true)]
                }
                (Ok(policy), kept) => {
                    let mut session = EditSession::new(policy);
                    // The kept text, against AWS's current version as the base.
                    if let Some(Ok(text)) = kept {
                        session.text = strip_header(&text);
                    }
                    let text = session.text.clone();
                    model.edit = Some(session);
                    vec![Effect::OpenEditor { editor: model.editor.clone(), text }]
                }
                (Err(e), _) => vec![toast(model, format!("Cannot start the edit: {e}."), true)],
            }
        }
        Msg::Edited { result } => edited(model, result),
        Msg::Impact { id, result } => {
            model.in_flight = model.in_flight.saturating_sub(1);
            if let Some(session) = model.edit.as_mut().filter(|s| s.id == id) {
                match result {
                    Ok(impact) => session.impact = Some(impact),
                    Err(e) => tracing::warn!(error = %e, "counting the policy's targets failed"),
                }
                if let Some(Dialog::Review { stage: Stage::Preview, .. }) = &model.dialog {
                    preview(model);
                }
            }
            Vec::new()
        }
        Msg::Conflict { theirs } => {
            model.in_flight = model.in_flight.saturating_sub(1);
            let Some(session) = model.edit.as_mut() else { return Vec::new() };
            session.theirs = Some(theirs);
            let diff = session.their_change();
            let name = session.name.clone();
            model.dialog = Some(Dialog::Review {
                stage: Stage::Conflict,
                title: format!("{name} changed since you began editing"),
                body: vec![
                    para(Tone::Warning, "Someone changed this policy on AWS after your edit began. Nothing was saved."),
                    para(
                        Tone::Plain,
                        "Their change is below. y overwrites it with your text; e reopens your text in the editor; n abandons your edit (kept in a recovery file).",
                    ),
                ],
                diff,
                scroll: 0,
            });
            Vec::new()
        }
        Msg::Saved { result, recovery } => {
            model.in_flight = model.in_flight.saturating_sub(1);
            saved(model, result, recovery)
        }
        Msg::Kept { result } => {
            model.in_flight = model.in_flight.saturating_sub(1);
            if let Ok(path) = &result
                && let Some(kept) = crate::edit::kept::KeptEdit::from_path(path)
            {
                model.kept.insert(0, kept);
            }
            let why = model.abandon_note.take().unwrap_or_else(|| "Edit abandoned".to_owned());
            let text = match result {
                Ok(path) => format!("{why}; your text is kept in {}.", path.display()),
                Err(e) => format!("{why}, but keeping the text failed: {e}."),
            };
            let effects = vec![toast(model, text, false)];
            if model.quit_after_keep {
                model.quit = true;
            }
            effects
        }
        _ => Vec::new(),
    }
}

fn edited(model: &mut Model, result: Result<(String, Option<i32>), String>) -> Vec<Effect> {
    let Some(session) = model.edit.as_mut() else { return Vec::new() };
    let raw = match result {
        // A non-zero exit (vim's :cq) abandons, as git does; what the file holds is kept.
        Ok((raw, Some(code))) => {
            session.text = strip_header(&raw);
            model.abandon_note = Some(format!("The editor exited with status {code}, so the edit is abandoned"));
            return abandon(model);
        }
        Ok((raw, None)) => raw,
        Err(e) => {
            model.dialog = Some(Dialog::Notice {
                title: "The editor did not run".to_owned(),
                body: vec![
                    para(Tone::Error, e),
                    para(
                        Tone::Plain,
                        "Set $VISUAL or $EDITOR to an editor that waits until you close the file (for VS Code: \"code --wait\").",
                    ),
                ],
            });
            return Vec::new();
        }
    };
    let text = strip_header(&raw);
    let same_as_before = text == session.text;
    session.text = text;
    if session.unchanged() {
        let name = session.name.clone();
        model.edit = None;
        return vec![toast(model, format!("{name}: no change, nothing saved."), false)];
    }
    if same_as_before && crate::policy::validate::blocking(&session.problems) {
        // The user left the editor without fixing the problems: ask what to do instead of looping.
        problems_dialog(model);
        return Vec::new();
    }
    session.problems = validate(&session.policy_type, &session.text);
    // Warnings alone go on to the preview, which says them; errors go back to the editor.
    if crate::policy::validate::blocking(&session.problems) {
        let text = with_problems(&session.text, &session.problems);
        return vec![Effect::OpenEditor { editor: model.editor.clone(), text }];
    }
    // A new policy is attached nowhere yet: nothing to count. An SCP or RCP edit gets its what-if,
    // which counts the accounts too; other types only the count.
    let count = if session.creating {
        session.impact = Some(crate::app::edit::Impact::default());
        None
    } else if session.policy_type.is_authorization() && session.meta.is_none() {
        let proposal =
            crate::policy::whatif::Proposal::Edit { policy: session.id.clone(), content: minify(&session.text) };
        Some(super::whatif::start(model, proposal))
    } else {
        count_impact(model)
    };
    preview(model);
    count.into_iter().collect()
}

/// The what-if of an edit under review is ready: its count of member accounts is the policy's reach
/// (an SCP or RCP does not restrict the management account, as the what-if says beside it).
pub(super) fn whatif_ready(model: &mut Model) {
    let Some(crate::app::whatif::State::Ready(p)) = model.whatif.as_ref().map(|g| &g.state) else { return };
    let mut impact = crate::app::edit::Impact { accounts: p.reached, members_only: true, ..Default::default() };
    for t in &p.scope {
        match t {
            crate::org::TargetId::Root(_) => impact.roots += 1,
            crate::org::TargetId::Ou(_) => impact.ous += 1,
            crate::org::TargetId::Account(_) => impact.direct_accounts += 1,
        }
    }
    if let Some(session) = model.edit.as_mut() {
        session.impact = Some(impact);
        if let Some(Dialog::Review { stage: Stage::Preview, .. }) = &model.dialog {
            preview(model);
        }
    }
}

fn problems_dialog(model: &mut Model) {
    let Some(session) = &model.edit else { return };
    let mut body =
        vec![para(Tone::Error, format!("{} problem(s) keep this policy from being saved:", session.problems.len()))];
    body.extend(session.problems.iter().map(|p| para(Tone::Plain, format!("• {p}"))));
    body.push(para(
        Tone::Plain,
        "e goes back to the editor with your text; n abandons the edit (your text is kept in a recovery file).",
    ));
    model.dialog = Some(Dialog::Review {
        stage: Stage::Problems,
        title: format!("{} is not saved", session.name),
        body,
        diff: Vec::new(),
        scroll: 0,
    });
}

/// The diff and what saving means, redrawn when the policy's reach is known.
fn preview(model: &mut Model) {
    let Some(session) = &model.edit else { return };
    let scroll = match &model.dialog {
        Some(Dialog::Review { stage: Stage::Preview, scroll, .. }) => *scroll,
        _ => 0,
    };
    let reach = session
        .impact
        .map_or_else(|| "counting the accounts it applies to...".to_owned(), |i| format!("{}.", i.text()));
    let size = minify(&session.text).chars().count();
    let max = crate::policy::limits::max_size(&session.policy_type);
    let how = match session.meta {
        Some(_) => "Only the name and description change. y saves, e edits more, n abandons.".to_owned(),
        None => format!("Sent minified: {size} of {max} characters. y saves, e edits more, n abandons."),
    };
    let title = if session.creating {
        format!("Create {} policy {}?", session.policy_type.short(), session.name)
    } else {
        format!("Save {} ({})?", session.name, session.id)
    };
    let mut body = vec![para(Tone::Warning, format!("{}: {reach}", session.policy_type.short()))];
    body.extend(session.problems.iter().map(|p| para(Tone::Warning, format!("• {p}"))));
    body.push(para(Tone::Plain, how));
    model.dialog = Some(Dialog::Review { stage: Stage::Preview, title, body, diff: session.diff(), scroll });
}

/// The user's answer in a review dialog.
pub(super) fn on_review(model: &mut Model, stage: Stage, action: Action) -> Vec<Effect> {
    if model.edit.is_none() {
        return Vec::new();
    }
    match (stage, action) {
        (Stage::Preview, Action::Confirm) => save(model, false),
        (Stage::Conflict, Action::Confirm) => save(model, true),
        (_, Action::EditAgain) => reopen(model),
        (_, Action::Dismiss) => abandon(model),
        // "Save" while problems remain: stay in the dialog.
        (Stage::Problems, _) => {
            problems_dialog(model);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// `overwrite`: after a conflict the user chose to replace the other change, so the version they
/// saw becomes the base (a third change meanwhile is caught again).
fn save(model: &mut Model, overwrite: bool) -> Vec<Effect> {
    let Some(session) = &model.edit else { return Vec::new() };
    if session.creating {
        let new = crate::org::NewPolicy {
            policy_type: session.policy_type.clone(),
            name: session.name.clone(),
            description: session.base.summary.description.clone(),
            content: minify(&session.text),
        };
        return vec![Effect::Create { new, recovery_dir: model.recovery_dir.clone() }];
    }
    let base = session.theirs.clone().filter(|_| overwrite).unwrap_or_else(|| session.base.clone());
    let update = match &session.meta {
        Some((name, description)) => {
            PolicyUpdate { name: Some(name.clone()), description: Some(description.clone()), content: None }
        }
        None => PolicyUpdate { content: Some(minify(&session.text)), ..PolicyUpdate::default() },
    };
    let (text, recovery_dir) = (session.text.clone(), model.recovery_dir.clone());
    vec![Effect::Save { base: Box::new(base), update, text, recovery_dir }]
}

/// The edit ends without saving; its text goes to a recovery file.
pub(super) fn abandon(model: &mut Model) -> Vec<Effect> {
    match model.edit.take() {
        Some(session) => {
            vec![Effect::KeepText { id: session.id, text: session.text, recovery_dir: model.recovery_dir.clone() }]
        }
        None => Vec::new(),
    }
}

fn saved(
    model: &mut Model,
    result: crate::api::ApiResult<crate::org::Policy>,
    recovery: Option<Result<std::path::PathBuf, String>>,
) -> Vec<Effect> {
    match result {
        Ok(policy) => {
            let created = model.edit.take().is_some_and(|s| s.creating);
            let id = policy.summary.id.clone();
            // AWS has this policy's text now: its kept texts are no longer offered, and move aside.
            let used: Vec<_> =
                model.kept.iter().filter(|k| k.policy == id.as_str() && !k.rename).map(|k| k.path.clone()).collect();
            model.kept.retain(|k| k.policy != id.as_str() || k.rename);
            let mut effects = vec![super::tree::load_policy(model, id.clone())];
            if !used.is_empty() {
                effects.push(Effect::RetireKept { paths: used });
            }
            // A new name shows wherever the policy is listed.
            for group in model.tree.groups_listing(&id) {
                effects.extend(super::tree::start_load(model, group));
            }
            let text = match (created, &model.source) {
                (true, _) => crate::app::wording::landed(
                    &model.source,
                    &format!(
                        "Created {} ({}); A on a root, OU or account attaches it",
                        policy.summary.name, policy.summary.id
                    ),
                ),
                (false, crate::app::Source::Aws { .. }) => {
                    format!("Saved {}: AWS now holds your version.", policy.summary.name)
                }
                (false, source) => crate::app::wording::landed(source, &format!("Saved {}", policy.summary.name)),
            };
            effects.push(toast(model, text, false));
            effects
        }
        Err(e) => {
            if let Some(Ok(path)) = &recovery
                && let Some(kept) = crate::edit::kept::KeptEdit::from_path(path)
            {
                model.kept.insert(0, kept);
            }
            let creating = model.edit.as_ref().is_some_and(|s| s.creating);
            let operation = if creating { "CreatePolicy" } else { "UpdatePolicy" };
            let (_, mut body) = crate::app::wording::failure(operation, &e, model.profile());
            body.push(match recovery {
                Some(Ok(path)) => para(
                    Tone::Warning,
                    format!("Your text is kept in {} — e reopens it in the editor.", path.display()),
                ),
                Some(Err(why)) => para(
                    Tone::Error,
                    format!("Keeping your text in a file failed ({why}); it is still open in orgtui: e reopens it."),
                ),
                None => para(Tone::Plain, "Your text is still open in orgtui: e reopens it in the editor."),
            });
            let name = model.edit.as_ref().map(|s| s.name.clone()).unwrap_or_default();
            model.dialog = Some(Dialog::Notice { title: format!("{name} was not saved"), body });
            Vec::new()
        }
    }
}
