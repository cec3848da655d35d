//! Accounts' life cycle: `C` on a root or OU requests a new account there (CreateAccount, followed
//! until AWS says it is done, then moved from the root into the OU); `X` on an account removes it from
//! the organization or closes it, once its id is typed.

use crate::app::accounts::{AccountChange, AccountForm, ENDINGS, Following};
use crate::app::dialog::{Dialog, Para, Tone, para};
use crate::app::moving::{Move, path_of};
use crate::app::{Effect, Model, Msg, MsgLater};
use crate::keymap::Action;
use crate::org::ParentId;
use crate::org::lifecycle::closure_quota;
use crate::org::tree::NodeKind;

use super::{toast, tree};

/// How often a create request is asked about (AWS takes minutes; its quota is generous).
const POLL: std::time::Duration = std::time::Duration::from_secs(5);

/// `C`: the form, for an account in the selected root or OU.
pub(super) fn open_create(model: &mut Model) -> Vec<Effect> {
    let Some(id) = model.selected() else { return Vec::new() };
    let Some(parent) = model.tree.get(id).and_then(|n| n.kind.target()).and_then(|t| t.as_parent()) else {
        return Vec::new();
    };
    model.dialog = Some(Dialog::AccountForm(AccountForm::new(parent, path_of(&model.tree, id))));
    Vec::new()
}

/// `X` on an account: the choice between leaving and closing.
pub(super) fn open_end(model: &mut Model) -> Vec<Effect> {
    let Some(id) = model.selected() else { return Vec::new() };
    let Some(node) = model.tree.get(id) else { return Vec::new() };
    let NodeKind::Account(a) = &node.kind else { return Vec::new() };
    let Some(parent) = node.parent.and_then(|p| model.tree.get(p)?.kind.target()?.as_parent()) else {
        return Vec::new();
    };
    model.dialog = Some(Dialog::AccountEnd { id: a.id.clone(), name: a.name.clone(), parent, cursor: 0 });
    Vec::new()
}

pub(super) fn on_action(model: &mut Model, dialog: Dialog, action: Action) -> Vec<Effect> {
    match (dialog, action) {
        (Dialog::AccountForm(form), Action::Confirm) => review(model, form),
        (Dialog::AccountForm(mut form), Action::NextField) => {
            form.field = (form.field + 1) % 5;
            model.dialog = Some(Dialog::AccountForm(form));
            Vec::new()
        }
        (Dialog::AccountForm(_), _) => Vec::new(),
        (Dialog::ConfirmAccount { change, .. }, Action::Confirm) => vec![Effect::ChangeAccount { change }],
        (Dialog::ConfirmAccount { back, .. }, _) => {
            model.dialog = back.map(Dialog::AccountForm);
            Vec::new()
        }
        (Dialog::AccountEnd { id, name, parent, cursor }, Action::Down | Action::Up) => {
            let cursor = super::list::step(cursor, ENDINGS.len(), action);
            model.dialog = Some(Dialog::AccountEnd { id, name, parent, cursor });
            Vec::new()
        }
        (Dialog::AccountEnd { id, name, parent, cursor }, Action::Confirm) => {
            let change = if cursor == 0 {
                AccountChange::Remove { id, name, parent }
            } else {
                AccountChange::Close { id, name, parent }
            };
            let (title, body) = ending_words(model, &change);
            model.dialog = Some(Dialog::TypeId { title, body, change, typed: Default::default(), error: None });
            Vec::new()
        }
        (Dialog::AccountEnd { .. }, _) => Vec::new(),
        (Dialog::TypeId { title, body, change, typed, .. }, Action::Confirm) => {
            let id = match &change {
                AccountChange::Remove { id, .. } | AccountChange::Close { id, .. } => id.to_string(),
                AccountChange::Create { .. } => String::new(),
            };
            if typed.trim() == id {
                return vec![Effect::ChangeAccount { change }];
            }
            let error = Some(format!("Type the account's id, {id}, to go ahead (names are not unique)."));
            model.dialog = Some(Dialog::TypeId { title, body, change, typed, error });
            Vec::new()
        }
        (Dialog::TypeId { .. }, _) => Vec::new(),
        (other, _) => {
            model.dialog = Some(other);
            Vec::new()
        }
    }
}

