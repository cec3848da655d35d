//! Checks that a profile named with --profile exists before the credential chain runs: without this
//! check a typo falls through to other providers (IMDS) and ends in a confusing error.

use std::path::PathBuf;

fn shared_file(env: &str, default: &str) -> Option<PathBuf> {
    std::env::var_os(env).map(PathBuf::from).or_else(|| dirs::home_dir().map(|h| h.join(".aws").join(default)))
}

/// The profile names in the AWS config and credentials files (`[profile x]`, `[x]`, `[default]`).
pub fn known_profiles() -> Vec<String> {
    let mut names = Vec::new();
    let files = [shared_file("AWS_CONFIG_FILE", "config"), shared_file("AWS_SHARED_CREDENTIALS_FILE", "credentials")];
    for path in files.into_iter().flatten() {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        names.extend(section_names(&text));
    }
    names.sort();
    names.dedup();
    names
}

fn section_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix('[')?.strip_suffix(']').map(str::trim))
        .filter(|section| !section.starts_with("sso-session ") && !section.starts_with("services "))
        .map(|section| section.strip_prefix("profile ").unwrap_or(section).trim().to_owned())
        .collect()
}

/// An error in the user's words when `profile` is in neither file.
pub fn check_profile(profile: &str) -> Result<(), String> {
    let known = known_profiles();
    if known.iter().any(|p| p == profile) {
        return Ok(());
    }
    let list = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
    Err(format!(
        "profile {profile:?} is not in ~/.aws/config or ~/.aws/credentials (profiles found: {list})\n  \
         fix: create it with `aws configure --profile {profile}` or `aws configure sso`, or pick one of those"
    ))
}

#[cfg(test)]
mod tests {
    use super::section_names;

    #[test]
    fn reads_profile_names_from_both_file_styles() {
        let text = "[default]\nregion=x\n[profile mgmt]\n[ profile sso-admin ]\n[sso-session corp]\n[prod]\n";
        assert_eq!(section_names(text), ["default", "mgmt", "sso-admin", "prod"]);
    }
}
