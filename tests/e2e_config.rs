//! The config file with the real binary: a key rebound shows in the footer and the help and works;
//! a bad file stops orgtui with where it is wrong; `orgtui config` prints the defaults.

mod support;

use std::process::Command;

use support::tmux::Tmux;

fn config_home(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("orgtui")).unwrap();
    std::fs::write(dir.path().join("orgtui/config.toml"), text).unwrap();
    dir
}

#[test]
fn a_rebound_key_shows_in_the_footer_and_help_and_works() {
    let home = config_home("[keys]\nsearch = [\"s\"]\nquit = [\"Q\", \"ctrl-c\"]\nwhat_applies = \"W\"\n");
    let env = format!("XDG_CONFIG_HOME={}", home.path().display());
    let tmux = Tmux::start_sized("config", "--demo --no-cache", &env, (180, 40));
    let screen = tmux.wait_for("▸ ▣ Security");
    let footer = screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("").to_owned();
    assert!(footer.contains("Q quit") && !footer.contains("q quit"), "the footer shows the new key: {footer}");
    assert!(footer.contains("W applies") && footer.contains("s search"), "{footer}");
    tmux.keys(&["?"]);
    let help = tmux.wait_for("▶ Keys");
    assert!(help.lines().any(|l| l.contains("  W      ") && l.contains("what applies to the selected")), "{help}");
    assert!(!help.lines().any(|l| l.contains("  w      ")), "the old key is gone from help: {help}");
    tmux.keys(&["Escape"]);
    tmux.keys(&["q"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!tmux.screen().contains("EXIT="), "q no longer quits");
    tmux.keys(&["s"]);
    tmux.wait_for("Search the organization");
    tmux.keys(&["Escape", "Q"]);
    tmux.wait_for("EXIT=0");
}

#[test]
fn a_bad_config_file_is_one_error_with_its_line_and_orgtui_does_not_start() {
    let home = config_home("read_only = true\n[keys]\nsearch = [\"q\"]\n");
    let out = Command::new(env!("CARGO_BIN_EXE_orgtui"))
        .args(["--demo", "--no-cache"])
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.starts_with("orgtui: config: ") && err.contains("config.toml:3:1: q is already quit"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn orgtui_config_prints_defaults_that_read_back_and_the_action_names() {
    let out = Command::new(env!("CARGO_BIN_EXE_orgtui")).arg("config").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let home = config_home(&text);
    let run = Command::new(env!("CARGO_BIN_EXE_orgtui"))
        .args(["snapshot", "--demo", "-o", "-"])
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "the printed defaults are a valid file: {}", String::from_utf8_lossy(&run.stderr));
    let actions = Command::new(env!("CARGO_BIN_EXE_orgtui")).args(["config", "--actions"]).output().unwrap();
    let names = String::from_utf8_lossy(&actions.stdout);
    assert!(
        names.lines().any(|l| l.starts_with("what_applies ")) && names.lines().any(|l| l.starts_with("search ")),
        "{names}"
    );
}
