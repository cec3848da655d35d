//! The real binary in a real terminal (tmux): start on the demo, navigate, answer invitations, quit;
//! the terminal is restored afterwards, also when the app is stopped by SIGTERM or SIGHUP.

mod support;

use std::process::Command;

use support::tmux::Tmux;

#[test]
fn start_navigate_quit_and_the_terminal_is_restored() {
    let tmux = Tmux::start("quit", "--demo");
    tmux.wait_for("▸ ▣ Security");
    // Open Workloads, then its Prod OU.
    tmux.keys(&["j", "j", "j", "j", "l"]);
    tmux.wait_for("▸ ▣ Prod");
    tmux.keys(&["j", "j", "l"]);
    let screen = tmux.wait_for("▸ ▣ Payments");
    assert!(screen.contains("Path       Root / Workloads"), "{screen}");
    tmux.keys(&["?"]);
    tmux.wait_for("Esc close");
    tmux.keys(&["Escape", "q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("BEFORE"), "the main screen is back:\n{screen}");
    assert!(screen.contains("EXIT=0"), "{screen}");
    let after = tmux.wait_for("icanon");
    assert!(after.lines().any(|l| l.trim() == "icanon"), "raw mode was left (canonical input back):\n{after}");
    assert!(!after.contains("Organization"), "the alternate screen is gone:\n{after}");
}

#[test]
fn an_invited_account_accepts_one_invitation_and_declines_the_other() {
    let tmux = Tmux::start("inbox", "--demo-as 444455556666");
    // Outside any organization, the app opens on its inbox; the partner's invitation is the newer.
    let screen = tmux.wait_for("Inbox · received · 2 waiting of 2");
    assert!(screen.contains("No organization tree") || screen.contains("← o-p4rtner0rg1"), "{screen}");
    tmux.keys(&["j", "a"]);
    let screen = tmux.wait_for("Accept the invitation to join o-d3mo1example?");
    assert!(screen.contains("Account 444455556666 joins organization o-d3mo1example"), "{screen}");
    tmux.keys(&["y"]);
    tmux.wait_for("Accepted the invitation to join o-d3mo1example; it is ACCEPTED");
    // Now a member: the status bar shows the organization it joined.
    tmux.wait_for("mgmt 111122223333");
    tmux.wait_for("1 waiting of 2");
    tmux.keys(&["k", "d"]);
    tmux.wait_for("Decline the invitation to join o-p4rtner0rg1?");
    tmux.keys(&["y"]);
    tmux.wait_for("Declined the invitation to join o-p4rtner0rg1; it is DECLINED");
    let screen = tmux.wait_for("0 waiting of 2");
    assert!(screen.contains("ACCEPTED") && screen.contains("DECLINED"), "{screen}");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
}

fn signal_restores_the_terminal(name: &str, signal: &str, code: &str) {
    let tmux = Tmux::start(name, "--demo");
    tmux.wait_for("▸ ▣ Security");
    let pid = tmux.app_pid();
    assert!(!pid.is_empty());
    Command::new("kill").args([signal, &pid]).status().unwrap();
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains(code), "{screen}");
    assert!(screen.contains("BEFORE"), "{screen}");
    let after = tmux.wait_for("icanon");
    assert!(after.lines().any(|l| l.trim() == "icanon"), "{after}");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("term", "-TERM", "EXIT=143");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("hup", "-HUP", "EXIT=129");
}

#[test]
fn may_a_sandbox_account_run_instances_in_eu_west_1() {
    let tmux = Tmux::start("applies", "--demo");
    tmux.wait_for("▸ ▣ Sandbox");
    tmux.keys(&["j", "j", "j", "j", "j", "l"]);
    tmux.wait_for("sandbox-alice");
    tmux.keys(&["j", "j", "w"]);
    tmux.wait_for("What applies · account sandbox-alice");
    tmux.keys(&["c"]);
    tmux.wait_for("Check an action (offline)");
    tmux.keys(&["ec2:RunInstances", "Tab", "Tab", "eu-west-1", "Enter"]);
    let screen = tmux.wait_for("Check: ec2:RunInstances in eu-west-1");
    assert!(screen.contains("? Depends on conditions orgtui cannot check offline"), "{screen}");
    assert!(
        screen.contains("SandboxGuardrails › DenyLargeInstances at OU"),
        "the deciding statement is named:\n{screen}"
    );
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
}

/// Esc is back from every pane; a destructive confirmation takes `y` only; X never asks to delete a
/// policy orgtui can see attached.
#[test]
fn esc_goes_back_and_a_detach_waits_for_y() {
    let tmux = Tmux::start("keys", "--demo");
    tmux.wait_for("▸ ▣ Security");
    tmux.keys(&["j", "l"]);
    tmux.wait_for("DenyLeaveOrganization");
    tmux.keys(&["j", "j"]);
    tmux.wait_for("e edit");
    tmux.keys(&["Enter"]);
    tmux.wait_for("▶ Policy");
    tmux.keys(&["Escape"]);
    tmux.wait_for("▶ Organization");
    tmux.keys(&["i"]);
    tmux.wait_for("▶ Inbox");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("▶ Organization");
    assert!(screen.contains("e edit"), "back on the policy row:\n{screen}");
    tmux.keys(&["X"]);
    let screen = tmux.wait_for("SCP DenyLeaveOrganization is still attached");
    assert!(screen.contains("• root Root (r-d3mo)") && !screen.contains("deleted for good"), "{screen}");
    tmux.keys(&["Escape", "D"]);
    tmux.wait_for("Detach SCP DenyLeaveOrganization from root Root?");
    tmux.wait_for("y yes");
    tmux.keys(&["Enter"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(tmux.screen().contains("Detach SCP DenyLeaveOrganization from root Root?"), "Enter answers nothing");
    tmux.keys(&["y"]);
    tmux.wait_for("Detached DenyLeaveOrganization from root Root: changed in the demo (kept until you quit).");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
}
