//! The organization menu (`o`): its entries, and which exist in this mode.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    Invite,
    EnableAllFeatures,
    Inbox,
    KeptEdits,
    Governance,
    AccountRequests,
}

impl MenuItem {
    pub fn label(self) -> &'static str {
        match self {
            Self::Invite => "Invite an account...",
            Self::EnableAllFeatures => "Enable all features...",
            Self::Inbox => "Open the handshake inbox",
            Self::KeptEdits => "Kept edits (recovery files)...",
            Self::Governance => "Governance: delegated admins, trusted access, ...",
            Self::AccountRequests => "Recent account requests (CreateAccount)",
        }
    }

    pub fn mutating(self) -> bool {
        !matches!(self, Self::Inbox | Self::KeptEdits | Self::Governance | Self::AccountRequests)
    }
}

pub const MENU: &[MenuItem] =
    &[MenuItem::Invite, MenuItem::EnableAllFeatures, MenuItem::Inbox, MenuItem::Governance, MenuItem::AccountRequests];

/// The menu entries that exist in this mode (read-only drops the ones that change anything).
/// The menu's entries: changes only when not read-only, kept edits only when there are some.
pub fn menu_items(read_only: bool, kept: usize) -> Vec<MenuItem> {
    MENU.iter()
        .copied()
        .filter(|i| !(read_only && i.mutating()))
        .chain((kept > 0).then_some(MenuItem::KeptEdits))
        .collect()
}
