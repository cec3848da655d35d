//! What the user asks the checker: an action, optionally a resource ARN, a region and the request's
//! context, read from what was typed with a pointed message for what cannot be read.

use super::Known;

/// What the user asks: an action (wildcards allowed), and optionally a resource ARN, a region and
/// the values of condition keys in the request.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub action: String,
    pub resource: Option<String>,
    pub region: Option<String>,
    /// Condition keys the user gave, in the order given (`Known::Absent` for `!key`).
    pub context: Vec<(String, Known)>,
    /// The catalogue says the action takes only "*" as its resource (set by `check`).
    pub only_star: bool,
}

/// How the context is written, for the form's hint, the README and errors.
pub const CONTEXT_SYNTAX: &str =
    "key=value, key=v1,v2 for several values, !key for a key absent from the request; separated by spaces";

/// Reads a request context: `aws:ResourceOrgID=o-abc aws:PrincipalTag/team=ops,dev !aws:username`.
/// A value with spaces or commas goes in double quotes.
pub fn parse_context(text: &str) -> Result<Vec<(String, Known)>, String> {
    let mut out: Vec<(String, Known)> = Vec::new();
    for entry in split_entries(text)? {
        let (key, known) = if let Some(key) = entry.strip_prefix('!') {
            (key.to_owned(), Known::Absent)
        } else {
            let Some((key, value)) = entry.split_once('=') else {
                return Err(format!("{entry:?} has no value: {CONTEXT_SYNTAX}"));
            };
            (key.to_owned(), Known::Values(split_values(value)))
        };
        let well_formed = key.split_once(':').is_some_and(|(service, name)| {
            !service.is_empty() && !name.is_empty() && !key.chars().any(|c| c.is_whitespace() || c == '"')
        });
        if !well_formed {
            return Err(format!("{key:?} is not a condition key like aws:ResourceOrgID or aws:PrincipalTag/team"));
        }
        out.retain(|(k, _)| !k.eq_ignore_ascii_case(&key));
        out.push((key, known));
    }
    Ok(out)
}

/// Entries separated by spaces, a double-quoted run kept whole (quotes kept for `split_values`).
fn split_entries(text: &str) -> Result<Vec<String>, String> {
    let (mut entries, mut current, mut quoted) = (Vec::new(), String::new(), false);
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    entries.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err("a double quote in the context is not closed".to_owned());
    }
    if !current.is_empty() {
        entries.push(current);
    }
    Ok(entries)
}

fn split_values(text: &str) -> Vec<String> {
    let (mut values, mut current, mut quoted) = (Vec::new(), String::new(), false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => values.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    values.push(current);
    values
}

impl Question {
    /// Reads what was typed, with a pointed message for what cannot be an action, ARN or region.
    pub fn parse(action: &str, resource: &str, region: &str) -> Result<Self, String> {
        let action = action.trim();
        let well_formed = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-*?".contains(c));
        match action.split_once(':') {
            _ if action == "*" => {}
            Some((service, name)) if well_formed(service) && well_formed(name) => {}
            _ => {
                return Err(format!(
                    "{action:?} is not an action: write service:Action, e.g. s3:PutObject or ec2:Run*"
                ));
            }
        }
        let resource = Some(resource.trim()).filter(|r| !r.is_empty() && *r != "*");
        if let Some(r) = resource
            && (!r.starts_with("arn:") || r.split(':').count() < 6 || r.chars().any(char::is_whitespace))
        {
            return Err(format!(
                "{r:?} is not an ARN: arn:partition:service:region:account:resource, or leave it empty"
            ));
        }
        let mut region = Some(region.trim().to_ascii_lowercase()).filter(|r| !r.is_empty());
        if let Some(r) = &region
            && !r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(format!("{r:?} is not a region name like eu-west-1"));
        }
        // The region an ARN names is the region of the request, unless one was given.
        if region.is_none() {
            region = resource.and_then(|r| r.split(':').nth(3)).filter(|r| !r.is_empty()).map(str::to_owned);
        }
        Ok(Self {
            action: action.to_owned(),
            resource: resource.map(str::to_owned),
            region,
            context: Vec::new(),
            only_star: false,
        })
    }

    /// The question with the request's context read from what was typed.
    pub fn with_context(mut self, text: &str) -> Result<Self, String> {
        self.context = parse_context(text)?;
        Ok(self)
    }

    /// The question in a few words: "ec2:RunInstances in eu-west-1".
    pub fn describe(&self) -> String {
        let mut text = self.action.clone();
        if let Some(r) = &self.resource {
            text.push_str(&format!(" on {r}"));
        }
        if let Some(r) = &self.region {
            text.push_str(&format!(" in {r}"));
        }
        for (key, known) in &self.context {
            text.push_str(&format!(" {key}={}", known.describe()));
        }
        text
    }

    pub(super) fn service(&self) -> &str {
        self.action.split_once(':').map_or("*", |(s, _)| s)
    }

    /// The account an ARN names (S3 bucket ARNs name none).
    pub fn resource_account(&self) -> Option<&str> {
        self.resource.as_deref().and_then(|r| r.split(':').nth(4)).filter(|a| !a.is_empty())
    }
}
