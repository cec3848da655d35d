//! The organization's structure in memory: accounts moved between roots and OUs, OUs created,
//! renamed and deleted, tags set and removed; refused the way AWS refuses (an account or parent that
//! does not exist, a source that is not the account's parent, a destination it is already in, a
//! sixth level of OUs, a name taken under the same parent, an OU that is not empty, a tag past the
//! limits).

use crate::api::{ApiError, ApiResult};
use crate::org::limits::{self, MAX_OUS};
use crate::org::{AccountId, OrgUnit, OuId, ParentId, ResourceId, Tag, TargetId};
use crate::snapshot::{OuRecord, RootTags, Snapshot};

pub fn move_account(s: &mut Snapshot, account: &AccountId, source: &ParentId, destination: &ParentId) -> ApiResult<()> {
    const A: &str = "MoveAccount";
    parent_known(s, destination, "destination parent")?;
    parent_known(s, source, "source parent")?;
    let entry = s
        .accounts
        .iter_mut()
        .find(|a| &a.id == account)
        .ok_or_else(|| ApiError::NotFound { what: "account".to_owned(), message: format!("no account {account}") })?;
    if &entry.parent_id == destination {
        return Err(ApiError::Duplicate {
            action: A.to_owned(),
            message: format!("account {account} is already in {destination}"),
        });
    }
    if &entry.parent_id != source {
        return Err(ApiError::NotFound {
            what: "source parent".to_owned(),
            message: format!("account {account} is not in {source}"),
        });
    }
    entry.parent_id = destination.clone();
    Ok(())
}

/// How many OUs deep `parent` is: 0 for a root.
fn depth(s: &Snapshot, parent: &ParentId) -> usize {
    let mut n = 0;
    let mut at = parent.clone();
    while let ParentId::Ou(id) = &at {
        let Some(ou) = s.organizational_units.iter().find(|o| &o.id == id) else { break };
        n += 1;
        at = ou.parent_id.clone();
        if n > s.organizational_units.len() {
            break; // a cycle in a hand-written snapshot: stop rather than loop
        }
    }
    n
}

fn constraint(action: &str, reason: &str, message: String) -> ApiError {
    ApiError::Constraint { action: action.to_owned(), reason: reason.to_owned(), message }
}

fn invalid_name(action: &str, name: &str) -> ApiResult<()> {
    match limits::ou_name_problem(name) {
        Some(why) => {
            Err(ApiError::InvalidInput { action: action.to_owned(), reason: "INVALID_NAME".into(), message: why })
        }
        None => Ok(()),
    }
}

fn name_taken(s: &Snapshot, action: &str, parent: &ParentId, name: &str, except: Option<&OuId>) -> ApiResult<()> {
    if s.organizational_units.iter().any(|o| &o.parent_id == parent && o.name == name && Some(&o.id) != except) {
        return Err(ApiError::Duplicate {
            action: action.to_owned(),
            message: format!("an OU named {name} already exists in {parent}"),
        });
    }
    Ok(())
}

/// A new OU's id: `ou-` and its root's suffix, then eight characters unused so far.
fn new_ou_id(s: &Snapshot, parent: &ParentId) -> OuId {
    let root = match parent {
        ParentId::Root(r) => r.as_str().trim_start_matches("r-").to_owned(),
        ParentId::Ou(o) => o.as_str().trim_start_matches("ou-").split('-').next().unwrap_or("0000").to_owned(),
    };
    let mut n = s.organizational_units.len() + 1;
    loop {
        if let Ok(id) = OuId::parse(&format!("ou-{root}-{n:08x}"))
            && !s.organizational_units.iter().any(|o| o.id == id)
        {
            return id;
        }
        n += 1;
    }
}

