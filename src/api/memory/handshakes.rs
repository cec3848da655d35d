//! The handshake life cycle as AWS documents it, on the in-memory organization:
//!
//! - states OPEN and REQUESTED move to ACCEPTED, DECLINED, CANCELED or EXPIRED, which are final;
//! - only a recipient accepts or declines, only the organization's management account cancels;
//! - INVITE expires after 15 days, ENABLE_ALL_FEATURES (and its approval) after 90;
//! - an accepted invitation puts the account under the root;
//! - ENABLE_ALL_FEATURES sends a handshake to every invited member; once all have accepted, the
//!   management account gets APPROVE_ALL_FEATURES, whose acceptance sets the feature set to ALL.
//!
//! Time is a parameter, so every transition is testable without waiting.

use time::{Duration, OffsetDateTime};

use crate::api::{ApiError, ApiResult};
use crate::org::handshake::{self as reading, is_final};
use crate::org::{AccountId, Handshake, HandshakeId, HandshakeParty, HandshakeResource, InviteTarget, ParentId};
use crate::snapshot::{AccountRecord, Snapshot};

pub const INVITE_LIFETIME: Duration = Duration::days(15);
pub const ALL_FEATURES_LIFETIME: Duration = Duration::days(90);
/// Invitations an organization may send in one day.
pub const INVITES_PER_DAY: usize = 20;

/// OPEN or REQUESTED handshakes past their expiry become EXPIRED.
pub fn expire(s: &mut Snapshot, now: OffsetDateTime) {
    for h in &mut s.handshakes {
        if !is_final(&h.state) && h.expiration_timestamp.is_some_and(|t| t <= now) {
            h.state = "EXPIRED".to_owned();
        }
    }
}

fn caller_email(s: &Snapshot, caller: &AccountId) -> Option<String> {
    s.accounts.iter().find(|a| &a.id == caller).map(|a| a.email.clone())
}

fn is_recipient(s: &Snapshot, h: &Handshake, caller: &AccountId) -> bool {
    let email = caller_email(s, caller);
    h.parties.iter().any(|p| match p.party_type.as_str() {
        "ACCOUNT" => p.id == caller.as_str(),
        "EMAIL" => email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(&p.id)),
        _ => false,
    })
}

fn is_management(s: &Snapshot, caller: &AccountId) -> bool {
    s.organization.master_account_id.as_ref() == Some(caller)
}

/// Handshakes that name the caller as a recipient.
pub fn for_account(s: &mut Snapshot, caller: &AccountId, now: OffsetDateTime) -> Vec<Handshake> {
    expire(s, now);
    s.handshakes.iter().filter(|h| is_recipient(s, h, caller)).cloned().collect()
}

/// Everything the organization sent; only its management account may ask.
pub fn for_organization(s: &mut Snapshot, caller: &AccountId, now: OffsetDateTime) -> ApiResult<Vec<Handshake>> {
    if !is_management(s, caller) {
        return Err(denied(
            "ListHandshakesForOrganization",
            "only the management account sees the organization's handshakes",
        ));
    }
    expire(s, now);
    let own = s.organization.id.as_str();
    Ok(s.handshakes.iter().filter(|h| h.organization() == Some(own)).cloned().collect())
}

fn denied(action: &str, message: &str) -> ApiError {
    ApiError::AccessDenied { action: action.to_owned(), message: message.to_owned() }
}

fn find<'a>(s: &'a mut Snapshot, id: &HandshakeId) -> ApiResult<&'a mut Handshake> {
    s.handshakes.iter_mut().find(|h| &h.id == id).ok_or_else(|| ApiError::not_found(format!("handshake {id}")))
}

/// The state check shared by accept, decline and cancel.
fn check_open(action: &str, h: &Handshake, target_state: &str) -> ApiResult<()> {
    if h.state == target_state {
        return Err(ApiError::AlreadyInState { action: action.to_owned(), message: format!("it is {}", h.state) });
    }
    if is_final(&h.state) {
        return Err(ApiError::InvalidTransition {
            action: action.to_owned(),
            message: format!("it is {} and cannot become {target_state}", h.state),
        });
    }
    Ok(())
}

