//! Where a new policy starts: a small, valid example of its type, to be changed in the editor.

use crate::org::PolicyType;

pub fn template(policy_type: &PolicyType) -> &'static str {
    match policy_type.as_str() {
        PolicyType::SCP => {
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeavingTheOrganization","Effect":"Deny","Action":["organizations:LeaveOrganization"],"Resource":"*"}]}"#
        }
        PolicyType::RCP => {
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"EnforceSecureTransport","Effect":"Deny","Principal":"*","Action":["s3:*"],"Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#
        }
        "TAG_POLICY" => {
            r#"{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["100","200"]}}}}"#
        }
        "BACKUP_POLICY" => {
            r#"{"plans":{"DailyBackups":{"regions":{"@@assign":["us-east-1"]},"rules":{"Daily":{"schedule_expression":{"@@assign":"cron(0 5 ? * * *)"},"target_backup_vault_name":{"@@assign":"Default"},"lifecycle":{"delete_after_days":{"@@assign":"35"}}}},"selections":{"tags":{"Tagged":{"iam_role_arn":{"@@assign":"arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole"},"tag_key":{"@@assign":"backup"},"tag_value":{"@@assign":["daily"]}}}}}}}"#
        }
        "AISERVICES_OPT_OUT_POLICY" => r#"{"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}}}}"#,
        _ => "{}",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::validate::validate;

    #[test]
    fn every_template_passes_its_own_checks() {
        for t in crate::api::aws::known_policy_types() {
            assert_eq!(validate(&t, template(&t)), Vec::new(), "{t:?}");
        }
    }
}