pub fn create_ou(s: &mut Snapshot, parent: &ParentId, name: &str, tags: &[Tag]) -> ApiResult<OrgUnit> {
    const A: &str = "CreateOrganizationalUnit";
    parent_known(s, parent, "parent")?;
    invalid_name(A, name)?;
    if let Some(why) = limits::ou_depth_problem(depth(s, parent)) {
        return Err(constraint(A, "OU_DEPTH_LIMIT_EXCEEDED", why));
    }
    if s.organizational_units.len() >= MAX_OUS {
        return Err(constraint(A, "OU_NUMBER_LIMIT_EXCEEDED", format!("the organization has {MAX_OUS} OUs")));
    }
    check_tags(A, tags)?;
    name_taken(s, A, parent, name, None)?;
    let id = new_ou_id(s, parent);
    let master = s.organization.master_account_id.as_ref().map(ToString::to_string).unwrap_or_default();
    let record = OuRecord {
        arn: format!("arn:aws:organizations::{master}:ou/{}/{id}", s.organization.id),
        id,
        name: name.to_owned(),
        parent_id: parent.clone(),
        tags: tags.to_vec(),
    };
    let ou = record.to_ou();
    s.organizational_units.push(record);
    // As AWS does: the default policy of each enabled SCP/RCP type comes attached.
    let enabled: Vec<_> = s.roots.iter().flat_map(|r| r.enabled_policy_types()).collect();
    let target = TargetId::Ou(ou.id.clone());
    for p in s.policies.iter_mut().filter(|p| p.aws_managed && enabled.contains(&p.policy_type)) {
        p.target_ids.push(target.clone());
    }
    Ok(ou)
}

pub fn rename_ou(s: &mut Snapshot, id: &OuId, name: &str) -> ApiResult<OrgUnit> {
    const A: &str = "UpdateOrganizationalUnit";
    invalid_name(A, name)?;
    let parent = ou(s, id)?.parent_id.clone();
    name_taken(s, A, &parent, name, Some(id))?;
    let record = s.organizational_units.iter_mut().find(|o| &o.id == id).ok_or_else(|| gone(id))?;
    record.name = name.to_owned();
    Ok(record.to_ou())
}

pub fn delete_ou(s: &mut Snapshot, id: &OuId) -> ApiResult<()> {
    const A: &str = "DeleteOrganizationalUnit";
    ou(s, id)?;
    let here = ParentId::Ou(id.clone());
    let ous = s.organizational_units.iter().filter(|o| o.parent_id == here).count();
    let accounts = s.accounts.iter().filter(|a| a.parent_id == here).count();
    if ous + accounts > 0 {
        return Err(ApiError::NotEmpty {
            action: A.to_owned(),
            message: format!("{id} holds {ous} OUs and {accounts} accounts"),
        });
    }
    s.organizational_units.retain(|o| &o.id != id);
    let target = TargetId::Ou(id.clone());
    for p in &mut s.policies {
        p.target_ids.retain(|t| t != &target);
    }
    Ok(())
}

/// TagResource: new keys are added, known keys take the new value.
pub fn tag(s: &mut Snapshot, target: &ResourceId, tags: &[Tag]) -> ApiResult<()> {
    const A: &str = "TagResource";
    let current = tags_of(s, target)?;
    let mut after = current.clone();
    for t in tags {
        match after.iter_mut().find(|o| o.key == t.key) {
            Some(o) => o.value = t.value.clone(),
            None => after.push(t.clone()),
        }
    }
    check_tags(A, tags)?;
    if after.len() > limits::MAX_TAGS {
        return Err(constraint(A, "MAX_TAG_LIMIT_EXCEEDED", format!("{target} would carry {} tags", after.len())));
    }
    *current = after;
    Ok(())
}

/// UntagResource: the keys given are removed (a key it does not carry is no error).
pub fn untag(s: &mut Snapshot, target: &ResourceId, keys: &[String]) -> ApiResult<()> {
    let current = tags_of(s, target)?;
    current.retain(|t| !keys.contains(&t.key));
    Ok(())
}

fn check_tags(action: &str, tags: &[Tag]) -> ApiResult<()> {
    match limits::tags_problem(tags) {
        Some(why) => {
            Err(ApiError::InvalidInput { action: action.to_owned(), reason: "INVALID_INPUT".into(), message: why })
        }
        None => Ok(()),
    }
}

fn tags_of<'a>(s: &'a mut Snapshot, target: &ResourceId) -> ApiResult<&'a mut Vec<Tag>> {
    match target {
        ResourceId::Target(TargetId::Account(id)) => s
            .accounts
            .iter_mut()
            .find(|a| &a.id == id)
            .map(|a| &mut a.tags)
            .ok_or_else(|| ApiError::not_found(format!("account {id}"))),
        ResourceId::Target(TargetId::Ou(id)) => {
            s.organizational_units.iter_mut().find(|o| &o.id == id).map(|o| &mut o.tags).ok_or_else(|| gone(id))
        }
        ResourceId::Target(TargetId::Root(id)) => {
            if !s.roots.iter().any(|r| &r.id == id) {
                return Err(ApiError::not_found(format!("root {id}")));
            }
            // A root's tags are kept beside it: ListRoots, which the roots are recorded as, has none.
            let at = match s.root_tags.iter().position(|r| &r.root_id == id) {
                Some(at) => at,
                None => {
                    s.root_tags.push(RootTags { root_id: id.clone(), tags: Vec::new() });
                    s.root_tags.len() - 1
                }
            };
            Ok(&mut s.root_tags[at].tags)
        }
        ResourceId::Policy(id) => s
            .policies
            .iter_mut()
            .find(|p| &p.id == id)
            .map(|p| &mut p.tags)
            .ok_or_else(|| ApiError::not_found(format!("policy {id}"))),
    }
}

