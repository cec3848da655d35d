//! `tag:Key=Value` and `tag:Key` in the search box: the roots, OUs, accounts and policies whose tags are known
//! (loaded, from a snapshot or the cache) and match, by name. Tags are not in the fuzzy index: a
//! tag query is exact on the key and the value (ignoring case), as the console's tag filter is.

use std::collections::HashMap;

use crate::org::tree::LoadState;
use crate::org::{ResourceId, Tag, TargetId};
use crate::search::{Found, Hit, Index};

use super::model::TagsEntry;

/// The key and (when given) the value of a `tag:` query; None for any other query.
pub fn parse(query: &str) -> Option<(String, Option<String>)> {
    let rest = query.trim().strip_prefix("tag:")?;
    let (key, value) = match rest.split_once('=') {
        Some((k, v)) => (k.trim(), Some(v.trim().to_owned())),
        None => (rest.trim(), None),
    };
    Some((key.to_owned(), value))
}

fn matches(tags: &[Tag], key: &str, value: Option<&str>) -> bool {
    tags.iter().any(|t| t.key.eq_ignore_ascii_case(key) && value.is_none_or(|v| t.value.eq_ignore_ascii_case(v)))
}

/// The index entries whose known tags match, by name.
pub fn hits(index: &Index, tags: &HashMap<ResourceId, TagsEntry>, key: &str, value: Option<&str>) -> Vec<Hit> {
    if key.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<usize> = tags
        .iter()
        .filter(|(_, e)| e.load == LoadState::Loaded && matches(&e.tags, key, value))
        .filter_map(|(target, _)| {
            index.position_of(&match target {
                ResourceId::Target(t) => Found::Target(t.clone()),
                ResourceId::Policy(p) => Found::Policy(p.clone()),
            })
        })
        .collect();
    found.sort_by(|a, b| index.sort_key(*a).cmp(&index.sort_key(*b)));
    found.into_iter().map(|entry| Hit { entry, score: 0, indices: Vec::new() }).collect()
}

/// How many of the accounts the index knows have their tags known: (known, all).
pub fn accounts_known(
    accounts: impl Iterator<Item = TargetId>,
    tags: &HashMap<ResourceId, TagsEntry>,
) -> (usize, usize) {
    let mut all = 0;
    let mut known = 0;
    for a in accounts {
        all += 1;
        if tags.get(&ResourceId::Target(a)).is_some_and(|e| e.load == LoadState::Loaded) {
            known += 1;
        }
    }
    (known, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_query_reads_key_and_value() {
        assert_eq!(parse("tag:owner=platform-team"), Some(("owner".into(), Some("platform-team".into()))));
        assert_eq!(parse(" tag:owner "), Some(("owner".into(), None)));
        assert_eq!(parse("tag:url=a=b"), Some(("url".into(), Some("a=b".into()))));
        assert_eq!(parse("owner"), None);
        let tags = [Tag { key: "Owner".into(), value: "Platform".into() }];
        assert!(matches(&tags, "owner", Some("platform")));
        assert!(matches(&tags, "owner", None));
        assert!(!matches(&tags, "owner", Some("plat")), "values match whole, not in part");
    }
}
