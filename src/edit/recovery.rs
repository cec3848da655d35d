//! Recovery files: an edit that could not be saved is written to the user's data directory
//! (`~/.local/share/orgtui/recovery/`), readable only by them, and named after the policy so it
//! can be found again.

use std::io::Write;
use std::path::{Path, PathBuf};

pub fn dir() -> Option<PathBuf> {
    Some(dirs::data_dir()?.join("orgtui").join("recovery"))
}

/// A UTC time as file names carry it: `20261201T082112Z` (sorts by time, reads at a glance).
pub fn stamp(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Writes `text` for policy `id` into `dir` with mode 0600 as `<id>-<UTC time>.<ext>` (a second
/// file in the same second gets `-2`, `-3`…; none is ever overwritten); returns the file's path.
pub fn save_in(dir: &Path, id: &str, text: &str, ext: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let stamp = stamp(time::OffsetDateTime::now_utc());
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
    }

    #[test]
    fn recovery_files_are_private_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let a = save_in(dir.path(), "p-abcd1234", "one", "json").unwrap();
        let b = save_in(dir.path(), "p-abcd1234", "two", "json").unwrap();
        assert_ne!(a, b);
        let name = a.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("p-abcd1234-20") && name.ends_with("Z.json"), "{name}");
        assert_eq!(name.len(), "p-abcd1234-20261201T082112Z.json".len(), "{name}");
        assert!(b.to_str().unwrap().ends_with("-2.json") || b.to_str().unwrap().ends_with("Z.json"));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
