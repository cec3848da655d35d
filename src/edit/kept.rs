//! Kept edits: the recovery files orgtui wrote for edits that did not reach AWS (abandoned, refused,
//! or left when the session ended), found again by their names so `e` can offer them and the
//! organization menu can list them. orgtui never deletes them: they are the user's text.

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq)]
pub struct KeptEdit {
    /// The policy's id, or `p-newpolicy` for the text of a policy that could not be created.
    pub policy: String,
    pub path: PathBuf,
    /// When it was kept (from its name), when the name says.
    pub at: Option<OffsetDateTime>,
    /// A name and description (`.txt`), not a policy's text.
    pub rename: bool,
}

/// The id the text of a policy that could not be created is kept under.
pub const NEW_POLICY: &str = "p-newpolicy";

impl KeptEdit {
    /// Reads a recovery file's name: `<id>-<UTC time>[-n].<json|txt>` (and the older
    /// `<id>-<nanoseconds>.json`). None for a file orgtui did not write.
    pub fn from_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?;
        let (stem, ext) = name.rsplit_once('.')?;
        let rename = match ext {
            "json" => false,
            "txt" => true,
            _ => return None,
        };
        let mut parts: Vec<&str> = stem.split('-').collect();
        // A second file in the same second: `-2`, `-3`…
        if parts.len() > 3 && parts.last().is_some_and(|p| p.len() < 4 && p.chars().all(|c| c.is_ascii_digit())) {
            parts.pop();
        }
        let stamp = parts.pop()?;
        let at = crate::edit::recovery::parse_stamp(stamp).or_else(|| {
            let nanos: i128 = stamp.parse().ok()?;
            OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()
        })?;
        let policy = parts.join("-");
        if !policy.starts_with("p-") {
            return None;
        }
        Some(Self { policy, path: path.to_owned(), at: Some(at), rename })
    }

    /// What a list of kept edits says of it: the policy (by `name` when orgtui knows it, else its
    /// id), what it holds, when it was kept.
    pub fn label(&self, name: Option<&str>) -> String {
        let name = || name.map_or_else(|| self.policy.clone(), str::to_owned);
        let what = match (self.policy.as_str(), self.rename) {
            (NEW_POLICY, _) => "a new policy's text".to_owned(),
            (_, true) => format!("{}: a name and description", name()),
            (_, false) => format!("{}: the policy's text", name()),
        };
        format!("{what} · kept {}", self.when())
    }

    /// "2026-12-01 08:21 UTC", as the offer and the list say it.
    pub fn when(&self) -> String {
        self.at.map_or_else(|| "an unknown time".to_owned(), crate::org::time_fmt::short_utc)
    }
}

/// Every kept edit in `dir`, newest first (a missing directory holds none).
pub fn list(dir: &Path) -> Vec<KeptEdit> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<KeptEdit> = entries.flatten().filter_map(|e| KeptEdit::from_path(&e.path())).collect();
    out.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.path.cmp(&b.path)));
    out
}

/// Moves used kept edits into `saved/` beside them (best effort: a file that cannot move stays and
/// is offered again, which loses nothing).
pub fn retire(paths: &[PathBuf]) {
    for path in paths {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { continue };
        let saved = dir.join("saved");
        if let Err(e) = std::fs::create_dir_all(&saved).and_then(|()| std::fs::rename(path, saved.join(name))) {
            tracing::warn!(error = %e, path = %path.display(), "could not move a used recovery file aside");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_back_with_their_time_and_kind() {
        let k = KeptEdit::from_path(Path::new("/r/p-dnyleave01-20261201T082112Z.json")).unwrap();
        assert_eq!((k.policy.as_str(), k.rename, k.when().as_str()), ("p-dnyleave01", false, "2026-12-01 08:21 UTC"));
        let k = KeptEdit::from_path(Path::new("/r/p-dnyleave01-20261201T082112Z-2.txt")).unwrap();
        assert_eq!((k.policy.as_str(), k.rename), ("p-dnyleave01", true));
        let old = KeptEdit::from_path(Path::new("/r/p-dnyleave01-1796113076276277287.json")).unwrap();
        assert_eq!(old.policy, "p-dnyleave01", "the older names are still found");
        assert!(KeptEdit::from_path(Path::new("/r/notes.json")).is_none());
        assert!(KeptEdit::from_path(Path::new("/r/p-dnyleave01-20261201T082112Z.swp")).is_none());
    }

    #[test]
    fn the_list_is_newest_first_and_what_is_written_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = crate::edit::recovery::save_in(dir.path(), "p-abcd1234", "{}", "json").unwrap();
        std::fs::write(dir.path().join("p-abcd1234-20200101T000000Z.json"), "{}").unwrap();
        let kept = list(dir.path());
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].path, path, "newest first");
        assert!(list(&dir.path().join("missing")).is_empty());
        retire(std::slice::from_ref(&path));
        assert_eq!(list(dir.path()).len(), 1, "a used one is no longer listed");
        assert!(dir.path().join("saved").join(path.file_name().unwrap()).exists(), "and not deleted");
    }
}
