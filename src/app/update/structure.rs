//! OUs created (`O`), renamed (`E` on an OU) and deleted (`X` on an empty OU), and tags changed (`t`):
//! a form checked against AWS's limits before anything is sent, a confirmation in words, one call,
//! and the tree listed again from AWS afterwards. A refusal reopens the form with what was typed.

use crate::app::dialog::{Dialog, Para, Tone, para};
use crate::app::moving::path_of;
use crate::app::structure::{Purpose, StructureChange, StructureForm, TagChange, ou_depth, parse_tags, still_holds};
use crate::app::{Effect, Model, Msg};
use crate::keymap::Action;
use crate::org::limits;
use crate::org::tree::{LoadState, NodeId, NodeKind};
use crate::org::{ParentId, TargetId};

use super::{toast, tree};

fn selected(model: &Model) -> Option<(NodeId, NodeKind)> {
    let id = model.selected()?;
    Some((id, model.tree.get(id)?.kind.clone()))
}

/// `O`: the form for a new OU under the selected root or OU.
pub(super) fn open_create(model: &mut Model) -> Vec<Effect> {
    let Some((id, kind)) = selected(model) else { return Vec::new() };
    let Some(parent) = kind.target().and_then(|t| t.as_parent()) else { return Vec::new() };
    let path = path_of(&model.tree, id);
    model.dialog = Some(Dialog::StructureForm(StructureForm::new(Purpose::CreateOu { parent, path })));
    Vec::new()
}

/// `E` on an OU: the form with its name.
pub(super) fn open_rename(model: &mut Model) -> Vec<Effect> {
    let Some((_, NodeKind::Ou(ou))) = selected(model) else { return Vec::new() };
    model.dialog = Some(Dialog::StructureForm(StructureForm::new(Purpose::RenameOu { id: ou.id, old: ou.name })));
    Vec::new()
}

/// `t`: the form with the target's tags as they are.
pub(super) fn open_tags(model: &mut Model) -> Vec<Effect> {
    let Some((id, kind)) = selected(model) else { return Vec::new() };
    let Some(target) = kind.resource() else { return Vec::new() };
    let before = model.tags.get(&target).map(|e| e.tags.clone()).unwrap_or_default();
    let label = path_of(&model.tree, id);
    model.dialog = Some(Dialog::StructureForm(StructureForm::new(Purpose::Tags { target, label, before })));
    Vec::new()
}

/// `X` on an OU: the confirmation once its contents are known (listed now when the tree has not).
pub(super) fn delete(model: &mut Model) -> Vec<Effect> {
    let Some((id, NodeKind::Ou(ou))) = selected(model) else { return Vec::new() };
    let Some(parent) = model.tree.get(id).and_then(|n| n.parent).and_then(|p| model.tree.get(p)) else {
        return Vec::new();
    };
    let Some(parent) = parent.kind.target().and_then(|t| t.as_parent()) else { return Vec::new() };
    let change = StructureChange::DeleteOu { id: ou.id.clone(), name: ou.name.clone(), parent };
    let path = path_of(&model.tree, id);
    let loaded = model.tree.get(id).is_some_and(|n| n.load == LoadState::Loaded);
    let effects = if loaded { Vec::new() } else { tree::start_load(model, id) };
    model.dialog = Some(Dialog::ConfirmStructure {
        title: format!("Delete the OU {}?", ou.name),
        body: vec![para(Tone::Plain, format!("Checking what {path} holds..."))],
        change,
        back: None,
        checking: true,
    });
    refresh(model);
    effects
}

