//! Reading a handshake: who sent it, to whom, what it carries, and where an all-features change
//! stands. Pure functions over the data AWS returns, shared by the inbox view and the memory backend.

use time::OffsetDateTime;

use super::AccountId;
use super::time_fmt;
use super::types::{Handshake, HandshakeResource, InviteTarget};

/// OPEN (waiting for the recipient) and REQUESTED (waiting for the others) still expect an answer.
pub fn is_actionable(state: &str) -> bool {
    matches!(state, "OPEN" | "REQUESTED")
}

/// States a handshake never leaves.
pub fn is_final(state: &str) -> bool {
    matches!(state, "ACCEPTED" | "DECLINED" | "CANCELED" | "EXPIRED")
}

impl Handshake {
    /// The organization that sent it.
    pub fn organization(&self) -> Option<&str> {
        self.parties.iter().find(|p| p.party_type == "ORGANIZATION").map(|p| p.id.as_str())
    }

    /// The party it is addressed to (an account id or an email address), with its type.
    pub fn recipient(&self) -> Option<(&str, &str)> {
        self.parties.iter().find(|p| p.party_type != "ORGANIZATION").map(|p| (p.id.as_str(), p.party_type.as_str()))
    }

    /// The first resource of a type, searched through nested resources too.
    pub fn resource(&self, resource_type: &str) -> Option<&str> {
        fn find<'a>(list: &'a [HandshakeResource], t: &str) -> Option<&'a str> {
            list.iter().find_map(|r| if r.resource_type == t { Some(r.value.as_str()) } else { find(&r.resources, t) })
        }
        find(&self.resources, resource_type)
    }

    /// The sender's message, when the invitation carries one.
    pub fn notes(&self) -> Option<&str> {
        self.resource("NOTES").filter(|n| !n.is_empty())
    }

    /// The management account of the sending organization: the account in the handshake's ARN
    /// (`arn:aws:organizations::<account>:handshake/...`).
    pub fn management_account(&self) -> Option<&str> {
        let account = self.arn.strip_prefix("arn:")?.split(':').nth(3)?;
        (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
    }

    /// The ENABLE_ALL_FEATURES handshake this one belongs to (itself when it is that handshake).
    pub fn parent_handshake(&self) -> &str {
        self.resource("PARENT_HANDSHAKE").unwrap_or(self.id.as_str())
    }

    /// Expiry read from `now`: "expires in 3 days", "expired 2 days ago"; nothing for a handshake
    /// that was answered or canceled (its expiry no longer means anything).
    pub fn expiry_text(&self, now: OffsetDateTime) -> Option<String> {
        let t = self.expiration_timestamp?;
        match self.state.as_str() {
            "EXPIRED" => Some(format!("expired {}", time_fmt::relative(t, now))),
            s if is_actionable(s) && t > now => Some(format!("expires {}", time_fmt::relative(t, now))),
            s if is_actionable(s) => Some("expiring now".to_owned()),
            _ => None,
        }
    }
}

/// The longest message an invitation may carry (InviteAccountToOrganization's Notes).
pub const MAX_NOTES: usize = 1024;

impl InviteTarget {
    /// What a user typed as the account to invite: a 12-digit account id, or the email address of
    /// the account's root user.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(id) = AccountId::parse(text) {
            return Ok(Self::Account(id));
        }
        if text.bytes().all(|b| b.is_ascii_digit()) && !text.is_empty() {
            return Err(format!("an account id has 12 digits; {} has {}", text, text.len()));
        }
        let plausible = text.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        });
        if !plausible || text.chars().any(char::is_whitespace) || text.matches('@').count() != 1 {
            return Err("type a 12-digit account id or the email address of the account's root user".to_owned());
        }
        if !(6..=64).contains(&text.len()) {
            return Err("AWS accepts email addresses of 6 to 64 characters".to_owned());
        }
        Ok(Self::Email(text.to_owned()))
    }

    pub fn text(&self) -> String {
        match self {
            Self::Account(id) => id.to_string(),
            Self::Email(email) => email.clone(),
        }
    }
}