/// The handshake a recipient answers, once the caller and the state allow `to`.
fn answerable(
    s: &mut Snapshot,
    caller: &AccountId,
    id: &HandshakeId,
    now: OffsetDateTime,
    action: &str,
    to: &str,
) -> ApiResult<Handshake> {
    expire(s, now);
    let h = find(s, id)?.clone();
    if !is_recipient(s, &h, caller) {
        return Err(denied(action, "only a recipient of the handshake can answer it"));
    }
    check_open(action, &h, to)?;
    Ok(h)
}

pub fn accept(s: &mut Snapshot, caller: &AccountId, id: &HandshakeId, now: OffsetDateTime) -> ApiResult<Handshake> {
    let h = answerable(s, caller, id, now, "AcceptHandshake", "ACCEPTED")?;
    match h.action.as_str() {
        "INVITE" => join(s, caller, &h, now)?,
        "APPROVE_ALL_FEATURES" => {
            s.organization.feature_set = "ALL".to_owned();
            for other in s.handshakes.iter_mut().filter(|o| o.action == "ENABLE_ALL_FEATURES" && !is_final(&o.state)) {
                other.state = "ACCEPTED".to_owned();
            }
        }
        _ => {}
    }
    find(s, id)?.state = "ACCEPTED".to_owned();
    if h.action == "ENABLE_ALL_FEATURES" {
        approve_when_all_accepted(s, &h, now);
    }
    Ok(find(s, id)?.clone())
}

pub fn decline(s: &mut Snapshot, caller: &AccountId, id: &HandshakeId, now: OffsetDateTime) -> ApiResult<Handshake> {
    answerable(s, caller, id, now, "DeclineHandshake", "DECLINED")?;
    let h = find(s, id)?;
    h.state = "DECLINED".to_owned();
    Ok(h.clone())
}

pub fn cancel(s: &mut Snapshot, caller: &AccountId, id: &HandshakeId, now: OffsetDateTime) -> ApiResult<Handshake> {
    const A: &str = "CancelHandshake";
    expire(s, now);
    if !is_management(s, caller) {
        return Err(denied(A, "only the management account that sent a handshake can cancel it"));
    }
    let h = find(s, id)?;
    check_open(A, h, "CANCELED")?;
    h.state = "CANCELED".to_owned();
    Ok(h.clone())
}

/// The accepting account joins the inviting organization: this one (under its root), or another one
/// this model does not hold (the invitation is only marked accepted). An account belongs to one
/// organization at a time.
fn join(s: &mut Snapshot, caller: &AccountId, invite: &Handshake, now: OffsetDateTime) -> ApiResult<()> {
    let joined_elsewhere = s
        .handshakes
        .iter()
        .any(|h| h.action == "INVITE" && h.state == "ACCEPTED" && h.id != invite.id && is_recipient(s, h, caller));
    if joined_elsewhere || s.accounts.iter().any(|a| &a.id == caller) {
        return Err(ApiError::AlreadyInOrganization {
            action: "AcceptHandshake".to_owned(),
            message: format!("account {caller} already belongs to an organization; it must leave it first"),
        });
    }
    if invite.organization() != Some(s.organization.id.as_str()) {
        return Ok(());
    }
    let root = s.roots.first().map(|r| r.id.clone()).ok_or_else(|| ApiError::other("AcceptHandshake", "no root"))?;
    let org = s.organization.id.clone();
    let master = s.organization.master_account_id.as_ref().map(|m| m.to_string()).unwrap_or_default();
    s.accounts.push(AccountRecord {
        arn: format!("arn:aws:organizations::{master}:account/{org}/{caller}"),
        name: format!("account {caller}"),
        email: String::new(),
        state: "ACTIVE".to_owned(),
        joined_method: Some("INVITED".to_owned()),
        joined_timestamp: Some(now),
        parent_id: ParentId::Root(root),
        tags: Vec::new(),
        id: caller.clone(),
    });
    Ok(())
}

