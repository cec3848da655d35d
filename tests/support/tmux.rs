//! The real binary in a real terminal: tmux on a private socket, keys in, screen out.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Runs `orgtui <args>` in a shell that prints the exit code and the terminal mode afterwards.
    pub fn start(name: &str, args: &str) -> Self {
        Self::start_with(name, args, "")
    }

    /// As `start`, with `env` (`NAME=value ...`) set for the app.
    pub fn start_with(name: &str, args: &str, env: &str) -> Self {
        let bin = env!("CARGO_BIN_EXE_orgtui");
        Self::run(name, &format!("HOME=$(mktemp -d) {env} '{bin}' {args}"), (110, 32))
    }

    /// As `start_with`, in a terminal of `size` columns and rows.
    pub fn start_sized(name: &str, args: &str, env: &str, size: (u16, u16)) -> Self {
        let bin = env!("CARGO_BIN_EXE_orgtui");
        Self::run(name, &format!("HOME=$(mktemp -d) {env} '{bin}' {args}"), size)
    }

    /// As `start_with`, inside GNU screen (which sets TERM=screen), as on an older bastion: the
    /// tmux pane then shows what screen made of orgtui's output.
    pub fn start_in_screen(name: &str, args: &str, env: &str) -> Self {
        let have_screen = Command::new("screen").arg("-v").output().is_ok_and(|o| !o.stdout.is_empty());
        assert!(have_screen, "this test needs GNU screen: `apt-get install screen`, or run `.ci/run`");
        let bin = env!("CARGO_BIN_EXE_orgtui");
        Self::run(name, &format!("HOME=$(mktemp -d) screen -q -S orgtui-{name}-$$ env {env} '{bin}' {args}"), (80, 24))
    }

    /// An interactive bash with job control (for Ctrl-z and `fg`), the prompt `$ `; type commands with `keys`.
    pub fn shell(name: &str) -> Self {
        let have_tmux = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
        assert!(have_tmux, "the end-to-end tests need tmux: `apt-get install tmux`, or run `.ci/run`");
        let socket = format!("orgtui-e2e-{name}-{}", std::process::id());
        let status = Command::new("tmux")
            .args(["-L", &socket, "new-session", "-d", "-x", "110", "-y", "32"])
            .args(["env", "PS1=$ ", "HOME=/tmp", "LC_ALL=C.UTF-8", "bash", "--norc", "--noprofile", "-i"])
            .status()
            .expect("start tmux");
        assert!(status.success());
        Self { socket }
    }

    /// Runs a tmux command on this test's server and returns what it printed.
    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").args(["-L", &self.socket]).args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The pane, with its colours and attributes as escape sequences.
    pub fn screen_with_escapes(&self) -> String {
        let out = Command::new("tmux").args(["-L", &self.socket, "capture-pane", "-p", "-e"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn run(name: &str, command: &str, (width, height): (u16, u16)) -> Self {
        let have_tmux = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
        assert!(have_tmux, "the end-to-end tests need tmux: `apt-get install tmux`, or run `.ci/run`");
        let socket = format!("orgtui-e2e-{name}-{}", std::process::id());
        // A UTF-8 locale whatever the machine's, unless a test sets its own (it comes later, and wins).
        let command = format!("LC_ALL=C.UTF-8 {command}");
        let script = format!(
            "printf 'BEFORE\\n'; {command}; echo \"EXIT=$?\"; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'; sleep 30"
        );
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                "sh",
                "-c",
                &script,
            ])
            .status()
            .expect("start tmux");
        assert!(status.success());
        Self { socket }
    }

    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            let ok = Command::new("tmux").args(["-L", &self.socket, "send-keys", key]).status().unwrap();
            assert!(ok.success());
            sleep(Duration::from_millis(60));
        }
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux").args(["-L", &self.socket, "capture-pane", "-p"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen once it shows `needle`, and has held still: a capture can fall between the writes
    /// of one frame, or between the frames of keys still being handled (a query typed in one
    /// `send-keys`), so what the caller asserts next could be drawn a moment later.
    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return self.settled(screen, needle);
            }
            assert!(start.elapsed() < Duration::from_secs(20), "{needle:?} never appeared:\n{screen}");
            sleep(Duration::from_millis(100));
        }
    }

    /// Captures again until two captures a frame's time apart agree. A spinner never holds still:
    /// after a second the latest capture that still shows `needle` is taken as it is.
    fn settled(&self, mut screen: String, needle: &str) -> String {
        let until = Instant::now() + Duration::from_secs(1);
        while Instant::now() < until {
            sleep(Duration::from_millis(120));
            let next = self.screen();
            if next == screen {
                break;
            }
            if !next.contains(needle) {
                // Gone again (a toast that expired): what showed it is the answer.
                break;
            }
            screen = next;
        }
        screen
    }

    pub fn app_pid(&self) -> String {
        // The pane runs `sh`, whose child is this test's orgtui (other tests run their own).
        let out = Command::new("tmux").args(["-L", &self.socket, "display", "-p", "#{pane_pid}"]).output().unwrap();
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).status();
    }
}
