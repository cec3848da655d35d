//! Every transition of the handshake life cycle, legal and illegal, with an injected clock.

use time::macros::datetime;

use super::*;
use crate::api::memory::MemoryOrg;

const NOW: OffsetDateTime = datetime!(2024-11-21 12:00 UTC);

fn demo() -> Snapshot {
    MemoryOrg::demo_snapshot().unwrap()
}

fn acct(id: &str) -> AccountId {
    AccountId::parse(id).unwrap()
}

fn hid(id: &str) -> HandshakeId {
    HandshakeId::parse(id).unwrap()
}

fn management() -> AccountId {
    acct("111122223333")
}

/// The demo's open invitation to account 444455556666, which is outside the organization.
const INVITE: &str = "h-d3moinv00001";
const INVITED: &str = "444455556666";

#[test]
fn the_recipient_accepts_an_invitation_and_joins_under_the_root() {
    let mut s = demo();
    let before = s.accounts.len();
    assert_eq!(for_account(&mut s, &acct(INVITED), NOW).len(), 2, "ours and a partner organization's");
    let h = accept(&mut s, &acct(INVITED), &hid(INVITE), NOW).unwrap();
    assert_eq!(h.state, "ACCEPTED");
    assert_eq!(s.accounts.len(), before + 1);
    let joined = s.accounts.iter().find(|a| a.id.as_str() == INVITED).unwrap();
    assert_eq!(joined.parent_id.as_str(), "r-d3mo");
    assert_eq!(joined.joined_method.as_deref(), Some("INVITED"));
    assert_eq!(joined.joined_timestamp, Some(NOW));
}

#[test]
fn only_a_recipient_accepts_or_declines_and_only_management_cancels() {
    let mut s = demo();
    let e = accept(&mut s, &management(), &hid(INVITE), NOW).unwrap_err();
    assert!(matches!(e, ApiError::AccessDenied { ref action, .. } if action == "AcceptHandshake"), "{e:?}");
    let e = decline(&mut s, &acct("100000205894"), &hid(INVITE), NOW).unwrap_err();
    assert!(matches!(e, ApiError::AccessDenied { .. }), "{e:?}");
    let e = cancel(&mut s, &acct(INVITED), &hid(INVITE), NOW).unwrap_err();
    assert!(matches!(e, ApiError::AccessDenied { .. }), "{e:?}");
    assert_eq!(s.handshakes[0].state, "OPEN", "nothing changed");
}

#[test]
fn final_states_refuse_every_further_change() {
    let mut s = demo();
    accept(&mut s, &acct(INVITED), &hid(INVITE), NOW).unwrap();
    assert!(matches!(accept(&mut s, &acct(INVITED), &hid(INVITE), NOW), Err(ApiError::AlreadyInState { .. })));
    assert!(matches!(decline(&mut s, &acct(INVITED), &hid(INVITE), NOW), Err(ApiError::InvalidTransition { .. })));
    assert!(matches!(cancel(&mut s, &management(), &hid(INVITE), NOW), Err(ApiError::InvalidTransition { .. })));

    let mut s = demo();
    decline(&mut s, &acct(INVITED), &hid(INVITE), NOW).unwrap();
    assert_eq!(s.handshakes[0].state, "DECLINED");
    assert!(matches!(decline(&mut s, &acct(INVITED), &hid(INVITE), NOW), Err(ApiError::AlreadyInState { .. })));
    assert!(matches!(accept(&mut s, &acct(INVITED), &hid(INVITE), NOW), Err(ApiError::InvalidTransition { .. })));

    let mut s = demo();
    cancel(&mut s, &management(), &hid(INVITE), NOW).unwrap();
    assert_eq!(s.handshakes[0].state, "CANCELED");
    assert!(matches!(cancel(&mut s, &management(), &hid(INVITE), NOW), Err(ApiError::AlreadyInState { .. })));
    let e = accept(&mut s, &acct(INVITED), &hid(INVITE), NOW).unwrap_err();
    assert!(e.to_string().contains("it is CANCELED and cannot become ACCEPTED"), "{e}");
}

#[test]
fn an_unknown_handshake_is_not_found() {
    let mut s = demo();
    let e = accept(&mut s, &acct(INVITED), &hid("h-0000000000"), NOW).unwrap_err();
    assert_eq!(e.to_string(), "handshake h-0000000000 not found");
}

