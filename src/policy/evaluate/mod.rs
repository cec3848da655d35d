//! The offline action checker: "may this account call ec2:RunInstances in eu-west-1?", answered by
//! reading the SCPs (and, for the services they cover, the RCPs) attached along the account's path.
//!
//! AWS's rule, per kind of policy: an action is allowed only if an Allow covers it at every level of
//! the path (root, each OU, the account), and an explicit Deny at any level wins. What cannot be known
//! offline (most condition keys, the caller's identity policies) is said, never guessed.

mod condition;
pub(crate) mod glob;
mod question;
mod statement;

#[cfg(test)]
mod tests;

pub use condition::Known;
pub use question::{CONTEXT_SYNTAX, Question, parse_context};
pub use statement::{Statement, parse};

use condition::{Facts, Source, Truth};
pub use statement::Effect;
use statement::Reach;

/// Services whose resources RCPs restrict, as AWS documents them (2025). For any other service the
/// RCP chain is not consulted, and the answer says so.
pub const RCP_SERVICES: &[&str] =
    &["s3", "sts", "kms", "sqs", "secretsmanager", "ecr", "aoss", "cognito-identity", "logs", "dynamodb"];

/// One policy attached at a level, with its statements (or why its text could not be read).
#[derive(Debug, Clone, PartialEq)]
pub struct Attached {
    pub name: String,
    pub statements: Result<Vec<Statement>, String>,
}

impl Attached {
    pub fn read(name: &str, content: &str) -> Self {
        Self { name: name.to_owned(), statements: parse(content) }
    }
}

/// One level of the path, root first: what is attached there directly.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// "root Root", "OU Workloads", "account dev (123456789012)".
    pub name: String,
    pub scps: Vec<Attached>,
    pub rcps: Vec<Attached>,
}

impl Level {
    /// A level with nothing attached yet, named as `TargetId::describe` names places.
    pub fn new(name: String) -> Self {
        Self { name, scps: Vec::new(), rcps: Vec::new() }
    }

    /// A policy attached here, by its type: SCPs and RCPs decide access; other types do not, and
    /// are left out. (Whether the root enables the type is the caller's to know.)
    pub fn add(&mut self, policy_type: &str, attached: Attached) {
        match policy_type {
            crate::org::PolicyType::SCP => self.scps.push(attached),
            crate::org::PolicyType::RCP => self.rcps.push(attached),
            _ => {}
        }
    }
}

/// Whose permissions are asked about.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Subject {
    /// None for an OU: "an account in this OU".
    pub account: Option<String>,
    pub organization: Option<String>,
    /// SCPs and RCPs do not restrict the management account.
    pub management: bool,
    /// The root has SCPs disabled: none applies, whatever is left attached.
    pub scps_disabled: bool,
    /// The account's (or OU's) path in the organization, `o-…/r-…/ou-…/` (aws:PrincipalOrgPaths).
    pub org_path: Option<String>,
    /// Where the resource's account sits, when it is a member of this organization: its path
    /// (aws:ResourceOrgPaths); the organization is then aws:ResourceOrgID.
    pub resource_org_path: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Denied,
    /// Decided by something orgtui cannot see offline (a condition, part of a wildcard).
    Depends,
}

/// A statement (or the lack of one) that decides the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// "SCP" or "RCP".
    pub kind: &'static str,
    pub level: String,
    /// The policy and statement, "RegionRestriction › DenyOutsideApprovedRegions"; empty for a level
    /// where nothing allows the action.
    pub statement: String,
    pub says: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub verdict: Verdict,
    pub headline: String,
    pub findings: Vec<Finding>,
    /// Conditions that were not evaluated, with where they are.
    pub unevaluated: Vec<String>,
    pub notes: Vec<String>,
    /// The request's context as the checker read it: "aws:PrincipalOrgPaths = o-…/ (filled in by orgtui)".
    pub context: Vec<String>,
    /// For a wildcard, how each real action it stands for fares (`check_expanded`).
    pub expansion: Option<Expansion>,
}

/// How one statement bears on the question.
enum Bearing {
    Full,
    /// Applies to part of it, or only if the given conditions hold.
    Maybe(String, Vec<String>),
    No,
}

