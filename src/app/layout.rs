//! Where each pane goes for a given terminal size. Pure arithmetic shared by the view (to draw) and by
//! `update` (to know how many rows a page is), so the two can never disagree.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

/// Below this the layout cannot show anything useful; the view shows a note instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tree: Rect,
    pub details: Rect,
    pub policy: Rect,
    pub status: Rect,
    pub footer: Rect,
}

/// How far each scrolling text can go at the current size. Only the view knows how its text wraps
/// at a pane's width, so the view measures it (`ui::measure`); the event loop hands the measure to
/// the model before each key or mouse event, as it hands it the size, and `update` clamps offsets
/// from these numbers alone, never asking the view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScrollLimits {
    pub policy: u16,
    pub details: u16,
    pub handshake: u16,
    pub chain: u16,
    pub effective: u16,
    pub help: u16,
}

impl ScrollLimits {
    /// The limit of a text pane; the tree and the inbox list move a cursor instead (0).
    pub fn of(&self, pane: crate::app::Pane) -> u16 {
        use crate::app::Pane;
        match pane {
            Pane::Policy => self.policy,
            Pane::Details => self.details,
            Pane::Handshake => self.handshake,
            Pane::Chain => self.chain,
            Pane::Effective => self.effective,
            Pane::Tree | Pane::Inbox => 0,
        }
    }
}

pub fn fits(width: u16, height: u16) -> bool {
    width >= MIN_WIDTH && height >= MIN_HEIGHT
}

/// `policy_first`: the policy pane gets the larger share (a policy is selected); otherwise the details do.
pub fn areas(width: u16, height: u16, policy_first: bool) -> Areas {
    let screen = Rect::new(0, 0, width, height);
    let [main, status, footer] = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
        .areas(screen);
    let [tree, right] = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Percentage(42), Constraint::Percentage(58)])
        .areas(main);
    let [details, policy] = Layout::default()
        .direction(Direction::Vertical)
        .constraints(if policy_first {
            [Constraint::Percentage(35), Constraint::Percentage(65)]
        } else {
            [Constraint::Percentage(65), Constraint::Percentage(35)]
        })
        .areas(right);
    Areas { tree, details, policy, status, footer }
}

/// Where the three panes go, as one area: the inbox and the what-applies view take all of it.
fn above_status(width: u16, height: u16) -> Rect {
    let main = areas(width, height, false);
    main.tree.union(main.details).union(main.policy)
}

/// The inbox replaces the three panes: the handshake list above, the selected handshake below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxAreas {
    pub list: Rect,
    pub detail: Rect,
}

pub fn inbox_areas(width: u16, height: u16) -> InboxAreas {
    let [list, detail] = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Percentage(40), Constraint::Percentage(60)])
        .areas(above_status(width, height));
    InboxAreas { list, detail }
}

/// What applies to an account or OU: the chain and checker on the left, effective policies right.
pub fn applies_areas(width: u16, height: u16) -> (Rect, Rect) {
    let [chain, effective] = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Percentage(55), Constraint::Percentage(45)])
        .areas(above_status(width, height));
    (chain, effective)
}

/// Handshake rows the list shows (inside the borders, below the column header).
pub fn inbox_page(width: u16, height: u16) -> usize {
    inner_height(inbox_areas(width, height).list).saturating_sub(1).max(1)
}

/// A dialog, centred: as wide as reads well, as tall as its text needs (within the screen).
pub fn dialog_popup(screen: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(screen.width.saturating_sub(2));
    let height = height.min(screen.height.saturating_sub(2));
    Rect::new(screen.x + (screen.width - width) / 2, screen.y + (screen.height - height) / 2, width, height)
}

/// The `?` overlay, centred.
pub fn help_popup(screen: Rect) -> Rect {
    // As wide as the screen allows (descriptions wrap within it), up to a comfortable reading width.
    let width = screen.width.saturating_sub(4).min(140);
    let height = screen.height.saturating_sub(2).min(40);
    Rect::new(screen.x + (screen.width - width) / 2, screen.y + (screen.height - height) / 2, width, height)
}

/// Rows inside a bordered pane.
pub fn inner_height(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2))
}

/// A footer hint where it stands: its text, the key it stands for, the columns it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FooterHint {
    pub hint: (&'static str, &'static str),
    pub key: crate::keymap::Key,
    pub columns: std::ops::Range<u16>,
}

/// The hints the footer shows at this width, and where: the view draws them, a click presses them.
pub fn footer_hints(model: &super::Model, width: u16) -> Vec<FooterHint> {
    let bindings: Vec<_> = super::keys::available(model).into_iter().filter(|b| b.hint.is_some()).collect();
    let shown = fitting(bindings.iter().filter_map(|b| b.hint).collect(), usize::from(width));
    let mut x: u16 = 1;
    let mut out = Vec::new();
    for hint in shown {
        let Some(binding) = bindings.iter().find(|b| b.hint == Some(hint)) else { continue };
        let len = u16::try_from(hint.0.chars().count() + hint.1.chars().count() + 3).unwrap_or(u16::MAX);
        if let Some(key) = binding.keys.first() {
            out.push(FooterHint { hint, key: *key, columns: x..x.saturating_add(len.saturating_sub(2)) });
        }
        x = x.saturating_add(len);
    }
    out
}

/// The hints that fit the width. Help and quit always stay (they lead to everything else). What
/// goes first is moving about (every list moves the same way, and help says how), then the pane's
/// own keys from the end of the list, then the ways to other panes. Read by their words, so a
/// rebound key keeps its place.
pub fn fitting(mut hints: Vec<(&'static str, &'static str)>, width: usize) -> Vec<(&'static str, &'static str)> {
    const MOVING: [&str; 5] = ["move", "expand", "collapse", "scroll", "refresh"];
    let size = |h: &[(&str, &str)]| 1 + h.iter().map(|(k, w)| k.chars().count() + w.chars().count() + 3).sum::<usize>();
    while size(&hints) > width {
        let Some(drop) = hints.iter().rposition(|(_, w)| MOVING.contains(w)) else { break };
        hints.remove(drop);
    }
    for keep in [&["help", "quit", "pane", "inbox", "org"][..], &["help", "quit"][..]] {
        while size(&hints) > width {
            let Some(drop) = hints.iter().rposition(|(_, w)| !keep.contains(w)) else { break };
            hints.remove(drop);
        }
    }
    hints
}

#[cfg(test)]
mod footer_tests {
    use super::*;

    #[test]
    fn a_narrow_footer_drops_moving_then_the_panes_own_keys_and_never_help_or_quit() {
        let hints = vec![
            ("j/k", "move"),
            ("l/→", "expand"),
            ("e", "edit"),
            ("A", "attach"),
            ("Tab", "pane"),
            ("i", "inbox"),
            ("o", "org"),
            ("?", "help"),
            ("q", "quit"),
        ];
        let keys = |w| fitting(hints.clone(), w).iter().map(|(k, _)| *k).collect::<Vec<_>>();
        assert_eq!(keys(200).len(), hints.len(), "everything fits");
        assert_eq!(keys(70), ["e", "A", "Tab", "i", "o", "?", "q"], "moving about goes first");
        assert_eq!(keys(60), ["e", "Tab", "i", "o", "?", "q"]);
        assert_eq!(keys(30), ["Tab", "?", "q"]);
        assert_eq!(keys(5), ["?", "q"]);
    }
}
