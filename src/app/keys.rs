//! Which keys work where the user is: each binding's rule (`keymap::When`) read over the model. The
//! footer shows a subset of `available`, the `?` overlay lists all of it, and a key outside it says
//! `why_not` in one line instead of doing nothing — one rule, three readers.

use crate::api::ApiError;
use crate::keymap::{self, Action, Binding, Context, When};
use crate::org::PolicySummary;
use crate::org::tree::{LoadState, NodeId, NodeKind};

use super::dialog::{Dialog, Stage};
use super::{Model, Pane, Source};

/// Why nothing changes in this session: the words every refused change begins with.
pub fn read_only_reason(model: &Model) -> &'static str {
    match model.source {
        Source::Snapshot { .. } => {
            "A snapshot is read-only: nothing is changed (--edit-in-memory tries changes in memory)"
        }
        _ => "Read-only: nothing is changed",
    }
}

/// Why the binding cannot work where the cursor is; None when it can.
pub fn why_not(model: &Model, binding: &Binding) -> Option<String> {
    if binding.mutating && model.read_only {
        return Some(read_only_reason(model).to_owned());
    }
    rule(model, binding.when, binding.context)
}

/// The bindings of the screen that work where the cursor is, in the table's order.
pub fn available(model: &Model) -> Vec<&'static Binding> {
    available_on(model, super::update::contexts(model))
}

/// The bindings that work on the screen under the `?` overlay (what the overlay lists). No rule
/// reads whether the overlay is open, so only the contexts differ.
pub fn available_behind_help(model: &Model) -> Vec<&'static Binding> {
    available_on(model, super::update::contexts_under_help(model, false))
}

fn available_on(model: &Model, contexts: &[Context]) -> Vec<&'static Binding> {
    keymap::active(contexts).filter(|b| why_not(model, b).is_none()).collect()
}

/// `(keys, word)` for the footer: the available bindings that have a hint.
pub fn hints(model: &Model) -> Vec<(&'static str, &'static str)> {
    available(model).iter().filter_map(|b| b.hint).collect()
}

