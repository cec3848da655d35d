//! The memory backend answering as AWS does: callers, invitations, snapshots as they stood.

use super::*;

#[tokio::test]
async fn an_invited_account_answers_through_the_trait_and_appears_in_the_tree() {
    let invited = AccountId::parse("444455556666").unwrap();
    let management = MemoryOrg::demo().unwrap();
    let api = management.as_caller(invited.clone());
    assert_eq!(api.describe_organization().await, Err(ApiError::NotInOrganization), "not a member yet");
    let inbox = api.list_handshakes_for_account().await.unwrap();
    assert_eq!(inbox.len(), 2, "one invitation from the demo organization, one from a partner's");
    let ours = inbox.iter().find(|h| h.organization() == Some("o-d3mo1example")).unwrap();
    assert_eq!(ours.state, "OPEN", "the demo's invitation is open today");
    let accepted = api.accept_handshake(&ours.id).await.unwrap();
    assert_eq!(accepted.state, "ACCEPTED");
    assert_eq!(api.describe_organization().await.unwrap().id.as_str(), "o-d3mo1example", "now a member");
    let root = ParentId::Root(crate::org::RootId::parse("r-d3mo").unwrap());
    let accounts = management.list_accounts_for_parent(&root).await.unwrap();
    assert!(accounts.iter().any(|a| a.id == invited), "the management account sees it under the root");
    assert!(matches!(api.list_handshakes_for_organization().await, Err(ApiError::AccessDenied { .. })));
    let theirs = inbox.iter().find(|h| h.organization() != Some("o-d3mo1example")).unwrap();
    let e = api.accept_handshake(&theirs.id).await.unwrap_err();
    assert!(matches!(e, ApiError::AlreadyInOrganization { .. }), "one organization at a time: {e:?}");
}

#[tokio::test]
async fn members_are_denied_organization_wide_reads_as_aws_denies_them() {
    let member = MemoryOrg::demo().unwrap().with_caller(AccountId::parse("100000205894").unwrap());
    assert!(member.describe_organization().await.is_ok(), "any member may describe its organization");
    let e = member.list_roots().await.unwrap_err();
    assert!(matches!(e, ApiError::AccessDenied { ref action, .. } if action == "ListRoots"), "{e:?}");
    assert!(member.list_handshakes_for_account().await.is_ok());
}

#[tokio::test]
async fn a_snapshot_is_read_as_it_stood_when_taken() {
    // The demo file's invitations were open when it was written; read as a plain snapshot they
    // still are, whatever today's date.
    let api = MemoryOrg::new(MemoryOrg::demo_snapshot().unwrap());
    let open = api.list_handshakes_for_organization().await.unwrap().iter().filter(|h| h.state == "OPEN").count();
    assert_eq!(open, 2);
}
