//! Accounts' life cycle: a new account requested (CreateAccount is asynchronous: a request whose
//! status is polled), and the words for the reasons a request fails.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{AccountId, Tag};

/// The role CreateAccount makes in the new account when none is named.
pub const DEFAULT_ROLE: &str = "OrganizationAccountAccessRole";

/// What the create-account form sends.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAccount {
    pub name: String,
    pub email: String,
    pub role_name: String,
    /// IAM users and roles of the new account may see its billing (ALLOW) or not (DENY).
    pub billing_access: bool,
    pub tags: Vec<Tag>,
}

/// A CreateAccount request as AWS reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateStatus {
    pub id: String,
    pub name: String,
    /// IN_PROGRESS, SUCCEEDED or FAILED.
    pub state: String,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub requested: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub completed: Option<OffsetDateTime>,
    pub account_id: Option<AccountId>,
    pub failure: Option<String>,
}

impl CreateStatus {
    pub fn in_progress(&self) -> bool {
        self.state == "IN_PROGRESS"
    }

    /// The failure in words, with AWS's code after it.
    pub fn failure_words(&self) -> Option<String> {
        let code = self.failure.as_deref()?;
        let words = match code {
            "EMAIL_ALREADY_EXISTS" => "another AWS account already uses this email address",
            "ACCOUNT_LIMIT_EXCEEDED" => "the organization has as many accounts as its quota allows",
            "INVALID_EMAIL" => "AWS does not accept this email address",
            "INVALID_ADDRESS" => "the management account's address is not valid",
            "CONCURRENT_ACCOUNT_MODIFICATION" => "another account change was in progress: try again",
            "INTERNAL_FAILURE" => "AWS failed internally: try again later",
            "GOVCLOUD_ACCOUNT_ALREADY_EXISTS" => "a GovCloud account already exists for this account",
            "MISSING_BUSINESS_VALIDATION" | "MISSING_PAYMENT_INSTRUMENT" => {
                "the management account needs a valid payment method and business validation"
            }
            "FAILED_BUSINESS_VALIDATION" => "AWS could not validate the management account's business details",
            "PENDING_BUSINESS_VALIDATION" => "the management account's business validation is still pending",
            "INVALID_IDENTITY_FOR_BUSINESS_VALIDATION" => "the identity given for business validation is not valid",
            "UNKNOWN_BUSINESS_VALIDATION" => "AWS could not finish the business validation",
            "UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED" => {
                "the organization's resource policy does not allow creating accounts with tags"
            }
            "INVALID_PAYMENT_INSTRUMENT" => "the management account's payment method is not valid",
            _ => "AWS gave this reason",
        };
        Some(format!("{words} ({code})"))
    }
}

/// Closing accounts is limited: 10% of the member accounts in a rolling 30 days, at least 10 and at
/// most 1,000 (AWS's documented quota).
pub fn closure_quota(members: usize) -> usize {
    (members / 10).clamp(10, 1000)
}

/// An email address AWS would take, by its shape (AWS checks the rest).
pub fn email_problem(email: &str) -> Option<String> {
    let n = email.chars().count();
    let parts = email.split_once('@');
    if !(6..=64).contains(&n) {
        Some(format!("An account's email has 6 to 64 characters ({n} typed)."))
    } else if parts.is_none_or(|(local, domain)| local.is_empty() || !domain.contains('.') || domain.ends_with('.'))
        || email.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        Some(format!("{email} is not an email address."))
    } else {
        None
    }
}

/// An account name AWS would take: 1 to 50 characters.
pub fn account_name_problem(name: &str) -> Option<String> {
    let n = name.chars().count();
    if name.trim().is_empty() {
        Some("The account needs a name.".to_owned())
    } else if n > 50 {
        Some(format!("An account name has at most 50 characters ({n} typed)."))
    } else if name.chars().any(char::is_control) {
        Some("An account name cannot hold control characters.".to_owned())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closure_quota_and_the_checks_follow_aws_s_documentation() {
        assert_eq!(closure_quota(3), 10);
        assert_eq!(closure_quota(250), 25);
        assert_eq!(closure_quota(50_000), 1000);
        assert_eq!(email_problem("ops@example.com"), None);
        assert!(email_problem("ops@example").is_some());
        assert!(email_problem("a@b.c").unwrap().contains("6 to 64"));
        assert!(account_name_problem(&"x".repeat(51)).unwrap().contains("at most 50"));
        let failed = CreateStatus {
            id: "car-1".into(),
            name: "n".into(),
            state: "FAILED".into(),
            requested: None,
            completed: None,
            account_id: None,
            failure: Some("EMAIL_ALREADY_EXISTS".into()),
        };
        assert_eq!(
            failed.failure_words().unwrap(),
            "another AWS account already uses this email address (EMAIL_ALREADY_EXISTS)"
        );
    }
}
