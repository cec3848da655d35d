//! The binary's command line: clear errors before the terminal is touched, and `orgtui snapshot`.

mod support;

use std::process::{Command, Output};

use support::{moto, seed};

fn orgtui(args: &[&str], endpoint: Option<&str>) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orgtui"));
    cmd.args(args)
        .env("HOME", home.path())
        .env_remove("AWS_PROFILE")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    if let Some(url) = endpoint {
        cmd.args(["--endpoint-url", url]);
    }
    cmd.output().unwrap()
}

/// orgtui with no credentials anywhere: an empty environment and home, plus `env`.
fn without_credentials(env: &[(&str, &str)]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_orgtui"))
        .env_clear()
        .env("HOME", home.path())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .args(["--endpoint-url", "http://127.0.0.1:9"])
        .output()
        .unwrap()
}

#[test]
fn help_has_examples() {
    let out = orgtui(&["--help"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("Examples:") && text.contains("orgtui --demo") && text.contains("--read-only"), "{text}");
}

#[test]
fn an_unreachable_endpoint_is_one_clear_message_and_a_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = orgtui(&[], Some(&format!("http://127.0.0.1:{port}")));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("could not reach AWS Organizations") && err.contains("fix:"), "{err}");
    // Nothing was drawn: no alternate-screen switch reached stdout.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\u{1b}[?1049h"));
}

#[test]
fn missing_credentials_say_how_to_get_some() {
    let out = without_credentials(&[("AWS_EC2_METADATA_DISABLED", "true")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("no AWS credentials could be loaded"), "{err}");
    assert!(err.contains("aws sso login") && err.contains("orgtui --demo"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("orgtui:")).count(), 1, "one message:\n{err}");
}

/// An instance metadata endpoint that refuses every request (IMDS disabled, or a hop limit of 1
/// inside a container), as on a bastion with no credentials configured.
fn refusing_imds() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    url
}

#[test]
fn no_credentials_and_a_refusing_metadata_endpoint_are_missing_credentials_not_a_bad_key() {
    let imds = refusing_imds();
    let out = without_credentials(&[("AWS_REGION", "us-east-1"), ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("no AWS credentials could be loaded"), "{err}");
    assert!(!err.contains("access key"), "there is no key to check: {err}");
    assert!(err.contains("--use-device-code"), "{err}");
}

#[test]
fn an_unknown_profile_is_named_with_the_ones_that_exist() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(home.path().join(".aws/config"), "[default]\nregion = eu-west-1\n[profile mgmt]\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_orgtui"))
        .env("HOME", home.path())
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .args(["--profile", "mgmnt"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("profile \"mgmnt\" is not in") && err.contains("profiles found: default, mgmt"), "{err}");
}

#[test]
fn a_bad_snapshot_file_names_the_file_and_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{\"format\": 7}").unwrap();
    let out = orgtui(&["--snapshot", path.to_str().unwrap()], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3));
    assert!(err.contains("broken.json") && err.contains("format 7"), "{err}");
}

#[tokio::test]
async fn no_organization_says_so_and_names_the_fix() {
    // The UI opens on the inbox for such an account (it may hold invitations); a snapshot cannot.
    let server = moto::moto().await;
    let out = orgtui(&["snapshot", "-o", "-"], Some(&server.url));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("not a member of an AWS Organization") && err.contains("create-organization"), "{err}");
}

#[tokio::test]
async fn snapshot_command_writes_what_the_organization_holds() {
    let server = moto::moto().await;
    let client = aws_sdk_organizations::Client::new(&moto::sdk_config(&server.url).await);
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let infra = seed::ou(&client, &mut seeded, &root, "Infra").await;
    let prod = seed::ou(&client, &mut seeded, &infra, "Prod").await;
    for i in 0..22 {
        let parent = if i % 2 == 0 { prod.clone() } else { root.clone() };
        seed::account(&client, &mut seeded, &parent, &format!("app-{i}")).await;
    }
    // Names are kept exactly as AWS returns them: sanitising is for the screen only.
    let odd_name = "red\u{1b}[31m name";
    let odd = seed::account(&client, &mut seeded, &root, odd_name).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.json");
    let out = orgtui(&["snapshot", "--output", path.to_str().unwrap()], Some(&server.url));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("2 OUs, 24 accounts"), "{err}");
    let snapshot = orgtui::snapshot::Snapshot::read(&path).unwrap();
    seed::assert_snapshot_matches(&snapshot, &seeded);
    assert_eq!(snapshot.accounts.iter().find(|a| a.id.as_str() == odd).unwrap().name, odd_name);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn completions_for_every_shell_and_a_man_page_come_from_the_command_line() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = orgtui(&["completions", shell], None);
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(script.contains("snapshot") && script.contains("read-only"), "{shell} knows the commands and flags");
    }
    // The bash script is valid bash.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orgtui.bash");
    std::fs::write(&file, orgtui(&["completions", "bash"], None).stdout).unwrap();
    let syntax = Command::new("bash").arg("-n").arg(&file).status().unwrap();
    assert!(syntax.success());
    let man = orgtui(&["man"], None);
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(man.status.success());
    assert!(page.contains(".TH orgtui 1") && page.contains("\\-\\-read\\-only"), "{page}");
}
