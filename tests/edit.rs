//! Editing a policy through the whole flow, with scripted editors standing in for the user: the
//! memory backend plays AWS, the view is read back from ratatui's TestBackend.

mod support;

use crossterm::event::KeyCode;
use orgtui::api::OrgApi;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::Model;
use orgtui::app::dialog::{Dialog, Stage};
use orgtui::org::PolicyId;
use support::view::{assert_toast, find, hit, model_for, press, screen};

const DENY_LEAVE: &str = "p-dnyleave01";

/// The demo with the root's DenyLeaveOrganization selected in the tree.
async fn on_deny_leave(api: &MemoryOrg) -> Model {
    let mut model = model_for(api, 120, 40, false).await;
    press(&mut model, api, "jljj").await;
    assert!(screen(&model, 120, 40).iter().any(|l| l.contains("Name       DenyLeaveOrganization")));
    model
}

async fn content(api: &MemoryOrg) -> String {
    api.describe_policy(&PolicyId::parse(DENY_LEAVE).unwrap()).await.unwrap().content
}

fn stage(model: &Model) -> Option<Stage> {
    match &model.dialog {
        Some(Dialog::Review { stage, .. }) => Some(*stage),
        _ => None,
    }
}

#[tokio::test]
async fn a_valid_edit_is_previewed_then_saved_and_shown() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = on_deny_leave(&api).await;
    assert_eq!(model.in_flight, 0, "settled before the edit");
    model.editor = "sed -i s/LeaveOrganization/LeaveOrganization*/".into();
    press(&mut model, &api, "e").await;
    assert_eq!(stage(&model), Some(Stage::Preview));
    assert_eq!(model.in_flight, 0, "after preview");
    let lines = screen(&model, 120, 40);
    find(&lines, "Save DenyLeaveOrganization (p-dnyleave01)?");
    find(&lines, "SCP: affects 39 member accounts through 1 root.");
    find(&lines, "-        \"organizations:LeaveOrganization\"");
    find(&lines, "+        \"organizations:LeaveOrganization*\"");
    assert!(content(&api).await.contains("\"organizations:LeaveOrganization\""), "nothing saved before y");
    press(&mut model, &api, "y").await;
    let saved = content(&api).await;
    assert!(saved.contains("LeaveOrganization*") && !saved.contains('\n'), "saved minified: {saved}");
    assert!(model.edit.is_none() && model.dialog.is_none());
    let lines = screen(&model, 120, 40);
    find(&lines, "\"organizations:LeaveOrganization*\"");
    find(&lines, "✓ Saved DenyLeaveOrganization: changed in the demo (kept until you quit).");
    assert_eq!(model.in_flight, 0);
}

/// An editor script: `body` runs with the file as `$1`; `state` counts the runs.
fn script(dir: &std::path::Path, body: &str) -> String {
    let path = dir.join("editor.sh");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nn=$(cat {0}/runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > {0}/runs\n{body}\n",
            dir.display()
        ),
    )
    .unwrap();
    format!("sh {}", path.display())
}

const INVALID: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "*"}]}"#;
const VALID: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}"#;

#[tokio::test]
async fn an_invalid_edit_goes_back_to_the_editor_with_the_problems_on_top_then_saves_when_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let api = MemoryOrg::demo().unwrap();
    let mut model = on_deny_leave(&api).await;
    // First run: a typo. Second run: keep what orgtui showed, then fix it.
    model.editor = script(
        dir.path(),
        &format!(
            "if [ $n = 1 ]; then printf '%s' '{INVALID}' > \"$1\"; else cp \"$1\" {d}/shown; printf '%s' '{VALID}' > \"$1\"; fi",
            d = dir.path().display()
        ),
    );
    press(&mut model, &api, "e").await;
    let shown = std::fs::read_to_string(dir.path().join("shown")).unwrap();
    assert!(shown.starts_with("# orgtui: this policy was not saved"), "{shown}");
    assert!(
        shown.contains("line 5, column 52: Statement[0].Effect: \"Alow\" must be \"Allow\" or \"Deny\""),
        "{shown}"
    );
    assert!(shown.ends_with(INVALID), "the user's own text follows the problems:\n{shown}");
    assert_eq!(stage(&model), Some(Stage::Preview));
    press(&mut model, &api, "y").await;
    assert_eq!(content(&api).await, orgtui::policy::limits::minify(VALID));
}

