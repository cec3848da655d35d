//! Writing a snapshot: atomically (a temporary file in the same directory, then a rename), readable by
//! the owner only (mode 0600: it describes the organization's structure and who is in it).

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use anyhow::Context;

pub fn write_atomic(path: &Path, contents: &str) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".orgtui-snapshot")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    file.as_file().set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.write_all(contents.as_bytes())?;
    file.write_all(b"\n")?;
    file.as_file().sync_all()?;
    file.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Writes `contents` to standard output. A reader that stopped reading (`| head`) is not an error:
/// what it wanted it has, so the command ends quietly. Other failures are.
pub fn write_stdout(contents: &str) -> anyhow::Result<()> {
    write_stdout_bytes(format!("{contents}\n").as_bytes())
}

/// As `write_stdout`, bytes as they are.
pub fn write_stdout_bytes(contents: &[u8]) -> anyhow::Result<()> {
    use std::io::ErrorKind;
    let mut out = std::io::stdout().lock();
    match out.write_all(contents).and_then(|()| out.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_with_owner_only_permissions_and_replaces_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.json");
        std::fs::write(&path, "old old old old").unwrap();
        write_atomic(&path, "{}").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}\n");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