/// How far a change to all features has come: members who accepted, out of members asked.
pub fn all_features_progress<'a>(handshakes: impl IntoIterator<Item = &'a Handshake>, parent: &str) -> (usize, usize) {
    let members = handshakes
        .into_iter()
        .filter(|h| h.action == "ENABLE_ALL_FEATURES" && h.id.as_str() != parent && h.parent_handshake() == parent);
    members.fold((0, 0), |(accepted, asked), h| (accepted + usize::from(h.state == "ACCEPTED"), asked + 1))
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::org::{HandshakeId, HandshakeParty};

    fn res(t: &str, v: &str, nested: Vec<HandshakeResource>) -> HandshakeResource {
        HandshakeResource { value: v.into(), resource_type: t.into(), resources: nested }
    }

    fn invite() -> Handshake {
        Handshake {
            id: HandshakeId::parse("h-0123456789").unwrap(),
            arn: "arn:aws:organizations::111122223333:handshake/o-exampleorgid/invite/h-0123456789".into(),
            parties: vec![
                HandshakeParty { id: "o-exampleorgid".into(), party_type: "ORGANIZATION".into() },
                HandshakeParty { id: "444455556666".into(), party_type: "ACCOUNT".into() },
            ],
            state: "OPEN".into(),
            action: "INVITE".into(),
            requested_timestamp: Some(datetime!(2024-11-18 10:00 UTC)),
            expiration_timestamp: Some(datetime!(2024-12-03 10:00 UTC)),
            resources: vec![
                res("ORGANIZATION", "o-exampleorgid", vec![res("MASTER_EMAIL", "root@example.com", vec![])]),
                res("ACCOUNT", "444455556666", vec![]),
                res("NOTES", "welcome", vec![]),
            ],
        }
    }

    #[test]
    fn reads_parties_resources_and_the_management_account() {
        let h = invite();
        assert_eq!(h.organization(), Some("o-exampleorgid"));
        assert_eq!(h.recipient(), Some(("444455556666", "ACCOUNT")));
        assert_eq!(h.resource("MASTER_EMAIL"), Some("root@example.com"), "found in a nested resource");
        assert_eq!(h.notes(), Some("welcome"));
        assert_eq!(h.management_account(), Some("111122223333"));
        assert_eq!(h.parent_handshake(), "h-0123456789");
    }

    #[test]
    fn expiry_reads_relative_to_now_and_only_while_it_matters() {
        let mut h = invite();
        let now = datetime!(2024-11-30 10:00 UTC);
        assert_eq!(h.expiry_text(now).as_deref(), Some("expires in 3 days"));
        h.state = "EXPIRED".into();
        assert_eq!(h.expiry_text(datetime!(2024-12-05 10:00 UTC)).as_deref(), Some("expired 2 days ago"));
        h.state = "ACCEPTED".into();
        assert_eq!(h.expiry_text(now), None);
    }

    #[test]
    fn invite_targets_are_account_ids_or_email_addresses() {
        assert_eq!(
            InviteTarget::parse(" 444455556666 "),
            Ok(InviteTarget::Account(AccountId::parse("444455556666").unwrap()))
        );
        assert_eq!(InviteTarget::parse("ops@example.com"), Ok(InviteTarget::Email("ops@example.com".into())));
        assert!(InviteTarget::parse("44445555666").unwrap_err().contains("12 digits"));
        for bad in ["", "ops", "ops@example", "a b@example.com", "a@b@example.com", "@example.com"] {
            assert!(InviteTarget::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn progress_counts_the_members_of_one_change() {
        let mut parent = invite();
        parent.action = "ENABLE_ALL_FEATURES".into();
        parent.state = "REQUESTED".into();
        let member = |id: &str, state: &str| {
            let mut h = parent.clone();
            h.id = HandshakeId::parse(id).unwrap();
            h.state = state.into();
            h.resources = vec![res("PARENT_HANDSHAKE", parent.id.as_str(), vec![])];
            h
        };
        let all = vec![parent.clone(), member("h-aaaaaaaaaa", "ACCEPTED"), member("h-bbbbbbbbbb", "OPEN")];
        assert_eq!(all_features_progress(&all, parent.id.as_str()), (1, 2));
        assert_eq!(all_features_progress(&all, "h-other00000"), (0, 0));
    }
}