#[tokio::test]
async fn leaving_the_editor_without_saving_changes_nothing() {
    let api = MemoryOrg::demo().unwrap();
    let before = content(&api).await;
    let mut model = on_deny_leave(&api).await;
    model.editor = "true".into();
    press(&mut model, &api, "e").await;
    assert!(model.dialog.is_none() && model.edit.is_none());
    assert_toast(&model, "no change, nothing saved");
    assert_eq!(content(&api).await, before);
}

#[tokio::test]
async fn giving_up_on_an_invalid_edit_keeps_the_text_in_a_private_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let api = MemoryOrg::demo().unwrap();
    let before = content(&api).await;
    let mut model = on_deny_leave(&api).await;
    model.recovery_dir = Some(dir.path().join("recovery"));
    model.editor = script(dir.path(), &format!("[ $n = 1 ] && printf '%s' '{INVALID}' > \"$1\"; true"));
    press(&mut model, &api, "e").await;
    assert_eq!(stage(&model), Some(Stage::Problems), "leaving the editor unfixed asks, it does not loop");
    find(&screen(&model, 120, 40), "DenyLeaveOrganization is not saved");
    press(&mut model, &api, "n").await;
    let files: Vec<_> = std::fs::read_dir(dir.path().join("recovery")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), INVALID);
    assert!(files[0].file_name().unwrap().to_string_lossy().starts_with(DENY_LEAVE));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777, 0o600);
    assert_toast(&model, "your text is kept in");
    assert_eq!(content(&api).await, before);
}

#[tokio::test]
async fn a_change_made_meanwhile_is_shown_and_needs_a_second_yes() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = on_deny_leave(&api).await;
    model.editor = "sed -i s/LeaveOrganization/LeaveOrganization*/".into();
    press(&mut model, &api, "e").await;
    assert_eq!(stage(&model), Some(Stage::Preview));
    // A colleague saves another version while the preview is open.
    let theirs = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeave","Effect":"Deny","Action":["organizations:LeaveOrganization","organizations:DeleteOrganization"],"Resource":"*"}]}"#;
    let update = orgtui::org::PolicyUpdate { content: Some(theirs.into()), ..Default::default() };
    api.update_policy(&PolicyId::parse(DENY_LEAVE).unwrap(), &update).await.unwrap();
    press(&mut model, &api, "y").await;
    assert_eq!(stage(&model), Some(Stage::Conflict));
    let lines = screen(&model, 120, 40);
    find(&lines, "DenyLeaveOrganization changed since you began editing");
    find(&lines, "+        \"organizations:DeleteOrganization\"");
    assert_eq!(content(&api).await, theirs, "not overwritten without a second yes");
    press(&mut model, &api, "y").await;
    assert!(content(&api).await.contains("LeaveOrganization*"), "the second yes overwrites");
    assert!(model.edit.is_none());
}

#[tokio::test]
async fn a_refused_save_keeps_the_text_and_e_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let inner = std::sync::Arc::new(MemoryOrg::demo().unwrap());
    // The API layer refuses writes (as --read-only does); the UI still offers the key here.
    let api = orgtui::api::readonly::ReadOnly::wrap(inner.clone());
    let mut model = model_for(api.as_ref(), 120, 40, false).await;
    press(&mut model, api.as_ref(), "jljj").await;
    model.recovery_dir = Some(dir.path().to_owned());
    model.editor = "sed -i s/LeaveOrganization/LeaveOrganization*/".into();
    press(&mut model, api.as_ref(), "ey").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "DenyLeaveOrganization was not saved");
    find(&lines, "orgtui is running with --read-only");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    assert!(std::fs::read_to_string(&files[0]).unwrap().contains("LeaveOrganization*"));
    assert!(model.edit.is_some(), "the edit stays open");
    // e reopens the user's text (this editor keeps it as it is), back to the preview.
    model.editor = "true".into();
    press(&mut model, api.as_ref(), "e").await;
    assert_eq!(stage(&model), Some(Stage::Preview));
}

