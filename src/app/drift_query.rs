//! `drift:` in the search box of the drift view (`--compare OLD`): the roots, OUs, accounts and
//! policies that changed since the older snapshot, by name; `drift:added`, `drift:moved` and
//! `drift:changed` keep one kind. Removed ones are not in the organization, so not in the index:
//! the tree shows them, dimmed, where they were.

use crate::drift::marks::{Mark, Marks};
use crate::search::{Hit, Index};

/// What a `drift:` query asks for: every change (None), or one kind; an unknown word is said.
pub fn parse(query: &str) -> Option<Result<Option<Mark>, String>> {
    let rest = query.trim().strip_prefix("drift:")?.trim().to_lowercase();
    if rest.is_empty() {
        return Some(Ok(None));
    }
    Some(
        Mark::ALL
            .into_iter()
            .find(|m| m.word().starts_with(&rest))
            .map(Some)
            .ok_or_else(|| format!("drift:{rest}: say added, moved, changed or removed")),
    )
}

/// The index entries that changed (of the kind asked), by name.
pub fn hits(index: &Index, marks: &Marks, only: Option<Mark>) -> Vec<Hit> {
    let mut found: Vec<usize> = marks
        .changed()
        .filter(|(_, m)| only.is_none_or(|o| o == *m))
        .filter_map(|(f, _)| index.position_of(&f))
        .collect();
    found.sort_by(|a, b| index.sort_key(*a).cmp(&index.sort_key(*b)));
    found.into_iter().map(|entry| Hit { entry, score: 0, indices: Vec::new() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drift_query_reads_the_kind_asked_for() {
        assert_eq!(parse("drift:"), Some(Ok(None)));
        assert_eq!(parse(" drift: moved "), Some(Ok(Some(Mark::Moved))));
        assert_eq!(parse("drift:add"), Some(Ok(Some(Mark::Added))));
        assert!(parse("drift:lost").is_some_and(|r| r.is_err()));
        assert_eq!(parse("drifting"), None);
    }
}
