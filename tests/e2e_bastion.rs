//! The real binary where a bastion leaves people: inside GNU screen (TERM=screen) with LANG=C and
//! NO_COLOR at 80×24, with no terminal at all, and writing a snapshot into a pipe that closes early.

mod support;

use std::process::{Command, Stdio};

use support::tmux::Tmux;

#[test]
fn inside_gnu_screen_with_lang_c_and_no_color_every_byte_is_ascii_and_the_selection_shows() {
    let tmux = Tmux::start_in_screen("bastion", "--demo --no-cache", "LANG=C LC_ALL= NO_COLOR=1");
    let screen = tmux.wait_for("> + Security");
    assert!(screen.lines().all(|l| l.is_ascii()), "nothing but ASCII reaches the terminal:\n{screen}");
    assert!(screen.contains("+ > Organization --") && screen.contains("v # Root  r-d3mo"), "{screen}");
    tmux.keys(&["j"]);
    tmux.wait_for("Target     r-d3mo");
    tmux.keys(&["l"]);
    let screen = tmux.wait_for("v P Policies (6)");
    assert!(screen.lines().all(|l| l.is_ascii()), "{screen}");
    let raw = tmux.screen_with_escapes();
    // No colour of any kind: only attributes (bold, reverse) and the resets to the default colours.
    let colours: Vec<u32> =
        sgr(&raw).into_iter().filter(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107)).collect();
    assert!(colours.is_empty(), "colour codes under NO_COLOR: {colours:?}");
    assert!(!raw.contains("38;2;") && !raw.contains("48;2;"), "no 24-bit colour");
    let selected = raw.lines().find(|l| l.contains("Policies (")).expect("the selected row");
    assert!(selected.contains("\u{1b}[7m") || selected.contains(";7m"), "the selected row is reversed: {selected:?}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0");
}

#[test]
fn inside_gnu_screen_with_colour_only_the_sixteen_colours_are_sent() {
    let tmux = Tmux::start_in_screen("screen16", "--demo --no-cache", "LANG=C.UTF-8 COLORTERM=truecolor");
    tmux.wait_for("▸ ▣ Security");
    tmux.keys(&["j"]);
    tmux.wait_for("Target     r-d3mo");
    tmux.keys(&["l"]);
    tmux.wait_for("[SCP] FullAWSAccess");
    tmux.keys(&["j"]);
    tmux.wait_for("Name       FullAWSAccess");
    let raw = tmux.screen_with_escapes();
    assert!(!raw.contains("38;2;") && !raw.contains("48;2;"), "TERM=screen wins over an inherited COLORTERM");
    assert!(!raw.contains("38;5;") && !raw.contains("48;5;"), "16 colours, not 256");
    assert!(sgr(&raw).iter().any(|p| matches!(p, 30..=37 | 90..=97)), "colour is there, in the 16");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0");
}

/// Every parameter of every SGR sequence (`ESC [ … m`) in the text.
fn sgr(raw: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for part in raw.split('\u{1b}').skip(1) {
        let Some(body) = part.strip_prefix('[') else { continue };
        let Some(end) = body.find(|c: char| c.is_ascii_alphabetic()) else { continue };
        if body[end..].starts_with('m') {
            out.extend(body[..end].split(';').filter_map(|p| p.parse::<u32>().ok()));
        }
    }
    out
}

#[test]
fn with_no_terminal_it_says_so_and_exits_3() {
    let out = Command::new(env!("CARGO_BIN_EXE_orgtui"))
        .args(["--demo", "--no-cache"])
        .stdin(Stdio::null())
        .output()
        .expect("run orgtui");
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("orgtui needs an interactive terminal"), "{stderr}");
    assert!(stderr.contains("`orgtui snapshot`, `tree` and `export` work without one"));
    assert_eq!(stderr.lines().count(), 1, "one line");
    assert!(out.stdout.is_empty(), "nothing drawn");
}