fn bearing(s: &Statement, q: &Question, facts: &Facts) -> Bearing {
    let action = s.action.reach(&q.action, true);
    // An action that takes no resource ARN is requested on "*" itself: a statement about some
    // ARNs does not reach it.
    let resource = if q.only_star {
        s.resource.reach_literal("*")
    } else {
        s.resource.reach(q.resource.as_deref().unwrap_or("*"), false)
    };
    if action == Reach::None || resource == Reach::None {
        return Bearing::No;
    }
    let mut why = Vec::new();
    if action == Reach::Part {
        why.push(format!("for only some of the actions {} stands for ({})", q.action, s.action.describe()));
    }
    if resource == Reach::Part {
        why.push(format!("only on resources matching {}", s.resource.describe()));
    }
    if !s.any_principal {
        why.push("only some principals".to_owned());
    }
    let unknown = match condition::evaluate(&s.conditions, facts) {
        Truth::Fails => return Bearing::No,
        Truth::Holds => Vec::new(),
        Truth::Unknown(tests) => tests,
    };
    if !unknown.is_empty() {
        why.push(format!("only if {}", unknown.join(" and ")));
    }
    if why.is_empty() { Bearing::Full } else { Bearing::Maybe(why.join("; "), unknown) }
}

/// What one chain (the SCPs, or the RCPs) says.
struct Chain {
    verdict: Verdict,
    findings: Vec<Finding>,
    unevaluated: Vec<String>,
    notes: Vec<String>,
}

fn chain(kind: &'static str, q: &Question, facts: &Facts, levels: &[(&str, &[Attached])]) -> Chain {
    let (mut denies, mut maybes, mut unallowed, mut allows) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut unevaluated, mut notes) = (Vec::new(), Vec::new());
    for (level, attached) in levels {
        let (mut allowed, mut maybe_allowed) = (None, Vec::new());
        for policy in attached.iter() {
            let statements = match &policy.statements {
                Ok(s) => s,
                Err(why) => {
                    notes.push(format!("{kind} {} at {level} was left out: {why}", policy.name));
                    continue;
                }
            };
            for s in statements {
                let finding = |says: String| Finding {
                    kind,
                    level: (*level).to_owned(),
                    statement: format!("{} › {}", policy.name, s.label),
                    says,
                };
                match (bearing(s, q, facts), s.effect) {
                    (Bearing::No, _) => {}
                    (Bearing::Full, Effect::Deny) => denies.push(finding(format!("denies {}", q.action))),
                    (Bearing::Full, Effect::Allow) => {
                        allowed.get_or_insert_with(|| finding(format!("allows {}", q.action)));
                    }
                    (Bearing::Maybe(why, unknown), effect) => {
                        unevaluated
                            .extend(unknown.iter().map(|u| format!("{kind} {} › {}: {u}", policy.name, s.label)));
                        let verb = if effect == Effect::Deny { "denies" } else { "allows" };
                        let f = finding(format!("{verb} it {why}"));
                        if effect == Effect::Deny { maybes.push(f) } else { maybe_allowed.push(f) }
                    }
                }
            }
        }
        match allowed {
            Some(f) => allows.push(f),
            None if maybe_allowed.is_empty() => unallowed.push(Finding {
                kind,
                level: (*level).to_owned(),
                statement: String::new(),
                says: format!("no {kind} attached here allows {}", q.action),
            }),
            None => maybes.extend(maybe_allowed),
        }
    }
    let (verdict, findings) = if !denies.is_empty() {
        (Verdict::Denied, denies)
    } else if !unallowed.is_empty() {
        (Verdict::Denied, unallowed)
    } else if !maybes.is_empty() {
        (Verdict::Depends, maybes)
    } else {
        (Verdict::Allowed, allows)
    };
    Chain { verdict, findings, unevaluated, notes }
}

