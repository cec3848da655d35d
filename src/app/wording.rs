//! What each confirmation says, in plain words: who joins what, who gains which power, what cannot be
//! undone. Built from the handshake itself (its parties and resources) so the text names the real
//! accounts and organization.

use time::OffsetDateTime;

use super::dialog::{Para, Tone, para};
use super::inbox::InboxItem;
use crate::api::ApiError;
use crate::org::time_fmt::relative;
use crate::org::{Handshake, InviteTarget, Organization};

const CANNOT_UNDO: &str = "There is no way back to consolidated billing only.";
const RESTRICTS_EVERYONE: &str = "policies can restrict what every member account can do, \
     including its administrators and root user";

/// "organization o-… (management account 1111… , root@…)".
fn sender(h: &Handshake) -> String {
    let org = h.organization().unwrap_or("(unnamed organization)");
    let mgmt = h.management_account().unwrap_or("unknown");
    match h.resource("MASTER_EMAIL").filter(|e| !e.is_empty()) {
        Some(email) => format!("organization {org}, whose management account is {mgmt} ({email})"),
        None => format!("organization {org}, whose management account is {mgmt}"),
    }
}

/// The invited party as a person reads it.
fn invitee(h: &Handshake) -> String {
    match h.recipient() {
        Some((id, "EMAIL")) => format!("the account whose root user is {id}"),
        Some((id, _)) => format!("account {id}"),
        None => "your account".to_owned(),
    }
}

