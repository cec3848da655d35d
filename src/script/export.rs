//! `orgtui export`: the accounts (with their OU path, which neither the console's CSV nor
//! `describe-account` gives), the OUs and the policies as CSV or JSON. Names come from outside the
//! organization, so a CSV cell a spreadsheet would run as a formula is defused.

use std::borrow::Cow;

use serde_json::{Value, json};

use super::view::OrgView;
use crate::org::{Tag, TargetId};

/// The JSON's own format number: it grows when a field changes meaning.
pub const JSON_FORMAT: u32 = 1;

/// A cell a spreadsheet would read as a formula (or as a command, after a tab or carriage return)
/// starts with `'`, as OWASP advises for CSV injection; everything else is written as it is.
pub fn cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

fn csv_of(header: Vec<String>, rows: Vec<Vec<String>>) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header)?;
    for row in rows {
        w.write_record(row.iter().map(|c| cell(c).into_owned()))?;
    }
    Ok(String::from_utf8(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?)
}

fn tag_value<'t>(tags: &'t [Tag], key: &str) -> &'t str {
    tags.iter().find(|t| t.key == key).map_or("", |t| t.value.as_str())
}

fn rfc3339(t: Option<time::OffsetDateTime>) -> String {
    t.and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()).unwrap_or_default()
}

/// Every account, in the tree's order: id, name, email, state, how and when it joined, its OU path
/// and parent id, then one column per tag key asked for (`tag:Key`).
pub fn accounts_csv(view: &OrgView, tags: &[String]) -> anyhow::Result<String> {
    let mut header: Vec<String> =
        ["id", "name", "email", "state", "joined_method", "joined_timestamp", "ou_path", "parent_id"]
            .map(str::to_owned)
            .to_vec();
    header.extend(tags.iter().map(|k| format!("tag:{k}")));
    let rows = accounts(view)
        .into_iter()
        .map(|a| {
            let mut row = vec![
                a.id.to_string(),
                a.name.clone(),
                a.email.clone(),
                a.state.clone(),
                a.joined_method.clone().unwrap_or_default(),
                rfc3339(a.joined_timestamp),
                view.path(&a.parent_id.as_target()),
                a.parent_id.to_string(),
            ];
            row.extend(tags.iter().map(|k| tag_value(&a.tags, k).to_owned()));
            row
        })
        .collect();
    csv_of(header, rows)
}

/// The accounts in tree order: a root's, then each OU's, depth first.
fn accounts<'a>(view: &OrgView<'a>) -> Vec<&'a crate::snapshot::AccountRecord> {
    let mut out = Vec::new();
    for root in &view.snapshot.roots {
        walk(view, &crate::org::ParentId::Root(root.id.clone()), &mut |p| out.extend(view.accounts(p).iter().copied()));
    }
    out
}

/// Calls `visit` on `parent` and every OU below it, depth first in name order.
fn walk(view: &OrgView, parent: &crate::org::ParentId, visit: &mut dyn FnMut(&crate::org::ParentId)) {
    visit(parent);
    for ou in view.ous(parent) {
        walk(view, &crate::org::ParentId::Ou(ou.id.clone()), visit);
    }
}

/// Every OU in tree order: id, name, path, parent id.
fn ous<'a>(view: &OrgView<'a>) -> Vec<&'a crate::snapshot::OuRecord> {
    let mut out = Vec::new();
    for root in &view.snapshot.roots {
        walk(view, &crate::org::ParentId::Root(root.id.clone()), &mut |p| out.extend(view.ous(p).iter().copied()));
    }
    out
}

pub fn ous_csv(view: &OrgView, tags: &[String]) -> anyhow::Result<String> {
    let mut header: Vec<String> = ["id", "name", "path", "parent_id"].map(str::to_owned).to_vec();
    header.extend(tags.iter().map(|k| format!("tag:{k}")));
    let rows = ous(view)
        .into_iter()
        .map(|o| {
            let mut row =
                vec![o.id.to_string(), o.name.clone(), view.path(&TargetId::Ou(o.id.clone())), o.parent_id.to_string()];
            row.extend(tags.iter().map(|k| tag_value(&o.tags, k).to_owned()));
            row
        })
        .collect();
    csv_of(header, rows)
}

fn sorted_policies<'a>(view: &OrgView<'a>) -> Vec<&'a crate::snapshot::PolicyRecord> {
    let mut list: Vec<_> = view.snapshot.policies.iter().collect();
    list.sort_by_key(|p| (p.policy_type.sort_key(), p.name.to_lowercase()));
    list
}

/// Every policy: id, name, type, whether AWS manages it, its description, and its targets (ids and
/// paths, separated by `;`).
pub fn policies_csv(view: &OrgView) -> anyhow::Result<String> {
    let header = ["id", "name", "type", "aws_managed", "description", "target_count", "target_ids", "target_paths"]
        .map(str::to_owned)
        .to_vec();
    let rows = sorted_policies(view)
        .into_iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                p.name.clone(),
                p.policy_type.as_str().to_owned(),
                p.aws_managed.to_string(),
                p.description.clone(),
                p.target_ids.len().to_string(),
                p.target_ids.iter().map(TargetId::as_str).collect::<Vec<_>>().join(";"),
                p.target_ids.iter().map(|t| view.path(t)).collect::<Vec<_>>().join(";"),
            ]
        })
        .collect();
    csv_of(header, rows)
}

fn tags_json(tags: &[Tag]) -> Value {
    tags.iter().map(|t| (t.key.clone(), Value::String(t.value.clone()))).collect::<serde_json::Map<_, _>>().into()
}

pub fn accounts_json(view: &OrgView) -> Value {
    let list: Vec<Value> = accounts(view)
        .into_iter()
        .map(|a| {
            json!({"id": a.id, "name": a.name, "email": a.email, "state": a.state, "joined_method": a.joined_method,
                "joined_timestamp": a.joined_timestamp.map(|t| rfc3339(Some(t))),
                "ou_path": view.path(&a.parent_id.as_target()), "parent_id": a.parent_id, "tags": tags_json(&a.tags)})
        })
        .collect();
    json!({"format": JSON_FORMAT, "organization": view.snapshot.organization.id, "accounts": list})
}

pub fn ous_json(view: &OrgView) -> Value {
    let list: Vec<Value> = ous(view)
        .into_iter()
        .map(|o| {
            json!({"id": o.id, "name": o.name, "path": view.path(&TargetId::Ou(o.id.clone())),
                "parent_id": o.parent_id, "tags": tags_json(&o.tags)})
        })
        .collect();
    json!({"format": JSON_FORMAT, "organization": view.snapshot.organization.id, "ous": list})
}

pub fn policies_json(view: &OrgView) -> Value {
    let list: Vec<Value> = sorted_policies(view)
        .into_iter()
        .map(|p| {
            let targets: Vec<Value> = p.target_ids.iter().map(|t| json!({"id": t, "path": view.path(t)})).collect();
            json!({"id": p.id, "name": p.name, "type": p.policy_type, "aws_managed": p.aws_managed,
                "description": p.description, "targets": targets})
        })
        .collect();
    json!({"format": JSON_FORMAT, "organization": view.snapshot.organization.id, "policies": list})
}