fn ending_words(model: &Model, change: &AccountChange) -> (String, Vec<Para>) {
    match change {
        AccountChange::Remove { id, name, .. } => (
            format!("Remove {name} from the organization?"),
            vec![
                para(Tone::Plain, format!("{name} ({id}) leaves the organization and becomes a standalone account.")),
                para(
                    Tone::Warning,
                    "Its SCPs, RCPs and management policies stop applying; it pays its own bills, so AWS \
                     refuses while it has no payment method and contact details of its own; coming back takes \
                     a new invitation.",
                ),
                para(Tone::Plain, format!("Type {id} and press Enter to remove it (RemoveAccountFromOrganization).")),
            ],
        ),
        AccountChange::Close { id, name, .. } => {
            let members = model.known_accounts().count().saturating_sub(1);
            (
                format!("Close {name}?"),
                vec![
                    para(
                        Tone::Warning,
                        format!(
                            "{name} ({id}) is suspended at once (PENDING_CLOSURE, then SUSPENDED) and closed for \
                             good after 90 days; until then AWS Support can reopen it. Its resources stop."
                        ),
                    ),
                    para(
                        Tone::Plain,
                        format!(
                            "AWS closes at most 10% of the member accounts in a rolling 30 days, at least 10 and at \
                             most 1,000: about {} here.",
                            closure_quota(members)
                        ),
                    ),
                    para(Tone::Plain, format!("Type {id} and press Enter to close it (CloseAccount).")),
                ],
            )
        }
        AccountChange::Create { .. } => (String::new(), Vec::new()),
    }
}

/// Enter in the form: the checks, then the confirmation.
fn review(model: &mut Model, mut form: AccountForm) -> Vec<Effect> {
    let new = match form.read() {
        Ok(new) => new,
        Err(why) => {
            form.error = Some(why);
            model.dialog = Some(Dialog::AccountForm(form));
            return Vec::new();
        }
    };
    let taken = model
        .known_accounts()
        .find(|a| a.email.eq_ignore_ascii_case(&new.email))
        .map(|a| format!("{} ({}) has this email already: AWS requires another.", a.name, a.id));
    if let Some(why) = taken {
        form.error = Some(why);
        model.dialog = Some(Dialog::AccountForm(form));
        return Vec::new();
    }
    let billing = if new.billing_access { "may see billing (ALLOW)" } else { "may not see billing (DENY)" };
    let tagged = if new.tags.is_empty() {
        String::new()
    } else {
        format!(", tagged {}", crate::app::structure::tags_text(&new.tags))
    };
    let mut body = vec![
        para(Tone::Plain, format!("A new account {} with the root user {}{tagged}.", new.name, new.email)),
        para(
            Tone::Plain,
            format!("The management account reaches it through the role {}; its IAM users {billing}.", new.role_name),
        ),
    ];
    let in_root = matches!(form.parent, ParentId::Root(_));
    body.push(para(
        Tone::Plain,
        if in_root {
            "AWS creates it in a few minutes; orgtui follows the request (DescribeCreateAccountStatus).".to_owned()
        } else {
            format!(
                "AWS creates it in the root in a few minutes; orgtui follows the request and then moves it into \
                 {} (MoveAccount).",
                form.path
            )
        },
    ));
    body.push(para(
        Tone::Warning,
        "An account cannot be deleted, only closed (and a closed one counts against the quota for 90 days).",
    ));
    let title = format!("Create the account {}?", new.name);
    let change = AccountChange::Create { new, parent: form.parent.clone() };
    model.dialog = Some(Dialog::ConfirmAccount { title, body, change, back: Some(form) });
    Vec::new()
}

/// AWS answered the change.
pub(super) fn on_changed(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    let Msg::AccountChanged { change, result } = msg else { return Vec::new() };
    match (change, result) {
        (AccountChange::Create { parent, .. }, Ok(Some(status))) => follow(model, Following { status, parent }),
        (AccountChange::Create { new, parent }, Err(e)) => {
            let path = model.tree.find_target(&parent.as_target()).map(|n| path_of(&model.tree, n)).unwrap_or_default();
            let mut form = AccountForm::new(parent, path);
            let [name, email, role, billing, tags] = &mut form.fields;
            name.set(new.name.as_str());
            email.set(new.email.as_str());
            role.set(new.role_name.as_str());
            billing.set(if new.billing_access { "allow" } else { "deny" });
            tags.set(crate::app::structure::tags_text(&new.tags));
            form.error =
                Some(format!("AWS refused it: {e}{}", e.explanation().map(|x| format!(". {x}")).unwrap_or_default()));
            model.dialog = Some(Dialog::AccountForm(form));
            Vec::new()
        }
        (AccountChange::Create { .. }, Ok(None)) => Vec::new(),
        (change @ (AccountChange::Remove { .. } | AccountChange::Close { .. }), result) => {
            let (name, parent, done) = match &change {
                AccountChange::Remove { name, parent, .. } => (name, parent, "left the organization"),
                AccountChange::Close { name, parent, .. } => (name, parent, "is closing (PENDING_CLOSURE)"),
                AccountChange::Create { .. } => return Vec::new(),
            };
            let mut effects = reload(model, parent);
            match result {
                Ok(_) => {
                    let what = format!("{name} {done}");
                    effects.push(toast(model, crate::app::wording::landed(&model.source, &what), false));
                }
                Err(e) => {
                    let mut body = vec![para(Tone::Error, e.to_string())];
                    if let Some(more) = e.explanation() {
                        body.push(para(Tone::Plain, more));
                    }
                    model.dialog =
                        Some(Dialog::Notice { title: format!("{}: {name} unchanged", change.operation()), body });
                }
            }
            effects
        }
    }
}

