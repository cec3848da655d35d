//! An exposure read from a whole organization held in memory (a snapshot, the demo): everything is
//! there, so nothing is incomplete.

use super::{Exposure, Place, PolicyText, Proposal};
use crate::org::{ParentId, TargetId};
use crate::snapshot::Snapshot;

fn parent(p: &ParentId) -> TargetId {
    match p {
        ParentId::Root(r) => TargetId::Root(r.clone()),
        ParentId::Ou(o) => TargetId::Ou(o.clone()),
    }
}

/// The exposure of `proposal` in the organization `s` holds.
pub fn from_snapshot(s: &Snapshot, proposal: &Proposal) -> Exposure {
    let mut e = Exposure {
        organization: Some(s.organization.id.to_string()),
        management: s.organization.master_account_id.clone(),
        ..Exposure::default()
    };
    e.add_roots(&s.roots);
    for ou in &s.organizational_units {
        e.places
            .insert(TargetId::Ou(ou.id.clone()), Place { name: ou.name.clone(), parent: Some(parent(&ou.parent_id)) });
    }
    for a in &s.accounts {
        e.places.insert(
            TargetId::Account(a.id.clone()),
            Place { name: a.name.clone(), parent: Some(parent(&a.parent_id)) },
        );
    }
    for p in s.policies.iter().filter(|p| p.policy_type.is_authorization()) {
        e.policies.insert(
            p.id.clone(),
            PolicyText { name: p.name.clone(), policy_type: p.policy_type.clone(), content: p.content.clone() },
        );
        for t in &p.target_ids {
            e.attachments.entry(t.clone()).or_default().push(p.id.clone());
        }
    }
    let scope = proposal.scope(&e);
    for a in &s.accounts {
        let mut at = Some(TargetId::Account(a.id.clone()));
        while let Some(t) = at {
            if scope.contains(&t) {
                e.reached.push(a.id.clone());
                break;
            }
            at = e.places.get(&t).and_then(|p| p.parent.clone());
        }
    }
    e
}
