//! `orgtui check TARGET ACTION`: may this account (or an account in this OU) do that, as far as the
//! SCPs and RCPs along its path go? The same checker as `c` in the UI, answered offline from the
//! whole organization, with the verdict as the exit code (0 allowed, 1 denied, 2 depends).

use serde_json::{Value, json};

use super::UsageError;
use super::view::OrgView;
use crate::org::{AccountId, OuId, PolicyType, TargetId};
use crate::policy::evaluate::{self, Answer, Attached, Level, Question, Subject, Verdict};
use crate::sanitize::clean;

/// What `check` was asked.
#[derive(Debug, Clone, Default)]
pub struct Ask {
    pub target: String,
    pub action: String,
    pub resource: String,
    pub region: String,
    /// `key=value` entries, in the `c` form's syntax.
    pub context: Vec<String>,
}

/// The JSON's own format number.
pub const JSON_FORMAT: u32 = 1;

/// An account id or name, or an OU id, as the organization holds it. A name several accounts share
/// is refused with each of them, so the answer is never about the wrong one.
pub fn resolve(view: &OrgView, text: &str) -> anyhow::Result<TargetId> {
    let s = view.snapshot;
    if text.starts_with("ou-") {
        let id = OuId::parse(text).map_err(|e| UsageError(e.to_string()))?;
        return match s.organizational_units.iter().any(|o| o.id == id) {
            true => Ok(TargetId::Ou(id)),
            false => Err(anyhow::anyhow!("no OU {id} in {}", s.organization.id)),
        };
    }
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        let id = AccountId::parse(text).map_err(|e| UsageError(e.to_string()))?;
        return match s.accounts.iter().any(|a| a.id == id) {
            true => Ok(TargetId::Account(id)),
            false => Err(anyhow::anyhow!("no account {id} in {}", s.organization.id)),
        };
    }
    let named: Vec<_> = s.accounts.iter().filter(|a| a.name == text).collect();
    match named.as_slice() {
        [one] => Ok(TargetId::Account(one.id.clone())),
        [] => Err(anyhow::anyhow!("no account named {:?} (give an account id, an account name or an OU id)", text)),
        many => {
            let list: Vec<String> =
                many.iter().map(|a| format!("  {}  {}", a.id, view.path(&TargetId::Account(a.id.clone())))).collect();
            Err(anyhow::anyhow!("{} accounts are named {:?}; give one's id:\n{}", many.len(), text, list.join("\n")))
        }
    }
}

/// The SCPs and RCPs attached along the path, root first, of the types the root enables.
fn levels(view: &OrgView, target: &TargetId) -> Vec<Level> {
    let enabled: Vec<PolicyType> = view.snapshot.roots.iter().flat_map(|r| r.enabled_policy_types()).collect();
    let on = |kind: &str| enabled.iter().any(|t| t.as_str() == kind);
    view.chain(target)
        .iter()
        .map(|t| {
            let mut level = Level::new(t.describe(view.name(t)));
            for p in view.attached(t).iter().filter(|p| on(p.policy_type.as_str())) {
                level.add(p.policy_type.as_str(), Attached::read(&p.name, &p.content));
            }
            level
        })
        .collect()
}

/// The question, the place it is about, and the checker's answer.
pub fn answer(view: &OrgView, ask: &Ask) -> anyhow::Result<(Question, TargetId, Answer)> {
    let target = resolve(view, &ask.target)?;
    let question = Question::parse(&ask.action, &ask.resource, &ask.region)
        .and_then(|q| q.with_context(&ask.context.join(" ")))
        .map_err(UsageError)?;
    let s = view.snapshot;
    let account = match &target {
        TargetId::Account(id) => Some(id.clone()),
        _ => None,
    };
    let resource_org_path = question
        .resource_account()
        .and_then(|a| AccountId::parse(a).ok())
        .filter(|a| s.accounts.iter().any(|r| &r.id == a))
        .map(|a| view.org_path(&TargetId::Account(a)));
    let subject = Subject {
        account: account.as_ref().map(ToString::to_string),
        organization: Some(s.organization.id.to_string()),
        management: account.is_some() && account == s.organization.master_account_id,
        scps_disabled: !s.roots.iter().any(|r| r.enabled_policy_types().iter().any(|t| t.as_str() == PolicyType::SCP)),
        org_path: Some(view.org_path(&target)),
        resource_org_path,
    };
    let answer = evaluate::check_expanded(&question, &subject, &levels(view, &target));
    Ok((question, target, answer))
}

pub fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Allowed => "allowed",
        Verdict::Denied => "denied",
        Verdict::Depends => "depends",
    }
}

/// The exit code a verdict means.
pub fn exit_code(v: Verdict) -> u8 {
    match v {
        Verdict::Allowed => 0,
        Verdict::Denied => 1,
        Verdict::Depends => 2,
    }
}

/// The answer as the `c` form words it: the verdict and headline, the deciding statements, what
/// could not be evaluated, the context as read, and the notes.
pub fn text(view: &OrgView, question: &Question, target: &TargetId, a: &Answer) -> String {
    let mut out = format!("{} › {}\n", clean(&target.describe(view.name(target))), clean(&question.describe()));
    out.push_str(&format!("{}: {}\n", verdict_word(a.verdict).to_uppercase(), clean(&a.headline)));
    if !a.findings.is_empty() {
        out.push_str("Deciding:\n");
        for f in &a.findings {
            let what = if f.statement.is_empty() { String::new() } else { format!("{} — ", f.statement) };
            out.push_str(&format!("  {} at {}: {what}{}\n", f.kind, clean(&f.level), clean(&f.says)));
        }
    }
    for (title, list) in [("Not evaluated", &a.unevaluated), ("Context", &a.context), ("Notes", &a.notes)] {
        if !list.is_empty() {
            out.push_str(&format!("{title}:\n"));
            for line in list {
                out.push_str(&format!("  {}\n", clean(line)));
            }
        }
    }
    out
}

pub fn json(view: &OrgView, question: &Question, target: &TargetId, a: &Answer) -> Value {
    let kind = match target {
        TargetId::Root(_) => "root",
        TargetId::Ou(_) => "ou",
        TargetId::Account(_) => "account",
    };
    let findings: Vec<Value> = a
        .findings
        .iter()
        .map(|f| json!({"kind": f.kind, "level": f.level, "statement": f.statement, "says": f.says}))
        .collect();
    json!({
        "format": JSON_FORMAT,
        "target": {"type": kind, "id": target, "name": view.name(target), "path": view.path(target)},
        "question": question.describe(),
        "verdict": verdict_word(a.verdict),
        "headline": a.headline,
        "findings": findings,
        "unevaluated": a.unevaluated,
        "context": a.context,
        "notes": a.notes,
    })
}
