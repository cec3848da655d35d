//! Policy changes on the in-memory organization, refused as AWS refuses them: AWS managed policies
//! cannot change, names are unique per type, a document must be JSON within the type's size, a type
//! must be enabled in the target's root, at most AWS's default quota of each type per target (ten
//! SCPs, five RCPs) and at least one SCP left, and a policy in use cannot be deleted.

use crate::api::{ApiError, ApiResult};
use crate::org::{
    NewPolicy, ParentId, Policy, PolicyId, PolicyType, PolicyTypeStatus, PolicyUpdate, Root, RootId, TargetId,
};
use crate::policy::limits::{max_size, quota};
use crate::snapshot::{PolicyRecord, Snapshot};

fn constraint(action: &str, reason: &str, message: String) -> ApiError {
    ApiError::Constraint { action: action.to_owned(), reason: reason.to_owned(), message }
}

fn find<'a>(s: &'a mut Snapshot, id: &PolicyId) -> ApiResult<&'a mut PolicyRecord> {
    s.policies.iter_mut().find(|p| &p.id == id).ok_or_else(|| ApiError::not_found(format!("policy {id}")))
}

fn editable<'a>(s: &'a mut Snapshot, action: &str, id: &PolicyId) -> ApiResult<&'a mut PolicyRecord> {
    let p = find(s, id)?;
    if p.aws_managed {
        return Err(ApiError::AccessDenied {
            action: action.to_owned(),
            message: format!("{} is managed by AWS and cannot be changed", p.name),
        });
    }
    Ok(p)
}

fn check_document(action: &str, policy_type: &PolicyType, content: &str) -> ApiResult<()> {
    if serde_json::from_str::<serde_json::Value>(content).is_err() {
        return Err(ApiError::MalformedPolicy { action: action.to_owned(), message: "not valid JSON".to_owned() });
    }
    let max = max_size(policy_type);
    if content.chars().count() > max {
        let message = format!("{} characters, {} allows {max}", content.chars().count(), policy_type.short());
        return Err(constraint(action, "POLICY_CONTENT_LIMIT_EXCEEDED", message));
    }
    Ok(())
}

fn check_name(
    s: &Snapshot,
    action: &str,
    policy_type: &PolicyType,
    name: &str,
    except: Option<&PolicyId>,
) -> ApiResult<()> {
    let taken = s.policies.iter().any(|p| &p.policy_type == policy_type && p.name == name && Some(&p.id) != except);
    if taken {
        return Err(ApiError::Duplicate {
            action: action.to_owned(),
            message: format!("a policy named {name} exists"),
        });
    }
    Ok(())
}

fn to_policy(p: &PolicyRecord) -> Policy {
    Policy { summary: p.summary(), content: p.content.clone() }
}

pub fn update(s: &mut Snapshot, id: &PolicyId, u: &PolicyUpdate) -> ApiResult<Policy> {
    const A: &str = "UpdatePolicy";
    let policy_type = editable(s, A, id)?.policy_type.clone();
    if let Some(content) = &u.content {
        check_document(A, &policy_type, content)?;
    }
    if let Some(name) = &u.name {
        check_name(s, A, &policy_type, name, Some(id))?;
    }
    let p = find(s, id)?;
    if let Some(name) = &u.name {
        p.name.clone_from(name);
    }
    if let Some(description) = &u.description {
        p.description.clone_from(description);
    }
    if let Some(content) = &u.content {
        p.content.clone_from(content);
    }
    Ok(to_policy(p))
}

fn new_id(s: &Snapshot) -> PolicyId {
    let mut n = s.policies.len() + 1;
    loop {
        if let Ok(id) = PolicyId::parse(&format!("p-{n:08x}"))
            && !s.policies.iter().any(|p| p.id == id)
        {
            return id;
        }
        n += 1;
    }
}

pub fn create(s: &mut Snapshot, new: &NewPolicy) -> ApiResult<Policy> {
    const A: &str = "CreatePolicy";
    check_document(A, &new.policy_type, &new.content)?;
    check_name(s, A, &new.policy_type, &new.name, None)?;
    let id = new_id(s);
    let org = &s.organization;
    let master = org.master_account_id.as_ref().map(|m| m.to_string()).unwrap_or_default();
    let record = PolicyRecord {
        tags: Vec::new(),
        arn: format!(
            "arn:aws:organizations::{master}:policy/{}/{}/{id}",
            org.id,
            new.policy_type.as_str().to_lowercase()
        ),
        id,
        name: new.name.clone(),
        policy_type: new.policy_type.clone(),
        description: new.description.clone(),
        aws_managed: false,
        content: new.content.clone(),
        target_ids: Vec::new(),
    };
    let policy = to_policy(&record);
    s.policies.push(record);
    Ok(policy)
}

pub fn delete(s: &mut Snapshot, id: &PolicyId) -> ApiResult<()> {
    const A: &str = "Delete";
    let p = editable(s, A, id)?;
    if !p.target_ids.is_empty() {
        let targets: Vec<&str> = p.target_ids.iter().map(TargetId::as_str).collect();
        return Err(ApiError::PolicyInUse {
            action: A.to_owned(),
            message: format!("attached to {}", targets.join(", ")),
        });
    }
    s.policies.retain(|p| &p.id != id);
    Ok(())
}

