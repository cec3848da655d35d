use super::*;
use crate::org::{AccountId, OuId, PolicyId, PolicyType, RootId};

fn root(id: &str) -> Root {
    Root { id: RootId::parse(id).unwrap(), arn: format!("arn:{id}"), name: "Root".into(), policy_types: vec![] }
}

fn ou(id: &str, name: &str) -> OrgUnit {
    OrgUnit { id: OuId::parse(id).unwrap(), arn: format!("arn:{id}"), name: name.into() }
}

fn account(id: &str, name: &str) -> Account {
    Account {
        id: AccountId::parse(id).unwrap(),
        arn: format!("arn:{id}"),
        name: name.into(),
        email: format!("{name}@example.com"),
        state: "ACTIVE".into(),
        joined_method: None,
        joined_timestamp: None,
    }
}

fn policy(id: &str) -> PolicySummary {
    PolicySummary {
        id: PolicyId::parse(id).unwrap(),
        arn: String::new(),
        name: id.into(),
        policy_type: PolicyType::new(PolicyType::SCP),
        description: String::new(),
        aws_managed: false,
    }
}

fn names(tree: &Tree) -> Vec<String> {
    tree.visible_rows()
        .iter()
        .map(|r| format!("{}{}", "  ".repeat(r.depth as usize), tree.get(r.id).unwrap().kind.name()))
        .collect()
}

fn loaded_tree() -> (Tree, NodeId) {
    let mut tree = Tree::default();
    tree.set_roots(vec![root("r-ab12")]);
    let r = tree.roots()[0];
    tree.set_children(
        r,
        Children { ous: vec![ou("ou-ab12-aaaaaaaa", "Prod")], accounts: vec![account("111111111111", "mgmt")] },
    );
    tree.get_mut(r).unwrap().expanded = true;
    (tree, r)
}

#[test]
fn children_come_after_the_policies_group_and_only_show_when_expanded() {
    let (mut tree, r) = loaded_tree();
    assert_eq!(names(&tree), ["Root", "  Policies", "  Prod", "  mgmt"]);
    assert_eq!(tree.child_counts(r), Some((1, 1)));
    tree.get_mut(r).unwrap().expanded = false;
    assert_eq!(names(&tree), ["Root"]);
}

#[test]
fn targets_have_a_policies_group_from_the_start_and_accounts_are_loaded() {
    let (tree, r) = loaded_tree();
    let prod = tree.get(r).unwrap().children[1];
    assert!(tree.policies_group(prod).is_some());
    assert_eq!(tree.get(prod).unwrap().load, LoadState::NotLoaded);
    let mgmt = tree.get(r).unwrap().children[2];
    assert_eq!(tree.get(mgmt).unwrap().load, LoadState::Loaded);
    assert_eq!(tree.get(mgmt).unwrap().children.len(), 1);
}

#[test]
fn refresh_keeps_surviving_children_and_their_expansion_and_frees_the_rest() {
    let (mut tree, r) = loaded_tree();
    let prod = tree.get(r).unwrap().children[1];
    tree.set_children(prod, Children { ous: vec![], accounts: vec![account("222222222222", "app")] });
    tree.get_mut(prod).unwrap().expanded = true;
    let before = tree.len();
    // Refresh the root: Prod survives (same id, new name), mgmt is gone, a new OU appears.
    tree.set_children(
        r,
        Children { ous: vec![ou("ou-ab12-aaaaaaaa", "Production"), ou("ou-ab12-bbbbbbbb", "Dev")], accounts: vec![] },
    );
    assert_eq!(tree.get(r).unwrap().children[1], prod);
    assert_eq!(names(&tree), ["Root", "  Policies", "  Production", "    Policies", "    app", "  Dev"]);
    // mgmt and its group were freed, Dev and its group were added: the arena did not grow.
    assert_eq!(tree.len(), before);
}

#[test]
fn policies_fill_the_group_and_path_and_root_are_found() {
    let (mut tree, r) = loaded_tree();
    let group = tree.policies_group(r).unwrap();
    tree.set_policies(group, vec![policy("p-FullAWSAccess"), policy("p-abcdefgh")]);
    let p = tree.get(group).unwrap().children[1];
    assert!(!tree.get(p).unwrap().can_expand());
    assert_eq!(tree.path(p), vec![r, group, p]);
    assert_eq!(tree.root_of(p).unwrap().id.as_str(), "r-ab12");
}

#[test]
fn freed_slots_are_reused() {
    let (mut tree, r) = loaded_tree();
    let slots_before = tree.slots.len();
    // Prod and mgmt (with their groups) go, New (with its group) comes: it takes their slots.
    tree.set_children(r, Children { ous: vec![ou("ou-ab12-cccccccc", "New")], accounts: vec![] });
    assert_eq!(tree.slots.len(), slots_before);
    assert_eq!(tree.len(), 4);
    assert_eq!(tree.child_counts(r), Some((1, 0)));
}