/// An OU's children arrived: a delete waiting on them is confirmed, or refused with what it holds.
pub(super) fn refresh(model: &mut Model) {
    let Some(Dialog::ConfirmStructure { change: StructureChange::DeleteOu { id, name, .. }, checking: true, .. }) =
        &model.dialog
    else {
        return;
    };
    let (id, name) = (id.clone(), name.clone());
    let name = name.as_str();
    let Some(node) = model.tree.find_target(&TargetId::Ou(id.clone())) else { return };
    match model.tree.get(node).map(|n| &n.load) {
        Some(LoadState::Loaded) => {}
        Some(LoadState::Failed(e)) => {
            let body = vec![para(Tone::Error, format!("What {name} holds could not be listed: {e}"))];
            model.dialog = Some(Dialog::Notice { title: format!("{name} was not deleted"), body });
            return;
        }
        _ => return,
    }
    let (ous, accounts) = model.tree.child_counts(node).unwrap_or_default();
    if ous + accounts > 0 {
        let body = vec![para(Tone::Plain, format!("{}.", still_holds(name, ous, accounts)))];
        model.dialog = Some(Dialog::Notice { title: format!("{name} is not empty"), body });
        return;
    }
    let path = path_of(&model.tree, node);
    let attached = model
        .tree
        .policies_group(node)
        .and_then(|g| model.tree.get(g))
        .filter(|g| g.load == LoadState::Loaded)
        .map(|g| g.children.len());
    let policies = match attached {
        Some(0) => "No policy is attached to it.".to_owned(),
        Some(n) => format!("The {n} policies attached to it are detached (the policies themselves stay)."),
        None => "Policies attached to it are detached (the policies themselves stay).".to_owned(),
    };
    if let Some(Dialog::ConfirmStructure { body, checking, .. }) = &mut model.dialog {
        *body = vec![
            para(Tone::Plain, format!("{path} ({id}) holds no OU and no account. {policies}")),
            para(Tone::Warning, "This cannot be undone: an OU made again with the same name gets a new id."),
            para(Tone::Plain, "DeleteOrganizationalUnit; the tree then shows what AWS holds."),
        ];
        *checking = false;
    }
}

/// Keys in the form and in its confirmation.
pub(super) fn on_action(model: &mut Model, dialog: Dialog, action: Action) -> Vec<Effect> {
    match (dialog, action) {
        (Dialog::StructureForm(form), Action::Confirm) => review(model, form),
        (Dialog::StructureForm(mut form), Action::NextField) => {
            if form.has_name() && form.has_tags() {
                form.on_tags = !form.on_tags;
            }
            model.dialog = Some(Dialog::StructureForm(form));
            Vec::new()
        }
        (Dialog::StructureForm(_), _) => Vec::new(),
        (Dialog::ConfirmStructure { change, checking: false, .. }, Action::Confirm) => {
            vec![Effect::ChangeStructure { change }]
        }
        (dialog @ Dialog::ConfirmStructure { .. }, Action::Confirm) => {
            model.dialog = Some(dialog); // still checking: y waits (its rule says so)
            Vec::new()
        }
        // "No" goes back to the form as typed.
        (Dialog::ConfirmStructure { back, .. }, _) => {
            model.dialog = back.map(Dialog::StructureForm);
            Vec::new()
        }
        (other, _) => {
            model.dialog = Some(other);
            Vec::new()
        }
    }
}

/// Enter in the form: the local checks, then the confirmation.
fn review(model: &mut Model, mut form: StructureForm) -> Vec<Effect> {
    match confirmation(model, &form) {
        Ok(Some((title, body, change))) => {
            model.dialog = Some(Dialog::ConfirmStructure { title, body, change, back: Some(form), checking: false });
        }
        Ok(None) => {
            model.dialog = None;
            return vec![toast(model, "Nothing changed: the tags are as they were.".to_owned(), false)];
        }
        Err(why) => {
            form.error = Some(why);
            model.dialog = Some(Dialog::StructureForm(form));
        }
    }
    Vec::new()
}

type Confirmation = (String, Vec<Para>, StructureChange);