/// The facts the question and the subject give about the request, by condition key: first what
/// orgtui reads from the organization, then what the user gave (which wins).
fn facts(q: &Question, subject: &Subject) -> Facts {
    let mut facts = Facts::default();
    if let Some(region) = &q.region {
        facts.set("aws:RequestedRegion", region.clone());
    }
    if let Some(account) = &subject.account {
        facts.set("aws:PrincipalAccount", account.clone());
        facts.set("aws:ResourceAccount", q.resource_account().unwrap_or(account).to_owned());
    }
    if let Some(org) = &subject.organization {
        facts.set("aws:PrincipalOrgID", org.clone());
        if let Some(path) = &subject.org_path {
            facts.set("aws:PrincipalOrgPaths", path.clone());
        }
        if let Some(path) = &subject.resource_org_path {
            facts.set("aws:ResourceOrgID", org.clone());
            facts.set("aws:ResourceOrgPaths", path.clone());
        }
    }
    // The question is about a principal of the account, not an AWS service acting for it.
    facts.set("aws:PrincipalIsAWSService", "false");
    for (key, known) in &q.context {
        facts.put(key, known.clone(), Source::Given);
    }
    facts
}

fn describe_facts(facts: &Facts) -> Vec<String> {
    facts
        .all()
        .map(|(key, known, source)| {
            let by = if source == Source::Given { "given" } else { "filled in by orgtui" };
            format!("{key} = {} ({by})", known.describe())
        })
        .collect()
}

/// Answers the question for the subject, from the policies attached along its path (root first).
pub fn check(q: &Question, subject: &Subject, levels: &[Level]) -> Answer {
    let mut notes = vec![
        "An offline reading of the attached policies, not a call to AWS; IAM policies in the account must still grant the action.".to_owned(),
    ];
    if subject.management {
        return Answer {
            verdict: Verdict::Allowed,
            headline: "Allowed as far as the organization goes: SCPs and RCPs do not restrict the management account"
                .to_owned(),
            findings: Vec::new(),
            unevaluated: Vec::new(),
            notes,
            context: Vec::new(),
            expansion: None,
        };
    }
    let mut q = q.clone();
    if let Some(note) = only_star(&mut q) {
        notes.push(note);
    }
    let q = &q;
    let facts = facts(q, subject);
    let scp_levels: Vec<(&str, &[Attached])> = levels.iter().map(|l| (l.name.as_str(), l.scps.as_slice())).collect();
    let mut chains = Vec::new();
    if subject.scps_disabled {
        notes.push("SCPs are not enabled in this root: they restrict nothing.".to_owned());
    } else {
        chains.push(chain("SCP", q, &facts, &scp_levels));
    }
    let rcp_scope = RCP_SERVICES.iter().any(|s| glob::overlaps(q.service(), s, true));
    let foreign = q.resource_account().filter(|a| subject.account.as_deref().is_some_and(|own| own != *a));
    let has_rcps = levels.iter().any(|l| !l.rcps.is_empty());
    match (rcp_scope, foreign, has_rcps) {
        (false, ..) => {
            notes.push(format!("RCPs do not apply to {}: they cover {}.", q.service(), RCP_SERVICES.join(", ")))
        }
        (true, Some(other), _) => {
            notes.push(format!("The resource is in account {other}: that account's RCPs apply to it, not these."))
        }
        (true, None, false) => notes.push("No RCPs are attached along this path (are RCPs enabled?).".to_owned()),
        (true, None, true) => {
            let rcp_levels: Vec<(&str, &[Attached])> =
                levels.iter().map(|l| (l.name.as_str(), l.rcps.as_slice())).collect();
            chains.push(chain("RCP", q, &facts, &rcp_levels));
        }
    }
    if q.region.is_none() {
        notes.push("No region given: conditions on aws:RequestedRegion are left unevaluated.".to_owned());
    }
    let verdict = if chains.iter().any(|c| c.verdict == Verdict::Denied) {
        Verdict::Denied
    } else if chains.iter().any(|c| c.verdict == Verdict::Depends) {
        Verdict::Depends
    } else {
        Verdict::Allowed
    };
    let mut answer = Answer {
        verdict,
        headline: String::new(),
        findings: Vec::new(),
        unevaluated: Vec::new(),
        notes,
        context: describe_facts(&facts),
        expansion: None,
    };
    for c in chains {
        // The answer names what decides it: on a denial, only the denying chain's findings.
        if verdict == Verdict::Allowed || c.verdict == verdict {
            answer.findings.extend(c.findings);
        }
        answer.unevaluated.extend(c.unevaluated);
        answer.notes.extend(c.notes);
    }
    answer.headline = headline(q, subject, &answer);
    answer
}

