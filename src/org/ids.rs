//! Validated identifiers. AWS documents a pattern for every id; checking it at the edge (snapshot files,
//! user input) turns a typo into a clear message instead of a confusing API error later.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid id, in the user's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {kind}: {expected}")]
pub struct InvalidId {
    pub kind: &'static str,
    pub value: String,
    pub expected: &'static str,
}

fn lower_alnum(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

fn len_in(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $expected:literal, $check:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const KIND: &'static str = $kind;

            pub fn parse(value: &str) -> Result<Self, InvalidId> {
                let check: fn(&str) -> bool = $check;
                if check(value) {
                    Ok(Self(value.to_owned()))
                } else {
                    Err(InvalidId { kind: $kind, value: value.to_owned(), expected: $expected })
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;
            fn try_from(value: String) -> Result<Self, InvalidId> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                Self::parse(s)
            }
        }
    };
}

id_type!(
    /// A 12-digit AWS account id.
    AccountId, "account id", "exactly 12 digits",
    |s| s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
);
id_type!(
    /// `r-` and 4 to 32 lower-case letters or digits.
    RootId, "root id", "r- followed by 4 to 32 lower-case letters or digits",
    |s| s.strip_prefix("r-").is_some_and(|r| len_in(r, 4, 32) && lower_alnum(r))
);
id_type!(
    /// `ou-`, the root's 4 to 32 characters, `-`, and 8 to 32 more.
    OuId, "organizational unit id", "ou-xxxx-xxxxxxxx (lower-case letters and digits)",
    |s| s.strip_prefix("ou-").and_then(|r| r.split_once('-')).is_some_and(|(a, b)| {
        len_in(a, 4, 32) && lower_alnum(a) && len_in(b, 8, 32) && lower_alnum(b)
    })
);
id_type!(
    /// `p-` and 8 to 128 letters, digits or underscores (AWS-managed ids such as p-FullAWSAccess included).
    PolicyId, "policy id", "p- followed by 8 to 128 letters, digits or underscores",
    |s| s.strip_prefix("p-").is_some_and(|r| {
        len_in(r, 8, 128) && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
);
id_type!(
    /// `o-` and 10 to 32 lower-case letters or digits.
    OrgId, "organization id", "o- followed by 10 to 32 lower-case letters or digits",
    |s| s.strip_prefix("o-").is_some_and(|r| len_in(r, 10, 32) && lower_alnum(r))
);
id_type!(
    /// `h-` and 8 to 32 lower-case letters or digits.
    HandshakeId, "handshake id", "h- followed by 8 to 32 lower-case letters or digits",
    |s| s.strip_prefix("h-").is_some_and(|r| len_in(r, 8, 32) && lower_alnum(r))
);

/// Something that can hold OUs and accounts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ParentId {
    Root(RootId),
    Ou(OuId),
}

/// Something a policy can be attached to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum TargetId {
    Root(RootId),
    Ou(OuId),
    Account(AccountId),
}

impl ParentId {
    pub fn parse(value: &str) -> Result<Self, InvalidId> {
        if value.starts_with("r-") {
            RootId::parse(value).map(Self::Root)
        } else if value.starts_with("ou-") {
            OuId::parse(value).map(Self::Ou)
        } else {
            Err(InvalidId {
                kind: "parent id",
                value: value.to_owned(),
                expected: "a root id (r-...) or an organizational unit id (ou-...)",
            })
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Root(id) => id.as_str(),
            Self::Ou(id) => id.as_str(),
        }
    }

    pub fn as_target(&self) -> TargetId {
        match self {
            Self::Root(id) => TargetId::Root(id.clone()),
            Self::Ou(id) => TargetId::Ou(id.clone()),
        }
    }
}