fn confirmation(model: &Model, form: &StructureForm) -> Result<Option<Confirmation>, String> {
    let name = form.name.trim().to_owned();
    match &form.purpose {
        Purpose::CreateOu { parent, path } => {
            if let Some(why) = limits::ou_name_problem(&name) {
                return Err(why);
            }
            let node = model.tree.find_target(&parent.as_target());
            if let Some(why) = node.and_then(|n| limits::ou_depth_problem(ou_depth(&model.tree, n))) {
                return Err(why);
            }
            if let Some(why) = sibling_named(model, parent, &name, None) {
                return Err(why);
            }
            let tags = parse_tags(&form.tags)?;
            let tagged = if tags.is_empty() {
                String::new()
            } else {
                format!(", tagged {}", crate::app::structure::tags_text(&tags))
            };
            let body = vec![
                para(Tone::Plain, format!("A new OU {name} in {path}{tagged}.")),
                para(Tone::Plain, inherits(model, node, path)),
                para(Tone::Plain, "CreateOrganizationalUnit; the tree then shows what AWS holds."),
            ];
            let change = StructureChange::CreateOu { parent: parent.clone(), name: name.clone(), tags };
            Ok(Some((format!("Create the OU {name}?"), body, change)))
        }
        Purpose::RenameOu { id, old } => {
            if let Some(why) = limits::ou_name_problem(&name) {
                return Err(why);
            }
            if name == *old {
                return Err(format!("{old} is its name already."));
            }
            let node = model.tree.find_target(&TargetId::Ou(id.clone()));
            let parent = node
                .and_then(|n| model.tree.get(n)?.parent)
                .and_then(|p| model.tree.get(p)?.kind.target()?.as_parent());
            if let Some(why) = parent.and_then(|p| sibling_named(model, &p, &name, Some(id))) {
                return Err(why);
            }
            let body = vec![
                para(Tone::Plain, format!("{old} ({id}) is renamed {name}.")),
                para(Tone::Plain, "Its id, its policies and what it holds stay as they are."),
                para(
                    Tone::Warning,
                    "Tools that find OUs by name (Control Tower, scripts, IaC) may need the new name too.",
                ),
            ];
            let change = StructureChange::RenameOu { id: id.clone(), name: name.clone() };
            Ok(Some((format!("Rename {old} to {name}?"), body, change)))
        }
        Purpose::Tags { target, label, before } => {
            let after = parse_tags(&form.tags)?;
            let change = TagChange::between(before, &after);
            if change.is_empty() {
                return Ok(None);
            }
            let mut body = vec![para(Tone::Plain, format!("The tags of {label} change:"))];
            body.extend(change.lines(before).into_iter().map(|l| para(Tone::Plain, l)));
            let calls = match (change.set.is_empty(), change.removed.is_empty()) {
                (false, false) => "TagResource, then UntagResource",
                (false, true) => "TagResource",
                _ => "UntagResource",
            };
            body.push(para(Tone::Plain, format!("{calls}; the details then show what AWS holds.")));
            body.push(para(Tone::Plain, "A tag policy in force here may refuse a key or value; AWS will say which."));
            let n = change.set.len() + change.removed.len();
            let title =
                if n == 1 { format!("Change a tag of {label}?") } else { format!("Change {n} tags of {label}?") };
            Ok(Some((title, body, StructureChange::Tags { target: target.clone(), label: label.clone(), change })))
        }
    }
}

/// What a new OU starts with: what applies to its parent, and the defaults AWS attaches.
fn inherits(model: &Model, parent: Option<NodeId>, path: &str) -> String {
    let types = parent.and_then(|n| model.tree.root_of(n)).map(|r| r.enabled_policy_types()).unwrap_or_default();
    let defaults: Vec<&str> = types
        .iter()
        .filter_map(|t| match t.as_str() {
            crate::org::PolicyType::SCP => Some("FullAWSAccess"),
            crate::org::PolicyType::RCP => Some("RCPFullAWSAccess"),
            _ => None,
        })
        .collect();
    let attached = match defaults.as_slice() {
        [] => String::new(),
        names => format!(" AWS attaches {} to it.", names.join(" and ")),
    };
    format!("What applies to {path} applies to it and to what you move into it.{attached}")
}

/// Another OU of the parent already has the name, among those loaded: AWS would refuse it.
fn sibling_named(model: &Model, parent: &ParentId, name: &str, except: Option<&crate::org::OuId>) -> Option<String> {
    let node = model.tree.find_target(&parent.as_target())?;
    let taken =
        model.tree.get(node)?.children.iter().filter_map(|&c| model.tree.get(c)).find_map(|c| match &c.kind {
            NodeKind::Ou(o) if o.name == name && Some(&o.id) != except => Some(o.id.clone()),
            _ => None,
        })?;
    Some(format!("An OU named {name} is there already ({taken}): AWS requires another name."))
}

