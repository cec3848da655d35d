//! Accounts' life cycle in the UI: the create-account form, and what removing or closing an account
//! asks for (its id typed: names are not unique).

use super::text_field::TextField;
use crate::org::lifecycle::{self, CreateStatus, DEFAULT_ROLE, NewAccount};
use crate::org::{AccountId, ParentId};

/// The form's fields, in order.
pub const LABELS: [&str; 5] = [
    "Account name",
    "Email of its root user",
    "Role the management account assumes in it",
    "IAM users may see billing (allow or deny)",
    "Tags (key=value, separated by commas)",
];
const MAX: [usize; 5] = [50, 64, 64, 5, super::structure::StructureForm::MAX_TAGS_TEXT];

#[derive(Debug, Clone, PartialEq)]
pub struct AccountForm {
    pub parent: ParentId,
    pub path: String,
    pub fields: [TextField; 5],
    pub field: usize,
    pub error: Option<String>,
}

impl AccountForm {
    pub fn new(parent: ParentId, path: String) -> Self {
        let mut fields: [TextField; 5] = Default::default();
        fields[2].set(DEFAULT_ROLE);
        fields[3].set("deny");
        Self { parent, path, fields, field: 0, error: None }
    }

    pub fn limit(&self) -> usize {
        MAX[self.field.min(4)]
    }

    /// What was typed, checked the way AWS checks it.
    pub fn read(&self) -> Result<NewAccount, String> {
        let [name, email, role, billing, tags] = &self.fields;
        let (name, email, role) = (name.trim().to_owned(), email.trim().to_owned(), role.trim().to_owned());
        if let Some(why) = lifecycle::account_name_problem(&name).or_else(|| lifecycle::email_problem(&email)) {
            return Err(why);
        }
        if role.is_empty() || role.chars().any(|c| !(c.is_ascii_alphanumeric() || "+=,.@-_".contains(c))) {
            return Err(
                "The role name takes letters, digits and +=,.@-_ (OrganizationAccountAccessRole by default).".into()
            );
        }
        let billing_access = match billing.trim().to_ascii_lowercase().as_str() {
            "allow" | "yes" => true,
            "deny" | "no" | "" => false,
            other => return Err(format!("Billing access is allow or deny, not {other}.")),
        };
        let tags = super::structure::parse_tags(tags)?;
        Ok(NewAccount { name, email, role_name: role, billing_access, tags })
    }
}

/// The two ways an account ends here (`X` on it), as the choice lists them.
pub const ENDINGS: [&str; 2] = ["Remove it from the organization...", "Close the account..."];

/// A change to an account's life, once confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountChange {
    /// CreateAccount, then (AWS creates in the root) MoveAccount into `parent` once it exists.
    Create {
        new: NewAccount,
        parent: ParentId,
    },
    Remove {
        id: AccountId,
        name: String,
        parent: ParentId,
    },
    Close {
        id: AccountId,
        name: String,
        parent: ParentId,
    },
}

impl AccountChange {
    pub fn operation(&self) -> &'static str {
        match self {
            Self::Create { .. } => "CreateAccount",
            Self::Remove { .. } => "RemoveAccountFromOrganization",
            Self::Close { .. } => "CloseAccount",
        }
    }
}

/// A create request being followed: polled until AWS says it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Following {
    pub status: CreateStatus,
    pub parent: ParentId,
}
