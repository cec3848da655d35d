//! Recovery files: an edit that could not be saved is written to the user's data directory
//! (`~/.local/share/orgtui/recovery/`), readable only by them, and named after the policy so it
//! can be found again.

use std::io::Write;
use std::path::{Path, PathBuf};

pub fn dir() -> Option<PathBuf> {
    Some(dirs::data_dir()?.join("orgtui").join("recovery"))
}

/// Writes `text` for policy `id` into `dir` with mode 0600; returns the file's path.
pub fn save_in(dir: &Path, id: &str, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    let path = dir.join(format!("{id}-{stamp}.json"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_files_are_private_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let a = save_in(dir.path(), "p-abcd1234", "one").unwrap();
        let b = save_in(dir.path(), "p-abcd1234", "two").unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
