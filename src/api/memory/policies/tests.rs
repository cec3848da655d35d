//! Policy changes on the demo organization, legal and refused.

use super::*;
use crate::api::memory::MemoryOrg;

fn demo() -> Snapshot {
    MemoryOrg::demo_snapshot().unwrap()
}

fn pid(id: &str) -> PolicyId {
    PolicyId::parse(id).unwrap()
}

fn target(id: &str) -> TargetId {
    TargetId::parse(id).unwrap()
}

fn scp() -> PolicyType {
    PolicyType::new(PolicyType::SCP)
}

const DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;

#[test]
fn update_changes_content_name_and_description_and_refuses_what_aws_refuses() {
    let mut s = demo();
    let u = PolicyUpdate { name: Some("Regions".into()), description: Some("d".into()), content: Some(DOC.into()) };
    let p = update(&mut s, &pid("p-region0001"), &u).unwrap();
    assert_eq!((p.summary.name.as_str(), p.summary.description.as_str(), p.content.as_str()), ("Regions", "d", DOC));
    let e = update(&mut s, &pid("p-FullAWSAccess"), &u).unwrap_err();
    assert!(matches!(e, ApiError::AccessDenied { .. }), "{e:?}");
    let dup = PolicyUpdate { name: Some("SandboxGuardrails".into()), ..PolicyUpdate::default() };
    assert!(matches!(update(&mut s, &pid("p-region0001"), &dup), Err(ApiError::Duplicate { .. })));
    let bad = PolicyUpdate { content: Some("{".into()), ..PolicyUpdate::default() };
    assert!(matches!(update(&mut s, &pid("p-region0001"), &bad), Err(ApiError::MalformedPolicy { .. })));
    let big =
        PolicyUpdate { content: Some(format!("{{\"a\":\"{}\"}}", "x".repeat(10_300))), ..PolicyUpdate::default() };
    let e = update(&mut s, &pid("p-region0001"), &big).unwrap_err();
    assert!(matches!(e, ApiError::Constraint { ref reason, .. } if reason == "POLICY_CONTENT_LIMIT_EXCEEDED"), "{e:?}");
    assert_eq!(find(&mut s, &pid("p-region0001")).unwrap().content, DOC, "refusals changed nothing");
}

#[test]
fn create_then_delete_and_a_policy_in_use_names_its_targets() {
    let mut s = demo();
    let new = NewPolicy { policy_type: scp(), name: "DenyS3".into(), description: String::new(), content: DOC.into() };
    let created = create(&mut s, &new).unwrap();
    assert!(created.summary.arn.ends_with(created.summary.id.as_str()));
    assert!(matches!(create(&mut s, &new), Err(ApiError::Duplicate { .. })));
    delete(&mut s, &created.summary.id).unwrap();
    assert!(matches!(delete(&mut s, &created.summary.id), Err(ApiError::NotFound { .. })));
    let e = delete(&mut s, &pid("p-region0001")).unwrap_err();
    assert!(matches!(e, ApiError::PolicyInUse { ref message, .. } if message.contains("ou-d3mo-wkl00001")), "{e:?}");
    assert!(matches!(delete(&mut s, &pid("p-FullAWSAccess")), Err(ApiError::AccessDenied { .. })));
}

#[test]
fn attach_and_detach_follow_the_attachment_rules() {
    let mut s = demo();
    let dev = target("ou-d3mo-wkldev01");
    attach(&mut s, &pid("p-sbxguard1"), &dev).unwrap();
    assert!(matches!(attach(&mut s, &pid("p-sbxguard1"), &dev), Err(ApiError::Duplicate { .. })));
    detach(&mut s, &pid("p-sbxguard1"), &dev).unwrap();
    assert!(matches!(detach(&mut s, &pid("p-sbxguard1"), &dev), Err(ApiError::NotAttached { .. })));
    // The only SCP on an OU cannot go.
    let e = detach(&mut s, &pid("p-FullAWSAccess"), &dev).unwrap_err();
    assert!(
        matches!(e, ApiError::Constraint { ref reason, .. } if reason == "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
    );
    // Ten SCPs at most (AWS's quota since May 2026).
    for i in 0..9 {
        let new = NewPolicy {
            policy_type: scp(),
            name: format!("Extra{i}"),
            description: String::new(),
            content: DOC.into(),
        };
        let p = create(&mut s, &new).unwrap();
        attach(&mut s, &p.summary.id, &dev).unwrap();
    }
    let e = attach(&mut s, &pid("p-sbxguard1"), &dev).unwrap_err();
    assert!(
        matches!(e, ApiError::Constraint { ref reason, .. } if reason == "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
    );
}

#[test]
fn disabling_a_type_detaches_it_everywhere_and_attaching_then_needs_it_enabled() {
    let mut s = demo();
    let root = RootId::parse("r-d3mo").unwrap();
    let tag = PolicyType::new("TAG_POLICY");
    let r = disable_type(&mut s, &root, &tag).unwrap();
    assert!(!r.enabled_policy_types().contains(&tag));
    assert!(s.policies.iter().filter(|p| p.policy_type == tag).all(|p| p.target_ids.is_empty()));
    let e = attach(&mut s, &pid("p-tagcost01"), &target("r-d3mo")).unwrap_err();
    assert!(matches!(e, ApiError::PolicyTypeState { .. }), "{e:?}");
    assert!(matches!(disable_type(&mut s, &root, &tag), Err(ApiError::PolicyTypeState { .. })));
    enable_type(&mut s, &root, &tag).unwrap();
    attach(&mut s, &pid("p-tagcost01"), &target("r-d3mo")).unwrap();
    assert!(matches!(enable_type(&mut s, &root, &tag), Err(ApiError::PolicyTypeState { .. })));
}
