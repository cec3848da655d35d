//! Dialogs: what a confirmation says before a change, the invitation form, the organization menu
//! and the notice that explains a failure. The words live here, as data the view draws, so tests
//! can read exactly what a user is asked to agree to.

pub use super::menu::{MENU, MenuItem, menu_items};
use super::text_field::TextField;
use crate::edit::diff::DiffLine;
use crate::org::tree::NodeId;
use crate::org::{HandshakeId, InviteTarget, PolicyId, PolicySummary, TargetId};

/// Attaching or detaching a policy, once confirmed. `group` is the tree's Policies node of the target,
/// reloaded afterwards (checked to still be that target's before use).
#[derive(Debug, Clone, PartialEq)]
pub enum Attachment {
    Attach { policy: PolicyId, name: String, target: TargetId, group: NodeId },
    Detach { policy: PolicyId, name: String, target: TargetId, group: NodeId },
}

impl Attachment {
    pub fn operation(&self) -> &'static str {
        match self {
            Self::Attach { .. } => "AttachPolicy",
            Self::Detach { .. } => "DetachPolicy",
        }
    }

    pub fn group(&self) -> (NodeId, &TargetId) {
        match self {
            Self::Attach { group, target, .. } | Self::Detach { group, target, .. } => (*group, target),
        }
    }
}

/// A policy's name and description as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyForm {
    /// Set when the form names a new policy of this type (`N`).
    pub creating: Option<crate::org::PolicyType>,
    pub name: TextField,
    pub description: TextField,
    pub on_description: bool,
    pub error: Option<String>,
}

impl PolicyForm {
    pub const MAX_NAME: usize = 128;
    pub const MAX_DESCRIPTION: usize = 512;
}

/// One policy in the attach picker.
#[derive(Debug, Clone, PartialEq)]
pub struct Pickable {
    pub policy: PolicySummary,
    pub attached: bool,
}

/// The attach picker: every policy of the types enabled in the target's root, filtered as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub target: TargetId,
    pub target_name: String,
    pub group: NodeId,
    /// None while the policies are being listed.
    pub policies: Option<Vec<Pickable>>,
    pub filter: TextField,
    pub cursor: usize,
}

impl Picker {
    pub const MAX_FILTER: usize = 128;

    /// The policies matching the filter (every typed character in order, ignoring case), best
    /// first: a match at the start of the name, then shorter names.
    pub fn matches(&self) -> Vec<&Pickable> {
        let filter = self.filter.to_lowercase();
        let mut found: Vec<(usize, &Pickable)> = self
            .policies
            .iter()
            .flatten()
            .filter_map(|p| {
                let name = p.policy.name.to_lowercase();
                let mut chars = name.chars();
                filter.chars().all(|f| chars.any(|c| c == f)).then(|| (usize::from(!name.starts_with(&filter)), p))
            })
            .collect();
        found.sort_by_key(|(rank, p)| (*rank, p.policy.policy_type.sort_key(), p.policy.name.len()));
        found.into_iter().map(|(_, p)| p).collect()
    }
}

/// A change orgtui can ask AWS to make, once confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Accept(HandshakeId),
    Decline(HandshakeId),
    Cancel(HandshakeId),
    Invite { target: InviteTarget, notes: Option<String> },
    EnableAllFeatures,
}

impl Command {
    /// The API operation, as AWS and the IAM policy name it.
    pub fn operation(&self) -> &'static str {
        match self {
            Self::Accept(_) => "AcceptHandshake",
            Self::Decline(_) => "DeclineHandshake",
            Self::Cancel(_) => "CancelHandshake",
            Self::Invite { .. } => "InviteAccountToOrganization",
            Self::EnableAllFeatures => "EnableAllFeatures",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    /// What the user gives up or cannot undo.
    Warning,
    /// Text someone else wrote (an invitation's notes).
    Quote,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub tone: Tone,
    pub text: String,
}

pub fn para(tone: Tone, text: impl Into<String>) -> Para {
    Para { tone, text: text.into() }
}

/// The invitation form. What the user typed stays here until the invitation is sent: a refused
/// invitation reopens the form with the text and the reason.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InviteForm {
    pub target: TextField,
    pub notes: TextField,
    pub on_notes: bool,
    pub error: Option<String>,
}

impl InviteForm {
    /// An email address has at most 64 characters; an account id 12.
    pub const MAX_TARGET: usize = 64;
}

/// The field a dialog types into: its text, its limit, where a refusal is said (if anywhere).
type Field<'a> = (&'a mut TextField, usize, Option<&'a mut Option<String>>);

