//! `orgtui validate FILE…`: the editor's checks on policy files, for CI. Problems print as
//! `FILE:LINE:COL: error|warning: message` (what editors and CI logs link), as GitHub Actions
//! annotations, or as JSON; the exit code is 1 when any file has an error (or, with `--strict`, a
//! warning).

use serde_json::{Value, json};

use super::UsageError;
use crate::org::PolicyType;
use crate::policy::validate::{Problem, Severity, validate};

/// The JSON's own format number.
pub const JSON_FORMAT: u32 = 1;

/// What the name on the command line stands for: `scp`, `rcp`, `tag`, `backup`, `ai`, `chatbot`,
/// `declarative`, a short name as the UI shows it, or the API's own (`TAG_POLICY`).
pub fn parse_type(text: &str) -> Result<PolicyType, UsageError> {
    let squash = |s: &str| s.to_lowercase().replace([' ', '-', '_'], "");
    let wanted = squash(text);
    let alias = match wanted.as_str() {
        "ai" | "aiservices" | "aioptout" => Some("AISERVICES_OPT_OUT_POLICY"),
        "declarative" | "ec2" => Some("DECLARATIVE_POLICY_EC2"),
        _ => None,
    };
    if let Some(name) = alias {
        return Ok(PolicyType::new(name));
    }
    let known = crate::api::aws::known_policy_types();
    known
        .iter()
        .find(|t| {
            let full = squash(t.as_str());
            full == wanted || squash(t.short()) == wanted || full == format!("{wanted}policy")
        })
        .cloned()
        .ok_or_else(|| {
            let names: Vec<String> = known.iter().map(|t| squash(t.short())).collect();
            UsageError(format!("--type {text}: not a policy type; one of {}", names.join(", ")))
        })
}

/// The type a document reads as, from its shape: a `Statement` list is an SCP (an RCP when a
/// statement names a `Principal`, which SCPs cannot); a management policy by its top-level key.
pub fn guess_type(text: &str) -> Option<PolicyType> {
    let value: Value = serde_json::from_str(text).ok()?;
    let top = value.as_object()?;
    if let Some(statements) = top.get("Statement") {
        let list = match statements {
            Value::Array(list) => list.clone(),
            other => vec![other.clone()],
        };
        let rcp = list.iter().any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some());
        return Some(PolicyType::new(if rcp { PolicyType::RCP } else { PolicyType::SCP }));
    }
    let name = match top.keys().next()?.as_str() {
        "tags" => "TAG_POLICY",
        "plans" => "BACKUP_POLICY",
        "services" => "AISERVICES_OPT_OUT_POLICY",
        "chatbot" => "CHATBOT_POLICY",
        "ec2_attributes" => "DECLARATIVE_POLICY_EC2",
        _ => return None,
    };
    Some(PolicyType::new(name))
}

/// One file's verdict.
pub struct Checked {
    pub file: String,
    pub policy_type: PolicyType,
    pub guessed: bool,
    /// Guessed, but the content had no shape orgtui knows: checked as an SCP.
    pub unknown_shape: bool,
    pub problems: Vec<Problem>,
}

/// Validates `text` (read from `file`) as `given`, or as the type its content reads as.
pub fn check(file: &str, text: &str, given: Option<&PolicyType>) -> Checked {
    let (policy_type, guessed, unknown_shape) = match (given, guess_type(text)) {
        (Some(t), _) => (t.clone(), false, false),
        (None, Some(t)) => (t, true, false),
        // Not even JSON, or no shape orgtui knows: read as an SCP, whose checks say what is wrong.
        (None, None) => (PolicyType::new(PolicyType::SCP), true, true),
    };
    let problems = validate(&policy_type, text);
    Checked { file: file.to_owned(), policy_type, guessed, unknown_shape, problems }
}

impl Checked {
    /// What standard error says of a guessed type.
    pub fn guess_note(&self) -> Option<String> {
        let file = crate::sanitize::clean(&self.file);
        let t = format!("{} ({})", self.policy_type.short(), self.policy_type.as_str());
        match (self.guessed, self.unknown_shape) {
            (false, _) => None,
            (true, false) => Some(format!("{file}: read as {t}, guessed from its content (--type says otherwise)")),
            (true, true) => {
                Some(format!("{file}: no policy shape orgtui knows: checked as {t} (--type names the type)"))
            }
        }
    }
}

fn severity(p: &Problem) -> &'static str {
    if p.severity == Severity::Warning { "warning" } else { "error" }
}

fn message(p: &Problem) -> String {
    let text = if p.path.is_empty() { p.message.clone() } else { format!("{}: {}", p.path, p.message) };
    crate::sanitize::clean(&text).into_owned()
}

/// `FILE:LINE:COL: error: message`, one per problem (`FILE: error: …` for the whole document).
pub fn text(c: &Checked) -> String {
    let mut out = String::new();
    for p in &c.problems {
        let at = if p.line > 0 { format!("{}:{}:{}", c.file, p.line, p.column) } else { c.file.clone() };
        out.push_str(&format!("{at}: {}: {}\n", severity(p), message(p)));
    }
    out
}

/// GitHub's workflow-command escaping: `%`, CR and LF in the message; `:` and `,` too in a property.
fn gh_escape(text: &str, property: bool) -> String {
    let mut out = text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// `::error file=F,line=L,col=C,title=orgtui validate::message`, as GitHub Actions annotates a PR.
pub fn github(c: &Checked) -> String {
    let mut out = String::new();
    for p in &c.problems {
        let mut props = format!("file={}", gh_escape(&c.file, true));
        if p.line > 0 {
            props.push_str(&format!(",line={},col={}", p.line, p.column));
        }
        props.push_str(",title=orgtui validate");
        out.push_str(&format!("::{} {props}::{}\n", severity(p), gh_escape(&message(p), false)));
    }
    out
}

pub fn json(all: &[Checked]) -> Value {
    let files: Vec<Value> = all
        .iter()
        .map(|c| {
            let problems: Vec<Value> = c
                .problems
                .iter()
                .map(|p| {
                    json!({"line": p.line, "column": p.column, "path": p.path, "severity": severity(p),
                        "message": p.message})
                })
                .collect();
            json!({"file": c.file, "type": c.policy_type, "guessed": c.guessed, "problems": problems})
        })
        .collect();
    json!({"format": JSON_FORMAT, "files": files})
}

/// 1 when a file has an error, or a warning under `strict`; 0 otherwise.
pub fn exit_code(all: &[Checked], strict: bool) -> u8 {
    let failing = |p: &Problem| p.severity == Severity::Error || strict;
    u8::from(all.iter().any(|c| c.problems.iter().any(failing)))
}
