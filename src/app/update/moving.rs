//! Marking accounts and moving them: `m` marks, `M` opens the destination picker, the confirmation
//! shows the what-if of the move (denies that start and stop applying, verdicts that change, accounts
//! locked out) and says per account what it stops and starts inheriting (and warns when Control Tower
//! seems to govern either side), then one MoveAccount per account; the tree is reloaded from the server afterwards and
//! a partial failure lists what moved and what did not.

use crate::app::dialog::{Dialog, Para, Tone, para};
use crate::app::moving::{Destination, Marked, Move, MovePicker, change, destinations};
use crate::app::{Effect, Model, Msg};
use crate::keymap::Action;
use crate::org::ParentId;
use crate::org::TargetId;
use crate::org::tree::{LoadState, NodeKind};
use crate::policy::whatif::{Place, Proposal};

use super::{toast, tree};

/// The selected account with its parent, as a mark records it.
fn selected_account(model: &Model) -> Option<Marked> {
    let id = model.selected()?;
    let node = model.tree.get(id)?;
    let NodeKind::Account(a) = &node.kind else { return None };
    let parent = model.tree.get(node.parent?)?.kind.target()?.as_parent()?;
    Some(Marked { id: a.id.clone(), name: a.name.clone(), parent })
}

/// `m`: marks or unmarks the selected account.
pub(super) fn toggle(model: &mut Model) -> Vec<Effect> {
    let Some(account) = selected_account(model) else { return Vec::new() };
    match model.marked.iter().position(|m| m.id == account.id) {
        Some(i) => {
            model.marked.remove(i);
        }
        None => model.marked.push(account),
    }
    Vec::new()
}

/// Esc in the tree with marks: they are cleared, and it says how many.
pub(super) fn clear(model: &mut Model) -> Vec<Effect> {
    let n = model.marked.len();
    model.marked.clear();
    let text = if n == 1 { "1 mark cleared.".to_owned() } else { format!("{n} marks cleared.") };
    vec![toast(model, text, false)]
}

/// `M`: the destination picker, the OU or root under the cursor first.
pub(super) fn open(model: &mut Model) -> Vec<Effect> {
    let accounts =
        if model.marked.is_empty() { selected_account(model).into_iter().collect() } else { model.marked.clone() };
    if accounts.is_empty() {
        return Vec::new();
    }
    let mut all = destinations(&model.tree);
    // Where every account already is comes last: it is never the answer.
    all.sort_by_key(|d| accounts.iter().all(|a: &Marked| a.parent == d.parent));
    let here =
        model.selected().and_then(|n| model.tree.get(n)).and_then(|n| n.kind.target()).and_then(|t| t.as_parent());
    if let Some(i) = here.and_then(|p| all.iter().position(|d| d.parent == p)) {
        let d = all.remove(i);
        all.insert(0, d);
    }
    model.dialog =
        Some(Dialog::MovePicker(MovePicker { accounts, destinations: all, filter: Default::default(), cursor: 0 }));
    Vec::new()
}

pub(super) fn on_picker(model: &mut Model, mut picker: MovePicker, action: Action) -> Vec<Effect> {
    match action {
        Action::Down | Action::Up => {
            picker.cursor = super::list::step(picker.cursor, picker.matches().len(), action);
            model.dialog = Some(Dialog::MovePicker(picker));
            Vec::new()
        }
        Action::Confirm => confirm(model, picker),
        _ => Vec::new(),
    }
}

/// Enter on a destination: the confirmation, per account; the levels' policies the tree has not
/// loaded yet are asked for, and the text follows as they arrive.
fn confirm(model: &mut Model, picker: MovePicker) -> Vec<Effect> {
    let Some(dest) = picker.matches().get(picker.cursor).map(|d| (*d).clone()) else { return Vec::new() };
    let mut effects = Vec::new();
    let mut levels = model.tree.path(dest.node);
    for a in &picker.accounts {
        if let Some(from) = model.tree.find_target(&a.parent.as_target()) {
            levels.extend(model.tree.path(from));
        }
    }
    for level in levels {
        if let Some(group) = model.tree.policies_group(level)
            && model.tree.get(group).is_some_and(|g| g.load == LoadState::NotLoaded)
        {
            effects.extend(tree::start_load(model, group));
        }
    }
    let (title, body, moves) = describe(model, &picker.accounts, &dest);
    // The what-if reads the organization as AWS holds it, whatever the tree has loaded: it gates the
    // confirmation (a move that locks accounts out needs a typed yes).
    if !moves.is_empty() {
        let proposal = Proposal::Move {
            accounts: moves.iter().map(|m| m.account.clone()).collect(),
            destination: dest.parent.as_target(),
        };
        // Where each account is, as marked: their parents' paths are read once, not per account.
        let placed = moves
            .iter()
            .map(|m| {
                let place = Place { name: m.name.clone(), parent: Some(m.source.as_target()) };
                (TargetId::Account(m.account.clone()), place)
            })
            .collect();
        effects.push(super::whatif::start_placed(model, proposal, placed));
    }
    model.dialog = Some(Dialog::ConfirmMove { title, body, moves, accounts: picker.accounts, destination: dest });
    effects
}