impl TargetId {
    pub fn parse(value: &str) -> Result<Self, InvalidId> {
        match ParentId::parse(value) {
            Ok(parent) => Ok(parent.as_target()),
            Err(_) if value.bytes().all(|b| b.is_ascii_digit()) => AccountId::parse(value).map(Self::Account),
            Err(_) => Err(InvalidId {
                kind: "target id",
                value: value.to_owned(),
                expected: "a root id (r-...), an organizational unit id (ou-...) or a 12-digit account id",
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Root(id) => id.as_str(),
            Self::Ou(id) => id.as_str(),
            Self::Account(id) => id.as_str(),
        }
    }

    /// The place named as sentences and the checker's levels name it: "root Root", "OU Workloads",
    /// "account dev (123456789012)" (an account's id, since names repeat across accounts).
    pub fn describe(&self, name: &str) -> String {
        match self {
            Self::Root(_) => format!("root {name}"),
            Self::Ou(_) => format!("OU {name}"),
            Self::Account(id) => format!("account {name} ({id})"),
        }
    }

    /// The same root or OU as a parent; an account is no parent.
    pub fn as_parent(&self) -> Option<ParentId> {
        match self {
            Self::Root(id) => Some(ParentId::Root(id.clone())),
            Self::Ou(id) => Some(ParentId::Ou(id.clone())),
            Self::Account(_) => None,
        }
    }
}

/// Something that can carry tags (TagResource, ListTagsForResource): a root, OU or account, or a
/// policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ResourceId {
    Target(TargetId),
    Policy(PolicyId),
}

impl ResourceId {
    pub fn parse(value: &str) -> Result<Self, InvalidId> {
        if value.starts_with("p-") {
            return PolicyId::parse(value).map(Self::Policy);
        }
        TargetId::parse(value).map(Self::Target).map_err(|_| InvalidId {
            kind: "resource id",
            value: value.to_owned(),
            expected: "a root (r-...), OU (ou-...), policy (p-...) or 12-digit account id",
        })
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Target(t) => t.as_str(),
            Self::Policy(p) => p.as_str(),
        }
    }

    pub fn target(&self) -> Option<&TargetId> {
        match self {
            Self::Target(t) => Some(t),
            Self::Policy(_) => None,
        }
    }
}

impl From<TargetId> for ResourceId {
    fn from(t: TargetId) -> Self {
        Self::Target(t)
    }
}

impl From<PolicyId> for ResourceId {
    fn from(p: PolicyId) -> Self {
        Self::Policy(p)
    }
}

macro_rules! string_conversions {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = InvalidId;
            fn try_from(value: String) -> Result<Self, InvalidId> {
                Self::parse(&value)
            }
        }
        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.as_str().to_owned()
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
string_conversions!(ParentId);
string_conversions!(TargetId);
string_conversions!(ResourceId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_digits() {
        assert!(AccountId::parse("111122223333").is_ok());
        for bad in ["11112222333", "1111222233334", "11112222333a", "", " 111122223333"] {
            let err = AccountId::parse(bad).unwrap_err();
            assert_eq!(err.kind, "account id");
            assert!(err.to_string().contains("exactly 12 digits"), "{err}");
        }
    }

    #[test]
    fn root_ou_policy_org_and_handshake_ids() {
        assert!(RootId::parse("r-ab12").is_ok());
        assert!(RootId::parse("r-AB12").is_err());
        assert!(RootId::parse("r-ab1").is_err());
        assert!(OuId::parse("ou-ab12-abcdefgh").is_ok());
        assert!(OuId::parse("ou-ab12-abcdefg").is_err());
        assert!(OuId::parse("ou-ab12abcdefgh").is_err());
        assert!(PolicyId::parse("p-FullAWSAccess").is_ok());
        assert!(PolicyId::parse("p-abcd1234").is_ok());
        assert!(PolicyId::parse("p-abc").is_err());
        assert!(PolicyId::parse("p-abcd-1234").is_err());
        assert!(OrgId::parse("o-exampleorgid").is_ok());
        assert!(OrgId::parse("o-short").is_err());
        assert!(HandshakeId::parse("h-examplehandshakeid").is_ok());
        assert!(HandshakeId::parse("h-x").is_err());
    }

    #[test]
    fn parent_and_target_ids_pick_their_kind() {
        assert_eq!(ParentId::parse("r-ab12").unwrap(), ParentId::Root(RootId::parse("r-ab12").unwrap()));
        assert!(matches!(ParentId::parse("ou-ab12-abcdefgh"), Ok(ParentId::Ou(_))));
        assert!(ParentId::parse("111122223333").is_err());
        assert!(matches!(TargetId::parse("111122223333"), Ok(TargetId::Account(_))));
        assert!(matches!(TargetId::parse("ou-ab12-abcdefgh"), Ok(TargetId::Ou(_))));
        let err = TargetId::parse("x-1").unwrap_err();
        assert!(err.to_string().contains("12-digit account id"), "{err}");
    }

    #[test]
    fn ids_round_trip_through_json_and_reject_bad_values() {
        let id: ParentId = serde_json::from_str("\"ou-ab12-abcdefgh\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"ou-ab12-abcdefgh\"");
        let err = serde_json::from_str::<AccountId>("\"12\"").unwrap_err();
        assert!(err.to_string().contains("not a valid account id"), "{err}");
    }
}
