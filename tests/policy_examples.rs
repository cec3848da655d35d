//! Guardrails written the way AWS's published examples write them (region deny, root user, IMDSv2,
//! encryption, protected roles, required tags, data perimeters, RCPs) validate without an error
//! and without a warning: the validator's catalogue knows every action and condition key in them.

use orgtui::org::PolicyType;
use orgtui::policy::validate::validate;

fn check(policy_type: &str, dir_entry: &std::path::Path) {
    let text = std::fs::read_to_string(dir_entry).unwrap();
    let problems = validate(&PolicyType::new(policy_type), &text);
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(shown.is_empty(), "{}: {shown:#?}", dir_entry.display());
}

#[test]
fn example_guardrails_validate_cleanly() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/policies");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let policy_type = if name.starts_with("rcp-") { PolicyType::RCP } else { PolicyType::SCP };
        check(policy_type, &path);
        seen += 1;
    }
    assert!(seen >= 9, "the examples are read ({seen})");
}
