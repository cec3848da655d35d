//! When a binding can work, as data beside the key table (k9s's `Hints()`): the footer, the `?`
//! overlay and the key handler all read the same rule (`app::keys` evaluates it over the model), so
//! none of them can offer a key the others would refuse.

/// A rule over where the cursor is. `Always` needs nothing but the screen the binding is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// A policy is selected (in the tree, or shown in the policy pane).
    Policy,
    /// A customer-managed policy is selected, and no other edit is open.
    EditablePolicy,
    /// A customer-managed policy is selected in the tree, or highlighted in the attach picker.
    DeletablePolicy,
    /// A policy under a Policies group, which may be detached from there.
    AttachedPolicy,
    /// A root, OU or account (or its Policies group) in a root with a policy type enabled.
    AttachTarget,
    /// A root, OU or account: what applies there.
    AppliesTarget,
    /// A root is selected.
    Root,
    /// An account is selected.
    Account,
    /// Accounts are marked, or an account is selected: something to move.
    Movable,
    /// A policy that may be renamed (as `EditablePolicy`), or an OU, in the tree.
    Renamable,
    /// A policy that may be deleted (as `DeletablePolicy`), or an OU not known to hold anything.
    Deletable,
    /// A root or an OU is selected.
    Container,
    /// A root or an OU with room for one more level of OUs below it.
    OuParent,
    /// A root, OU or account whose tags are loaded.
    Taggable,
    /// A `tag:` query is typed and some accounts' tags are not known yet.
    TagsUnknown,
    /// A root with a policy type enabled, and no edit open.
    CanCreatePolicy,
    /// A root, OU, account or policy to copy from.
    Copyable,
    /// The caller is (or may be) the organization's management account.
    Management,
    /// The organization's tree is shown (not a member account's view).
    TreeShown,
    /// A handshake addressed to this account and still open.
    Received,
    /// `Received`, and accepting it can work: an invitation to join needs an account outside any
    /// organization.
    Acceptable,
    /// A handshake this organization sent and still open.
    Sent,
    /// Not at the tree already (or a jump is opening it).
    NotAtTree,
    /// The reviewed edit has no errors left and its preview is ready.
    Saveable,
    /// An unsaved edit is kept, to reopen.
    KeptEdit,
    /// The typed `yes` holds text to delete.
    Typed,
    /// The text field has text before its cursor.
    TextBefore,
    /// The text field has text after its cursor.
    TextAfter,
    /// The change's preview is shown (and `yes` typed, where it must be).
    Ready,
    /// The list has an entry under the cursor.
    Highlighted,
    /// The check form's action field is being typed.
    ActionField,
}