/// The handshake in a few words, as its confirmation named it: "the invitation to join o-…", "the
/// billing transfer from o-…". `received`: addressed to this account (else sent by its organization).
pub fn named(h: &Handshake, received: bool) -> String {
    let org = h.organization().unwrap_or("the organization");
    let to = h.recipient().map_or_else(|| "the invited account".to_owned(), |(id, _)| id.to_owned());
    match (h.action.as_str(), received) {
        ("INVITE", true) => format!("the invitation to join {org}"),
        ("INVITE", false) => format!("the invitation to {to}"),
        ("ENABLE_ALL_FEATURES", _) => format!("the request to enable all features in {org}"),
        ("APPROVE_ALL_FEATURES", _) => format!("the approval of all features in {org}"),
        ("ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE", _) => "the request for the service-linked role".to_owned(),
        ("TRANSFER_RESPONSIBILITY", true) => format!("the billing transfer from {org}"),
        ("TRANSFER_RESPONSIBILITY", false) => format!("the offer to take over billing for {to}"),
        (action, _) => format!("handshake {} ({action})", h.id),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn notes(h: &Handshake, lead: &str) -> Option<Para> {
    h.notes().map(|n| para(Tone::Quote, format!("{lead}: “{n}”")))
}

pub fn accept(item: &InboxItem) -> (String, Vec<Para>) {
    let h = &item.handshake;
    let org = h.organization().unwrap_or("the organization");
    match h.action.as_str() {
        "INVITE" => {
            let mut body = vec![
                para(Tone::Plain, format!("{} joins {}.", capitalised(&invitee(h)), sender(h))),
                para(
                    Tone::Warning,
                    "That management account can then apply policies to yours: service control policies can limit \
                     what every user and role in your account may do, including its administrators and root user. \
                     Your account's charges are paid by the management account from then on.",
                ),
            ];
            body.extend(notes(h, "The organization's message"));
            (format!("Accept {}?", named(h, true)), body)
        }
        "ENABLE_ALL_FEATURES" => (
            format!("Agree that {org} enables all features?"),
            vec![
                para(Tone::Plain, format!("{} asks every invited member account to agree.", capitalised(&sender(h)))),
                para(
                    Tone::Warning,
                    format!(
                        "Once all agree and the management account approves, {RESTRICTS_EVERYONE} — your account \
                         included. {CANNOT_UNDO}"
                    ),
                ),
            ],
        ),
        "APPROVE_ALL_FEATURES" => (
            format!("Finish enabling all features in {org}?"),
            vec![
                para(Tone::Plain, "Every invited member account has agreed; your acceptance completes the change."),
                para(Tone::Warning, format!("From then on {RESTRICTS_EVERYONE}. {CANNOT_UNDO}")),
            ],
        ),
        "ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE" => (
            "Let AWS Organizations create its service-linked role in your account?".to_owned(),
            vec![
                para(
                    Tone::Plain,
                    format!("{} asks for the role AWSServiceRoleForOrganizations.", capitalised(&sender(h))),
                ),
                para(
                    Tone::Warning,
                    "With it, AWS Organizations and the services the organization trusts can act in your account as \
                     the organization allows (accounts that joined by invitation long ago lack it).",
                ),
            ],
        ),
        "TRANSFER_RESPONSIBILITY" => (
            format!("Hand your organization's bills to {org}?"),
            vec![
                para(
                    Tone::Plain,
                    format!("{} asks to take over billing for your organization.", capitalised(&sender(h))),
                ),
                para(
                    Tone::Warning,
                    "Once accepted, that organization manages and pays for your organization's AWS charges: it \
                     receives the invoices, and sees the costs of every one of your member accounts. Your \
                     organization keeps managing its own accounts and policies; ending the transfer takes either \
                     side withdrawing it.",
                ),
            ],
        ),
        action => (
            format!("Accept handshake {} ({action})?", h.id),
            vec![para(Tone::Plain, format!("It was sent by {}.", sender(h)))],
        ),
    }
}

pub fn decline(item: &InboxItem) -> (String, Vec<Para>) {
    let h = &item.handshake;
    let org = h.organization().unwrap_or("the organization");
    match h.action.as_str() {
        "INVITE" => (
            format!("Decline {}?", named(h, true)),
            vec![para(
                Tone::Plain,
                format!(
                    "{} stays out of {}. The organization sees that you declined; to join later you need a new \
                     invitation.",
                    capitalised(&invitee(h)),
                    sender(h)
                ),
            )],
        ),
        "ENABLE_ALL_FEATURES" | "APPROVE_ALL_FEATURES" => (
            format!("Decline enabling all features in {org}?"),
            vec![para(
                Tone::Plain,
                "The change to all features cannot complete without this agreement; the organization keeps \
                 consolidated billing only until it asks again.",
            )],
        ),
        "ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE" => (
            "Decline the service-linked role?".to_owned(),
            vec![para(
                Tone::Plain,
                "Your account stays in the organization without AWSServiceRoleForOrganizations; services that need \
                 it cannot act in your account until it is created.",
            )],
        ),
        "TRANSFER_RESPONSIBILITY" => (
            format!("Decline {}?", named(h, true)),
            vec![para(
                Tone::Plain,
                "Your organization keeps receiving and paying its own bills; the other organization sees that you \
                 declined and would have to ask again.",
            )],
        ),
        action => (
            format!("Decline handshake {} ({action})?", h.id),
            vec![para(Tone::Plain, format!("It was sent by {}.", sender(h)))],
        ),
    }
}

pub fn cancel(item: &InboxItem, now: OffsetDateTime) -> (String, Vec<Para>) {
    let h = &item.handshake;
    let when = h.requested_timestamp.map(|t| format!(" sent {}", relative(t, now))).unwrap_or_default();
    match h.action.as_str() {
        "INVITE" => {
            let to = h.recipient().map_or("the invited account", |(id, _)| id);
            (
                format!("Cancel {}?", named(h, false)),
                vec![para(
                    Tone::Plain,
                    format!(
                        "The invitation{when} becomes CANCELED and {to} can no longer accept it. You can invite \
                         it again later."
                    ),
                )],
            )
        }
        "ENABLE_ALL_FEATURES" => (
            "Cancel the change to all features?".to_owned(),
            vec![para(
                Tone::Plain,
                format!("The request{when} is withdrawn; the organization keeps consolidated billing only."),
            )],
        ),
        "TRANSFER_RESPONSIBILITY" => (
            "Withdraw the offer to take over billing?".to_owned(),
            vec![para(
                Tone::Plain,
                format!(
                    "The request{when} becomes CANCELED: the other organization keeps paying its own bills, and \
                     yours will not manage or pay for its charges."
                ),
            )],
        ),
        action => (
            format!("Cancel handshake {} ({action})?", h.id),
            vec![para(Tone::Plain, format!("It{when} becomes CANCELED and can no longer be answered."))],
        ),
    }
}

/// Who an invitation goes to: "account 1234…", "the account whose root user is a@b".
pub fn target(target: &InviteTarget) -> String {
    match target {
        InviteTarget::Account(id) => format!("account {id}"),
        InviteTarget::Email(email) => format!("the account whose root user is {email}"),
    }
}

pub fn invite(target: &InviteTarget, notes: Option<&str>, org: Option<&Organization>) -> (String, Vec<Para>) {
    let org = org.map_or_else(|| "the organization".to_owned(), |o| o.id.to_string());
    let who = self::target(target);
    let mut body = vec![
        para(Tone::Plain, format!("{} receives an invitation that stays open for 15 days.", capitalised(&who))),
        para(
            Tone::Warning,
            format!(
                "If it accepts, it joins {org} under the root: its charges are paid by the management account \
                 and this organization's policies apply to it."
            ),
        ),
    ];
    if let Some(n) = notes {
        body.push(para(Tone::Quote, format!("With your message: “{n}”")));
    }
    (format!("Invite {who} to {org}?"), body)
}

pub fn enable_all_features(org: Option<&Organization>) -> (String, Vec<Para>) {
    let org = org.map_or_else(|| "the organization".to_owned(), |o| o.id.to_string());
    (
        format!("Enable all features in {org}?"),
        vec![
            para(
                Tone::Plain,
                "A handshake goes to every member account that was invited into the organization (accounts \
                 created from it agree automatically).",
            ),
            para(
                Tone::Plain,
                "The change completes only after every invited member accepts and then the management account \
                 accepts the APPROVE_ALL_FEATURES handshake it receives. Until then no invitations can be sent.",
            ),
            para(Tone::Warning, format!("Afterwards {RESTRICTS_EVERYONE}. {CANNOT_UNDO}")),
        ],
    )
}

/// Why a change failed, what AWS's reason means, and what to do; callers add what happens next.
pub fn failure(operation: &str, e: &ApiError, profile: Option<&str>) -> (String, Vec<Para>) {
    let mut body = vec![para(Tone::Error, e.to_string())];
    if let Some(meaning) = e.explanation() {
        body.push(para(Tone::Plain, meaning));
    }
    if let Some(fix) = e.fix(profile) {
        body.push(para(Tone::Plain, format!("What to do: {fix}")));
    }
    (format!("{operation} did not go through"), body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::memory::MemoryOrg;

    fn item(id: &str) -> InboxItem {
        let handshake =
            MemoryOrg::demo_snapshot().unwrap().handshakes.into_iter().find(|h| h.id.as_str() == id).unwrap();
        InboxItem { handshake, received: true, sent: false }
    }

    #[test]
    fn a_handshake_is_named_as_its_confirmation_names_it_from_either_side() {
        let h = item("h-d3moinv00001").handshake;
        assert_eq!(named(&h, true), "the invitation to join o-d3mo1example");
        assert_eq!(named(&h, false), "the invitation to 444455556666");
        assert_eq!(named(&item("h-d3moinv00002").handshake, false), "the invitation to vendor@partner-example.net");
        let mut other = h.clone();
        other.action = "TRANSFER_RESPONSIBILITY".to_owned();
        assert_eq!(named(&other, true), "the billing transfer from o-d3mo1example");
        other.action = "SOMETHING_NEW".to_owned();
        assert_eq!(named(&other, true), "handshake h-d3moinv00001 (SOMETHING_NEW)");
    }

    #[test]
    fn accepting_an_invitation_says_who_joins_what_and_who_gains_power() {
        let (title, body) = accept(&item("h-d3moinv00001"));
        assert_eq!(title, "Accept the invitation to join o-d3mo1example?");
        assert_eq!(
            body[0].text,
            "Account 444455556666 joins organization o-d3mo1example, whose management account is 111122223333 \
             (aws-root@example-corp.com)."
        );
        assert!(body[1].text.contains("apply policies to yours") && body[1].tone == Tone::Warning);
        assert!(body[2].text.contains("payments team's new account") && body[2].tone == Tone::Quote);
    }

    #[test]
    fn all_features_warns_that_administrators_are_restricted_and_it_cannot_be_undone() {
        let mut i = item("h-d3moinv00001");
        i.handshake.action = "ENABLE_ALL_FEATURES".into();
        let (_, body) = accept(&i);
        let warning = body.iter().find(|p| p.tone == Tone::Warning).unwrap();
        assert!(warning.text.contains("including its administrators") && warning.text.contains("no way back"));
    }

    #[test]
    fn a_billing_transfer_says_who_will_manage_and_pay_for_what() {
        let mut i = item("h-d3moinv00001");
        i.handshake.action = "TRANSFER_RESPONSIBILITY".into();
        let (title, body) = accept(&i);
        assert_eq!(title, "Hand your organization's bills to o-d3mo1example?");
        assert!(body.iter().any(|p| p.tone == Tone::Warning && p.text.contains("manages and pays for")));
        assert!(decline(&i).1[0].text.contains("keeps receiving and paying its own bills"));
        let now = time::OffsetDateTime::now_utc();
        assert_eq!(cancel(&i, now).0, "Withdraw the offer to take over billing?");
    }

    #[test]
    fn every_handshake_action_the_sdk_knows_has_its_own_words() {
        for action in [
            "INVITE",
            "ENABLE_ALL_FEATURES",
            "APPROVE_ALL_FEATURES",
            "ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE",
            "TRANSFER_RESPONSIBILITY",
        ] {
            let mut i = item("h-d3moinv00001");
            i.handshake.action = action.into();
            assert!(!accept(&i).0.contains(action), "{action}: {}", accept(&i).0);
            assert!(!decline(&i).0.contains(action), "{action}: {}", decline(&i).0);
        }
    }

    #[test]
    fn an_unknown_action_is_named_as_it_came() {
        let mut i = item("h-d3moinv00001");
        i.handshake.action = "SOMETHING_NEW".into();
        assert_eq!(accept(&i).0, "Accept handshake h-d3moinv00001 (SOMETHING_NEW)?");
    }
}

/// A reason as a sentence, with its full stop (reasons are written capitalised, unless they begin
/// with a key, which keeps its case).
pub fn sentence(text: &str) -> String {
    let mut out = text.to_owned();
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// A change that went through, said with where it went: AWS, or only orgtui's memory (the demo, a
/// snapshot opened with `--edit-in-memory`), so nothing claims AWS holds what it does not.
pub fn landed(source: &super::Source, done: &str) -> String {
    let done = done.trim_end_matches('.');
    match source {
        super::Source::Aws { .. } => format!("{done}."),
        super::Source::Demo | super::Source::DemoAs(_) => {
            format!("{done}: changed in the demo (kept until you quit).")
        }
        super::Source::Snapshot { .. } => format!("{done}: changed in memory only; the file is unchanged."),
    }
}

#[cfg(test)]
mod landed_tests {
    use super::super::Source;
    use super::landed;

    #[test]
    fn only_aws_is_said_to_hold_a_change() {
        let aws = Source::Aws { profile: None, region: "us-east-1".into(), endpoint: None };
        assert_eq!(landed(&aws, "Saved DenyLeave"), "Saved DenyLeave.");
        assert_eq!(
            landed(&Source::Demo, "Saved DenyLeave"),
            "Saved DenyLeave: changed in the demo (kept until you quit)."
        );
        let file = Source::Snapshot { path: "org.json".into(), taken_at: "2026-12-01".into() };
        assert_eq!(
            landed(&file, "Saved DenyLeave."),
            "Saved DenyLeave: changed in memory only; the file is unchanged."
        );
    }
}
