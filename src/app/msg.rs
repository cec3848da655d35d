use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::KeyEvent;

use super::applies::PreparedEffective;
use super::dialog::{Attachment, Command};
use super::edit::Impact;
use crate::api::ApiResult;
use crate::org::tree::{NodeId, ReqId};
use crate::org::{
    AccountId, Children, Handshake, Organization, ParentId, Policy, PolicyId, PolicySummary, PolicyTarget, PolicyType,
    PolicyUpdate, ResourceId, Root, Tag, TargetId,
};
use crate::policy::PreparedPolicy;

/// Everything that can happen to the app: input, and the replies to its effects.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): typed into the field being typed, as text.
    Paste(String),
    /// A mouse event (only with --mouse): the wheel, a click.
    Mouse(crossterm::event::MouseEvent),
    /// How many calls the what-if gathering has made so far.
    WhatIfProgress {
        req: ReqId,
        calls: usize,
    },
    /// The what-if of a change waiting for confirmation.
    WhatIf {
        req: ReqId,
        preview: Box<crate::policy::whatif::Preview>,
    },
    Resize(u16, u16),
    /// Animation tick, sent only while something is loading.
    Tick,
    Roots {
        req: ReqId,
        result: ApiResult<Vec<Root>>,
    },
    Children {
        node: NodeId,
        req: ReqId,
        result: ApiResult<Children>,
    },
    Attached {
        node: NodeId,
        req: ReqId,
        result: ApiResult<Vec<PolicySummary>>,
    },
    Policy {
        id: PolicyId,
        req: ReqId,
        result: ApiResult<Box<PreparedPolicy>>,
    },
    Tags {
        target: ResourceId,
        req: ReqId,
        result: ApiResult<Vec<Tag>>,
    },
    Governance {
        req: ReqId,
        result: ApiResult<crate::org::governance::Governance>,
    },
    ValidationErrors {
        account: AccountId,
        policy_type: PolicyType,
        req: ReqId,
        result: ApiResult<Vec<crate::org::governance::ValidationError>>,
    },
    Inbox {
        req: ReqId,
        received: ApiResult<Vec<Handshake>>,
        /// What the caller's organization sent; a member account is denied the list.
        sent: ApiResult<Vec<Handshake>>,
    },
    Organization {
        result: ApiResult<Organization>,
    },
    /// The answer to a confirmed change.
    Done {
        command: Command,
        result: ApiResult<Handshake>,
    },
    /// The policy fetched to start an edit.
    EditBase {
        result: ApiResult<Policy>,
        /// A rename (name and description) rather than a content edit.
        rename: bool,
        /// The kept edit's text, when the edit carries on from a recovery file (or why it could
        /// not be read).
        kept: Option<Result<String, String>>,
    },
    /// What AWS answered to CreateAccount, RemoveAccountFromOrganization or CloseAccount (a create
    /// gives its request's status).
    AccountChanged {
        change: super::accounts::AccountChange,
        result: ApiResult<Option<crate::org::lifecycle::CreateStatus>>,
    },
    /// The recent CreateAccount requests.
    CreateStatuses {
        result: ApiResult<Vec<crate::org::lifecycle::CreateStatus>>,
    },
    /// Time to ask again how a create request stands.
    PollCreate {
        following: super::accounts::Following,
    },
    /// How a followed create request stands now.
    CreateProgress {
        following: super::accounts::Following,
        result: ApiResult<crate::org::lifecycle::CreateStatus>,
    },
    /// What AWS answered to a change of the structure (an OU, tags).
    StructureChanged {
        change: super::structure::StructureChange,
        result: ApiResult<()>,
    },
    /// What each MoveAccount answered.
    Moved {
        results: Vec<(super::moving::Move, ApiResult<()>)>,
        /// The moves still to send.
        rest: Vec<super::moving::Move>,
    },
    /// The recovery files found at start.
    KeptList {
        kept: Vec<crate::edit::kept::KeptEdit>,
    },
    /// The editor closed: the file's text and the editor's exit status when not 0 (the user
    /// abandoned, as `:cq` says to git), or why the editor could not run.
    Edited {
        result: Result<(String, Option<i32>), String>,
    },
    Impact {
        id: PolicyId,
        result: ApiResult<Impact>,
    },
    /// The policy changed on the server after the edit began: nothing was written.
    Conflict {
        theirs: Policy,
    },
    /// The answer to UpdatePolicy; on failure, where the text was kept.
    Saved {
        result: ApiResult<Policy>,
        recovery: Option<Result<PathBuf, String>>,
    },
    /// An abandoned edit's text, kept in a recovery file.
    Kept {
        result: Result<PathBuf, String>,
    },
    /// Every policy of the types the attach picker offers.
    Pickable {
        result: ApiResult<Vec<PolicySummary>>,
    },
    Changed {
        change: Attachment,
        result: ApiResult<()>,
    },
    PolicyTypeSet {
        policy_type: PolicyType,
        enable: bool,
        result: ApiResult<Root>,
    },
    /// Delete's answer; when the policy is still in use, the targets it is attached to.
    Deleted {
        id: PolicyId,
        name: String,
        result: ApiResult<()>,
        targets: Vec<PolicyTarget>,
    },
    /// An account's effective policy of one type; Ok(None) when none applies.
    Effective {
        account: AccountId,
        policy_type: PolicyType,
        req: ReqId,
        result: ApiResult<Option<Box<PreparedEffective>>>,
    },
    /// Where a policy is attached.
    Targets {
        policy: PolicyId,
        req: ReqId,
        result: ApiResult<Vec<PolicyTarget>>,
    },
    /// The path from the root down to a target being revealed in the tree.
    Located {
        req: ReqId,
        result: ApiResult<Vec<TargetId>>,
    },
    /// An index listing's answer (see `app::search`).
    Indexed {
        generation: u64,
        job: super::search::IndexJob,
        result: ApiResult<super::search::IndexFound>,
    },
    /// The selection has rested long enough to be worth loading its details.
    DetailsDue {
        req: ReqId,
    },
    ToastExpired {
        id: u64,
    },
    /// The answers to a revalidation of what the cache filled in.
    Revalidated {
        req: ReqId,
        roots: ApiResult<Vec<Root>>,
        children: Vec<(ParentId, ApiResult<Children>)>,
        attached: Vec<(TargetId, ApiResult<Vec<PolicySummary>>)>,
    },
    /// The request budget's status changed (AWS started or stopped throttling, or the pace moved).
    Budget(crate::api::budget::BudgetStatus),
    /// SIGTERM / SIGHUP: leave cleanly.
    Terminate,
}