/// The root a target lives under.
fn root_of(s: &Snapshot, target: &TargetId) -> ApiResult<RootId> {
    let mut parent = match target {
        TargetId::Root(id) => return Ok(id.clone()),
        TargetId::Ou(id) => s.organizational_units.iter().find(|o| &o.id == id).map(|o| o.parent_id.clone()),
        TargetId::Account(id) => s.accounts.iter().find(|a| &a.id == id).map(|a| a.parent_id.clone()),
    }
    .ok_or_else(|| ApiError::not_found(format!("target {target}")))?;
    // Bounded by the number of OUs, so a cycle in a hand-written snapshot cannot hang.
    for _ in 0..=s.organizational_units.len() {
        match parent {
            ParentId::Root(root) => return Ok(root),
            ParentId::Ou(ou) => {
                parent = s
                    .organizational_units
                    .iter()
                    .find(|o| o.id == ou)
                    .map(|o| o.parent_id.clone())
                    .ok_or_else(|| ApiError::not_found(format!("organizational unit {ou}")))?;
            }
        }
    }
    Err(ApiError::other("AttachPolicy", "the snapshot's OUs form a cycle"))
}

fn attached_of_type(s: &Snapshot, target: &TargetId, policy_type: &PolicyType) -> usize {
    s.policies.iter().filter(|p| &p.policy_type == policy_type && p.target_ids.contains(target)).count()
}

pub fn attach(s: &mut Snapshot, id: &PolicyId, target: &TargetId) -> ApiResult<()> {
    const A: &str = "AttachPolicy";
    let policy_type = find(s, id)?.policy_type.clone();
    let root = root_of(s, target)?;
    let enabled =
        s.roots.iter().find(|r| r.id == root).is_some_and(|r| r.enabled_policy_types().contains(&policy_type));
    if !enabled {
        let message = format!("policy type not enabled: {} in root {root}", policy_type.short());
        return Err(ApiError::PolicyTypeState { action: A.to_owned(), message });
    }
    if find(s, id)?.target_ids.contains(target) {
        return Err(ApiError::Duplicate {
            action: A.to_owned(),
            message: format!("{id} is already attached to {target}"),
        });
    }
    if let Some(max) = quota(&policy_type).max_attached
        && attached_of_type(s, target, &policy_type) >= max
    {
        let message = format!("{target} already has {max} {} attached", policy_type.short());
        return Err(constraint(A, "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", message));
    }
    find(s, id)?.target_ids.push(target.clone());
    Ok(())
}

pub fn detach(s: &mut Snapshot, id: &PolicyId, target: &TargetId) -> ApiResult<()> {
    const A: &str = "DetachPolicy";
    let p = find(s, id)?;
    if !p.target_ids.contains(target) {
        return Err(ApiError::NotAttached {
            action: A.to_owned(),
            message: format!("{id} is not attached to {target}"),
        });
    }
    let policy_type = p.policy_type.clone();
    if policy_type.as_str() == PolicyType::SCP && attached_of_type(s, target, &policy_type) == 1 {
        let message = format!("{target} must keep at least one SCP");
        return Err(constraint(A, "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", message));
    }
    find(s, id)?.target_ids.retain(|t| t != target);
    Ok(())
}

fn root_mut<'a>(s: &'a mut Snapshot, id: &RootId) -> ApiResult<&'a mut Root> {
    s.roots.iter_mut().find(|r| &r.id == id).ok_or_else(|| ApiError::not_found(format!("root {id}")))
}

pub fn enable_type(s: &mut Snapshot, root: &RootId, policy_type: &PolicyType) -> ApiResult<Root> {
    const A: &str = "EnablePolicyType";
    let r = root_mut(s, root)?;
    if r.enabled_policy_types().contains(policy_type) {
        return Err(ApiError::PolicyTypeState { action: A.to_owned(), message: "policy type already enabled".into() });
    }
    r.policy_types.retain(|t| &t.policy_type != policy_type);
    r.policy_types.push(PolicyTypeStatus { policy_type: policy_type.clone(), status: "ENABLED".into() });
    Ok(r.clone())
}

/// Disabling a type detaches every policy of that type from every target under the root.
pub fn disable_type(s: &mut Snapshot, root: &RootId, policy_type: &PolicyType) -> ApiResult<Root> {
    const A: &str = "DisablePolicyType";
    let r = root_mut(s, root)?;
    if !r.enabled_policy_types().contains(policy_type) {
        return Err(ApiError::PolicyTypeState { action: A.to_owned(), message: "policy type not enabled".into() });
    }
    r.policy_types.retain(|t| &t.policy_type != policy_type);
    let updated = r.clone();
    let under_root: Vec<TargetId> = {
        let all = s.policies.iter().flat_map(|p| p.target_ids.iter().cloned()).collect::<Vec<_>>();
        all.into_iter().filter(|t| root_of(s, t).is_ok_and(|r| &r == root)).collect()
    };
    for p in s.policies.iter_mut().filter(|p| &p.policy_type == policy_type) {
        p.target_ids.retain(|t| !under_root.contains(t));
    }
    Ok(updated)
}

#[cfg(test)]
mod tests;
