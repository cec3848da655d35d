//! The snapshot file: a versioned, flat JSON document (lists with parent ids, so `jq` users feel at
//! home). It is an external contract, documented in the README, so it has its own record types rather
//! than serialising internal ones.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::org::{
    Account, AccountId, EffectivePolicy, Handshake, OrgUnit, Organization, OuId, ParentId, PolicyId, PolicySummary,
    PolicyType, Root, RootId, Tag, TargetId,
};

/// Format 2 adds the governance records (delegated administrators, trusted services, the resource
/// policy); format 1 files are still read, and say those were not recorded.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest format still read.
pub const OLDEST_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub taken_at: OffsetDateTime,
    pub organization: Organization,
    pub roots: Vec<Root>,
    pub organizational_units: Vec<OuRecord>,
    pub accounts: Vec<AccountRecord>,
    pub policies: Vec<PolicyRecord>,
    #[serde(default)]
    pub handshakes: Vec<Handshake>,
    #[serde(default)]
    pub effective_policies: Vec<EffectivePolicy>,
    /// Format 2: the accounts registered as delegated administrators, with their services.
    #[serde(default)]
    pub delegated_administrators: Vec<crate::org::governance::DelegatedAdmin>,
    /// Format 2: the services with trusted access.
    #[serde(default)]
    pub trusted_services: Vec<crate::org::governance::ServiceSince>,
    /// Format 2: the organization's resource policy, None when it has none.
    #[serde(default)]
    pub resource_policy: Option<String>,
    /// Format 2: the roots' tags, for the roots that have any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub root_tags: Vec<RootTags>,
    /// Format 2: the accounts whose effective management policy AWS does not enforce, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid_effective_policies: Vec<crate::org::governance::InvalidEffective>,
    /// CreateAccount requests made in memory (the demo, `--edit-in-memory`); never written.
    #[serde(default, skip_serializing)]
    pub create_requests: Vec<crate::org::lifecycle::CreateStatus>,
    /// What was left out when the snapshot was taken (`--quick`): "tags", "effective_policies".
    /// Absent in a full snapshot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub omitted: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OuRecord {
    pub id: OuId,
    pub arn: String,
    pub name: String,
    pub parent_id: ParentId,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRecord {
    pub id: AccountId,
    pub arn: String,
    pub name: String,
    pub email: String,
    pub state: String,
    pub joined_method: Option<String>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub joined_timestamp: Option<OffsetDateTime>,
    pub parent_id: ParentId,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyRecord {
    pub id: PolicyId,
    pub arn: String,
    pub name: String,
    #[serde(rename = "type")]
    pub policy_type: PolicyType,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub aws_managed: bool,
    pub content: String,
    #[serde(default)]
    pub target_ids: Vec<TargetId>,
    /// Format 2: the policy's tags (absent when it has none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// Format 2: a root's tags (roots are recorded as ListRoots gives them, which has no tags).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RootTags {
    pub root_id: RootId,
    pub tags: Vec<Tag>,
}

impl OuRecord {
    pub fn to_ou(&self) -> OrgUnit {
        OrgUnit { id: self.id.clone(), arn: self.arn.clone(), name: self.name.clone() }
    }
}

impl AccountRecord {
    pub fn to_account(&self) -> Account {
        Account {
            id: self.id.clone(),
            arn: self.arn.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            state: self.state.clone(),
            joined_method: self.joined_method.clone(),
            joined_timestamp: self.joined_timestamp,
        }
    }
}

impl PolicyRecord {
    pub fn summary(&self) -> PolicySummary {
        PolicySummary {
            id: self.id.clone(),
            arn: self.arn.clone(),
            name: self.name.clone(),
            policy_type: self.policy_type.clone(),
            description: self.description.clone(),
            aws_managed: self.aws_managed,
        }
    }
}

/// Why a snapshot could not be read, naming the file and the problem.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot read snapshot {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path} is not a valid orgtui snapshot: {problem}")]
    Invalid { path: String, problem: String },
    #[error(
        "{path} is snapshot format {found}, but this orgtui reads formats {OLDEST_FORMAT} to {FORMAT_VERSION}; \
         take a new snapshot with `orgtui snapshot` or use a matching orgtui"
    )]
    WrongVersion { path: String, found: u64 },
}

#[derive(Deserialize)]
struct VersionOnly {
    format: Option<serde_json::Value>,
}

