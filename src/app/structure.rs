//! Changing the structure other than by moving accounts: an OU created, renamed or deleted, and the
//! tags of a root, OU or account. The form holds what the user typed until AWS has taken it: a
//! refusal reopens it with the text and the reason.

use super::text_field::TextField;
use crate::org::limits;
use crate::org::{OuId, ParentId, ResourceId, Tag};

/// What the form is for, and what it changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    /// A new OU under `parent` (shown as `path`).
    CreateOu { parent: ParentId, path: String },
    /// The OU's new name.
    RenameOu { id: OuId, old: String },
    /// The tags of a root, OU or account, as they stand (`before`) and as typed.
    Tags { target: ResourceId, label: String, before: Vec<Tag> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructureForm {
    pub purpose: Purpose,
    pub name: TextField,
    /// `key=value, key=value`: AWS allows no comma in a tag, so the list reads back unambiguously.
    pub tags: TextField,
    pub on_tags: bool,
    pub error: Option<String>,
}

impl StructureForm {
    /// Fifty tags of the longest key and value, with their separators.
    pub const MAX_TAGS_TEXT: usize = limits::MAX_TAGS * (limits::MAX_TAG_KEY + limits::MAX_TAG_VALUE + 3);

    pub fn new(purpose: Purpose) -> Self {
        let (name, tags, on_tags) = match &purpose {
            Purpose::CreateOu { .. } => (String::new(), String::new(), false),
            Purpose::RenameOu { old, .. } => (old.clone(), String::new(), false),
            Purpose::Tags { before, .. } => (String::new(), tags_text(before), true),
        };
        let mut form = Self { purpose, name: TextField::default(), tags: TextField::default(), on_tags, error: None };
        form.name.set(&name);
        form.tags.set(&tags);
        form
    }

    /// Whether the form has a name field / a tags field.
    pub fn has_name(&self) -> bool {
        !matches!(self.purpose, Purpose::Tags { .. })
    }

    pub fn has_tags(&self) -> bool {
        !matches!(self.purpose, Purpose::RenameOu { .. })
    }
}

/// Tags as the form shows them.
pub fn tags_text(tags: &[Tag]) -> String {
    tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect::<Vec<_>>().join(", ")
}

/// The typed list read back: `key=value` pairs split at commas, each at its first `=` (a value may
/// hold `=`); a key alone has an empty value. Checked against AWS's limits.
pub fn parse_tags(text: &str) -> Result<Vec<Tag>, String> {
    let mut tags = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (key, value) = item.split_once('=').unwrap_or((item, ""));
        tags.push(Tag { key: key.trim().to_owned(), value: value.trim().to_owned() });
    }
    match limits::tags_problem(&tags) {
        Some(why) => Err(why),
        None => Ok(tags),
    }
}

/// What a tags change does: keys added or given another value, and keys removed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TagChange {
    pub set: Vec<Tag>,
    pub removed: Vec<String>,
}

impl TagChange {
    pub fn between(before: &[Tag], after: &[Tag]) -> Self {
        let set = after.iter().filter(|t| !before.contains(t)).cloned().collect();
        let removed = before.iter().filter(|b| !after.iter().any(|a| a.key == b.key)).map(|b| b.key.clone()).collect();
        Self { set, removed }
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.removed.is_empty()
    }

    /// One list item per key: added, changed (old → new), removed.
    pub fn lines(&self, before: &[Tag]) -> Vec<String> {
        let mut out: Vec<String> = self
            .set
            .iter()
            .map(|t| match before.iter().find(|b| b.key == t.key) {
                Some(old) => format!("• changed {}: {} → {}", t.key, shown(&old.value), shown(&t.value)),
                None => format!("• added {}={}", t.key, t.value),
            })
            .collect();
        out.extend(self.removed.iter().map(|k| format!("• removed {k}")));
        out
    }
}

fn shown(value: &str) -> &str {
    if value.is_empty() { "(empty)" } else { value }
}

/// A change to the structure, once confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum StructureChange {
    CreateOu {
        parent: ParentId,
        name: String,
        tags: Vec<Tag>,
    },
    RenameOu {
        id: OuId,
        name: String,
    },
    DeleteOu {
        id: OuId,
        name: String,
        parent: ParentId,
    },
    /// `label` names it in words (its path in the tree), for the form again after a refusal.
    Tags {
        target: ResourceId,
        label: String,
        change: TagChange,
    },
}

impl StructureChange {
    /// The root or OU whose children change (and are listed again afterwards).
    pub fn parent(&self) -> Option<&ParentId> {
        match self {
            Self::CreateOu { parent, .. } | Self::DeleteOu { parent, .. } => Some(parent),
            Self::RenameOu { .. } | Self::Tags { .. } => None,
        }
    }
}

/// How many OUs deep a root or OU node is: 0 for a root, 1 for an OU in it.
pub fn ou_depth(tree: &crate::org::tree::Tree, id: crate::org::tree::NodeId) -> usize {
    tree.path(id)
        .iter()
        .filter(|&&n| tree.get(n).is_some_and(|n| matches!(n.kind, crate::org::tree::NodeKind::Ou(_))))
        .count()
}

/// Why an OU cannot be deleted: what it still holds, and what to do.
pub fn still_holds(name: &str, ous: usize, accounts: usize) -> String {
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let what = match (ous, accounts) {
        (0, a) => count(a, "account", "accounts"),
        (o, 0) => count(o, "OU", "OUs"),
        (o, a) => format!("{} and {}", count(o, "OU", "OUs"), count(a, "account", "accounts")),
    };
    format!(
        "{name} still holds {what}: AWS deletes only an empty OU (move its accounts with m and M, delete the OUs \
         in it first)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(k: &str, v: &str) -> Tag {
        Tag { key: k.into(), value: v.into() }
    }

    #[test]
    fn typed_tags_read_back_and_a_change_says_what_it_does() {
        assert_eq!(
            parse_tags(" team=platform, url=a=b ,solo").unwrap(),
            vec![t("team", "platform"), t("url", "a=b"), t("solo", "")]
        );
        assert_eq!(parse_tags("").unwrap(), vec![]);
        assert!(parse_tags("aws:x=1").unwrap_err().contains("reserved"));
        assert!(parse_tags("a=1, a=2").unwrap_err().contains("twice"));
        let before = [t("env", "dev"), t("old", "x"), t("team", "a")];
        let after = parse_tags(&tags_text(&[t("env", "prod"), t("team", "a"), t("new", "")])).unwrap();
        let change = TagChange::between(&before, &after);
        assert_eq!(change.set, vec![t("env", "prod"), t("new", "")]);
        assert_eq!(change.removed, vec!["old".to_owned()]);
        assert_eq!(change.lines(&before), ["• changed env: dev → prod", "• added new=", "• removed old"]);
        assert!(TagChange::between(&before, &before).is_empty());
    }
}