/// ListTagsForResource: the tags the root, OU, account or policy carries.
pub fn tags(s: &Snapshot, target: &ResourceId) -> ApiResult<Vec<Tag>> {
    let found = match target {
        ResourceId::Target(TargetId::Account(id)) => s.accounts.iter().find(|a| &a.id == id).map(|a| a.tags.clone()),
        ResourceId::Target(TargetId::Ou(id)) => {
            s.organizational_units.iter().find(|o| &o.id == id).map(|o| o.tags.clone())
        }
        ResourceId::Target(TargetId::Root(id)) => s
            .roots
            .iter()
            .any(|r| &r.id == id)
            .then(|| s.root_tags.iter().find(|r| &r.root_id == id).map(|r| r.tags.clone()).unwrap_or_default()),
        ResourceId::Policy(id) => s.policies.iter().find(|p| &p.id == id).map(|p| p.tags.clone()),
    };
    found.ok_or_else(|| ApiError::not_found(format!("resource {target}")))
}

fn ou<'a>(s: &'a Snapshot, id: &OuId) -> ApiResult<&'a OuRecord> {
    s.organizational_units.iter().find(|o| &o.id == id).ok_or_else(|| gone(id))
}

fn gone(id: &OuId) -> ApiError {
    ApiError::NotFound { what: "organizational unit".to_owned(), message: format!("no OU {id}") }
}