/// AWS answered: the tree (or the tags) listed again; a refusal reopens the form with what was typed.
pub(super) fn on_changed(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    let Msg::StructureChanged { change, result } = msg else { return Vec::new() };
    let mut effects = reload(model, &change);
    let what = match &change {
        StructureChange::CreateOu { name, .. } => format!("Created the OU {name}"),
        StructureChange::RenameOu { name, .. } => format!("Renamed the OU to {name}"),
        StructureChange::DeleteOu { name, .. } => format!("Deleted the OU {name}"),
        StructureChange::Tags { change, .. } => {
            let n = change.set.len() + change.removed.len();
            if n == 1 { "Changed 1 tag".to_owned() } else { format!("Changed {n} tags") }
        }
    };
    match result {
        Ok(()) => effects.push(toast(model, crate::app::wording::landed(&model.source, &what), false)),
        Err(e) => {
            let mut text = e.to_string();
            if let Some(more) = e.explanation() {
                text = format!("{text}. {more}");
            }
            match form_for(model, &change) {
                Some(mut form) => {
                    form.error = Some(format!("AWS refused it: {text}"));
                    model.dialog = Some(Dialog::StructureForm(form));
                }
                None => {
                    let body = vec![para(Tone::Error, text)];
                    model.dialog = Some(Dialog::Notice { title: format!("{what}: not done"), body });
                }
            }
        }
    }
    effects
}

/// The form a refused change came from, as it was typed (the confirmation kept it).
fn form_for(model: &Model, change: &StructureChange) -> Option<StructureForm> {
    let purpose = match change {
        StructureChange::CreateOu { parent, .. } => {
            let path = model.tree.find_target(&parent.as_target()).map(|n| path_of(&model.tree, n))?;
            Purpose::CreateOu { parent: parent.clone(), path }
        }
        StructureChange::RenameOu { id, .. } => {
            let node = model.tree.find_target(&TargetId::Ou(id.clone()))?;
            Purpose::RenameOu { id: id.clone(), old: model.tree.get(node)?.kind.name().to_owned() }
        }
        StructureChange::Tags { target, label, .. } => {
            let before = model.tags.get(target).map(|e| e.tags.clone()).unwrap_or_default();
            Purpose::Tags { target: target.clone(), label: label.clone(), before }
        }
        StructureChange::DeleteOu { .. } => return None,
    };
    let mut form = StructureForm::new(purpose);
    match change {
        StructureChange::CreateOu { name, tags, .. } => {
            form.name.set(name.as_str());
            form.tags.set(crate::app::structure::tags_text(tags));
        }
        StructureChange::RenameOu { name, .. } => form.name.set(name.as_str()),
        StructureChange::Tags { change, .. } => {
            let Purpose::Tags { before, .. } = &form.purpose else { return None };
            let mut after: Vec<_> = before.iter().filter(|t| !change.removed.contains(&t.key)).cloned().collect();
            for t in &change.set {
                match after.iter_mut().find(|a| a.key == t.key) {
                    Some(a) => a.value = t.value.clone(),
                    None => after.push(t.clone()),
                }
            }
            form.tags.set(crate::app::structure::tags_text(&after));
        }
        StructureChange::DeleteOu { .. } => {}
    }
    Some(form)
}

/// What changed is listed again from AWS, whatever it answered (a refusal may follow a part done).
fn reload(model: &mut Model, change: &StructureChange) -> Vec<Effect> {
    let parent_node = match change {
        StructureChange::RenameOu { id, .. } => {
            model.tree.find_target(&TargetId::Ou(id.clone())).and_then(|n| model.tree.get(n)?.parent)
        }
        StructureChange::Tags { target, .. } => {
            model.tags.remove(target);
            return tree::load_details(model);
        }
        other => other.parent().and_then(|p| model.tree.find_target(&p.as_target())),
    };
    let Some(node) = parent_node else { return Vec::new() };
    // The index's listing of that parent is out of date: the tree must ask AWS, not the index.
    if let Some(parent) = model.tree.get(node).and_then(|n| n.kind.target()).and_then(|t| t.as_parent()) {
        model.search.ous_of.remove(&parent);
    }
    tree::start_load(model, node)
}
