//! `orgtui diff OLD NEW`: the drift between two records of the organization, grouped by kind as
//! text (a line per change, `+` added, `-` removed, `~` changed in place; a policy's edit as a
//! unified diff below it) or as JSON; exit 0 when they are equal, 1 when not.

use serde_json::{Value, json};

use crate::drift::{Change, Drift, Side, Subject, What};
use crate::org::time_fmt::short_utc;
use crate::sanitize::clean;
use crate::snapshot::Snapshot;

/// The version of the `--json` document, raised when a field changes meaning.
pub const JSON_FORMAT: u32 = 1;

/// One side as the output names it: where it came from and what it is of.
pub struct Label<'a> {
    pub source: &'a str,
    pub snapshot: &'a Snapshot,
}

impl Label<'_> {
    fn line(&self) -> String {
        format!("{}  ({}, taken {})", self.source, self.snapshot.organization.id, short_utc(self.snapshot.taken_at))
    }
}

pub fn exit_code(drift: &Drift) -> u8 {
    u8::from(!drift.is_empty())
}

fn side<'a>(s: Side, old: &'a Label, new: &'a Label) -> &'a str {
    match s {
        Side::Old => old.source,
        Side::New => new.source,
    }
}

/// The subject's id and, for a policy, its type, after its name.
fn subject_text(c: &Change) -> String {
    match &c.subject {
        Subject::Policy(id, t) => format!("{}  {id}  {}", c.name, t.short()),
        Subject::Target(t) => format!("{}  {t}", c.name),
        Subject::Named(n) if *n == c.name => n.clone(),
        Subject::Named(n) => format!("{}  {n}", c.name),
    }
}

pub fn text(drift: &Drift, old: &Label, new: &Label, ascii: bool) -> String {
    let mut out = format!("--- {}\n+++ {}\n", clean(&old.line()), clean(&new.line()));
    if let Some((a, b)) = &drift.organizations {
        out.push_str(&format!(
            "note: these are two different organizations ({a} and {b}); compared by id all the same\n"
        ));
    }
    let mut kind = None;
    for c in &drift.changes {
        if kind != Some(c.kind) {
            kind = Some(c.kind);
            out.push_str(&format!("\n{}\n", c.kind.heading()));
        }
        out.push_str(&format!("  {} {}  {}\n", c.sign(), clean(&subject_text(c)), clean(&c.describe(ascii))));
        if let What::Edited { diff, .. } = &c.what {
            for line in diff {
                out.push_str(&format!("      {}\n", clean(&line.text)));
            }
        }
    }
    out.push('\n');
    for n in &drift.not_compared {
        out.push_str(&format!("not compared: {} ({} was {})\n", n.what, clean(side(n.side, old, new)), n.why));
    }
    if drift.is_empty() {
        out.push_str("No differences.\n");
    } else {
        let counts: Vec<String> = drift.counts().iter().map(|(k, n)| k.count(*n)).collect();
        let total = drift.changes.len();
        out.push_str(&format!("{total} change{}: {}.\n", if total == 1 { "" } else { "s" }, counts.join(", ")));
    }
    out
}

fn tag_map(tags: &[crate::org::Tag]) -> Value {
    Value::Object(tags.iter().map(|t| (t.key.clone(), Value::String(t.value.clone()))).collect())
}

fn change_json(c: &Change) -> Value {
    let mut v = json!({ "kind": c.kind.key(), "id": c.subject.id(), "name": c.name, "change": c.key() });
    if let Subject::Policy(_, t) = &c.subject {
        v["policy_type"] = json!(t.as_str());
    }
    let extra = match &c.what {
        What::Added { place } | What::Removed { place } if !place.is_empty() => json!({ "place": place }),
        What::Added { .. } | What::Removed { .. } | What::TrustEnabled | What::TrustDisabled => json!({}),
        What::Moved { from, to } => json!({ "from": from, "to": to }),
        What::Changed { field, from, to } => json!({ "field": field, "from": from, "to": to }),
        What::Edited { diff, reformatted } => {
            json!({ "reformatted": reformatted, "diff": diff.iter().map(|l| l.text.as_str()).collect::<Vec<_>>() })
        }
        What::Attached { target, place } | What::Detached { target, place } => {
            json!({ "target": target.as_str(), "target_path": place })
        }
        What::Tags(t) => json!({
            "added": tag_map(&t.added),
            "removed": tag_map(&t.removed),
            "changed": Value::Object(
                t.changed.iter().map(|(k, a, b)| (k.clone(), json!({ "from": a, "to": b }))).collect()
            ),
        }),
        What::TypeEnabled(t) | What::TypeDisabled(t) => json!({ "policy_type": t.as_str() }),
        What::Delegated { service } | What::Undelegated { service } => json!({ "service": service }),
    };
    if let (Some(into), Value::Object(fields)) = (v.as_object_mut(), extra) {
        into.extend(fields);
    }
    v
}

pub fn json(drift: &Drift, old: &Label, new: &Label) -> Value {
    let label = |l: &Label| {
        json!({
            "source": l.source,
            "organization": l.snapshot.organization.id.as_str(),
            "taken_at": l.snapshot.taken_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        })
    };
    json!({
        "format": JSON_FORMAT,
        "equal": drift.is_empty(),
        "old": label(old),
        "new": label(new),
        "changes": drift.changes.iter().map(change_json).collect::<Vec<_>>(),
        "not_compared": drift.not_compared.iter().map(|n| json!({
            "what": n.what,
            "side": match n.side { Side::Old => "old", Side::New => "new" },
            "why": n.why,
        })).collect::<Vec<_>>(),
    })
}
