//! One TLS stack: the dependency tree holds a single major version of rustls and of hyper.

use std::collections::BTreeSet;
use std::process::Command;

#[test]
fn one_rustls_and_one_hyper() {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none", "--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for krate in ["rustls", "hyper"] {
        let majors: BTreeSet<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix(&format!("{krate} v")))
            .map(|version| {
                let mut parts = version.split('.');
                let major = parts.next().unwrap_or_default();
                // 0.x crates break at the minor version.
                if major == "0" { format!("0.{}", parts.next().unwrap_or_default()) } else { major.to_owned() }
            })
            .collect();
        assert!(majors.len() <= 1, "{krate} appears in several major versions: {majors:?}");
        assert_eq!(majors.len(), 1, "{krate} should be in the tree (the SDK's HTTPS client)");
    }
}
