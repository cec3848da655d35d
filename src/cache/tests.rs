use super::*;
use crate::api::memory::MemoryOrg;

fn key() -> CacheKey {
    CacheKey { profile: Some("mgmt".into()), region: "us-east-1".into(), endpoint: None }
}

fn cached() -> Cached {
    let demo = MemoryOrg::demo_snapshot().unwrap();
    Cached {
        format: FORMAT,
        written_at: time::macros::datetime!(2026-12-01 09:00 UTC),
        key: key(),
        organization: demo.organization.clone(),
        roots: demo.roots.clone(),
        children: Vec::new(),
        attached: Vec::new(),
        expanded: vec!["r-d3mo".into()],
        selected: None,
        policies: Vec::new(),
        tags: Vec::new(),
        index: IndexLists::default(),
    }
}

#[test]
fn a_cache_reads_back_as_it_was_written_with_owner_only_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orgtui").join(key().file_name());
    write(&path, &cached()).unwrap();
    assert_eq!(read(&path, &key()), Some(cached()));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn another_format_another_key_or_a_corrupt_file_is_ignored() {
    let text = serde_json::to_string(&cached()).unwrap();
    assert!(parse(&text, &key()).is_ok());
    let other = CacheKey { profile: Some("dev".into()), ..key() };
    assert!(parse(&text, &other).unwrap_err().contains("another profile"));
    let older = text.replacen(&format!("\"format\":{FORMAT}"), "\"format\":0", 1);
    assert!(parse(&older, &key()).unwrap_err().contains("format"));
    assert!(parse(&text[..text.len() / 2], &key()).unwrap_err().contains("not JSON"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.json");
    std::fs::write(&path, "\u{1b}[31m garbage").unwrap();
    assert_eq!(read(&path, &key()), None, "a corrupt file is not fatal");
    assert_eq!(read(&dir.path().join("missing.json"), &key()), None);
}

#[test]
fn each_profile_region_and_endpoint_has_its_own_file() {
    let a = key().file_name();
    let b = CacheKey { endpoint: Some("http://127.0.0.1:5000".into()), ..key() }.file_name();
    let c = CacheKey { profile: Some("../../etc".into()), ..key() }.file_name();
    assert_ne!(a, b);
    assert!(a.starts_with("mgmt-us-east-1-") && a.ends_with(".json"), "{a}");
    assert!(!c.contains('/'), "a profile name cannot leave the cache directory: {c}");
}
