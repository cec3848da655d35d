//! `orgtui tree`: the organization as an indented tree, or nested JSON. Names come from outside
//! (anyone who can create an account names it), so the text form is cleaned for the terminal.

use serde_json::{Value, json};

use super::view::OrgView;
use crate::org::{ParentId, TargetId};
use crate::sanitize::clean;
use crate::snapshot::PolicyRecord;

/// What `tree` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Levels below the roots; None for all.
    pub depth: Option<usize>,
    pub accounts: bool,
    pub policies: bool,
    /// `|--` instead of `├──` (outside a UTF-8 locale).
    pub ascii: bool,
}

/// The JSON's own format number: it grows when a field changes meaning.
pub const JSON_FORMAT: u32 = 1;

struct Glyphs {
    branch: &'static str,
    last: &'static str,
    pipe: &'static str,
}

const UNICODE: Glyphs = Glyphs { branch: "├── ", last: "└── ", pipe: "│   " };
const ASCII: Glyphs = Glyphs { branch: "|-- ", last: "`-- ", pipe: "|   " };

enum Row<'a> {
    Ou(&'a crate::snapshot::OuRecord),
    Account(&'a crate::snapshot::AccountRecord),
    Policy(&'a PolicyRecord),
}

fn policy_label(p: &PolicyRecord) -> String {
    format!("policy {} {}  {}", p.policy_type.short(), clean(&p.name), p.id)
}

fn rows<'a>(view: &OrgView<'a>, parent: &ParentId, target: &TargetId, o: &Options) -> Vec<Row<'a>> {
    let mut rows: Vec<Row> = Vec::new();
    if o.policies {
        rows.extend(view.attached(target).iter().map(|p| Row::Policy(p)));
    }
    rows.extend(view.ous(parent).iter().map(|ou| Row::Ou(ou)));
    if o.accounts {
        rows.extend(view.accounts(parent).iter().map(|a| Row::Account(a)));
    }
    rows
}

/// The indented text, one line per root, OU, account (and attached policy), ending in a newline.
pub fn text(view: &OrgView, o: &Options) -> String {
    let g = if o.ascii { &ASCII } else { &UNICODE };
    let mut out = String::new();
    for root in &view.snapshot.roots {
        out.push_str(&format!("{}  {}\n", clean(&root.name), root.id));
        let parent = ParentId::Root(root.id.clone());
        below(view, &parent, &parent.as_target(), o, g, "", 1, &mut out);
    }
    out
}

#[allow(clippy::too_many_arguments)] // a recursion's state: splitting it up hides nothing
fn below(
    view: &OrgView,
    parent: &ParentId,
    target: &TargetId,
    o: &Options,
    g: &Glyphs,
    indent: &str,
    level: usize,
    out: &mut String,
) {
    if o.depth.is_some_and(|d| level > d) {
        return;
    }
    let rows = rows(view, parent, target, o);
    let n = rows.len();
    for (i, row) in rows.into_iter().enumerate() {
        let last = i + 1 == n;
        let lead = format!("{indent}{}", if last { g.last } else { g.branch });
        let deeper = format!("{indent}{}", if last { "    " } else { g.pipe });
        match row {
            Row::Policy(p) => out.push_str(&format!("{lead}{}\n", policy_label(p))),
            Row::Ou(ou) => {
                out.push_str(&format!("{lead}{}  {}\n", clean(&ou.name), ou.id));
                let child = ParentId::Ou(ou.id.clone());
                below(view, &child, &child.as_target(), o, g, &deeper, level + 1, out);
            }
            Row::Account(a) => {
                out.push_str(&format!("{lead}{}  {}  {}\n", clean(&a.name), a.id, clean(&a.state)));
                if o.policies {
                    let target = TargetId::Account(a.id.clone());
                    let policies = view.attached(&target);
                    for (j, p) in policies.iter().enumerate() {
                        let end = if j + 1 == policies.len() { g.last } else { g.branch };
                        out.push_str(&format!("{deeper}{end}{}\n", policy_label(p)));
                    }
                }
            }
        }
    }
}

fn policies_json(view: &OrgView, target: &TargetId) -> Value {
    view.attached(target)
        .iter()
        .map(|p| json!({"id": p.id, "name": p.name, "type": p.policy_type}))
        .collect::<Vec<_>>()
        .into()
}

fn children_json(view: &OrgView, parent: &ParentId, o: &Options, level: usize) -> Value {
    if o.depth.is_some_and(|d| level > d) {
        return Value::Array(Vec::new());
    }
    let mut out: Vec<Value> = Vec::new();
    for ou in view.ous(parent) {
        let child = ParentId::Ou(ou.id.clone());
        let mut node = json!({"type": "ou", "id": ou.id, "name": ou.name, "path": view.path(&child.as_target())});
        if o.policies {
            node["policies"] = policies_json(view, &child.as_target());
        }
        node["children"] = children_json(view, &child, o, level + 1);
        out.push(node);
    }
    if o.accounts {
        for a in view.accounts(parent) {
            let target = TargetId::Account(a.id.clone());
            let mut node = json!({"type": "account", "id": a.id, "name": a.name, "email": a.email, "state": a.state});
            if o.policies {
                node["policies"] = policies_json(view, &target);
            }
            out.push(node);
        }
    }
    Value::Array(out)
}

/// The nested structure: `{"format", "organization", "roots": [{…, "children": [...]}]}`.
pub fn json(view: &OrgView, o: &Options) -> Value {
    let roots: Vec<Value> = view
        .snapshot
        .roots
        .iter()
        .map(|r| {
            let parent = ParentId::Root(r.id.clone());
            let mut node = json!({"type": "root", "id": r.id, "name": r.name});
            if o.policies {
                node["policies"] = policies_json(view, &parent.as_target());
            }
            node["children"] = children_json(view, &parent, o, 1);
            node
        })
        .collect();
    json!({"format": JSON_FORMAT, "organization": view.snapshot.organization.id, "roots": roots})
}