#[test]
fn a_snapshot_into_a_pipe_that_closes_early_ends_quietly() {
    let bin = env!("CARGO_BIN_EXE_orgtui");
    let out = Command::new("sh")
        .args(["-c", &format!("'{bin}' snapshot --demo -o - 2>/tmp/orgtui-pipe-$$; echo \"EXIT=$?\" >&2; cat /tmp/orgtui-pipe-$$ >&2; rm -f /tmp/orgtui-pipe-$$")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the snapshot");
    // Read one byte, then close the pipe, as `| head -c 1` does.
    let mut child = out;
    {
        use std::io::Read;
        let mut stdout = child.stdout.take().unwrap();
        let mut one = [0u8; 1];
        stdout.read_exact(&mut one).unwrap();
        assert_eq!(&one, b"{");
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("EXIT=0"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// tmux keeps what an application sends with OSC 52 as its newest paste buffer (`set-clipboard on`).
fn clipboard(tmux: &Tmux) -> String {
    let start = std::time::Instant::now();
    loop {
        let buffer = tmux.tmux(&["show-buffer"]);
        if !buffer.is_empty() || start.elapsed() > std::time::Duration::from_secs(10) {
            return buffer;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn y_sends_the_id_and_shift_y_the_arn_to_the_terminals_clipboard() {
    let tmux = Tmux::start_with("copy", "--demo --no-cache", "");
    tmux.tmux(&["set", "-s", "set-clipboard", "on"]);
    tmux.wait_for("▸ ▣ Security");
    tmux.keys(&["y"]);
    assert_eq!(clipboard(&tmux), "r-d3mo");
    let screen = tmux.wait_for("sent the id of root Root (6 characters) to the terminal's clipboard");
    assert!(!screen.contains("copied"), "nothing reads the clipboard back: {screen}");
    tmux.tmux(&["delete-buffer"]);
    tmux.keys(&["Y"]);
    assert_eq!(clipboard(&tmux), "arn:aws:organizations::111122223333:root/o-d3mo1example/r-d3mo");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0");
}

#[test]
fn inside_gnu_screen_the_clipboard_sequence_gets_through() {
    let tmux = Tmux::start_in_screen("copyscreen", "--demo --no-cache", "LANG=C.UTF-8");
    tmux.tmux(&["set", "-s", "set-clipboard", "on"]);
    tmux.wait_for("▸ ▣ Security");
    tmux.keys(&["j"]);
    tmux.wait_for("Target     r-d3mo");
    tmux.keys(&["Y"]);
    assert_eq!(clipboard(&tmux), "arn:aws:organizations::111122223333:root/o-d3mo1example/r-d3mo");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0");
}

#[test]
fn ctrl_z_goes_back_to_the_shell_and_fg_brings_orgtui_back_intact() {
    let tmux = Tmux::shell("suspend");
    tmux.wait_for("$");
    let bin = env!("CARGO_BIN_EXE_orgtui");
    tmux.keys(&[&format!("'{bin}' --demo --no-cache"), "Enter"]);
    tmux.wait_for("▸ ▣ Security");
    tmux.keys(&["j", "j"]);
    tmux.wait_for("Name       Security");
    tmux.keys(&["C-z"]);
    let screen = tmux.wait_for("Stopped");
    assert!(!screen.contains("▸ ▣ Security"), "the shell's screen, not orgtui's: {screen}");
    // The terminal is the shell's again: canonical mode, echo.
    tmux.keys(&["stty -a | grep -o -- '-\\?icanon' | head -1", "Enter"]);
    let screen = tmux.wait_for("icanon\n");
    assert!(!screen.contains("-icanon"), "cooked mode while stopped: {screen}");
    tmux.keys(&["fg", "Enter"]);
    let screen = tmux.wait_for("Name       Security");
    assert!(screen.contains("▸ ▣ Security"), "as it was left: {screen}");
    tmux.keys(&["q"]);
    tmux.keys(&["echo done-$?", "Enter"]);
    tmux.wait_for("done-0");
}
