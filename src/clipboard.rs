//! Copying to the clipboard of the terminal the user sits at, which over ssh is the only one that
//! matters: OSC 52 (`ESC ] 52 ; c ; base64 BEL`). tmux passes it on with `set-clipboard on`; GNU screen
//! swallows escape sequences it does not know unless they are wrapped in its DCS passthrough, in
//! pieces short enough for its buffer. Nothing can read the clipboard back, so orgtui says what it
//! sent, never that it copied.

use base64::Engine;

/// What stands between orgtui and the user's terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Multiplexer {
    /// A terminal, or tmux (which handles OSC 52 itself).
    #[default]
    Direct,
    /// GNU screen: every sequence goes through its DCS passthrough.
    Screen,
}

impl Multiplexer {
    /// The nearest multiplexer decides: `ancestors` are the names of the processes above this one,
    /// nearest first (screen inside tmux and tmux inside screen both leave STY and TMUX set, so the
    /// environment alone cannot tell them apart). Without them, the environment says what it can.
    pub fn detect(env: &dyn Fn(&str) -> Option<String>, ancestors: &[String]) -> Self {
        for name in ancestors {
            let name = name.to_ascii_lowercase();
            if name.starts_with("screen") {
                return Self::Screen;
            }
            if name.starts_with("tmux") {
                return Self::Direct;
            }
        }
        let inside_screen = env("STY").is_some_and(|s| !s.is_empty());
        let inside_tmux = env("TMUX").is_some_and(|s| !s.is_empty());
        if inside_screen && !inside_tmux { Self::Screen } else { Self::Direct }
    }
}

/// The names of the processes above this one, nearest first (Linux; elsewhere none).
pub fn ancestors() -> Vec<String> {
    let mut names = Vec::new();
    let mut pid = std::process::id();
    for _ in 0..16 {
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { break };
        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read from the last ')'.
        let Some(close) = stat.rfind(')') else { break };
        let Some(ppid) = stat[close + 1..].split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok()) else { break };
        if ppid <= 1 {
            break;
        }
        if let Ok(comm) = std::fs::read_to_string(format!("/proc/{ppid}/comm")) {
            names.push(comm.trim().to_owned());
        }
        pid = ppid;
    }
    names
}

/// GNU screen holds at most 768 bytes of a DCS string; shorter pieces are safe with older builds.
const SCREEN_PIECE: usize = 76;

/// The bytes that put `text` on the terminal's clipboard.
pub fn osc52(text: &str, via: Multiplexer) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let sequence = format!("\u{1b}]52;c;{encoded}\u{7}");
    match via {
        Multiplexer::Direct => sequence,
        Multiplexer::Screen => {
            let bytes = sequence.as_bytes();
            // The sequence is ASCII (escape, digits, base64), so byte pieces are whole characters.
            bytes
                .chunks(SCREEN_PIECE)
                .map(|piece| format!("\u{1b}P{}\u{1b}\\", String::from_utf8_lossy(piece)))
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_carries_the_text_in_base64() {
        assert_eq!(osc52("100001029470", Multiplexer::Direct), "\u{1b}]52;c;MTAwMDAxMDI5NDcw\u{7}");
    }

    #[test]
    fn inside_screen_it_is_wrapped_in_pieces() {
        let text = "arn:aws:organizations::111122223333:account/o-d3mo1example/100001029470".repeat(3);
        let wrapped = osc52(&text, Multiplexer::Screen);
        let pieces: Vec<&str> = wrapped.split("\u{1b}\\").filter(|p| !p.is_empty()).collect();
        assert!(pieces.len() > 2);
        assert!(pieces.iter().all(|p| p.starts_with("\u{1b}P") && p.len() <= SCREEN_PIECE + 2), "{pieces:?}");
        let joined: String = pieces.iter().map(|p| &p[2..]).collect();
        assert_eq!(joined, osc52(&text, Multiplexer::Direct), "unwrapped, it is the same sequence");
    }

    #[test]
    fn the_nearest_multiplexer_decides() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
        };
        assert_eq!(Multiplexer::detect(&env(&[("STY", "1234.pts-0.bastion")]), &[]), Multiplexer::Screen);
        assert_eq!(Multiplexer::detect(&env(&[("STY", "1.x"), ("TMUX", "/tmp/t,1,0")]), &[]), Multiplexer::Direct);
        assert_eq!(Multiplexer::detect(&env(&[]), &[]), Multiplexer::Direct);
        // Both set: the nearest process decides.
        let both = env(&[("STY", "1.x"), ("TMUX", "/tmp/t,1,0")]);
        let screen_in_tmux = ["sh".to_owned(), "SCREEN".to_owned(), "tmux: server".to_owned()];
        assert_eq!(Multiplexer::detect(&both, &screen_in_tmux), Multiplexer::Screen);
        let tmux_in_screen = ["bash".to_owned(), "tmux: server".to_owned(), "SCREEN".to_owned()];
        assert_eq!(Multiplexer::detect(&both, &tmux_in_screen), Multiplexer::Direct);
    }
}