impl Dialog {
    fn field(&mut self) -> Option<Field<'_>> {
        match self {
            Dialog::Invite(InviteForm { target, notes, on_notes, error }) => Some(if *on_notes {
                (notes, crate::org::handshake::MAX_NOTES, Some(error))
            } else {
                (target, InviteForm::MAX_TARGET, Some(error))
            }),
            Dialog::PolicyForm(PolicyForm { name, description, on_description, error, .. }) => {
                Some(if *on_description {
                    (description, PolicyForm::MAX_DESCRIPTION, Some(error))
                } else {
                    (name, PolicyForm::MAX_NAME, Some(error))
                })
            }
            Dialog::Check(form) => {
                let limit = super::applies::CheckForm::MAX[form.field.min(3)];
                let field = match form.field {
                    0 => &mut form.action,
                    1 => &mut form.resource,
                    2 => &mut form.region,
                    _ => &mut form.context,
                };
                Some((field, limit, Some(&mut form.error)))
            }
            Dialog::AccountForm(form) => {
                let limit = form.limit();
                Some((&mut form.fields[form.field.min(4)], limit, Some(&mut form.error)))
            }
            Dialog::TypeId { typed, error, .. } => Some((typed, 12, Some(error))),
            Dialog::StructureForm(form) => Some(if form.on_tags {
                (&mut form.tags, super::structure::StructureForm::MAX_TAGS_TEXT, Some(&mut form.error))
            } else {
                (&mut form.name, crate::org::limits::MAX_OU_NAME, Some(&mut form.error))
            }),
            Dialog::Picker(picker) => Some((&mut picker.filter, Picker::MAX_FILTER, None)),
            Dialog::MovePicker(picker) => Some((&mut picker.filter, super::moving::MovePicker::MAX_FILTER, None)),
            Dialog::Search(search) => Some((&mut search.query, super::search::SearchBox::MAX_QUERY, None)),
            _ => None,
        }
    }

    /// The text of the field that has the cursor (None when this dialog takes no text).
    pub fn typed(&self) -> Option<&TextField> {
        Some(match self {
            Dialog::Invite(f) => {
                if f.on_notes {
                    &f.notes
                } else {
                    &f.target
                }
            }
            Dialog::PolicyForm(f) => {
                if f.on_description {
                    &f.description
                } else {
                    &f.name
                }
            }
            Dialog::Check(f) => match f.field {
                0 => &f.action,
                1 => &f.resource,
                2 => &f.region,
                _ => &f.context,
            },
            Dialog::AccountForm(f) => &f.fields[f.field.min(4)],
            Dialog::TypeId { typed, .. } => typed,
            Dialog::StructureForm(f) => {
                if f.on_tags {
                    &f.tags
                } else {
                    &f.name
                }
            }
            Dialog::Picker(p) => &p.filter,
            Dialog::MovePicker(p) => &p.filter,
            Dialog::Search(s) => &s.query,
            _ => return None,
        })
    }

    /// A typed character, into the field that has the cursor. False when this dialog takes no text.
    pub fn type_char(&mut self, c: char) -> bool {
        let Some((field, limit, error)) = self.field() else { return false };
        let full = !field.insert(c, limit);
        if let Some(error) = error {
            *error = full.then(|| format!("At most {limit} characters fit here."));
        }
        self.filtered_anew();
        true
    }

    /// A text field key (cursor movement, deleting) in the field that has the cursor; false when it
    /// changed nothing.
    pub fn edit_field(&mut self, action: crate::keymap::Action) -> bool {
        let Some((field, ..)) = self.field() else { return false };
        let changed_text = {
            let before = field.len();
            let changed = field.apply(action);
            (changed, field.len() != before)
        };
        if changed_text.1 {
            self.filtered_anew();
        }
        changed_text.0
    }

    /// The list under a filter or query is filtered anew: its cursor starts from the best match.
    fn filtered_anew(&mut self) {
        match self {
            Dialog::Picker(picker) => picker.cursor = 0,
            Dialog::MovePicker(picker) => picker.cursor = 0,
            Dialog::Search(search) => search.cursor = 0,
            _ => {}
        }
    }

    /// Tab in a form: the other field.
    pub fn next_field(&mut self) {
        match self {
            Dialog::Invite(form) => form.on_notes = !form.on_notes,
            Dialog::PolicyForm(form) => form.on_description = !form.on_description,
            Dialog::Check(form) => form.field = (form.field + 1) % super::applies::CheckForm::FIELDS,
            Dialog::StructureForm(form) if form.has_name() && form.has_tags() => form.on_tags = !form.on_tags,
            Dialog::AccountForm(form) => form.field = (form.field + 1) % 5,
            _ => {}
        }
    }
}

