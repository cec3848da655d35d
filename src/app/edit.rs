//! An edit in progress: the policy as it stood when the edit began (what the lost-update check
//! compares with) and the user's text, which lives here until AWS has it or a recovery file does.

use crate::edit::diff::{DiffLine, unified};
use crate::org::{Policy, PolicyId, PolicyType};
use crate::policy::readable;
use crate::policy::validate::Problem;

#[derive(Debug, Clone, PartialEq)]
pub struct EditSession {
    pub id: PolicyId,
    pub name: String,
    pub policy_type: PolicyType,
    pub base: Policy,
    /// The user's text as last written in the editor (without orgtui's comment lines).
    pub text: String,
    pub problems: Vec<Problem>,
    /// The server's version when it changed after the edit began.
    pub theirs: Option<Policy>,
    pub impact: Option<Impact>,
    /// Set for a rename (`E`): the new name and description; the content is left as it is.
    pub meta: Option<(String, String)>,
    /// A policy that does not exist yet (`N`): saving creates it.
    pub creating: bool,
}

/// Where a policy applies: "affects 14 accounts through 3 OUs".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Impact {
    pub accounts: usize,
    pub ous: usize,
    pub roots: usize,
    /// Accounts the policy is attached to directly.
    pub direct_accounts: usize,
    /// An SCP or RCP: `accounts` counts member accounts only, since neither restricts the
    /// management account (the what-if says so), and the sentence says "member".
    pub members_only: bool,
}

impl Impact {
    pub fn text(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if self.accounts == 0 && self.ous == 0 && self.roots == 0 {
            return "attached nowhere: saving changes no account today".to_owned();
        }
        let mut through = Vec::new();
        if self.roots > 0 {
            through.push(plural(self.roots, "root"));
        }
        if self.ous > 0 {
            through.push(plural(self.ous, "OU"));
        }
        if self.direct_accounts > 0 {
            through.push(format!("{} directly", plural(self.direct_accounts, "account")));
        }
        let word = if self.members_only { "member account" } else { "account" };
        let affected = if self.accounts == 0 { format!("no {word}") } else { plural(self.accounts, word) };
        format!("affects {affected} through {}", through.join(", "))
    }
}

/// Name and description as the diff shows them.
pub fn meta_text(name: &str, description: &str) -> String {
    format!("Name: {name}\nDescription: {description}\n")
}

/// Whether a kept text is a name and description (`meta_text`), not a policy's content.
pub fn is_meta_text(text: &str) -> bool {
    text.starts_with("Name: ") && text.contains("\nDescription: ")
}

impl EditSession {
    pub fn new(policy: Policy) -> Self {
        Self {
            id: policy.summary.id.clone(),
            name: policy.summary.name.clone(),
            policy_type: policy.summary.policy_type.clone(),
            text: readable(&policy.content),
            base: policy,
            problems: Vec::new(),
            theirs: None,
            impact: None,
            meta: None,
            creating: false,
        }
    }

    /// A new policy of `policy_type`, starting from its template.
    pub fn create(policy_type: PolicyType, name: String, description: String) -> Option<Self> {
        // Not an id AWS gives (it has no policy yet): it only names the recovery file.
        let id = PolicyId::parse("p-newpolicy").ok()?;
        let summary = crate::org::PolicySummary {
            id: id.clone(),
            arn: String::new(),
            name: name.clone(),
            policy_type: policy_type.clone(),
            description,
            aws_managed: false,
        };
        let text = readable(crate::policy::templates::template(&policy_type));
        let base = Policy { summary, content: String::new() };
        Some(Self { creating: true, text, ..Self::new(base) })
    }

    /// A session that changes the name and description only.
    pub fn rename(policy: Policy) -> Self {
        let meta = Some((policy.summary.name.clone(), policy.summary.description.clone()));
        Self { meta, ..Self::new(policy) }
    }

    /// What the save would change, as a diff of the pretty-printed texts.
    pub fn diff(&self) -> Vec<DiffLine> {
        match &self.meta {
            Some((name, description)) => unified(
                &meta_text(&self.base.summary.name, &self.base.summary.description),
                &meta_text(name, description),
            ),
            None => unified(&readable(&self.base.content), &self.text),
        }
    }

    /// What someone else changed since the edit began.
    pub fn their_change(&self) -> Vec<DiffLine> {
        self.theirs.as_ref().map(|t| unified(&readable(&self.base.content), &readable(&t.content))).unwrap_or_default()
    }

    pub fn unchanged(&self) -> bool {
        if self.creating {
            return false;
        }
        if let Some((name, description)) = &self.meta {
            return name == &self.base.summary.name && description == &self.base.summary.description;
        }
        // Equal once minified: reformatting alone is no change (and what AWS holds would not differ).
        crate::policy::limits::minify(&self.text) == crate::policy::limits::minify(&self.base.content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_reads_like_a_sentence() {
        let i = Impact { accounts: 14, ous: 3, ..Default::default() };
        assert_eq!(i.text(), "affects 14 accounts through 3 OUs");
        let i = Impact { accounts: 41, roots: 1, direct_accounts: 1, ..Default::default() };
        assert_eq!(i.text(), "affects 41 accounts through 1 root, 1 account directly");
        // An SCP over the management account alone restricts no one.
        let i = Impact { accounts: 0, roots: 1, members_only: true, ..Default::default() };
        assert_eq!(i.text(), "affects no member account through 1 root");
        let i = Impact { accounts: 39, roots: 1, members_only: true, ..Default::default() };
        assert_eq!(i.text(), "affects 39 member accounts through 1 root");
        assert_eq!(Impact::default().text(), "attached nowhere: saving changes no account today");
    }
}
