//! The what-if gate of a confirmation: the preview being gathered, then shown in words; a change
//! that locks accounts out (or whose preview could not be completed) goes ahead only once the user
//! has typed `yes`.

use crate::org::tree::ReqId;
use crate::policy::evaluate::Verdict;
use crate::policy::whatif::Preview;

use super::dialog::{Para, Tone, para};

#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Gathering: this many calls answered so far.
    Waiting {
        calls: usize,
    },
    Ready(Box<Preview>),
}

/// Beside the open confirmation: its preview, what was typed, how far it is scrolled.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    pub req: ReqId,
    pub state: State,
    pub typed: String,
    pub scroll: u16,
}

/// What a typed confirmation must read.
pub const YES: &str = "yes";

impl Gate {
    pub fn new(req: ReqId) -> Self {
        Self { req, state: State::Waiting { calls: 0 }, typed: String::new(), scroll: 0 }
    }

    /// Whether the user must type `yes` (known once the preview is ready).
    pub fn needs_typing(&self) -> bool {
        matches!(&self.state, State::Ready(p) if p.critical())
    }

    /// Why the confirmation cannot go ahead yet; None when it can.
    pub fn holds(&self) -> Option<String> {
        match &self.state {
            State::Waiting { calls } => {
                Some(format!("working out what this changes ({calls} calls so far): wait for it, or Esc to cancel"))
            }
            State::Ready(_) if self.needs_typing() && self.typed.trim() != YES => {
                Some("type yes, then Enter, to go ahead (Esc changes nothing)".to_owned())
            }
            State::Ready(_) => None,
        }
    }
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Allowed => "allowed",
        Verdict::Denied => "denied",
        Verdict::Depends => "depends on conditions",
    }
}

fn was(v: Verdict) -> &'static str {
    match v {
        Verdict::Allowed => "were allowed",
        Verdict::Denied => "were denied",
        Verdict::Depends => "depended on conditions",
    }
}

fn accounts(n: usize) -> String {
    if n == 1 { "1 account".to_owned() } else { format!("{n} accounts") }
}

/// At most `max` names, then how many more.
fn some_names(names: &[String], max: usize) -> String {
    let mut text = names.iter().take(max).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > max {
        text.push_str(&format!(" and {} more", names.len() - max));
    }
    text
}

/// The preview in words, most serious first: what the confirmation shows under its own text.
pub fn paras(gate: &Gate) -> Vec<Para> {
    let p = match &gate.state {
        State::Waiting { calls } => {
            return vec![para(
                Tone::Plain,
                format!("Working out what this changes for every account it reaches... ({calls} calls so far)"),
            )];
        }
        State::Ready(p) => p,
    };
    let mut out = Vec::new();
    if !p.incomplete.is_empty() {
        out.push(para(
            Tone::Error,
            format!("The preview is incomplete: {}. What follows is what could be read.", some_names(&p.incomplete, 3)),
        ));
    }
    if !p.locked_out.is_empty() {
        let names: Vec<String> = p.locked_out.iter().map(|l| l.account.clone()).collect();
        let mut levels: Vec<String> = p.locked_out.iter().map(|l| l.level.clone()).collect();
        levels.dedup();
        let who = if p.locked_out.len() == p.reached {
            format!("every member account it reaches ({})", p.locked_out.len())
        } else {
            format!("{}: {}", accounts(p.locked_out.len()), some_names(&names, 6))
        };
        out.push(para(
            Tone::Error,
            format!("Every action will be denied for {who}: {} will allow nothing.", some_names(&levels, 2)),
        ));
    }
    if p.reached == 0 {
        out.push(para(Tone::Plain, "No member account is under it: no account's permissions change."));
    } else {
        out.push(para(Tone::Plain, format!("Reaches {}:", accounts(p.reached))));
        for (group, names) in &p.groups {
            out.push(para(Tone::Plain, format!("• {group}: {} ({})", some_names(names, 5), names.len())));
        }
    }
    if let Some(m) = &p.management {
        out.push(para(Tone::Plain, format!("{m} is the management account: SCPs and RCPs do not restrict it.")));
    }
    for c in &p.allow_changes {
        let mut text = format!("{}, the allow list changes:", c.level);
        if !c.lost.is_empty() {
            text.push_str(&format!(" no longer allowed: {};", c.lost.join(", ")));
        }
        if !c.gained.is_empty() {
            text.push_str(&format!(" newly allowed: {};", c.gained.join(", ")));
        }
        out.push(para(Tone::Warning, text.trim_end_matches(';').to_owned()));
    }
    for d in &p.denies {
        let (verb, n) = if d.starts > 0 { ("starts applying to", d.starts) } else { ("stops applying to", d.stops) };
        out.push(para(Tone::Warning, format!("{} {verb} {}: {}.", d.statement, accounts(n), d.says)));
    }
    if p.reached > 0 {
        out.push(para(
            Tone::Plain,
            if p.verdicts.is_empty() {
                "The actions checked before and after (your last c checks and the README's list) keep their verdicts."
            } else {
                "Actions checked before and after (your last c checks and the README's list):"
            },
        ));
    }
    // One line per action and outcome: "→ denied for 35 accounts (28 were allowed, 7 depended on conditions)".
    let mut shown: Vec<(&str, Verdict)> = Vec::new();
    for v in &p.verdicts {
        if shown.contains(&(v.question.as_str(), v.after)) {
            continue;
        }
        shown.push((v.question.as_str(), v.after));
        let from: Vec<_> = p.verdicts.iter().filter(|o| o.question == v.question && o.after == v.after).collect();
        let total: usize = from.iter().map(|o| o.accounts).sum();
        let was: Vec<String> = from.iter().map(|o| format!("{} {}", o.accounts, was(o.before))).collect();
        let tone = if v.after == Verdict::Denied { Tone::Warning } else { Tone::Plain };
        out.push(para(
            tone,
            format!("• {}: {} for {} ({})", v.question, verdict(v.after), accounts(total), was.join(", ")),
        ));
    }
    if !p.changes_anything() && p.reached > 0 {
        out.push(para(Tone::Plain, "No account's SCP or RCP permissions change in effect."));
    }
    if p.critical() {
        out.push(para(Tone::Error, format!("Type {YES} and press Enter to go ahead; Esc changes nothing.")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::whatif::Lockout;

    #[test]
    fn the_gate_holds_until_the_preview_is_ready_and_a_lock_out_until_yes_is_typed() {
        let mut gate = Gate::new(1);
        assert!(gate.holds().unwrap().contains("working out what this changes"));
        gate.state = State::Ready(Box::new(Preview { reached: 3, ..Preview::default() }));
        assert_eq!(gate.holds(), None, "nothing critical: y goes ahead");
        let locked = Lockout { account: "web".into(), level: "the SCPs at root Root".into() };
        gate.state = State::Ready(Box::new(Preview { reached: 3, locked_out: vec![locked], ..Preview::default() }));
        assert!(gate.needs_typing());
        for typed in ["", "y", "ye", "yes please", "YES"] {
            gate.typed = typed.into();
            assert!(gate.holds().is_some(), "{typed:?} is not yes");
        }
        gate.typed = " yes ".into();
        assert_eq!(gate.holds(), None);
        let text: Vec<String> = paras(&gate).into_iter().map(|p| p.text).collect();
        assert!(text[0].starts_with("Every action will be denied for 1 account: web"), "{text:?}");
        assert!(text.last().unwrap().starts_with("Type yes and press Enter"));
    }
}