/// Which review of an edit a dialog shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The text has problems; the user chose to leave the editor without fixing them.
    Problems,
    /// The diff and the policy's reach, before saving.
    Preview,
    /// The policy changed on the server since the edit began.
    Conflict,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// `C`: a new account's name, email, role, billing access and tags.
    AccountForm(super::accounts::AccountForm),
    /// A new account, said in words before it is requested.
    ConfirmAccount {
        title: String,
        body: Vec<Para>,
        change: super::accounts::AccountChange,
        back: Option<super::accounts::AccountForm>,
    },
    /// `X` on an account: remove it from the organization, or close it.
    AccountEnd {
        id: crate::org::AccountId,
        name: String,
        parent: crate::org::ParentId,
        cursor: usize,
    },
    /// Removing or closing an account: what happens, then its id typed to go ahead.
    TypeId {
        title: String,
        body: Vec<Para>,
        change: super::accounts::AccountChange,
        typed: TextField,
        error: Option<String>,
    },
    /// The governance view (from the organization menu), scrolled by `scroll` lines.
    Governance {
        scroll: u16,
    },
    /// `O`, `E` on an OU, `t`: a new OU, an OU's new name, or tags.
    StructureForm(super::structure::StructureForm),
    /// A structure change said in words before it is sent. `checking` while an OU to delete is
    /// being listed (y waits for the answer); `back` is the form to return to on "no".
    ConfirmStructure {
        title: String,
        body: Vec<Para>,
        change: super::structure::StructureChange,
        back: Option<super::structure::StructureForm>,
        checking: bool,
    },
    /// `M`: where to move the accounts.
    MovePicker(super::moving::MovePicker),
    /// The move, per account, before it is sent.
    ConfirmMove {
        title: String,
        body: Vec<Para>,
        moves: Vec<super::moving::Move>,
        /// What the text is worked out from, again as the levels' policies arrive.
        accounts: Vec<super::moving::Marked>,
        destination: super::moving::Destination,
    },
    /// `e` on a policy with a kept edit: carry on from it, or start from AWS's text.
    KeptChoice {
        id: PolicyId,
        name: String,
        kept: crate::edit::kept::KeptEdit,
        cursor: usize,
    },
    /// The organization menu's list of kept edits.
    KeptList {
        cursor: usize,
    },
    /// A policy edit to look at before anything is written: a diff and what it means.
    Review {
        stage: Stage,
        title: String,
        body: Vec<Para>,
        diff: Vec<DiffLine>,
        scroll: u16,
    },
    Confirm {
        title: String,
        body: Vec<Para>,
        command: Command,
        /// The form to go back to when the user says no (an invitation being written).
        back: Option<InviteForm>,
    },
    /// Attaching or detaching a policy, said in words before it is done.
    ConfirmAttachment {
        title: String,
        body: Vec<Para>,
        change: Attachment,
    },
    Picker(Picker),
    /// `/`: search the whole organization.
    Search(super::search::SearchBox),
    /// The policy types of a root, to enable or disable one (`T` on a root).
    Types {
        root: crate::org::Root,
        types: Vec<crate::org::PolicyType>,
        cursor: usize,
    },
    /// The type of a new policy (`N`): the types enabled in the root.
    NewPolicyType {
        types: Vec<crate::org::PolicyType>,
        cursor: usize,
    },
    ConfirmType {
        title: String,
        body: Vec<Para>,
        root: crate::org::RootId,
        policy_type: crate::org::PolicyType,
        enable: bool,
    },
    /// A policy's name and description, being changed (`E`).
    PolicyForm(PolicyForm),
    ConfirmDelete {
        title: String,
        body: Vec<Para>,
        id: PolicyId,
        name: String,
    },
    Invite(InviteForm),
    Menu {
        cursor: usize,
    },
    Notice {
        title: String,
        body: Vec<Para>,
    },
    /// The action checker's question (`c` in the what-applies view).
    Check(super::applies::CheckForm),
    /// Where a policy is attached (`u`); the targets live in the model's cache.
    WhereUsed {
        policy: PolicySummary,
        cursor: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_stops_at_the_field_limit_and_says_so() {
        let mut d = Dialog::Invite(InviteForm::default());
        for _ in 0..InviteForm::MAX_TARGET {
            assert!(d.type_char('x'));
        }
        assert!(d.type_char('y'));
        let Dialog::Invite(form) = &d else { unreachable!() };
        assert_eq!(form.target.len(), InviteForm::MAX_TARGET, "the extra character is not taken");
        assert_eq!(form.error.as_deref(), Some("At most 64 characters fit here."));
        d.edit_field(crate::keymap::Action::DeleteChar);
        d.next_field();
        assert!(d.type_char('n'));
        let Dialog::Invite(form) = &d else { unreachable!() };
        assert_eq!((form.target.len(), form.notes.as_str(), form.error.as_deref()), (63, "n", None));
        assert!(!Dialog::Menu { cursor: 0 }.type_char('x'), "a menu takes no text");
    }

    #[test]
    fn typing_a_filter_puts_the_picker_back_on_its_best_match() {
        let mut tree = crate::org::tree::Tree::default();
        let root = crate::org::Root {
            id: crate::org::RootId::parse("r-ab12").unwrap(),
            arn: String::new(),
            name: "Root".into(),
            policy_types: Vec::new(),
        };
        tree.set_roots(vec![root]);
        let mut d = Dialog::Picker(Picker {
            target: TargetId::parse("r-ab12").unwrap(),
            target_name: "root Root".into(),
            group: tree.roots()[0],
            policies: Some(Vec::new()),
            filter: Default::default(),
            cursor: 3,
        });
        assert!(d.type_char('a'));
        let Dialog::Picker(p) = &d else { unreachable!() };
        assert_eq!((p.filter.as_str(), p.cursor), ("a", 0));
    }
}