#[test]
fn invitations_expire_after_fifteen_days() {
    let mut s = demo();
    let expires = s.handshakes[0].expiration_timestamp.unwrap();
    assert_eq!(for_account(&mut s, &acct(INVITED), expires - Duration::seconds(1))[0].state, "OPEN");
    assert_eq!(for_account(&mut s, &acct(INVITED), expires)[0].state, "EXPIRED");
    assert!(matches!(accept(&mut s, &acct(INVITED), &hid(INVITE), expires), Err(ApiError::InvalidTransition { .. })));

    let mut s = demo();
    let h = invite(&mut s, &management(), &InviteTarget::Account(acct("999988887777")), None, NOW).unwrap();
    assert_eq!(h.expiration_timestamp, Some(NOW + Duration::days(15)));
}

#[test]
fn an_invitation_names_both_parties_the_organization_and_the_notes() {
    let mut s = demo();
    let target = InviteTarget::Email("new-team@example.com".into());
    let h = invite(&mut s, &management(), &target, Some("Welcome aboard"), NOW).unwrap();
    assert_eq!((h.action.as_str(), h.state.as_str()), ("INVITE", "OPEN"));
    let parties: Vec<(&str, &str)> = h.parties.iter().map(|p| (p.party_type.as_str(), p.id.as_str())).collect();
    assert_eq!(parties, [("ORGANIZATION", "o-d3mo1example"), ("EMAIL", "new-team@example.com")]);
    let org = &h.resources[0];
    assert_eq!(org.resource_type, "ORGANIZATION");
    let nested: Vec<&str> = org.resources.iter().map(|r| r.resource_type.as_str()).collect();
    assert_eq!(nested, ["MASTER_EMAIL", "MASTER_NAME", "ORGANIZATION_FEATURE_SET"]);
    assert_eq!(org.resources[1].value, "management");
    assert!(h.resources.iter().any(|r| r.resource_type == "NOTES" && r.value == "Welcome aboard"));
    assert!(s.handshakes.iter().any(|x| x.id == h.id));
}

#[test]
fn invitations_are_refused_in_the_documented_cases() {
    let mut s = demo();
    let outsider = InviteTarget::Account(acct("999988887777"));
    let e = invite(&mut s, &acct("100000205894"), &outsider, None, NOW).unwrap_err();
    assert!(matches!(e, ApiError::AccessDenied { .. }), "member accounts cannot invite: {e:?}");
    let member = InviteTarget::Account(acct("100000205894"));
    assert!(matches!(invite(&mut s, &management(), &member, None, NOW), Err(ApiError::Duplicate { .. })));
    let again = InviteTarget::Account(acct(INVITED));
    assert!(
        matches!(invite(&mut s, &management(), &again, None, NOW), Err(ApiError::Duplicate { .. })),
        "open invite exists"
    );
    // The daily limit: invite until refused; exactly 20 were sent in the last day by then.
    let mut n = 0;
    let e = loop {
        let target = InviteTarget::Email(format!("person{n}@example.com"));
        match invite(&mut s, &management(), &target, None, NOW) {
            Ok(_) => n += 1,
            Err(e) => break e,
        }
        assert!(n <= INVITES_PER_DAY, "the limit never applied");
    };
    assert!(matches!(&e, ApiError::Constraint { reason, .. } if reason == "HANDSHAKE_RATE_LIMIT_EXCEEDED"), "{e:?}");
    let day =
        |h: &&Handshake| h.action == "INVITE" && h.requested_timestamp.is_some_and(|t| NOW - t < Duration::days(1));
    assert_eq!(s.handshakes.iter().filter(day).count(), INVITES_PER_DAY);
    // A day later the limit has passed.
    invite(&mut s, &management(), &outsider, None, NOW + Duration::days(1)).unwrap();
}

fn consolidated() -> Snapshot {
    let mut s = demo();
    s.organization.feature_set = "CONSOLIDATED_BILLING".into();
    s
}

fn invited_members(s: &Snapshot) -> Vec<AccountId> {
    s.accounts
        .iter()
        .filter(|a| a.joined_method.as_deref() == Some("INVITED") && a.state == "ACTIVE")
        .map(|a| a.id.clone())
        .collect()
}

