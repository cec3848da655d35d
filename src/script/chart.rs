//! `orgtui export chart`: an org chart to paste into a wiki (Mermaid) or render with Graphviz
//! (DOT): the roots and OUs, and optionally the accounts and the SCPs attached at each. Node ids
//! are generated (`n0`, `n1`, …), never taken from names; labels are escaped for each language.

use std::fmt::Write as _;

use super::view::OrgView;
use crate::org::{ParentId, PolicyType, TargetId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    pub accounts: bool,
    /// The SCPs attached at each root, OU (and account), listed in its box.
    pub policies: bool,
}

/// One box of the chart: its label lines and the box it hangs from.
struct Node {
    lines: Vec<String>,
    parent: Option<usize>,
    account: bool,
}

fn nodes(view: &OrgView, o: &Options) -> Vec<Node> {
    let mut out = Vec::new();
    let scps = |target: &TargetId| -> Vec<String> {
        if !o.policies {
            return Vec::new();
        }
        view.attached(target)
            .iter()
            .filter(|p| p.policy_type.as_str() == PolicyType::SCP)
            .map(|p| format!("SCP {}", p.name))
            .collect()
    };
    fn below(
        view: &OrgView,
        o: &Options,
        parent: &ParentId,
        at: usize,
        out: &mut Vec<Node>,
        scps: &dyn Fn(&TargetId) -> Vec<String>,
    ) {
        for ou in view.ous(parent) {
            let target = TargetId::Ou(ou.id.clone());
            let mut lines = vec![ou.name.clone(), ou.id.to_string()];
            lines.extend(scps(&target));
            out.push(Node { lines, parent: Some(at), account: false });
            let here = out.len() - 1;
            below(view, o, &ParentId::Ou(ou.id.clone()), here, out, scps);
        }
        if o.accounts {
            for a in view.accounts(parent) {
                let mut lines = vec![a.name.clone(), a.id.to_string()];
                lines.extend(scps(&TargetId::Account(a.id.clone())));
                out.push(Node { lines, parent: Some(at), account: true });
            }
        }
    }
    for root in &view.snapshot.roots {
        let target = TargetId::Root(root.id.clone());
        let mut lines = vec![root.name.clone(), root.id.to_string()];
        lines.extend(scps(&target));
        out.push(Node { lines, parent: None, account: false });
        let at = out.len() - 1;
        below(view, o, &ParentId::Root(root.id.clone()), at, &mut out, &scps);
    }
    out
}

/// Text inside a Mermaid label: control characters dropped, and the characters Mermaid reads
/// (quotes, angle brackets, `#`, `&`, brackets) written as its entity codes.
pub fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::sanitize::clean(text).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '[' | ']' | '{' | '}' | '(' | ')' | '|' | '`' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A Mermaid flowchart, top down: `n0["Root<br/>r-…"]`, then `n0 --> n1` for each link.
pub fn mermaid(view: &OrgView, o: &Options) -> String {
    let nodes = nodes(view, o);
    let mut out = String::from("flowchart TD\n");
    for (i, n) in nodes.iter().enumerate() {
        let label = n.lines.iter().map(|l| mermaid_text(l)).collect::<Vec<_>>().join("<br/>");
        let (open, close) = if n.account { ("(", ")") } else { ("[", "]") };
        let _ = writeln!(out, "  n{i}{open}\"{label}\"{close}");
    }
    for (i, n) in nodes.iter().enumerate() {
        if let Some(p) = n.parent {
            let _ = writeln!(out, "  n{p} --> n{i}");
        }
    }
    out
}

/// Text inside a DOT double-quoted string: `"` and `\` escaped, control characters dropped.
pub fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::sanitize::clean(text).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A Graphviz digraph, left to right: boxes for roots and OUs, rounded ones for accounts.
pub fn dot(view: &OrgView, o: &Options) -> String {
    let nodes = nodes(view, o);
    let mut out = String::from("digraph organization {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
    for (i, n) in nodes.iter().enumerate() {
        // `\n` in a DOT label is a line break (centred): the lines joined by it.
        let label = n.lines.iter().map(|l| dot_text(l)).collect::<Vec<_>>().join("\\n");
        let style = if n.account { ", style=rounded" } else { "" };
        let _ = writeln!(out, "  n{i} [label=\"{label}\"{style}];");
    }
    for (i, n) in nodes.iter().enumerate() {
        if let Some(p) = n.parent {
            let _ = writeln!(out, "  n{p} -> n{i};");
        }
    }
    out.push_str("}\n");
    out
}