fn next_id(s: &Snapshot) -> HandshakeId {
    // Lower-case hex of a counter past the existing ones: valid (h- + 8..32 [0-9a-z]) and unique.
    let mut n = u64::try_from(s.handshakes.len()).unwrap_or(0) + 1;
    loop {
        if let Ok(id) = HandshakeId::parse(&format!("h-{n:010x}"))
            && !s.handshakes.iter().any(|h| h.id == id)
        {
            return id;
        }
        n += 1;
    }
}

fn new_handshake(
    s: &Snapshot,
    action: &str,
    kind: &str,
    state: &str,
    now: OffsetDateTime,
    life: Duration,
) -> Handshake {
    let id = next_id(s);
    let org = &s.organization;
    let master = org.master_account_id.as_ref().map(|m| m.to_string()).unwrap_or_default();
    Handshake {
        arn: format!("arn:aws:organizations::{master}:handshake/{}/{kind}/{id}", org.id),
        id,
        parties: vec![HandshakeParty { id: org.id.to_string(), party_type: "ORGANIZATION".to_owned() }],
        state: state.to_owned(),
        action: action.to_owned(),
        requested_timestamp: Some(now),
        expiration_timestamp: Some(now + life),
        resources: Vec::new(),
    }
}

fn resource(resource_type: &str, value: &str) -> HandshakeResource {
    HandshakeResource { value: value.to_owned(), resource_type: resource_type.to_owned(), resources: Vec::new() }
}

fn organization_resource(s: &Snapshot) -> HandshakeResource {
    let org = &s.organization;
    let master_name = org
        .master_account_id
        .as_ref()
        .and_then(|m| s.accounts.iter().find(|a| &a.id == m))
        .map(|a| a.name.clone())
        .unwrap_or_default();
    HandshakeResource {
        value: org.id.to_string(),
        resource_type: "ORGANIZATION".to_owned(),
        resources: vec![
            resource("MASTER_EMAIL", org.master_account_email.as_deref().unwrap_or_default()),
            resource("MASTER_NAME", &master_name),
            resource("ORGANIZATION_FEATURE_SET", &org.feature_set),
        ],
    }
}

pub fn invite(
    s: &mut Snapshot,
    caller: &AccountId,
    target: &InviteTarget,
    notes: Option<&str>,
    now: OffsetDateTime,
) -> ApiResult<Handshake> {
    const A: &str = "InviteAccountToOrganization";
    expire(s, now);
    if !is_management(s, caller) {
        return Err(denied(A, "only the management account can invite accounts"));
    }
    let constraint = |reason: &str, message: &str| ApiError::Constraint {
        action: A.to_owned(),
        reason: reason.to_owned(),
        message: message.to_owned(),
    };
    if s.handshakes.iter().any(|h| h.action == "ENABLE_ALL_FEATURES" && !is_final(&h.state)) {
        return Err(constraint(
            "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES",
            "no invitations while the organization is enabling all features",
        ));
    }
    let sent_today = s
        .handshakes
        .iter()
        .filter(|h| h.action == "INVITE" && h.requested_timestamp.is_some_and(|t| now - t < Duration::days(1)))
        .count();
    if sent_today >= INVITES_PER_DAY {
        return Err(constraint("HANDSHAKE_RATE_LIMIT_EXCEEDED", "at most 20 invitations a day"));
    }
    let (party_type, value) = match target {
        InviteTarget::Account(id) => ("ACCOUNT", id.to_string()),
        InviteTarget::Email(email) => ("EMAIL", email.clone()),
    };
    if let InviteTarget::Account(id) = target
        && s.accounts.iter().any(|a| &a.id == id)
    {
        return Err(ApiError::Duplicate { action: A.to_owned(), message: format!("account {id} is already a member") });
    }
    let open_to_same = s.handshakes.iter().any(|h| {
        h.action == "INVITE" && !is_final(&h.state) && h.parties.iter().any(|p| p.id.eq_ignore_ascii_case(&value))
    });
    if open_to_same {
        return Err(ApiError::Duplicate {
            action: A.to_owned(),
            message: format!("an open invitation to {value} exists"),
        });
    }
    let mut h = new_handshake(s, "INVITE", "invite", "OPEN", now, INVITE_LIFETIME);
    h.parties.push(HandshakeParty { id: value.clone(), party_type: party_type.to_owned() });
    h.resources.push(organization_resource(s));
    h.resources.push(resource(party_type, &value));
    if let Some(notes) = notes.filter(|n| !n.is_empty()) {
        h.resources.push(resource("NOTES", notes));
    }
    s.handshakes.push(h.clone());
    Ok(h)
}

