//! `/`: the search box, and the background build of the index it searches.

use crate::api::ApiError;
use crate::app::dialog::Dialog;
use crate::app::search::{Build, INDEX_CONCURRENCY, IndexFound, IndexJob, SHOWN, SearchBox};
use crate::app::{Effect, Model, Msg};
use crate::keymap::Action;
use crate::org::tree::{NodeId, NodeKind};
use crate::org::{Children, OrgUnit, ParentId, PolicySummary, ResourceId, Root, TargetId};
use crate::search::Found;

use super::{toast, where_used};

/// Starts the build once the roots are known: the OU walk from each root, every account, and the
/// policies of every type enabled in a root.
pub(super) fn start(model: &mut Model, roots: &[Root]) -> Vec<Effect> {
    if model.search.build.started {
        return Vec::new();
    }
    begin(model, roots);
    pump(model)
}

/// The index built again over the entries it holds (after a cached view was revalidated): they
/// answer searches meanwhile, and those the build does not find again are dropped when it ends.
/// `listed` was just listed: the walk goes on below it instead of listing it again.
pub(super) fn rebuild_over(model: &mut Model, roots: &[Root], listed: &[(ParentId, Children)]) -> Vec<Effect> {
    model.search.index.begin_confirm();
    model.search.ous_of.clear();
    model.search.build.generation += 1;
    begin(model, roots);
    for (parent, children) in listed {
        learn_listing(model, parent, children);
    }
    pump(model)
}

/// Queues the whole build as a new generation: every account, the OU walk from each root, and the
/// policies of every type enabled in a root.
fn begin(model: &mut Model, roots: &[Root]) {
    let search = &mut model.search;
    search.unavailable = None;
    let generation = search.build.generation;
    search.build = Build { generation, started: true, ..Build::default() };
    let mut types: Vec<_> = roots.iter().flat_map(|r| r.enabled_policy_types()).collect();
    types.sort();
    types.dedup();
    let build = &mut search.build;
    build.queue.push_back(IndexJob::Accounts(None));
    for root in roots {
        // Queued even if the tree is listing it: `pump` skips what the tree has or is fetching.
        let parent = ParentId::Root(root.id.clone());
        build.listed.insert(parent.clone());
        build.queue.push_back(IndexJob::Ous(parent));
        search.index.add_root(root);
    }
    build.queue.extend(types.into_iter().map(IndexJob::Policies));
}