/// What `update` asks the world to do. Each load carries the request id its reply must match.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadRoots {
        req: ReqId,
    },
    LoadChildren {
        node: NodeId,
        parent: ParentId,
        req: ReqId,
        /// The OUs under `parent`, when the index walk already listed them: only the accounts are
        /// asked for.
        known_ous: Option<Vec<crate::org::OrgUnit>>,
    },
    LoadAttached {
        node: NodeId,
        target: TargetId,
        types: Vec<PolicyType>,
        req: ReqId,
    },
    LoadPolicy {
        id: PolicyId,
        req: ReqId,
    },
    LoadTags {
        target: ResourceId,
        req: ReqId,
    },
    /// The delegated administrators (each with its services), trusted services, resource policy,
    /// and the accounts where a management policy of `types` is not enforced.
    LoadGovernance {
        req: ReqId,
        types: Vec<PolicyType>,
    },
    /// Why an account's effective policy of a management type is not enforced.
    LoadValidationErrors {
        account: AccountId,
        policy_type: PolicyType,
        req: ReqId,
    },
    LoadInbox {
        req: ReqId,
    },
    LoadOrganization,
    /// A change the user confirmed.
    Run {
        command: Command,
    },
    ListPickable {
        types: Vec<PolicyType>,
    },
    Change {
        change: Attachment,
    },
    Delete {
        id: PolicyId,
        name: String,
    },
    SetPolicyType {
        root: crate::org::RootId,
        policy_type: PolicyType,
        enable: bool,
    },
    FetchForEdit {
        id: PolicyId,
        rename: bool,
        /// Carry on from this recovery file's text instead of AWS's.
        kept: Option<PathBuf>,
    },
    /// Hand the terminal to the user's editor on `text`; the event loop suspends the UI around it.
    OpenEditor {
        editor: String,
        text: String,
    },
    CountImpact {
        id: PolicyId,
        /// The management account, for an SCP or RCP: not counted, since neither restricts it.
        management: Option<crate::org::AccountId>,
    },
    /// UpdatePolicy, after checking that the policy still is `base`; on failure the text goes to a
    /// recovery file in `recovery_dir`.
    Save {
        base: Box<Policy>,
        update: PolicyUpdate,
        text: String,
        recovery_dir: Option<PathBuf>,
    },
    /// CreatePolicy; on failure the text goes to a recovery file.
    Create {
        new: crate::org::NewPolicy,
        recovery_dir: Option<PathBuf>,
    },
    KeepText {
        id: PolicyId,
        text: String,
        recovery_dir: Option<PathBuf>,
    },
    /// CreateAccount, RemoveAccountFromOrganization or CloseAccount.
    ChangeAccount {
        change: super::accounts::AccountChange,
    },
    /// ListCreateAccountStatus.
    ListCreateStatuses,
    /// DescribeCreateAccountStatus for a request being followed.
    PollCreate {
        following: super::accounts::Following,
    },
    /// CreateOrganizationalUnit, UpdateOrganizationalUnit, DeleteOrganizationalUnit, or
    /// TagResource then UntagResource.
    ChangeStructure {
        change: super::structure::StructureChange,
    },
    /// MoveAccount for the first of `moves` (through the shared request path); the reply carries
    /// the rest, so the update says how far it has got and sends the next.
    MoveAccounts {
        moves: Vec<super::moving::Move>,
        done: Vec<(super::moving::Move, ApiResult<()>)>,
    },
    /// Lists the recovery files (kept edits) in `dir`.
    ListKept {
        dir: PathBuf,
    },
    /// Moves kept edits whose policy AWS now holds a saved version of into `saved/` beside them:
    /// not offered again, and not deleted.
    RetireKept {
        paths: Vec<PathBuf>,
    },
    LoadEffective {
        account: AccountId,
        policy_type: PolicyType,
        req: ReqId,
    },
    LoadTargets {
        policy: PolicyId,
        req: ReqId,
    },
    /// Find the path from the root down to `target` (ListParents, level by level).
    Locate {
        target: TargetId,
        req: ReqId,
    },
    /// Highlight a policy text the cache held (no request: the text is known).
    PreparePolicy {
        policy: Box<Policy>,
        req: ReqId,
    },
    /// List again, as background work, the roots and every parent and Policies group the cache filled.
    Revalidate {
        req: ReqId,
        parents: Vec<ParentId>,
        groups: Vec<(TargetId, Vec<PolicyType>)>,
    },
    /// Gather what the what-if of `proposal` reads, and work it out: `questions` are checked before
    /// and after for every account reached.
    WhatIf {
        req: ReqId,
        proposal: crate::policy::whatif::Proposal,
        /// Policy texts orgtui holds already (not asked for again).
        known: Vec<(PolicyId, String)>,
        /// Places the tree knows with their parent (a move's accounts): their parent's path is
        /// read once for all of them, not once per account.
        placed: Vec<(TargetId, crate::policy::whatif::Place)>,
        questions: Vec<crate::policy::evaluate::Question>,
        organization: Option<String>,
        management: Option<AccountId>,
    },
    /// Put `text` on the clipboard of the user's terminal (OSC 52); the event loop writes it.
    Copy {
        text: String,
    },
    /// One listing of the background index build.
    Index {
        generation: u64,
        job: super::search::IndexJob,
    },
    /// Send `msg` back after `delay` (debounce, toast expiry).
    After {
        delay: Duration,
        msg: MsgLater,
    },
}

/// The messages a timer can deliver (kept separate so `Effect` stays comparable in tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MsgLater {
    DetailsDue { req: ReqId },
    ToastExpired { id: u64 },
    PollCreate { following: super::accounts::Following },
}

impl From<MsgLater> for Msg {
    fn from(later: MsgLater) -> Msg {
        match later {
            MsgLater::DetailsDue { req } => Msg::DetailsDue { req },
            MsgLater::ToastExpired { id } => Msg::ToastExpired { id },
            MsgLater::PollCreate { following } => Msg::PollCreate { following },
        }
    }
}

impl Effect {
    /// Loads count as requests in flight; timers do not, nor does the editor (the user's time), nor
    /// the index build or a cache's revalidation (each says how it is doing in the status bar).
    pub fn is_request(&self) -> bool {
        !matches!(
            self,
            Effect::After { .. }
                | Effect::OpenEditor { .. }
                | Effect::Index { .. }
                | Effect::Revalidate { .. }
                | Effect::Copy { .. }
                | Effect::RetireKept { .. }
        )
    }

    /// Work nobody waits for: its requests queue behind what the user asked for.
    pub fn is_background(&self) -> bool {
        matches!(self, Effect::Index { .. } | Effect::Revalidate { .. })
    }
}