fn parent_known(s: &Snapshot, p: &ParentId, what: &str) -> ApiResult<()> {
    let found = match p {
        ParentId::Root(id) => s.roots.iter().any(|r| &r.id == id),
        ParentId::Ou(id) => s.organizational_units.iter().any(|o| &o.id == id),
    };
    if found {
        Ok(())
    } else {
        Err(ApiError::NotFound { what: what.to_owned(), message: format!("no root or OU {p}") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::memory::MemoryOrg;

    #[test]
    fn an_account_moves_and_the_refusals_are_aws_s() {
        let mut s = MemoryOrg::demo_snapshot().unwrap();
        let account = s.accounts.iter().find(|a| a.name == "ledger-prod").unwrap().clone();
        let sandbox = ParentId::parse("ou-d3mo-sbx00001").unwrap();
        let from = account.parent_id.clone();
        move_account(&mut s, &account.id, &from, &sandbox).unwrap();
        assert_eq!(s.accounts.iter().find(|a| a.id == account.id).unwrap().parent_id, sandbox);
        // Again: it is there already; from the old parent: that is no longer its source.
        assert!(matches!(move_account(&mut s, &account.id, &sandbox, &sandbox), Err(ApiError::Duplicate { .. })));
        let root = ParentId::parse("r-d3mo").unwrap();
        let e = move_account(&mut s, &account.id, &from, &root).unwrap_err();
        assert!(matches!(&e, ApiError::NotFound { what, .. } if what == "source parent"), "{e}");
        let nowhere = ParentId::parse("ou-d3mo-zzzzzzzz").unwrap();
        assert!(matches!(move_account(&mut s, &account.id, &sandbox, &nowhere), Err(ApiError::NotFound { .. })));
    }

    #[test]
    fn ous_are_created_renamed_and_deleted_with_aws_s_refusals() {
        let mut s = MemoryOrg::demo_snapshot().unwrap();
        let root = ParentId::parse("r-d3mo").unwrap();
        let tags = [Tag { key: "team".into(), value: "platform".into() }];
        let made = create_ou(&mut s, &root, "Staging", &tags).unwrap();
        assert!(made.id.as_str().starts_with("ou-d3mo-"), "{}", made.id);
        assert_eq!(s.organizational_units.iter().find(|o| o.id == made.id).unwrap().tags, tags);
        let target = TargetId::Ou(made.id.clone());
        let mut attached: Vec<&str> =
            s.policies.iter().filter(|p| p.target_ids.contains(&target)).map(|p| p.name.as_str()).collect();
        attached.sort();
        assert_eq!(attached, ["FullAWSAccess", "RCPFullAWSAccess"], "AWS's defaults come attached");
        assert!(matches!(create_ou(&mut s, &root, "Staging", &[]), Err(ApiError::Duplicate { .. })));
        // Five levels below the root, and no sixth.
        let mut parent = ParentId::Ou(made.id.clone());
        for level in 2..=5 {
            parent = ParentId::Ou(create_ou(&mut s, &parent, &format!("L{level}"), &[]).unwrap().id);
        }
        let e = create_ou(&mut s, &parent, "L6", &[]).unwrap_err();
        assert!(matches!(&e, ApiError::Constraint { reason, .. } if reason == "OU_DEPTH_LIMIT_EXCEEDED"), "{e}");
        // Renamed; a name another OU of the parent has is refused.
        create_ou(&mut s, &root, "Other", &[]).unwrap();
        assert_eq!(rename_ou(&mut s, &made.id, "Pre-prod").unwrap().name, "Pre-prod");
        assert!(matches!(rename_ou(&mut s, &made.id, "Other"), Err(ApiError::Duplicate { .. })));
        // Not empty: refused; its innermost first, then it goes.
        assert!(matches!(delete_ou(&mut s, &made.id), Err(ApiError::NotEmpty { .. })));
        let ParentId::Ou(innermost) = parent else { unreachable!() };
        delete_ou(&mut s, &innermost).unwrap();
        assert!(matches!(delete_ou(&mut s, &innermost), Err(ApiError::NotFound { .. })));
    }

    #[test]
    fn tags_are_set_changed_and_removed_within_the_limits() {
        let mut s = MemoryOrg::demo_snapshot().unwrap();
        let account = s.accounts[0].id.clone();
        let target = ResourceId::Target(TargetId::Account(account.clone()));
        let t = |k: &str, v: &str| Tag { key: k.into(), value: v.into() };
        let before = s.accounts[0].tags.len();
        tag(&mut s, &target, &[t("probe-cost", "42"), t("probe-owner", "ana")]).unwrap();
        tag(&mut s, &target, &[t("probe-owner", "bo")]).unwrap();
        let tags = &s.accounts.iter().find(|a| a.id == account).unwrap().tags;
        assert_eq!(tags.len(), before + 2);
        assert!(tags.contains(&t("probe-owner", "bo")) && !tags.contains(&t("probe-owner", "ana")));
        untag(&mut s, &target, &["probe-owner".to_owned()]).unwrap();
        assert!(!s.accounts.iter().find(|a| a.id == account).unwrap().tags.iter().any(|x| x.key == "probe-owner"));
        assert!(matches!(tag(&mut s, &target, &[t("aws:x", "1")]), Err(ApiError::InvalidInput { .. })));
        let many: Vec<Tag> = (0..50).map(|i| t(&format!("k{i}"), "v")).collect();
        let e = tag(&mut s, &target, &many).unwrap_err();
        assert!(matches!(&e, ApiError::Constraint { reason, .. } if reason == "MAX_TAG_LIMIT_EXCEEDED"), "{e}");
    }

    #[test]
    fn roots_and_policies_carry_tags_too() {
        let mut s = MemoryOrg::demo_snapshot().unwrap();
        let t = Tag { key: "owner".into(), value: "platform".into() };
        let root = ResourceId::Target(TargetId::Root(s.roots[0].id.clone()));
        assert!(tags(&s, &root).unwrap().is_empty());
        tag(&mut s, &root, std::slice::from_ref(&t)).unwrap();
        assert_eq!(tags(&s, &root).unwrap(), std::slice::from_ref(&t));
        assert_eq!(s.root_tags.len(), 1, "kept beside the root, and written in the snapshot");
        let policy = ResourceId::Policy(s.policies[0].id.clone());
        tag(&mut s, &policy, std::slice::from_ref(&t)).unwrap();
        assert_eq!(s.policies[0].tags, std::slice::from_ref(&t));
        untag(&mut s, &policy, &["owner".to_owned()]).unwrap();
        assert!(tags(&s, &policy).unwrap().is_empty());
        let gone = ResourceId::parse("p-zzzzzzzz").unwrap();
        assert!(matches!(tag(&mut s, &gone, &[t]), Err(ApiError::NotFound { .. })));
        assert!(matches!(tags(&s, &gone), Err(ApiError::NotFound { .. })));
    }
}