/// Starts the change to all features: one handshake per invited member, REQUESTED at the top.
pub fn enable_all_features(s: &mut Snapshot, caller: &AccountId, now: OffsetDateTime) -> ApiResult<Handshake> {
    const A: &str = "EnableAllFeatures";
    expire(s, now);
    if !is_management(s, caller) {
        return Err(denied(A, "only the management account can enable all features"));
    }
    if s.organization.feature_set == "ALL" {
        return Err(ApiError::Constraint {
            action: A.to_owned(),
            reason: "ORGANIZATION_ALREADY_HAS_ALL_FEATURES".to_owned(),
            message: "this organization already has all features".to_owned(),
        });
    }
    if s.handshakes.iter().any(|h| h.action == "ENABLE_ALL_FEATURES" && !is_final(&h.state)) {
        return Err(ApiError::Duplicate {
            action: A.to_owned(),
            message: "the change is already under way".to_owned(),
        });
    }
    let mut parent =
        new_handshake(s, "ENABLE_ALL_FEATURES", "enable_all_features", "REQUESTED", now, ALL_FEATURES_LIFETIME);
    parent.resources.push(organization_resource(s));
    s.handshakes.push(parent.clone());
    let invited: Vec<AccountId> = s
        .accounts
        .iter()
        .filter(|a| a.joined_method.as_deref() == Some("INVITED") && a.state == "ACTIVE")
        .map(|a| a.id.clone())
        .collect();
    for member in &invited {
        let mut h = new_handshake(s, "ENABLE_ALL_FEATURES", "enable_all_features", "OPEN", now, ALL_FEATURES_LIFETIME);
        h.parties.push(HandshakeParty { id: member.to_string(), party_type: "ACCOUNT".to_owned() });
        h.resources.push(organization_resource(s));
        h.resources.push(resource("PARENT_HANDSHAKE", parent.id.as_str()));
        s.handshakes.push(h);
    }
    approve_when_all_accepted(s, &parent, now);
    Ok(parent)
}

/// How many members accepted the change to all features, out of how many were asked.
pub fn all_features_progress(s: &Snapshot, parent: &HandshakeId) -> (usize, usize) {
    reading::all_features_progress(&s.handshakes, parent.as_str())
}

fn approve_when_all_accepted(s: &mut Snapshot, member: &Handshake, now: OffsetDateTime) {
    let Ok(parent) = HandshakeId::parse(member.parent_handshake()) else { return };
    let (accepted, asked) = all_features_progress(s, &parent);
    let already = s.handshakes.iter().any(|h| h.action == "APPROVE_ALL_FEATURES" && !is_final(&h.state));
    if accepted < asked || already {
        return;
    }
    let Some(master) = s.organization.master_account_id.clone() else { return };
    let mut h = new_handshake(s, "APPROVE_ALL_FEATURES", "approve_all_features", "OPEN", now, ALL_FEATURES_LIFETIME);
    h.parties.push(HandshakeParty { id: master.to_string(), party_type: "ACCOUNT".to_owned() });
    h.resources.push(organization_resource(s));
    h.resources.push(resource("PARENT_HANDSHAKE", parent.as_str()));
    s.handshakes.push(h);
}

#[cfg(test)]
mod tests;