#[tokio::test]
async fn read_only_mode_has_no_edit_key_and_aws_managed_policies_are_refused() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, true).await;
    press(&mut model, &api, "jljj").await;
    model.editor = "sed -i s/Deny/Allow/".into();
    press(&mut model, &api, "e").await;
    assert!(model.edit.is_none() && model.dialog.is_none());
    assert!(!screen(&model, 120, 40)[39].contains("e edit"));
    let mut model = model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "jlj").await; // FullAWSAccess
    press(&mut model, &api, "e").await;
    assert_toast(&model, "managed by AWS");
}

#[tokio::test]
async fn rename_changes_name_and_description_after_a_preview() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = on_deny_leave(&api).await;
    let before = content(&api).await;
    press(&mut model, &api, "E").await;
    find(&screen(&model, 120, 40), "Name and description");
    for _ in 0.."DenyLeaveOrganization".len() {
        hit(&mut model, &api, KeyCode::Backspace).await;
    }
    hit(&mut model, &api, KeyCode::Enter).await;
    find(&screen(&model, 120, 40), "A policy needs a name.");
    press(&mut model, &api, "StayInTheOrg").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "-Name: DenyLeaveOrganization");
    find(&lines, "+Name: StayInTheOrg");
    find(&lines, "Only the name and description change");
    // Counted as an edit's what-if counts: the management account is not restricted by an SCP.
    find(&lines, "SCP: affects 39 member accounts through 1 root.");
    press(&mut model, &api, "y").await;
    let stored = api.describe_policy(&PolicyId::parse(DENY_LEAVE).unwrap()).await.unwrap();
    assert_eq!(stored.summary.name, "StayInTheOrg");
    assert_eq!(stored.summary.description, "Member accounts cannot leave the organization", "kept");
    assert_eq!(stored.content, before, "content untouched");
    assert!(model.edit.is_none());
    assert!(screen(&model, 120, 40).iter().any(|l| l.contains("[SCP] StayInTheOrg")), "the tree shows the new name");
}

#[tokio::test]
async fn a_new_policy_starts_from_a_template_and_is_created_after_the_preview() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    model.editor = "sed -i s/LeaveOrganization/DeleteOrganization/".into();
    press(&mut model, &api, "N").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "New policy: which type?");
    find(&lines, "▶ SCP");
    hit(&mut model, &api, KeyCode::Enter).await;
    find(&screen(&model, 120, 40), "New SCP policy");
    press(&mut model, &api, "NoDeleteOrg").await;
    hit(&mut model, &api, KeyCode::Tab).await;
    press(&mut model, &api, "made in a test").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Create SCP policy NoDeleteOrg?");
    find(&lines, "attached nowhere");
    find(&lines, "\"organizations:DeleteOrganization\"");
    press(&mut model, &api, "y").await;
    let scps = api.list_policies(&orgtui::org::PolicyType::new("SERVICE_CONTROL_POLICY")).await.unwrap();
    let created = scps.iter().find(|p| p.name == "NoDeleteOrg").expect("created");
    assert_eq!(created.description, "made in a test");
    let content = api.describe_policy(&created.id).await.unwrap().content;
    assert!(content.contains("organizations:DeleteOrganization") && !content.contains('\n'), "{content}");
    assert_toast(&model, "Created NoDeleteOrg");
}