/// A level's policies arrived while the confirmation is open: its text again.
pub(super) fn refresh(model: &mut Model) {
    let Some(Dialog::ConfirmMove { accounts, destination, .. }) = &model.dialog else { return };
    let (accounts, destination) = (accounts.clone(), destination.clone());
    let (title, body, moves) = describe(model, &accounts, &destination);
    model.dialog = Some(Dialog::ConfirmMove { title, body, moves, accounts, destination });
}

fn describe(model: &Model, accounts: &[Marked], dest: &Destination) -> (String, Vec<Para>, Vec<Move>) {
    let mut body: Vec<Para> = Vec::new();
    let mut moves = Vec::new();
    let mut governed = false;
    for a in accounts {
        if a.parent == dest.parent {
            body.push(para(Tone::Plain, format!("{} ({}) is in {} already: not moved.", a.name, a.id, dest.path)));
            continue;
        }
        let from = model.tree.find_target(&a.parent.as_target());
        let line = match from {
            Some(from) => {
                let c = change(&model.tree, from, dest.node);
                governed |= c.governed;
                let path = crate::app::moving::path_of(&model.tree, from);
                format!("{} ({}) moves from {path} to {}. It {}; it {}.", a.name, a.id, dest.path, c.left, c.entered)
            }
            None => format!("{} ({}) moves from {} to {}.", a.name, a.id, a.parent, dest.path),
        };
        body.push(para(Tone::Plain, line));
        moves.push(Move {
            account: a.id.clone(),
            name: a.name.clone(),
            source: a.parent.clone(),
            destination: dest.parent.clone(),
        });
    }
    if governed {
        body.push(para(
            Tone::Warning,
            "AWS Control Tower seems to govern one side (an OU named for it, or aws-guardrails-* SCPs): moving \
             accounts outside Control Tower causes drift it will report.",
        ));
    }
    body.push(para(Tone::Plain, "One MoveAccount per account; the tree then shows what AWS holds."));
    let title = match moves.as_slice() {
        [one] => format!("Move {} to {}?", one.name, dest.path),
        _ => format!("Move {} accounts to {}?", moves.len(), dest.path),
    };
    (title, body, moves)
}

/// The answers: the tree reloads every parent involved; all moved is a toast, anything else a
/// message listing what moved and what did not.
pub(super) fn on_moved(model: &mut Model, msg: Msg) -> Vec<Effect> {
    model.in_flight = model.in_flight.saturating_sub(1);
    let Msg::Moved { results, rest } = msg else { return Vec::new() };
    if !rest.is_empty() {
        // One at a time, each through the shared request path: how far it has got, then the next.
        let failed = results.iter().filter(|(_, r)| r.is_err()).count();
        let total = results.len() + rest.len();
        let mut text = format!("Moving accounts: {} of {total} sent", results.len());
        if failed > 0 {
            text.push_str(&format!(", {failed} refused so far"));
        }
        return vec![toast(model, text, false), Effect::MoveAccounts { moves: rest, done: results }];
    }
    let mut effects = Vec::new();
    let mut parents: Vec<ParentId> = Vec::new();
    for (m, _) in &results {
        for p in [&m.source, &m.destination] {
            if !parents.contains(p) {
                parents.push(p.clone());
            }
        }
    }
    for p in &parents {
        if let Some(node) = model.tree.find_target(&p.as_target())
            && model.tree.get(node).is_some_and(|n| n.expanded || n.load == LoadState::Loaded)
        {
            effects.extend(tree::start_load(model, node));
        }
    }
    let dest = results.first().map(|(m, _)| destination_name(model, &m.destination)).unwrap_or_default();
    let (moved, failed): (Vec<_>, Vec<_>) = results.into_iter().partition(|(_, r)| r.is_ok());
    model.marked.retain(|m| !moved.iter().any(|(mv, _)| mv.account == m.id));
    if failed.is_empty() {
        let what = match moved.as_slice() {
            [(one, _)] => format!("Moved {} to {dest}", one.name),
            _ => format!("Moved {} accounts to {dest}", moved.len()),
        };
        effects.push(toast(model, crate::app::wording::landed(&model.source, &what), false));
        return effects;
    }
    let mut body = Vec::new();
    if !moved.is_empty() {
        body.push(para(Tone::Plain, format!("Moved to {dest}:")));
        body.extend(moved.iter().map(|(m, _)| para(Tone::Plain, format!("• {} ({})", m.name, m.account))));
    }
    body.push(para(Tone::Error, "Not moved (still marked):"));
    body.extend(failed.iter().map(|(m, r)| {
        let why = r.as_ref().err().map(ToString::to_string).unwrap_or_default();
        para(Tone::Plain, format!("• {} ({}): {why}", m.name, m.account))
    }));
    let title = format!("{} of {} accounts moved", moved.len(), moved.len() + failed.len());
    model.dialog = Some(Dialog::Notice { title, body });
    effects
}

fn destination_name(model: &Model, p: &ParentId) -> String {
    model
        .tree
        .find_target(&p.as_target())
        .map(|n| crate::app::moving::path_of(&model.tree, n))
        .unwrap_or_else(|| p.as_target().to_string())
}
