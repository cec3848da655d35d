//! What AWS allows a policy of each type: its size (counted on the text sent, so orgtui sends it
//! minified) and how many may be attached to one target. One table, each number with where it comes
//! from and since when, so a quota AWS raises is one line to change.
//!
//! These are AWS's default quotas. An organization may have had some raised (AWS raises a quota per
//! organization on request), so orgtui warns when a change goes past one and lets AWS decide: its
//! refusal stays the authority, explained in words (`api::error`).

use crate::org::PolicyType;

/// The quotas of one policy type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub policy_type: &'static str,
    /// Characters in the document, as sent.
    pub max_size: usize,
    /// Policies of this type attached directly to one root, OU or account; None where orgtui does
    /// not check it (AWS does).
    pub max_attached: Option<usize>,
    /// Where the numbers come from, and when they were last checked.
    pub source: &'static str,
    pub as_of: &'static str,
}

const QUOTAS_PAGE: &str = "AWS Organizations User Guide, \"Quotas for AWS Organizations\"";

/// Every type orgtui knows; any other takes `OTHER`.
pub const QUOTAS: &[Quota] = &[
    Quota {
        policy_type: PolicyType::SCP,
        max_size: 10_240,
        max_attached: Some(10),
        source: "AWS What's New, \"AWS Organizations increased SCP quotas\" (raised from 5,120 characters and 5 SCPs)",
        as_of: "2026-05-15",
    },
    Quota {
        policy_type: PolicyType::RCP,
        max_size: 5_120,
        max_attached: Some(5),
        source: QUOTAS_PAGE,
        as_of: "2026-05-15",
    },
    Quota {
        policy_type: "AISERVICES_OPT_OUT_POLICY",
        max_size: 2_500,
        max_attached: None,
        source: QUOTAS_PAGE,
        as_of: "2025-11-01",
    },
];

/// The management types without an entry above (tag, backup, chatbot, declarative, …).
pub const OTHER: Quota =
    Quota { policy_type: "", max_size: 10_000, max_attached: None, source: QUOTAS_PAGE, as_of: "2025-11-01" };

pub fn quota(policy_type: &PolicyType) -> Quota {
    QUOTAS.iter().copied().find(|q| q.policy_type == policy_type.as_str()).unwrap_or(OTHER)
}

/// Characters AWS accepts in a policy document of this type (its default quota).
pub fn max_size(policy_type: &PolicyType) -> usize {
    quota(policy_type).max_size
}

/// Why attaching one more policy of this type to a target that has `attached` of them goes past
/// AWS's default quota; None when it does not (or the quota is not one orgtui checks). A warning,
/// never a refusal: the organization's quota may have been raised.
pub fn attachment_warning(policy_type: &PolicyType, attached: usize, target: &str) -> Option<String> {
    let max = quota(policy_type).max_attached?;
    (attached >= max).then(|| {
        format!(
            "{target} already has {attached} {short}s attached; AWS's default quota is {max} per root, OU or account, \
             so AWS refuses this unless the organization's quota was raised",
            short = policy_type.short()
        )
    })
}

/// The content as AWS should receive it: JSON without insignificant whitespace, keys in the
/// author's order. Text that is not JSON is returned unchanged (validation reports it).
pub fn minify(content: &str) -> String {
    serde_json::from_str::<serde_json::Value>(content)
        .ok()
        .and_then(|v| serde_json::to_string(&v).ok())
        .unwrap_or_else(|| content.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_follow_what_aws_documents_today() {
        let scp = PolicyType::new(PolicyType::SCP);
        let rcp = PolicyType::new(PolicyType::RCP);
        assert_eq!((max_size(&scp), quota(&scp).max_attached), (10_240, Some(10)), "raised on 2026-05-15");
        assert_eq!((max_size(&rcp), quota(&rcp).max_attached), (5_120, Some(5)), "RCPs were not raised");
        assert_eq!(max_size(&PolicyType::new("AISERVICES_OPT_OUT_POLICY")), 2_500);
        assert_eq!(max_size(&PolicyType::new("TAG_POLICY")), 10_000);
        assert!(QUOTAS.iter().all(|q| !q.source.is_empty() && q.as_of.len() == 10));
    }

    #[test]
    fn attachments_past_the_default_quota_warn_with_the_numbers() {
        let scp = PolicyType::new(PolicyType::SCP);
        assert_eq!(attachment_warning(&scp, 9, "OU Prod"), None, "a 10th SCP is within the quota");
        let warning = attachment_warning(&scp, 10, "OU Prod").unwrap();
        assert!(warning.contains("10 SCPs") && warning.contains("quota is 10") && warning.contains("raised"));
        let rcp = PolicyType::new(PolicyType::RCP);
        assert!(attachment_warning(&rcp, 5, "root Root").unwrap().contains("quota is 5"));
        assert_eq!(attachment_warning(&PolicyType::new("TAG_POLICY"), 50, "x"), None);
    }

    #[test]
    fn minify_keeps_key_order_and_drops_whitespace() {
        assert_eq!(minify("{\n  \"b\": 1,\n  \"a\": [ 1, 2 ]\n}\n"), r#"{"b":1,"a":[1,2]}"#);
        assert_eq!(minify("not json"), "not json");
    }
}
