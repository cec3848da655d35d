//! The project's own error type: what went wrong, in the user's words. Every backend converts its
//! failures into this, so the UI never sees SDK types and tests can compare errors as data.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("access denied to {action}{}", suffix(message))]
    AccessDenied { action: String, message: String },
    #[error("AWS kept throttling {action}: still refused after retrying for minutes")]
    Throttled { action: String },
    #[error("{what} not found{}", suffix(message))]
    NotFound { what: String, message: String },
    #[error("{action} rejected its input ({reason}){}", suffix(message))]
    InvalidInput { action: String, reason: String, message: String },
    #[error("{action} collided with another change to the organization in progress; try again in a moment")]
    ConcurrentModification { action: String },
    #[error("{action} refused ({reason}){}", suffix(message))]
    Constraint { action: String, reason: String, message: String },
    #[error("{action}: the handshake is already in that state{}", suffix(message))]
    AlreadyInState { action: String, message: String },
    #[error("{action}: a handshake in this state cannot change that way{}", suffix(message))]
    InvalidTransition { action: String, message: String },
    #[error("{action}: the account already belongs to an organization{}", suffix(message))]
    AlreadyInOrganization { action: String, message: String },
    #[error("{action}: it already exists{}", suffix(message))]
    Duplicate { action: String, message: String },
    #[error("{action}: AWS rejected the policy document{}", suffix(message))]
    MalformedPolicy { action: String, message: String },
    #[error("{action}: the policy is still attached to targets{}", suffix(message))]
    PolicyInUse { action: String, message: String },
    #[error("{action}: the policy is not attached there{}", suffix(message))]
    NotAttached { action: String, message: String },
    #[error("{action}: the OU still holds accounts or OUs{}", suffix(message))]
    NotEmpty { action: String, message: String },
    #[error("{action}: {message}")]
    PolicyTypeState { action: String, message: String },
    #[error("this account is not a member of an AWS Organization")]
    NotInOrganization,
    #[error("{kind}: {message}")]
    Credentials { kind: CredentialProblem, message: String },
    #[error("could not reach AWS Organizations: {message}")]
    Network { message: String },
    #[error(
        "{action} got no clear answer from AWS ({message}). AWS may have done it: orgtui did not send it again, \
         so nothing was done twice; check what AWS holds before trying again"
    )]
    Uncertain { action: String, message: String },
    #[error("{action} refused: orgtui is running with --read-only")]
    ReadOnly { action: String },
    #[error("{action} failed: {message}")]
    Other { action: String, message: String },
    /// A snapshot taken with `--quick` left this out: nothing failed, and nothing to retry.
    #[error("not in this snapshot: {why}")]
    NotRecorded { why: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialProblem {
    Missing,
    Expired,
    Invalid,
}

impl fmt::Display for CredentialProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Missing => "no AWS credentials could be loaded",
            Self::Expired => "the AWS credentials have expired",
            Self::Invalid => "AWS did not accept the credentials",
        })
    }
}

fn suffix(message: &str) -> String {
    if message.is_empty() { String::new() } else { format!(": {message}") }
}

impl ApiError {
    /// What a quick snapshot did not record: a calm note in place, never a failure to retry.
    pub fn is_not_recorded(&self) -> bool {
        matches!(self, Self::NotRecorded { .. })
    }

