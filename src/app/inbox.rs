//! The handshake inbox as state: what was received and sent, merged, sorted with what waits for an
//! answer first, filtered, and the selection that survives a refresh.

use crate::api::ApiError;
use crate::org::handshake::{all_features_progress, is_actionable};
use crate::org::tree::LoadState;
use crate::org::{Handshake, HandshakeId};

#[derive(Debug, Clone, PartialEq)]
pub struct InboxItem {
    pub handshake: Handshake,
    /// Addressed to the caller's account (ListHandshakesForAccount): it may accept or decline.
    pub received: bool,
    /// Sent by the caller's organization (ListHandshakesForOrganization): it may cancel.
    pub sent: bool,
}

impl InboxItem {
    pub fn can_answer(&self) -> bool {
        self.received && self.handshake.state == "OPEN"
    }

    pub fn can_cancel(&self) -> bool {
        self.sent && is_actionable(&self.handshake.state)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inbox {
    pub load: LoadState,
    /// Sorted: waiting for an answer first, then newest first.
    pub items: Vec<InboxItem>,
    /// Why the organization's sent handshakes are not listed (a member account may not ask).
    pub sent_unavailable: Option<ApiError>,
    pub only_actionable: bool,
    /// Index into `visible()`.
    pub cursor: usize,
    pub detail_scroll: u16,
    /// A command (accept, decline, cancel, invite, enable all features) is on its way.
    pub busy: bool,
}

impl Inbox {
    pub fn visible(&self) -> Vec<&InboxItem> {
        self.items.iter().filter(|i| !self.only_actionable || is_actionable(&i.handshake.state)).collect()
    }

    pub fn selected(&self) -> Option<&InboxItem> {
        self.visible().get(self.cursor).copied()
    }

    fn selected_id(&self) -> Option<HandshakeId> {
        self.selected().map(|i| i.handshake.id.clone())
    }

    /// Handshakes still waiting for an answer (OPEN or REQUESTED): the status bar's badge.
    pub fn waiting(&self) -> usize {
        self.items.iter().filter(|i| is_actionable(&i.handshake.state)).count()
    }

    /// The server's lists replace what was shown; the cursor stays on the handshake it was on, so an
    /// answered handshake is seen in its new state.
    pub fn set(&mut self, received: Vec<Handshake>, sent: Vec<Handshake>) {
        let keep = self.selected_id();
        let mut items: Vec<InboxItem> =
            received.into_iter().map(|handshake| InboxItem { handshake, received: true, sent: false }).collect();
        for handshake in sent {
            match items.iter_mut().find(|i| i.handshake.id == handshake.id) {
                Some(item) => item.sent = true,
                None => items.push(InboxItem { handshake, received: false, sent: true }),
            }
        }
        items.sort_by(|a, b| {
            let waiting = |i: &InboxItem| !is_actionable(&i.handshake.state);
            waiting(a)
                .cmp(&waiting(b))
                .then(b.handshake.requested_timestamp.cmp(&a.handshake.requested_timestamp))
                .then(a.handshake.id.as_str().cmp(b.handshake.id.as_str()))
        });
        self.items = items;
        self.select(keep.as_ref());
    }

    /// Puts the cursor on `id` when it is visible, else keeps it within the list.
    pub fn select(&mut self, id: Option<&HandshakeId>) {
        let visible = self.visible();
        let found = id.and_then(|id| visible.iter().position(|i| &i.handshake.id == id));
        let last = visible.len().saturating_sub(1);
        self.cursor = found.unwrap_or(self.cursor).min(last);
    }

    /// A handshake as AWS just returned it, in place of the one shown.
    pub fn replace(&mut self, handshake: Handshake) {
        if let Some(item) = self.items.iter_mut().find(|i| i.handshake.id == handshake.id) {
            item.handshake = handshake;
        }
    }

    pub fn toggle_filter(&mut self) {
        let keep = self.selected_id();
        self.only_actionable = !self.only_actionable;
        self.select(keep.as_ref());
    }
}

/// A change to all features under way, as the organization's handshakes tell it.
#[derive(Debug, Clone, PartialEq)]
pub struct AllFeaturesChange {
    pub parent: HandshakeId,
    pub accepted: usize,
    pub asked: usize,
    /// The state of the APPROVE_ALL_FEATURES handshake to the management account, once sent.
    pub approval: Option<String>,
}

pub fn all_features_change(inbox: &Inbox) -> Option<AllFeaturesChange> {
    let parent =
        inbox.items.iter().find(|i| i.handshake.action == "ENABLE_ALL_FEATURES" && i.handshake.state == "REQUESTED")?;
    let all = || inbox.items.iter().map(|i| &i.handshake);
    let id = parent.handshake.id.clone();
    let (accepted, asked) = all_features_progress(all(), id.as_str());
    let approval = all()
        .find(|h| h.action == "APPROVE_ALL_FEATURES" && h.parent_handshake() == id.as_str())
        .map(|h| h.state.clone());
    Some(AllFeaturesChange { parent: id, accepted, asked, approval })
}

impl AllFeaturesChange {
    /// "2 of 3 invited members accepted; then the management account approves".
    pub fn text(&self) -> String {
        let next = match self.approval.as_deref() {
            Some("OPEN") => "all accepted: the management account's APPROVE_ALL_FEATURES handshake waits in the inbox",
            Some(state) => return format!("approval {state}"),
            None => "then the management account approves",
        };
        format!("{} of {} invited members accepted; {next}", self.accepted, self.asked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::memory::MemoryOrg;

    fn demo_handshakes() -> Vec<Handshake> {
        MemoryOrg::demo_snapshot().unwrap().handshakes
    }

    #[test]
    fn waiting_handshakes_come_first_and_the_cursor_follows_its_handshake() {
        let all = demo_handshakes();
        let mut inbox = Inbox::default();
        inbox.set(Vec::new(), all.clone());
        let states: Vec<&str> = inbox.items.iter().map(|i| i.handshake.state.as_str()).collect();
        let first_final = states.iter().position(|s| !is_actionable(s)).unwrap();
        assert!(states[first_final..].iter().all(|s| !is_actionable(s)), "{states:?}");
        assert_eq!(inbox.waiting(), 3);
        inbox.cursor = 1;
        let chosen = inbox.selected().unwrap().handshake.id.clone();
        let mut answered = all.clone();
        answered.iter_mut().find(|h| h.id == chosen).unwrap().state = "CANCELED".into();
        inbox.set(Vec::new(), answered);
        let now = inbox.selected().unwrap();
        assert_eq!((&now.handshake.id, now.handshake.state.as_str()), (&chosen, "CANCELED"));
    }

    #[test]
    fn a_handshake_in_both_lists_is_one_row_that_can_be_answered_and_canceled() {
        let h = demo_handshakes().remove(0);
        let mut inbox = Inbox::default();
        inbox.set(vec![h.clone()], vec![h]);
        assert_eq!(inbox.items.len(), 1);
        assert!(inbox.items[0].can_answer() && inbox.items[0].can_cancel());
    }

    #[test]
    fn the_filter_hides_final_states() {
        let mut inbox = Inbox::default();
        inbox.set(Vec::new(), demo_handshakes());
        inbox.toggle_filter();
        assert!(inbox.visible().iter().all(|i| is_actionable(&i.handshake.state)));
        assert_eq!(inbox.visible().len(), inbox.waiting());
    }
}
