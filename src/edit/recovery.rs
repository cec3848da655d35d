//! Recovery files: an edit that could not be saved is written to the user's data directory
//! (`~/.local/share/orgtui/recovery/`), readable only by them, and named after the policy so it
//! can be found again.

use std::io::Write;
use std::path::{Path, PathBuf};

pub fn dir() -> Option<PathBuf> {
    Some(dirs::data_dir()?.join("orgtui").join("recovery"))
}

/// How file names carry a UTC time: `20261201T082112Z` (sorts by time, reads at a glance).
const STAMP: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");

pub fn stamp(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    at.format(STAMP).unwrap_or_else(|_| at.unix_timestamp().to_string())
}

/// A file name's stamp back into its time.
pub fn parse_stamp(stamp: &str) -> Option<time::OffsetDateTime> {
    time::PrimitiveDateTime::parse(stamp, STAMP).ok().map(time::PrimitiveDateTime::assume_utc)
}

/// Writes `text` for policy `id` into `dir` with mode 0600 as `<id>-<UTC time>.<ext>` (a second
/// file in the same second gets `-2`, `-3`…; none is ever overwritten); returns the file's path.
pub fn save_in(dir: &Path, id: &str, text: &str, ext: &str) -> std::io::Result<PathBuf> {
    save_at(dir, id, text, ext, time::OffsetDateTime::now_utc())
}

fn save_at(dir: &Path, id: &str, text: &str, ext: &str, at: time::OffsetDateTime) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let stamp = stamp(at);
    for n in 1..1000 {
        let name = if n == 1 { format!("{id}-{stamp}.{ext}") } else { format!("{id}-{stamp}-{n}.{ext}") };
        let path = dir.join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = match options.open(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            other => other?,
        };
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        return Ok(path);
    }
    Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "too many recovery files this second"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_is_a_readable_utc_time() {
        let at = time::macros::datetime!(2026-12-01 09:21:12 +01:00);
        assert_eq!(stamp(at), "20261201T082112Z");
        assert_eq!(parse_stamp("20261201T082112Z"), Some(at));
        assert_eq!(parse_stamp("1796113076276277287"), None);
    }

    #[test]
    fn recovery_files_are_private_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let at = time::macros::datetime!(2026-12-01 08:21:12 UTC);
        let a = save_at(dir.path(), "p-abcd1234", "one", "json", at).unwrap();
        let b = save_at(dir.path(), "p-abcd1234", "two", "json", at).unwrap();
        assert_eq!(a.file_name().unwrap(), "p-abcd1234-20261201T082112Z.json");
        assert_eq!(b.file_name().unwrap(), "p-abcd1234-20261201T082112Z-2.json", "the same second: a new name");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "two");
        let now = save_in(dir.path(), "p-abcd1234", "three", "txt").unwrap();
        assert!(now.to_str().unwrap().ends_with("Z.txt"), "{}", now.display());
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