    pub fn other(action: &str, message: impl Into<String>) -> Self {
        Self::Other { action: action.to_owned(), message: message.into() }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into(), message: String::new() }
    }

    /// A short label for narrow places (a tree row, a toast).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::AccessDenied { .. } => "AccessDenied",
            Self::Throttled { .. } => "Throttled",
            Self::NotFound { .. } => "NotFound",
            Self::InvalidInput { .. } => "InvalidInput",
            Self::ConcurrentModification { .. } => "ConcurrentModification",
            Self::Constraint { .. } => "ConstraintViolation",
            Self::AlreadyInState { .. } => "AlreadyInState",
            Self::InvalidTransition { .. } => "InvalidTransition",
            Self::AlreadyInOrganization { .. } => "AlreadyInOrganization",
            Self::Duplicate { .. } => "Duplicate",
            Self::NotInOrganization => "NotInOrganization",
            Self::MalformedPolicy { .. } => "MalformedPolicyDocument",
            Self::PolicyInUse { .. } => "PolicyInUse",
            Self::NotAttached { .. } => "PolicyNotAttached",
            Self::NotEmpty { .. } => "OrganizationalUnitNotEmpty",
            Self::PolicyTypeState { .. } => "PolicyType",
            Self::Credentials { .. } => "Credentials",
            Self::Network { .. } => "Network",
            Self::Uncertain { .. } => "Uncertain",
            Self::ReadOnly { .. } => "ReadOnly",
            Self::Other { .. } => "Error",
            Self::NotRecorded { .. } => "NotRecorded",
        }
    }

    /// What AWS's answer means, for the refusals whose code alone says little.
    pub fn explanation(&self) -> Option<&'static str> {
        Some(match self {
            Self::Constraint { reason, .. } => match reason.as_str() {
                "HANDSHAKE_RATE_LIMIT_EXCEEDED" => {
                    "The organization sent as many invitations as AWS allows in a day (20); try again tomorrow."
                }
                "ORGANIZATION_MEMBERSHIP_CHANGE_RATE_LIMIT_EXCEEDED" => {
                    "This account joined or left organizations too often recently; AWS lets it change again later."
                }
                "ALREADY_IN_AN_ORGANIZATION" => {
                    "The account already belongs to an organization; it must leave it first."
                }
                "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES" => {
                    "No invitations can be sent while the organization is changing to all features."
                }
                "ORGANIZATION_ALREADY_HAS_ALL_FEATURES" => "The organization already has all features.",
                "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION" => {
                    "A change to all features is already under way."
                }
                "PAYMENT_INSTRUMENT_REQUIRED" => "The account needs a valid payment method before it can join.",
                "ORGANIZATION_FROM_DIFFERENT_SELLER_OF_RECORD" => {
                    "The account and the organization are billed by different AWS sellers (e.g. AWS Inc. and AWS \
                     India); they cannot be joined."
                }
                "ACCOUNT_NUMBER_LIMIT_EXCEEDED" => "The organization has as many accounts as its quota allows.",
                "POLICY_CONTENT_LIMIT_EXCEEDED" => {
                    "The document is larger than its type's quota allows (by default 10,240 characters for an SCP, \
                     5,120 for an RCP, counted without spaces between elements)."
                }
                "POLICY_NUMBER_LIMIT_EXCEEDED" => "The organization has as many policies of this type as AWS allows.",
                "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED" => {
                    "The target already has as many policies of this type as its quota allows (by default 10 SCPs, 5 \
                     RCPs): detach one first."
                }
                "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED" => "Every root, OU and account must keep at least one SCP.",
                "OU_DEPTH_LIMIT_EXCEEDED" => "OUs nest at most five levels below the root.",
                "OU_NUMBER_LIMIT_EXCEEDED" => {
                    "The organization has as many OUs as its quota allows (1,000 by default)."
                }
                "MAX_TAG_LIMIT_EXCEEDED" => "A resource carries at most 50 tags.",
                "TAG_POLICY_VIOLATION" => "A tag policy in force here does not allow this tag or value.",
                _ => return None,
            },
            Self::AlreadyInState { .. } => "Someone answered it already; the inbox shows its state now.",
            Self::InvalidTransition { .. } => {
                "It was answered, canceled or expired meanwhile, and a handshake never leaves those states."
            }
            Self::NotFound { .. } => "It no longer exists (handshakes are kept for 30 days after they end).",
            Self::AlreadyInOrganization { .. } => {
                "An account belongs to one organization at a time; it must leave its organization first."
            }
            Self::ConcurrentModification { .. } => "Another change was being made at the same moment; try again.",
            Self::MalformedPolicy { .. } => "AWS read the document differently from orgtui's checks: see its message.",
            Self::PolicyInUse { .. } => "A policy must be detached from every target before it can be deleted.",
            Self::NotEmpty { .. } => "AWS deletes only an empty OU: move its accounts and delete its OUs first.",
            _ => return None,
        })
    }

    /// What the user can do about it, when there is something specific to say.
    pub fn fix(&self, profile: Option<&str>) -> Option<String> {
        let profile_flag = profile.map(|p| format!(" --profile {p}")).unwrap_or_default();
        match self {
            Self::Credentials { kind: CredentialProblem::Missing, .. } => Some(format!(
                "configure credentials (`aws configure{profile_flag}`, or `aws sso login{profile_flag}` for IAM Identity Center; \
                 add --use-device-code on a host without a browser), pick a profile with --profile or AWS_PROFILE, \
                 or try `orgtui --demo`"
            )),
            Self::Credentials { kind: CredentialProblem::Expired, .. } => Some(format!(
                "refresh them: `aws sso login{profile_flag}` for IAM Identity Center, or renew the session credentials you exported"
            )),
            Self::Credentials { kind: CredentialProblem::Invalid, .. } => Some(
                "check the access key and secret (`aws sts get-caller-identity` tells which identity they belong to)".to_owned(),
            ),
            Self::NotInOrganization => Some(
                "use the credentials of an account that belongs to an organization (its management account sees the whole tree), \
                 or create one with `aws organizations create-organization`"
                    .to_owned(),
            ),
            Self::Network { .. } => Some(
                "check the network, proxy settings (HTTPS_PROXY) and --endpoint-url, then try again".to_owned(),
            ),
            Self::AccessDenied { action, .. } => Some(format!(
                "ask for organizations:{action} in your IAM policy (the README lists what read-only browsing needs)"
            )),
            Self::Throttled { .. } => Some(
                "AWS refused it for minutes on end: other tools may be using this account's quota; press r to retry later"
                    .to_owned(),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_action_and_the_fix() {
        let e = ApiError::AccessDenied { action: "ListRoots".into(), message: String::new() };
        assert_eq!(e.to_string(), "access denied to ListRoots");
        assert!(e.fix(None).unwrap().contains("organizations:ListRoots"));
        let e = ApiError::Credentials { kind: CredentialProblem::Expired, message: "token expired".into() };
        assert!(e.fix(Some("prod")).unwrap().contains("aws sso login --profile prod"));
        let e = ApiError::InvalidInput {
            action: "ListChildren".into(),
            reason: "INVALID_PARTY_TYPE_TARGET".into(),
            message: "bad".into(),
        };
        assert_eq!(e.to_string(), "ListChildren rejected its input (INVALID_PARTY_TYPE_TARGET): bad");
    }
}
