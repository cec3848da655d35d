//! What AWS allows a policy of each type: its size (counted on the text sent, so orgtui sends it
//! minified) and how many may be attached to one target.

use crate::org::PolicyType;

/// Characters AWS accepts in a policy document of this type.
pub fn max_size(policy_type: &PolicyType) -> usize {
    match policy_type.as_str() {
        PolicyType::SCP | PolicyType::RCP => 5_120,
        "AISERVICES_OPT_OUT_POLICY" => 2_500,
        _ => 10_000,
    }
}

/// SCPs and RCPs directly attached to one root, OU or account.
pub const MAX_AUTHORIZATION_ATTACHMENTS: usize = 5;

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
    fn sizes_follow_the_documented_quotas() {
        assert_eq!(max_size(&PolicyType::new(PolicyType::SCP)), 5_120);
        assert_eq!(max_size(&PolicyType::new(PolicyType::RCP)), 5_120);
        assert_eq!(max_size(&PolicyType::new("AISERVICES_OPT_OUT_POLICY")), 2_500);
        assert_eq!(max_size(&PolicyType::new("TAG_POLICY")), 10_000);
    }

    #[test]
    fn minify_keeps_key_order_and_drops_whitespace() {
        assert_eq!(minify("{\n  \"b\": 1,\n  \"a\": [ 1, 2 ]\n}\n"), r#"{"b":1,"a":[1,2]}"#);
        assert_eq!(minify("not json"), "not json");
    }
}