/// The policy the keys act on: the tree's row (tree or details pane), or the policy pane's.
pub fn selected_policy(model: &Model) -> Option<PolicySummary> {
    match model.focus {
        Pane::Policy => {
            let id = model.shown_policy.as_ref()?;
            model.policies.get(id)?.prepared.as_ref().map(|p| p.policy.summary.clone())
        }
        Pane::Tree | Pane::Details => match model.selected_kind()? {
            NodeKind::Policy(p) => Some(p.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The root, OU or account a tree row stands for (a Policies group, or a policy in one, stands for
/// its owner), with the node of its Policies group.
pub fn owner_of(model: &Model, id: NodeId) -> Option<(NodeId, NodeId)> {
    let node = model.tree.get(id)?;
    let owner = match node.kind {
        NodeKind::Policies { .. } => node.parent?,
        NodeKind::Policy(_) => model.tree.get(node.parent?)?.parent?,
        _ => id,
    };
    model.tree.get(owner)?.kind.target()?;
    Some((owner, model.tree.policies_group(owner)?))
}

/// Whether the caller can be the management account, as far as the answers so far tell: a member
/// account is denied the tree, an account outside any organization has none. Unknown counts as yes
/// (AWS decides).
fn management_refusal(model: &Model, does: &str) -> Option<String> {
    if model.org.is_none() || matches!(model.tree_unavailable(), Some(ApiError::NotInOrganization)) {
        return Some(format!("This account belongs to no organization: only a management account {does}"));
    }
    if model.tree_unavailable().is_some() {
        return Some(format!("Only the management account {does} (these credentials are a member's)"));
    }
    None
}

fn edit_refusal(model: &Model, policy: &PolicySummary) -> Option<String> {
    if policy.aws_managed {
        return Some(format!("{} is managed by AWS: it cannot be changed", policy.name));
    }
    match &model.edit {
        Some(edit) if edit.id != policy.id => {
            Some(format!("Finish or abandon the edit of {} first (e on it reopens it)", edit.name))
        }
        _ => None,
    }
}

fn rule(model: &Model, when: When, context: Context) -> Option<String> {
    let no = |why: &str| Some(why.to_owned());
    let selected = model.selected().and_then(|id| model.tree.get(id).map(|n| (id, n)));
    match when {
        When::Always => None,
        When::Policy => match selected.map(|(_, n)| &n.kind) {
            Some(NodeKind::Policy(_)) => None,
            _ => no("u shows where a policy is attached: select a policy under ⚖ Policies"),
        },
        When::TagsUnknown => match &model.dialog {
            Some(Dialog::Search(b)) if super::tag_query::parse(&b.query).is_some() => {
                let (known, all) = super::tag_query::accounts_known(
                    model.search.accounts.keys().map(|a| crate::org::TargetId::Account(a.clone())),
                    &model.tags,
                );
                if known < all { None } else { no("Every account's tags are known already") }
            }
            _ => no("Ctrl-t loads tags for a tag: query (type tag:Key=Value)"),
        },
        When::Renamable => match selected.map(|(_, n)| &n.kind) {
            Some(NodeKind::Ou(_)) => None,
            Some(NodeKind::Policy(_)) => rule(model, When::EditablePolicy, context),
            _ => no("E renames: select a policy or an OU"),
        },
        When::Deletable => match selected {
            Some((id, n)) if matches!(n.kind, NodeKind::Ou(_)) => match model.tree.child_counts(id) {
                Some((ous, accounts)) if ous + accounts > 0 => {
                    Some(super::structure::still_holds(n.kind.name(), ous, accounts))
                }
                _ => None,
            },
            Some((_, n)) if matches!(n.kind, NodeKind::Policy(_)) => rule(model, When::DeletablePolicy, context),
            Some((_, n)) => match &n.kind {
                NodeKind::Account(a)
                    if model.org.as_ref().and_then(|o| o.master_account_id.as_ref()) == Some(&a.id) =>
                {
                    no("The management account can neither leave its organization nor be closed from here")
                }
                NodeKind::Account(a) if a.state != "ACTIVE" => {
                    Some(format!("{} is {}: only an ACTIVE account can be removed or closed", a.name, a.state))
                }
                NodeKind::Account(_) => None,
                _ => no("X deletes: select a policy, an OU that holds nothing, or an account"),
            },
            None => no("X deletes: select a policy, an OU that holds nothing, or an account"),
        },
        When::Container => match selected.map(|(_, n)| &n.kind) {
            Some(NodeKind::Root(_) | NodeKind::Ou(_)) => None,
            _ => no("C creates an account: select the root or the OU to put it in"),
        },
        When::OuParent => match selected {
            Some((id, n)) if matches!(n.kind, NodeKind::Root(_) | NodeKind::Ou(_)) => {
                crate::org::limits::ou_depth_problem(super::structure::ou_depth(&model.tree, id))
            }
            _ => no("O creates an OU: select the root or the OU to put it in"),
        },
        When::Taggable => match selected.and_then(|(_, n)| n.kind.resource()) {
            None => no("t edits tags: select a root, OU, account or policy"),
            Some(target) => match model.tags.get(&target).map(|e| &e.load) {
                Some(LoadState::Loaded) => None,
                Some(LoadState::Failed(_)) => no("Its tags could not be read: r in the details pane reads them again"),
                _ => no("Its tags are still loading"),
            },
        },
        When::EditablePolicy => match selected_policy(model) {
            Some(p) => edit_refusal(model, &p),
            None if model.focus == Pane::Policy => no("The policy pane shows no policy: select one in the tree"),
            None => no("Select a policy to change it (under ⚖ Policies, or in the policy pane)"),
        },
        When::DeletablePolicy if context == Context::Picker => match &model.dialog {
            Some(Dialog::Picker(p)) => match p.matches().get(p.cursor) {
                Some(entry) if entry.policy.aws_managed => {
                    Some(format!("{} is managed by AWS: it cannot be deleted", entry.policy.name))
                }
                Some(_) => None,
                None => no("No policy is highlighted"),
            },
            _ => no("No policy is highlighted"),
        },
        When::DeletablePolicy => match selected.map(|(_, n)| &n.kind) {
            Some(NodeKind::Policy(p)) if p.aws_managed => {
                Some(format!("{} is managed by AWS: it cannot be deleted", p.name))
            }
            Some(NodeKind::Policy(_)) => None,
            _ => no("Select a policy to delete it (A on a target lists every policy; Ctrl-x deletes there too)"),
        },
        When::AttachedPolicy => match selected {
            Some((id, n)) if matches!(n.kind, NodeKind::Policy(_)) && owner_of(model, id).is_some() => None,
            _ => no("Select a policy under a ⚖ Policies group to detach it from there"),
        },
        When::AttachTarget => match selected.and_then(|(id, _)| owner_of(model, id)) {
            None => no("Select a root, OU or account to attach a policy to it"),
            Some((owner, _)) => match model.tree.root_of(owner) {
                Some(root) if root.enabled_policy_types().is_empty() => {
                    no("No policy type is enabled in this root: T on the root enables one")
                }
                _ => None,
            },
        },
        When::AppliesTarget => match selected.map(|(_, n)| &n.kind) {
            Some(NodeKind::Policy(_)) => {
                no("w shows what applies to a root, OU or account; on a policy, u shows where it is attached")
            }
            Some(_) => None,
            None => no("Select an account or OU first"),
        },
        When::Account => match selected.map(|(_, n)| &n.kind) {
            Some(NodeKind::Account(_)) => None,
            _ => no("m marks an account: select one (marks are for moving several at once)"),
        },
        When::Movable => {
            let on_account = matches!(selected.map(|(_, n)| &n.kind), Some(NodeKind::Account(_)));
            if model.marked.is_empty() && !on_account {
                no("M moves accounts: mark them with m, or select one")
            } else {
                None
            }
        }
        When::Root => match selected.map(|(_, n)| &n.kind) {
            Some(NodeKind::Root(_)) => None,
            _ => no("Select a root to manage its policy types"),
        },
        When::CanCreatePolicy => {
            if let Some(edit) = &model.edit {
                return Some(format!("Finish or abandon the edit of {} first", edit.name));
            }
            match model.creation_root() {
                None => no("The organization's root is not loaded yet"),
                Some(r) if r.enabled_policy_types().is_empty() => {
                    no("No policy type is enabled in this root: T on the root enables one")
                }
                Some(_) => None,
            }
        }
        When::Copyable => {
            if model.focus == Pane::Policy {
                return match selected_policy(model) {
                    Some(_) => None,
                    None => no("The policy pane shows no policy: select one in the tree"),
                };
            }
            match selected.map(|(_, n)| &n.kind) {
                Some(_) => None,
                None => no("Select a root, OU, account or policy to copy its id"),
            }
        }
        When::Management => management_refusal(model, "invites accounts"),
        // A failed listing is said in the search box itself (with r to retry).
        When::TreeShown => match model.tree_unavailable() {
            Some(crate::api::ApiError::NotInOrganization) => {
                no("This account is in no organization, so there is no tree: i opens the inbox")
            }
            Some(_) => no("These credentials cannot list the organization: only the inbox is shown"),
            None => None,
        },
        When::Acceptable => {
            if let Some(why) = rule(model, When::Received, context) {
                return Some(why);
            }
            let item = model.inbox.selected()?;
            match &model.org {
                Some(org) if item.handshake.action == "INVITE" => Some(format!(
                    "This account already belongs to {}: it must leave it before joining another (d declines this invitation)",
                    org.id
                )),
                _ => None,
            }
        }
        When::Received | When::Sent => {
            let Some(item) = model.inbox.selected() else { return no("No handshake is selected") };
            let h = &item.handshake;
            let refusal = match when {
                When::Received if !item.received => Some("it was sent by your organization, not to you: c cancels it"),
                When::Received if !item.can_answer() => Some("it is no longer waiting for an answer"),
                When::Sent if !item.sent => Some("only the organization that sent it can cancel it: a declines it"),
                When::Sent if !item.can_cancel() => Some("it is no longer waiting for an answer"),
                _ => None,
            };
            refusal.map(|why| format!("{} is {}: {why}", h.id, h.state))
        }
        When::NotAtTree => match model.focus {
            Pane::Tree if model.reveal.is_some() || !model.marked.is_empty() => None,
            Pane::Tree => no("This is the tree already: q quits"),
            _ => None,
        },
        When::Saveable => match &model.dialog {
            Some(Dialog::Review { stage: Stage::Problems, .. }) => {
                no("The text has errors AWS would refuse: e returns to the editor to fix them")
            }
            Some(Dialog::Review { .. }) => model.whatif.as_ref().and_then(|g| g.holds()),
            _ => no("Nothing to save"),
        },
        When::Ready => match &model.dialog {
            Some(Dialog::ConfirmStructure { checking: true, .. }) => no("Still listing what the OU holds"),
            _ => model.whatif.as_ref().and_then(|g| g.holds()),
        },
        When::KeptEdit => match &model.edit {
            Some(_) => None,
            None => no("No unsaved edit is open"),
        },
        When::Typed => match &model.whatif {
            Some(g) if !g.typed.is_empty() => None,
            _ => no("Nothing is typed"),
        },
        When::TextBefore | When::TextAfter => match model.dialog.as_ref().and_then(Dialog::typed) {
            Some(f) if when == When::TextBefore && f.cursor() > 0 => None,
            Some(f) if when == When::TextAfter && !f.at_end() => None,
            Some(f) if f.is_empty() => no("The field is empty"),
            _ if when == When::TextBefore => no("Nothing before the cursor to delete"),
            _ => no("Nothing after the cursor to delete"),
        },
        When::Highlighted => highlighted(model),
        When::ActionField => match &model.dialog {
            Some(Dialog::Check(f)) if f.field == 0 && f.completion().is_some() => None,
            Some(Dialog::Check(f)) if f.field == 0 => no("Nothing to complete: type the start of an action"),
            _ => no("Completion works in the check form's action field"),
        },
    }
}

/// Whether the list under the cursor has an entry to act on.
fn highlighted(model: &Model) -> Option<String> {
    let no = |why: &str| Some(why.to_owned());
    match &model.dialog {
        Some(Dialog::Picker(p)) => match (&p.policies, p.matches().get(p.cursor)) {
            (None, _) => no("The policies are still being listed"),
            (_, None) => no("No policy matches the filter"),
            (_, Some(c)) if c.attached => Some(format!("{} is already attached to {}", c.policy.name, p.target_name)),
            _ => None,
        },
        Some(Dialog::MovePicker(p)) => match p.matches().get(p.cursor) {
            None => no("No OU or root matches the filter"),
            Some(_) => p.refusal(),
        },
        Some(Dialog::Search(s)) if s.hits.is_empty() => no("Nothing matches: type part of a name or id"),
        Some(Dialog::Menu { cursor }) => {
            match super::dialog::menu_items(model.read_only, model.kept.len()).get(*cursor) {
                Some(item) => menu_refusal(model, *item),
                None => no("No entry is highlighted"),
            }
        }
        // Opening a kept edit is an edit: not in read-only mode.
        Some(Dialog::KeptChoice { .. }) if model.read_only => Some(read_only_reason(model).to_owned()),
        Some(Dialog::KeptList { cursor }) => match model.kept.get(*cursor) {
            Some(k) if model.read_only && !k.rename && k.policy != crate::edit::kept::NEW_POLICY => {
                Some(read_only_reason(model).to_owned())
            }
            Some(_) => None,
            None => no("No kept edit is highlighted"),
        },
        Some(Dialog::Types { root, types, cursor }) => {
            let status = types.get(*cursor).and_then(|t| root.policy_types.iter().find(|s| &s.policy_type == t));
            match status {
                Some(s) if s.status.starts_with("PENDING") => {
                    Some(format!("{} is {} in this root: wait for AWS to finish", s.policy_type.short(), s.status))
                }
                _ => None,
            }
        }
        Some(Dialog::WhereUsed { policy, cursor }) => match model.targets.get(&policy.id) {
            Some(entry) if *cursor < entry.targets.len() => None,
            Some(entry) if entry.load == LoadState::Loaded => no("The policy is attached nowhere"),
            _ => no("The targets are still being listed"),
        },
        Some(_) => None,
        None if model.focus == Pane::Inbox && model.inbox.selected().is_none() => no("No handshake is listed"),
        None => None,
    }
}

/// Why a menu entry cannot be chosen now, from what orgtui already knows (AWS stays the authority).
pub fn menu_refusal(model: &Model, item: super::dialog::MenuItem) -> Option<String> {
    use super::dialog::MenuItem;
    match item {
        MenuItem::Invite => management_refusal(model, "invites accounts"),
        MenuItem::EnableAllFeatures => {
            if let Some(why) = management_refusal(model, "enables all features") {
                return Some(why);
            }
            let org = model.org.as_ref()?;
            if org.feature_set == "ALL" {
                return Some(format!("{} already has all features", org.id));
            }
            super::inbox::all_features_change(&model.inbox).map(|_| {
                "A change to all features is already under way: its progress is in the organization menu".to_owned()
            })
        }
        MenuItem::Inbox | MenuItem::KeptEdits | MenuItem::Governance | MenuItem::AccountRequests => None,
    }
}

/// Whether an action leaves the cursor where it was when nothing is there to move to (the end of a
/// list, a pane that fits): navigation does nothing at an edge, as in every list.
pub fn is_navigation(action: Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown
            | Action::Expand
            | Action::Collapse
            | Action::NextType
            | Action::PrevType
            | Action::NextField
            | Action::CursorLeft
            | Action::CursorRight
            | Action::LineStart
            | Action::LineEnd
    )
}