/// A create request's status: asked again later while in progress; when done, the account moved
/// into its OU (or the root listed again), or the failure said in words.
fn follow(model: &mut Model, following: Following) -> Vec<Effect> {
    let status = &following.status;
    if status.in_progress() {
        let text = format!("Creating {}: AWS is still at it (asked again every {} s).", status.name, POLL.as_secs());
        let mut effects = vec![toast(model, text, false)];
        effects.push(Effect::After { delay: POLL, msg: MsgLater::PollCreate { following } });
        return effects;
    }
    match (&status.account_id, status.state.as_str()) {
        (Some(id), "SUCCEEDED") => {
            let root = model.tree.roots().first().and_then(|&r| model.tree.get(r)?.kind.target()?.as_parent());
            match root {
                Some(root) if root != following.parent => vec![Effect::MoveAccounts {
                    done: Vec::new(),
                    moves: vec![Move {
                        account: id.clone(),
                        name: status.name.clone(),
                        source: root,
                        destination: following.parent.clone(),
                    }],
                }],
                _ => {
                    let mut effects = reload(model, &following.parent);
                    let what = format!("Created {} ({id})", status.name);
                    effects.push(toast(model, crate::app::wording::landed(&model.source, &what), false));
                    effects
                }
            }
        }
        _ => {
            let why = status.failure_words().unwrap_or_else(|| format!("it ended {}", status.state));
            let body = vec![para(Tone::Error, format!("AWS did not create {}: {why}.", status.name))];
            model.dialog = Some(Dialog::Notice { title: format!("{} was not created", status.name), body });
            Vec::new()
        }
    }
}

pub(super) fn on_poll(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::PollCreate { following } => vec![Effect::PollCreate { following }],
        Msg::CreateProgress { following, result } => {
            model.in_flight = model.in_flight.saturating_sub(1);
            match result {
                Ok(status) => follow(model, Following { status, ..following }),
                // A read that failed for good (AWS kept throttling, the network went): said, and the
                // request is still AWS's to finish; ListCreateAccountStatus shows it.
                Err(e) => {
                    let text = format!("Could not ask how {} is coming along: {e}", following.status.name);
                    vec![toast(model, text, true)]
                }
            }
        }
        _ => Vec::new(),
    }
}

/// The title of the menu's list of recent requests.
pub(super) const REQUESTS: &str = "Recent account requests";

/// The menu's recent requests: newest first, each with its state and, for a failure, why.
pub(super) fn on_requests(
    model: &mut Model,
    result: crate::api::ApiResult<Vec<crate::org::lifecycle::CreateStatus>>,
) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    // Only into the message that is waiting for them (the user may have closed it).
    let Some(Dialog::Notice { title, body }) = &mut model.dialog else { return Vec::new() };
    if title != REQUESTS {
        return Vec::new();
    }
    *body = match result {
        Err(e) => vec![para(Tone::Error, format!("They could not be listed: {e}"))],
        Ok(list) if list.is_empty() => {
            vec![para(Tone::Plain, "No account was requested recently (AWS keeps 90 days).")]
        }
        Ok(list) => {
            let mut out = vec![para(Tone::Plain, "Newest first (AWS keeps 90 days):")];
            out.extend(list.iter().map(|s| {
                let when = s.requested.map(crate::org::time_fmt::short_utc).unwrap_or_default();
                let what = match (&s.account_id, s.failure_words()) {
                    (_, Some(why)) => format!("FAILED: {why}"),
                    (Some(id), None) => format!("{} → {id}", s.state),
                    (None, None) => s.state.clone(),
                };
                para(Tone::Plain, format!("• {}  {when}  {what}", s.name))
            }));
            out
        }
    };
    Vec::new()
}

fn reload(model: &mut Model, parent: &ParentId) -> Vec<Effect> {
    match model.tree.find_target(&parent.as_target()) {
        Some(node) => tree::start_load(model, node),
        None => Vec::new(),
    }
}