fn member_handshake(s: &Snapshot, member: &AccountId) -> HandshakeId {
    s.handshakes
        .iter()
        .find(|h| h.action == "ENABLE_ALL_FEATURES" && h.parties.iter().any(|p| p.id == member.as_str()))
        .map(|h| h.id.clone())
        .unwrap()
}

#[test]
fn enabling_all_features_completes_after_every_member_and_the_management_account_accept() {
    let mut s = consolidated();
    let members = invited_members(&s);
    assert_eq!(members.len(), 3);
    let parent = enable_all_features(&mut s, &management(), NOW).unwrap();
    assert_eq!((parent.action.as_str(), parent.state.as_str()), ("ENABLE_ALL_FEATURES", "REQUESTED"));
    assert_eq!(parent.expiration_timestamp, Some(NOW + Duration::days(90)));
    assert_eq!(all_features_progress(&s, &parent.id), (0, 3));
    // No invitations while the change is under way.
    let e = invite(&mut s, &management(), &InviteTarget::Email("x@example.com".into()), None, NOW).unwrap_err();
    assert!(
        matches!(&e, ApiError::Constraint { reason, .. } if reason == "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES")
    );

    for member in &members[..2] {
        let id = member_handshake(&s, member);
        accept(&mut s, member, &id, NOW).unwrap();
    }
    assert_eq!(all_features_progress(&s, &parent.id), (2, 3));
    assert!(!s.handshakes.iter().any(|h| h.action == "APPROVE_ALL_FEATURES"), "not before everyone accepted");
    let last = member_handshake(&s, &members[2]);
    accept(&mut s, &members[2], &last, NOW).unwrap();
    let approve = s.handshakes.iter().find(|h| h.action == "APPROVE_ALL_FEATURES").cloned().unwrap();
    assert_eq!(approve.state, "OPEN");
    assert_eq!(approve.parties[1].id, "111122223333");
    assert_eq!(s.organization.feature_set, "CONSOLIDATED_BILLING", "not until the management account approves");

    accept(&mut s, &management(), &approve.id, NOW).unwrap();
    assert_eq!(s.organization.feature_set, "ALL");
    assert_eq!(s.handshakes.iter().find(|h| h.id == parent.id).unwrap().state, "ACCEPTED");
}

#[test]
fn enabling_all_features_is_refused_when_already_on_or_under_way() {
    let mut s = demo();
    let e = enable_all_features(&mut s, &management(), NOW).unwrap_err();
    assert!(matches!(&e, ApiError::Constraint { reason, .. } if reason == "ORGANIZATION_ALREADY_HAS_ALL_FEATURES"));
    let mut s = consolidated();
    assert!(matches!(enable_all_features(&mut s, &acct("100000205894"), NOW), Err(ApiError::AccessDenied { .. })));
    enable_all_features(&mut s, &management(), NOW).unwrap();
    assert!(matches!(enable_all_features(&mut s, &management(), NOW), Err(ApiError::Duplicate { .. })));
}

#[test]
fn only_the_management_account_lists_the_organizations_handshakes() {
    let mut s = demo();
    assert_eq!(for_organization(&mut s, &management(), NOW).unwrap().len(), 6);
    assert!(matches!(for_organization(&mut s, &acct("100000205894"), NOW), Err(ApiError::AccessDenied { .. })));
}

#[test]
fn an_account_joins_one_organization_at_a_time() {
    let mut s = demo();
    let partner = hid("h-p4rtnerinv07");
    let before = s.accounts.len();
    assert_eq!(accept(&mut s, &acct(INVITED), &partner, NOW).unwrap().state, "ACCEPTED");
    assert_eq!(s.accounts.len(), before, "it joined the partner's organization, not this one");
    let e = accept(&mut s, &acct(INVITED), &hid(INVITE), NOW).unwrap_err();
    assert!(matches!(e, ApiError::AlreadyInOrganization { .. }), "{e:?}");
    assert_eq!(decline(&mut s, &acct(INVITED), &hid(INVITE), NOW).unwrap().state, "DECLINED");
}

#[test]
fn the_organization_lists_only_what_it_sent() {
    let mut s = demo();
    let sent = for_organization(&mut s, &management(), NOW).unwrap();
    assert!(sent.iter().all(|h| h.organization() == Some("o-d3mo1example")));
    assert!(!sent.iter().any(|h| h.id.as_str() == "h-p4rtnerinv07"));
}
