//! The cache of what the TUI has loaded of an organization, so it opens at once the next time, from
//! its last view, and brings itself up to date in the background.
//!
//! One file per profile, region and endpoint, under the user's cache directory
//! (`~/.cache/orgtui/`), written when the app quits, mode 0600 and atomically. It holds what the
//! tree had loaded (the roots, each listed parent's OUs and accounts, each listed target's attached
//! policies, what was expanded and selected), the policy texts and tags that were loaded, and the
//! search index's lists. A file of another format, another key, or that does not parse is ignored
//! with a log line; one of another organization is dropped once DescribeOrganization answers.
//! `--no-cache` neither reads nor writes it. Turning a model into a cache and back is
//! `app::cache`; this is the file.

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::org::{Account, OrgUnit, Organization, ParentId, Policy, PolicySummary, Root, Tag, TargetId};

/// Bumped whenever the layout changes: an older file is ignored, never misread.
pub const FORMAT: u32 = 1;

/// Which organization view a cache file belongs to: the same credentials' profile, region and
/// endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheKey {
    pub profile: Option<String>,
    pub region: String,
    pub endpoint: Option<String>,
}

impl CacheKey {
    /// A file name that names the key in a readable way, with a hash so two keys never share one.
    pub fn file_name(&self) -> String {
        let text = format!(
            "{}\n{}\n{}",
            self.profile.as_deref().unwrap_or("default"),
            self.region,
            self.endpoint.as_deref().unwrap_or("")
        );
        // FNV-1a: stable across runs and Rust versions, unlike the standard hasher.
        let hash =
            text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        let readable: String = format!("{}-{}", self.profile.as_deref().unwrap_or("default"), self.region)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
            .take(60)
            .collect();
        format!("{readable}-{hash:016x}.json")
    }
}

/// The OUs and accounts directly under a parent, as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    pub parent: ParentId,
    pub ous: Vec<OrgUnit>,
    pub accounts: Vec<Account>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attached {
    pub target: TargetId,
    pub policies: Vec<PolicySummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tagged {
    pub target: crate::org::ResourceId,
    pub tags: Vec<Tag>,
}

/// What the search index was built from, beyond the tree's listings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexLists {
    pub accounts: Vec<Account>,
    pub ous: Vec<Listing>,
    pub policies: Vec<PolicySummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cached {
    pub format: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub written_at: OffsetDateTime,
    pub key: CacheKey,
    pub organization: Organization,
    pub roots: Vec<Root>,
    pub children: Vec<Listing>,
    pub attached: Vec<Attached>,
    /// Nodes that were open, by their path of ids from the root (`r-…/ou-…/policies`).
    pub expanded: Vec<String>,
    pub selected: Option<String>,
    pub policies: Vec<Policy>,
    pub tags: Vec<Tagged>,
    pub index: IndexLists,
}

/// Where the cache of `key` lives: `~/.cache/orgtui/<profile>-<region>-<hash>.json`.
pub fn path(key: &CacheKey) -> Option<PathBuf> {
    Some(dirs::cache_dir()?.join("orgtui").join(key.file_name()))
}

/// The cache for `key`, if there is a usable one; anything else is logged and ignored.
pub fn read(path: &Path, key: &CacheKey) -> Option<Cached> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "cache not readable; ignored");
            return None;
        }
    };
    parse(&text, key).map_err(|why| tracing::warn!(path = %path.display(), why, "cache ignored")).ok()
}

/// A cache file's text, checked: this format, this key.
pub fn parse(text: &str, key: &CacheKey) -> Result<Cached, String> {
    // The format first, on its own: a file of another layout is "another format", not "unreadable".
    #[derive(Deserialize)]
    struct Format {
        format: Option<u64>,
    }
    let format = serde_json::from_str::<Format>(text).map_err(|e| format!("not JSON: {e}"))?.format;
    if format != Some(u64::from(FORMAT)) {
        return Err(format!("format {format:?}, this orgtui reads {FORMAT}"));
    }
    let cached: Cached = serde_json::from_str(text).map_err(|e| format!("unreadable: {e}"))?;
    if &cached.key != key {
        return Err("written for another profile, region or endpoint".to_owned());
    }
    Ok(cached)
}

/// Writes the cache (mode 0600, atomically: a crash never leaves half a file).
pub fn write(path: &Path, cached: &Cached) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    let json = serde_json::to_string(cached)?;
    crate::snapshot::write::write_atomic(path, &json)
}