/// Marks an action that takes only "*" as its resource (the catalogue says which), and says so
/// when the question named an ARN for it.
fn only_star(q: &mut Question) -> Option<String> {
    if q.action.contains(['*', '?']) {
        return None;
    }
    let (prefix, name) = q.action.split_once(':')?;
    let service = crate::policy::catalogue::get().service(prefix)?;
    q.only_star = service.action(name)?.resources.is_empty();
    (q.only_star && q.resource.is_some())
        .then(|| format!("{} takes no resource ARN (only \"*\"): the ARN given is not what AWS checks.", q.action))
}

/// How each real action a wildcard stands for fares, from the catalogue.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expansion {
    pub actions: usize,
    pub allowed: Vec<String>,
    pub denied: Vec<String>,
    pub depends: Vec<String>,
}

impl Expansion {
    /// "s3:Delete* — 23 actions: 21 denied, 2 depend".
    pub fn describe(&self, pattern: &str) -> String {
        let mut parts = Vec::new();
        for (n, word) in
            [(self.denied.len(), "denied"), (self.depends.len(), "depend"), (self.allowed.len(), "allowed")]
        {
            if n > 0 {
                parts.push(format!("{n} {word}"));
            }
        }
        format!("{pattern} — {} actions: {}", self.actions, parts.join(", "))
    }
}

/// The answer for a question, and, when its action is a wildcard the catalogue can expand, how
/// each real action it stands for is answered.
pub fn check_expanded(q: &Question, subject: &Subject, levels: &[Level]) -> Answer {
    let mut answer = check(q, subject, levels);
    if !q.action.contains(['*', '?']) {
        return answer;
    }
    let actions = crate::policy::catalogue::get().expand(&q.action);
    if actions.is_empty() {
        return answer;
    }
    let mut e = Expansion { actions: actions.len(), ..Expansion::default() };
    for action in actions {
        let one = Question { action: action.clone(), ..q.clone() };
        match check(&one, subject, levels).verdict {
            Verdict::Allowed => e.allowed.push(action),
            Verdict::Denied => e.denied.push(action),
            Verdict::Depends => e.depends.push(action),
        }
    }
    answer.expansion = Some(e);
    answer
}

fn headline(q: &Question, subject: &Subject, a: &Answer) -> String {
    let who = subject.account.as_deref().map_or("an account here".to_owned(), |id| format!("account {id}"));
    let place = q.region.as_deref().map(|r| format!(" in {r}")).unwrap_or_default();
    let first = a.findings.first();
    match (a.verdict, first) {
        (Verdict::Allowed, None) => {
            format!("Allowed as far as the organization goes: no SCP or RCP applies to {}", q.action)
        }
        (Verdict::Allowed, _) => format!("Allowed: an Allow covers {} at every level and no Deny applies", q.action),
        (Verdict::Denied, Some(f)) if f.statement.is_empty() => {
            format!("Denied: nothing at {} allows {} (an allow list there leaves it out)", f.level, q.action)
        }
        (Verdict::Denied, Some(f)) => {
            format!("Denied for {who}{place}: {} at {} denies {}", f.statement, f.level, q.action)
        }
        (Verdict::Denied, None) => format!("Denied: {}", q.action),
        (Verdict::Depends, _) if a.unevaluated.is_empty() => {
            format!(
                "Partly: {who}{place} may call only some of what {} stands for, or only on some resources",
                q.action
            )
        }
        (Verdict::Depends, _) => {
            format!("Depends on conditions orgtui cannot check offline: {} for {who}{place}", q.action)
        }
    }
}

/// What a level's Allow statements let through, for the chain view: everything (FullAWSAccess), an
/// allow list, or nothing at all (every action is implicitly denied below this level).
#[derive(Debug, Clone, PartialEq)]
pub enum AllowList {
    Everything,
    Only(Vec<String>),
    Nothing,
}

pub fn allow_list<'a>(statements: impl IntoIterator<Item = &'a Statement>) -> AllowList {
    let mut listed = Vec::new();
    for s in statements {
        if s.effect != Effect::Allow {
            continue;
        }
        if s.action.is_everything() && s.resource.is_everything() && s.conditions.is_empty() {
            return AllowList::Everything;
        }
        listed.push(s.summary().trim_start_matches("Allow ").to_owned());
    }
    if listed.is_empty() { AllowList::Nothing } else { AllowList::Only(listed) }
}
