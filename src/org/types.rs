//! The organization as orgtui sees it: plain data, independent of the SDK and of the snapshot format.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::ids::{AccountId, HandshakeId, OrgId, OuId, PolicyId, RootId, TargetId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: OrgId,
    pub arn: String,
    pub feature_set: String,
    pub master_account_id: Option<AccountId>,
    pub master_account_arn: Option<String>,
    pub master_account_email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyTypeStatus {
    #[serde(rename = "type")]
    pub policy_type: PolicyType,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Root {
    pub id: RootId,
    pub arn: String,
    pub name: String,
    #[serde(default)]
    pub policy_types: Vec<PolicyTypeStatus>,
}

impl Root {
    /// The policy types that can be attached under this root, in a stable order (SCP first).
    pub fn enabled_policy_types(&self) -> Vec<PolicyType> {
        let mut types: Vec<PolicyType> =
            self.policy_types.iter().filter(|t| t.status == "ENABLED").map(|t| t.policy_type.clone()).collect();
        types.sort_by_key(PolicyType::sort_key);
        types
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub id: OuId,
    pub arn: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub arn: String,
    pub name: String,
    pub email: String,
    /// ACTIVE, SUSPENDED, PENDING_ACTIVATION, PENDING_CLOSURE, CLOSED, or whatever AWS adds.
    pub state: String,
    pub joined_method: Option<String>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub joined_timestamp: Option<OffsetDateTime>,
}

/// The OUs and accounts directly under one parent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Children {
    pub ous: Vec<OrgUnit>,
    pub accounts: Vec<Account>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// A policy type as AWS names it (SERVICE_CONTROL_POLICY, TAG_POLICY, ...). Kept as text so a type AWS
/// adds tomorrow still shows up instead of failing to parse.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyType(pub String);

impl PolicyType {
    pub const SCP: &'static str = "SERVICE_CONTROL_POLICY";
    pub const RCP: &'static str = "RESOURCE_CONTROL_POLICY";

    pub fn new(name: &str) -> Self {
        Self(name.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Short name for narrow places (tree rows, badges).
    pub fn short(&self) -> &str {
        match self.0.as_str() {
            "SERVICE_CONTROL_POLICY" => "SCP",
            "RESOURCE_CONTROL_POLICY" => "RCP",
            "TAG_POLICY" => "Tag",
            "BACKUP_POLICY" => "Backup",
            "AISERVICES_OPT_OUT_POLICY" => "AI opt-out",
            "CHATBOT_POLICY" => "Chatbot",
            "DECLARATIVE_POLICY_EC2" => "Declarative EC2",
            "SECURITYHUB_POLICY" => "Security Hub",
            "INSPECTOR_POLICY" => "Inspector",
            "GUARDDUTY_POLICY" => "GuardDuty",
            "BEDROCK_POLICY" => "Bedrock",
            "S3_POLICY" => "S3",
            "NETWORK_SECURITY_DIRECTOR_POLICY" => "Network Security Director",
            "UPGRADE_ROLLOUT_POLICY" => "Upgrade rollout",
            other => other,
        }
    }

    /// Authorization policies (SCP, RCP) restrict permissions; the others are management policies.
    pub fn is_authorization(&self) -> bool {
        matches!(self.0.as_str(), Self::SCP | Self::RCP)
    }

    /// SCP first, then RCP, then the management types by name: the order every list shows them in.
    pub fn sort_key(&self) -> (u8, String) {
        let rank = match self.0.as_str() {
            Self::SCP => 0,
            Self::RCP => 1,
            _ => 2,
        };
        (rank, self.0.clone())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicySummary {
    pub id: PolicyId,
    pub arn: String,
    pub name: String,
    #[serde(rename = "type")]
    pub policy_type: PolicyType,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub aws_managed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub summary: PolicySummary,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyTarget {
    pub target_id: TargetId,
    pub arn: String,
    pub name: String,
    pub target_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandshakeParty {
    pub id: String,
    #[serde(rename = "type")]
    pub party_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandshakeResource {
    pub value: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<HandshakeResource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handshake {
    pub id: HandshakeId,
    pub arn: String,
    pub parties: Vec<HandshakeParty>,
    pub state: String,
    pub action: String,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub requested_timestamp: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub expiration_timestamp: Option<OffsetDateTime>,
    #[serde(default)]
    pub resources: Vec<HandshakeResource>,
}

/// What an UpdatePolicy call changes; `None` leaves that part as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
    /// Sent as given: callers minify it first (AWS counts the size of what it receives).
    pub content: Option<String>,
}

/// Everything CreatePolicy needs.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPolicy {
    pub policy_type: PolicyType,
    pub name: String,
    pub description: String,
    pub content: String,
}

/// Whom an invitation to join the organization goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteTarget {
    Account(AccountId),
    Email(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EffectivePolicy {
    pub target_id: AccountId,
    pub policy_type: PolicyType,
    pub content: String,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub last_updated_timestamp: Option<OffsetDateTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enabled_types_come_scp_first_and_skip_pending_ones() {
        let root = Root {
            id: RootId::parse("r-ab12").unwrap(),
            arn: "arn".into(),
            name: "Root".into(),
            policy_types: [
                ("TAG_POLICY", "ENABLED"),
                ("SERVICE_CONTROL_POLICY", "ENABLED"),
                ("BACKUP_POLICY", "PENDING_DISABLE"),
            ]
            .iter()
            .map(|(t, s)| PolicyTypeStatus { policy_type: PolicyType::new(t), status: (*s).into() })
            .collect(),
        };
        let names: Vec<_> = root.enabled_policy_types().iter().map(|t| t.short().to_owned()).collect();
        assert_eq!(names, ["SCP", "Tag"]);
    }

    #[test]
    fn a_type_aws_adds_tomorrow_is_shown_as_it_comes() {
        assert_eq!(PolicyType::new("SOMETHING_NEW").short(), "SOMETHING_NEW");
        assert!(!PolicyType::new("SOMETHING_NEW").is_authorization());
        assert!(PolicyType::new(PolicyType::RCP).is_authorization());
    }
}