/// `R`: forget the index and build it again from the roots, as a new generation.
pub(super) fn rebuild(model: &mut Model) -> Vec<Effect> {
    let generation = model.search.build.generation + 1;
    // The tree's listings in flight stay known: their replies still feed the new index.
    let tree_listing = std::mem::take(&mut model.search.tree_listing);
    model.search = crate::app::search::SearchState { tree_listing, ..Default::default() };
    model.search.build.generation = generation;
    let roots: Vec<Root> = model
        .tree
        .roots()
        .iter()
        .filter_map(|&id| match &model.tree.get(id)?.kind {
            NodeKind::Root(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    if roots.is_empty() {
        return vec![toast(model, "the roots are not listed yet: nothing to index".to_owned(), true)];
    }
    let mut effects = start(model, &roots);
    effects.push(toast(model, "rebuilding the search index".to_owned(), false));
    effects
}

/// Sends queued listings while there is room.
fn pump(model: &mut Model) -> Vec<Effect> {
    let search = &mut model.search;
    let mut effects = Vec::new();
    while search.build.in_flight < INDEX_CONCURRENCY {
        let Some(job) = search.build.queue.pop_front() else { break };
        // The tree listed this parent's OUs meanwhile (already in the index), or is listing them:
        // its reply comes here too.
        if let IndexJob::Ous(parent) = &job
            && (search.ous_of.contains_key(parent) || search.tree_listing.contains(parent))
        {
            continue;
        }
        search.build.in_flight += 1;
        effects.push(Effect::Index { generation: search.build.generation, job });
    }
    effects
}

/// The roots could not be listed: nothing can be indexed, and the search box says why.
pub(super) fn roots_failed(model: &mut Model, e: &ApiError) {
    model.search.unavailable = Some(format!("listing the roots: {e}"));
}

pub(super) fn on_indexed(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let Msg::Indexed { generation, job, result } = msg else { return Vec::new() };
    let build = &mut model.search.build;
    if generation != build.generation {
        model.dirty = false;
        return Vec::new();
    }
    build.in_flight = build.in_flight.saturating_sub(1);
    match result {
        Ok(found) => {
            learn(model, &job, found);
            refresh(model);
            let effects = pump(model);
            finished(model);
            effects
        }
        // Throttling was ridden out below (the budget resends for minutes): what arrives here failed.
        Err(e) => {
            tracing::warn!(error = %e, job = ?job, "an index listing failed");
            model.search.fail(&job, &e);
            let effects = pump(model);
            finished(model);
            effects
        }
    }
}

/// A build over entries kept from the cache: once it is over, what it did not find again is gone
/// from the organization, unless a listing failed (then nothing is known to be gone).
fn finished(model: &mut Model) {
    let search = &mut model.search;
    if !search.build.running() {
        let complete = search.build.failures.is_empty();
        search.index.end_confirm(complete);
        refresh(model);
    }
}

fn learn(model: &mut Model, job: &IndexJob, found: IndexFound) {
    let search = &mut model.search;
    match (job, found) {
        (IndexJob::Accounts(token), IndexFound::Accounts(page)) => {
            page.items.iter().for_each(|a| search.learn_account(a));
            match page.next {
                // The same token again would page for ever.
                Some(next) if Some(&next) == token.as_ref() => {
                    let e = ApiError::other("ListAccounts", "AWS returned the same NextToken twice");
                    search.fail(job, &e);
                }
                Some(next) => search.build.queue.push_front(IndexJob::Accounts(Some(next))),
                None => {}
            }
        }
        (IndexJob::Ous(parent), IndexFound::Ous(ous)) => walk_into(model, parent, &ous),
        (_, IndexFound::Policies(policies)) => search.add_policies(&policies),
        _ => {}
    }
}

/// The OUs under `parent` are known: index them and queue the walk below each.
fn walk_into(model: &mut Model, parent: &ParentId, ous: &[OrgUnit]) {
    let search = &mut model.search;
    search.add_ous(parent, ous);
    if !search.build.started {
        return;
    }
    for ou in ous {
        let child = ParentId::Ou(ou.id.clone());
        if search.build.listed.insert(child.clone()) {
            search.build.queue.push_back(IndexJob::Ous(child));
        }
    }
}

/// The tree listed a root's or OU's children: into the index, and the walk need not list them again.
/// If the listing failed, the walk lists that parent itself (it skipped it while the tree was at it).
pub(super) fn on_tree_children(model: &mut Model, node: NodeId, result: Result<&Children, &ApiError>) -> Vec<Effect> {
    let Some(parent) = model.tree.get(node).and_then(|n| n.kind.target()).and_then(|t| t.as_parent()) else {
        return Vec::new();
    };
    model.search.tree_listing.remove(&parent);
    let children = match result {
        Ok(children) => children,
        Err(_) if model.search.build.started && !model.search.ous_of.contains_key(&parent) => {
            model.search.build.queue.push_back(IndexJob::Ous(parent));
            return pump(model);
        }
        Err(_) => return Vec::new(),
    };
    learn_listing(model, &parent, children);
    refresh(model);
    if model.search.build.started { pump(model) } else { Vec::new() }
}

/// A parent's OUs and accounts are known: into the index, and the walk goes on below them.
fn learn_listing(model: &mut Model, parent: &ParentId, children: &Children) {
    walk_into(model, parent, &children.ous);
    for a in &children.accounts {
        model.search.index.add_account(a);
        model.search.parents.insert(TargetId::Account(a.id.clone()), parent.clone());
    }
}

pub(super) fn learn_policies(model: &mut Model, policies: &[PolicySummary]) {
    model.search.add_policies(policies);
    refresh(model);
}

/// `/`: the search box, empty, over whatever the user was doing.
pub(super) fn open(model: &mut Model) -> Vec<Effect> {
    model.dialog = Some(Dialog::Search(SearchBox::default()));
    refresh(model);
    Vec::new()
}

/// Runs the box's query again: after a keystroke, or when the index grew.
pub(super) fn refresh(model: &mut Model) {
    let Some(Dialog::Search(search_box)) = &mut model.dialog else { return };
    let search = &mut model.search;
    if let Some(asked) = crate::app::drift_query::parse(&search_box.query) {
        search_box.hits = match (&model.drift, asked) {
            (Some(marks), Ok(only)) => crate::app::drift_query::hits(&search.index, marks, only),
            _ => Vec::new(),
        };
        search_box.matched = search_box.hits.len();
        search_box.hits.truncate(SHOWN);
    } else if let Some((key, value)) = crate::app::tag_query::parse(&search_box.query) {
        search_box.hits = crate::app::tag_query::hits(&search.index, &model.tags, &key, value.as_deref());
        search_box.matched = search_box.hits.len();
        search_box.hits.truncate(SHOWN);
    } else {
        let results = search.index.search(&search_box.query, SHOWN, &mut search.matcher);
        search_box.matched = results.matched;
        search_box.hits = results.hits;
    }
    search_box.cursor = search_box.cursor.min(search_box.hits.len().saturating_sub(1));
}

pub(super) fn on_action(model: &mut Model, mut search_box: SearchBox, action: Action) -> Vec<Effect> {
    let last = search_box.hits.len().saturating_sub(1);
    let page = usize::from(model.size.1 / 2).max(1);
    // Typing and Backspace go through the dialogs' text field like every other dialog's.
    search_box.cursor = match action {
        // Esc: back where the user was; nothing moved meanwhile.
        Action::Dismiss => return Vec::new(),
        Action::Confirm => return go(model, search_box),
        Action::LoadTags => {
            model.dialog = Some(Dialog::Search(search_box));
            return load_all_tags(model);
        }
        Action::Down | Action::Up => super::list::step(search_box.cursor, search_box.hits.len(), action),
        Action::PageDown => (search_box.cursor + page).min(last),
        Action::PageUp => search_box.cursor.saturating_sub(page),
        _ => search_box.cursor,
    };
    model.dialog = Some(Dialog::Search(search_box));
    Vec::new()
}

/// Enter: an OU or account is shown in the tree; a policy is shown with the list of where it is used.
fn go(model: &mut Model, search_box: SearchBox) -> Vec<Effect> {
    let chosen = search_box.hits.get(search_box.cursor).and_then(|h| model.search.index.entry(h.entry));
    let Some(found) = chosen.map(|e| e.found.clone()) else {
        model.dialog = Some(Dialog::Search(search_box));
        return Vec::new();
    };
    match found {
        Found::Target(target) => {
            let path = known_path(model, &target);
            where_used::jump(model, target, path)
        }
        Found::Policy(id) => match model.search.policies.get(&id).cloned() {
            Some(policy) => where_used::show_policy(model, policy),
            None => Vec::new(),
        },
    }
}

/// The path from the root to `target`, if every parent on the way is already known.
fn known_path(model: &Model, target: &TargetId) -> Option<Vec<TargetId>> {
    let mut path = vec![target.clone()];
    // OUs nest at most five deep; the bound stops a cycle in broken data.
    for _ in 0..8 {
        let last = path.last()?;
        if matches!(last, TargetId::Root(_)) {
            path.reverse();
            return Some(path);
        }
        path.push(model.search.parents.get(last)?.as_target());
    }
    None
}

/// Ctrl-t on a `tag:` query: the tags of every account the index knows and the model does not, read
/// through the shared request budget (which paces them); the results fill in as they arrive.
fn load_all_tags(model: &mut Model) -> Vec<Effect> {
    let unknown: Vec<ResourceId> = model
        .search
        .accounts
        .keys()
        .map(|a| ResourceId::Target(TargetId::Account(a.clone())))
        .filter(|t| model.tags.get(t).is_none_or(|e| matches!(e.load, crate::org::tree::LoadState::Failed(_))))
        .collect();
    let mut effects = Vec::with_capacity(unknown.len() + 1);
    for target in unknown {
        let req = model.next_id();
        model.tags.insert(
            target.clone(),
            crate::app::TagsEntry { load: crate::org::tree::LoadState::Loading { req }, tags: Vec::new() },
        );
        effects.push(Effect::LoadTags { target, req });
    }
    let n = effects.len();
    effects.push(toast(model, format!("reading the tags of {n} accounts"), false));
    effects
}