#[tokio::test]
async fn a_hangup_during_an_edit_keeps_the_text_before_quitting() {
    let dir = tempfile::tempdir().unwrap();
    let api = orgtui::api::readonly::ReadOnly::wrap(std::sync::Arc::new(MemoryOrg::demo().unwrap()));
    let mut model = model_for(api.as_ref(), 120, 40, false).await;
    press(&mut model, api.as_ref(), "jljj").await;
    model.recovery_dir = Some(dir.path().to_owned());
    model.editor = "sed -i s/LeaveOrganization/LeaveOrganization*/".into();
    press(&mut model, api.as_ref(), "e").await;
    assert_eq!(stage(&model), Some(Stage::Preview));
    support::drive::send(&mut model, api.as_ref(), orgtui::app::Msg::Terminate).await;
    assert!(model.quit);
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "kept before quitting");
    assert!(std::fs::read_to_string(&files[0]).unwrap().contains("LeaveOrganization*"));
}

/// vim's `:cq`: the editor exits non-zero, so the edit is abandoned (as git does) and what the file
/// held is kept in a recovery file named with a readable UTC time; nothing reaches AWS.
#[tokio::test]
async fn an_editor_that_exits_non_zero_abandons_and_keeps_the_text() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = on_deny_leave(&api).await;
    let dir = tempfile::tempdir().unwrap();
    model.recovery_dir = Some(dir.path().to_owned());
    model.editor = "sed -i s/LeaveOrganization/LeaveOrganizationX/ \"$1\"; false".into();
    let before = content(&api).await;
    press(&mut model, &api, "e").await;
    assert!(model.edit.is_none() && model.dialog.is_none(), "no review: {:?}", model.dialog);
    assert_eq!(content(&api).await, before, "nothing saved");
    assert_toast(&model, "The editor exited with status 1, so the edit is abandoned; your text is kept in");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_str().unwrap().to_owned();
    assert!(name.starts_with("p-dnyleave01-20") && name.ends_with("Z.json"), "{name}");
    assert!(std::fs::read_to_string(&files[0]).unwrap().contains("LeaveOrganizationX"), "the edited text is kept");
}

/// An abandoned edit is offered again by `e` ("open your kept edit of …"), carries on from the kept
/// text, and once saved its recovery file moves aside; the organization menu lists kept edits.
#[tokio::test]
async fn a_kept_edit_is_offered_again_and_carries_on_from_the_kept_text() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = on_deny_leave(&api).await;
    let dir = tempfile::tempdir().unwrap();
    model.recovery_dir = Some(dir.path().to_owned());
    model.editor = "sed -i s/LeaveOrganization/LeaveOrganizationX/".into();
    press(&mut model, &api, "e").await;
    assert_eq!(stage(&model), Some(Stage::Preview));
    press(&mut model, &api, "n").await; // abandoned: kept
    assert_eq!(model.kept.len(), 1);
    // The organization menu lists it.
    press(&mut model, &api, "o").await;
    find(&screen(&model, 120, 40), "Kept edits (recovery files)...");
    hit(&mut model, &api, KeyCode::Esc).await;
    // e offers it.
    model.editor = "sed -i s/LeaveOrganizationX/LeaveOrganizationY/".into();
    press(&mut model, &api, "e").await;
    let lines = screen(&model, 120, 40);
    find(&lines, "Open your kept edit of 20");
    find(&lines, "Start from AWS's text");
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_eq!(stage(&model), Some(Stage::Preview), "the editor ran on the kept text");
    press(&mut model, &api, "y").await;
    let saved = content(&api).await;
    assert!(saved.contains("LeaveOrganizationY"), "the kept text, edited again, was saved: {saved}");
    assert!(model.kept.is_empty(), "no longer offered");
    assert!(dir.path().join("saved").read_dir().unwrap().count() == 1, "moved aside, not deleted");
    // Another e starts from AWS's text, without asking.
    model.editor = "true".into();
    press(&mut model, &api, "e").await;
    assert!(!matches!(model.dialog, Some(Dialog::KeptChoice { .. })));
}