impl Snapshot {
    pub fn read(path: &Path) -> Result<Self, SnapshotError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| SnapshotError::Io { path: shown.clone(), source })?;
        Self::parse(&text, &shown)
    }

    /// Parses and checks a snapshot; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, SnapshotError> {
        let invalid = |problem: String| SnapshotError::Invalid { path: origin.to_owned(), problem };
        // The version is checked first so that a newer file says "newer format", not "missing field".
        let version: VersionOnly =
            serde_json::from_str(text).map_err(|e| invalid(format!("not a JSON object ({e})")))?;
        match version.format {
            Some(serde_json::Value::Number(n))
                if n.as_u64().is_some_and(|v| (u64::from(OLDEST_FORMAT)..=u64::from(FORMAT_VERSION)).contains(&v)) => {}
            Some(serde_json::Value::Number(n)) => {
                return Err(SnapshotError::WrongVersion { path: origin.to_owned(), found: n.as_u64().unwrap_or(0) });
            }
            Some(other) => return Err(invalid(format!("\"format\" must be a number, found {other}"))),
            None => return Err(invalid("no \"format\" field: is this an orgtui snapshot?".to_owned())),
        }
        let snapshot: Snapshot = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        snapshot.check_references().map_err(invalid)?;
        Ok(snapshot)
    }

    /// Every parent and target id must name something in the file: a dangling id would show up as a
    /// node that can never load.
    fn check_references(&self) -> Result<(), String> {
        let mut parents: HashSet<&str> = self.roots.iter().map(|r| r.id.as_str()).collect();
        parents.extend(self.organizational_units.iter().map(|o| o.id.as_str()));
        for ou in &self.organizational_units {
            if !parents.contains(ou.parent_id.as_str()) {
                return Err(format!("organizational unit {} has unknown parent {}", ou.id, ou.parent_id));
            }
        }
        for account in &self.accounts {
            if !parents.contains(account.parent_id.as_str()) {
                return Err(format!("account {} has unknown parent {}", account.id, account.parent_id));
            }
        }
        let mut targets = parents;
        targets.extend(self.accounts.iter().map(|a| a.id.as_str()));
        for policy in &self.policies {
            if let Some(t) = policy.target_ids.iter().find(|t| !targets.contains(t.as_str())) {
                return Err(format!("policy {} is attached to unknown target {t}", policy.id));
            }
        }
        Ok(())
    }

    /// Whether the governance records were taken: not in format 1, nor when the crawl could not read
    /// them.
    pub fn records_governance(&self) -> bool {
        self.format >= 2 && !self.omitted.iter().any(|o| o == crate::snapshot::crawl::OMITTED_GOVERNANCE)
    }

    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{
      "format": 1, "taken_at": "2024-01-01T00:00:00Z",
      "organization": {"id": "o-exampleorgid", "arn": "arn:aws:organizations::111122223333:organization/o-exampleorgid",
        "feature_set": "ALL", "master_account_id": "111122223333", "master_account_arn": null, "master_account_email": "a@example.com"},
      "roots": [{"id": "r-ab12", "arn": "arn:root", "name": "Root", "policy_types": []}],
      "organizational_units": [{"id": "ou-ab12-abcdefgh", "arn": "arn:ou", "name": "Prod", "parent_id": "r-ab12"}],
      "accounts": [{"id": "111122223333", "arn": "arn:acct", "name": "mgmt", "email": "a@example.com", "state": "ACTIVE",
        "joined_method": "CREATED", "joined_timestamp": "2020-01-01T00:00:00Z", "parent_id": "ou-ab12-abcdefgh", "tags": []}],
      "policies": []
    }"#;

    #[test]
    fn reads_a_minimal_snapshot() {
        let s = Snapshot::parse(MINIMAL, "x.json").unwrap();
        assert_eq!(s.accounts[0].parent_id.as_str(), "ou-ab12-abcdefgh");
        assert!(s.handshakes.is_empty());
        let again = Snapshot::parse(&s.to_json().unwrap(), "again").unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn wrong_version_and_bad_json_name_the_file_and_the_problem() {
        let newer = MINIMAL.replacen("\"format\": 1", "\"format\": 3", 1);
        let e = Snapshot::parse(&newer, "old.json").unwrap_err().to_string();
        assert!(e.contains("old.json") && e.contains("format 3") && e.contains("reads formats 1 to 2"), "{e}");
        let e = Snapshot::parse("{\"format\": 1, \"roots\": [", "cut.json").unwrap_err().to_string();
        assert!(e.contains("cut.json") && e.contains("line"), "{e}");
        let e = Snapshot::parse("[]", "list.json").unwrap_err().to_string();
        assert!(e.contains("not a JSON object"), "{e}");
        let e = Snapshot::parse("{}", "empty.json").unwrap_err().to_string();
        assert!(e.contains("no \"format\" field"), "{e}");
    }

    #[test]
    fn format_1_is_read_and_says_it_holds_no_governance_records() {
        let old = Snapshot::parse(MINIMAL, "v1.json").unwrap();
        assert_eq!(old.format, 1);
        assert!(!old.records_governance());
        let api = crate::api::memory::MemoryOrg::new(old);
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let e = rt.block_on(crate::api::OrgApi::list_trusted_services(&api)).unwrap_err();
        assert!(e.is_not_recorded() && e.to_string().contains("its format (1) predates"), "{e}");
        let demo = crate::api::memory::MemoryOrg::demo_snapshot().unwrap();
        assert!(demo.records_governance() && demo.format == FORMAT_VERSION);
        assert!(!demo.delegated_administrators.is_empty() && demo.resource_policy.is_some());
    }

    #[test]
    fn invalid_ids_and_dangling_parents_are_reported() {
        let bad_id = MINIMAL.replacen("\"id\": \"111122223333\"", "\"id\": \"1234\"", 1);
        let e = Snapshot::parse(&bad_id, "s.json").unwrap_err().to_string();
        assert!(e.contains("\"1234\" is not a valid account id"), "{e}");
        let dangling =
            MINIMAL.replacen("\"parent_id\": \"ou-ab12-abcdefgh\"", "\"parent_id\": \"ou-ab12-zzzzzzzz\"", 1);
        let e = Snapshot::parse(&dangling, "s.json").unwrap_err().to_string();
        assert!(e.contains("account 111122223333 has unknown parent ou-ab12-zzzzzzzz"), "{e}");
    }
}
