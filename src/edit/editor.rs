//! The user's editor: `$VISUAL`, else `$EDITOR`, else `vi`. The command is run by the shell so that
//! editors given with arguments (`code --wait`, `emacsclient -t`) work as they do for git.

use std::path::Path;
use std::process::{Command, ExitStatus};

pub fn command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|c| c.trim().to_owned())
        .find(|c| !c.is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// Runs the editor on `path` and waits for it. The path is passed as an argument, never pasted into
/// the command line, so no file name can be read as shell syntax.
pub fn run(path: &Path) -> std::io::Result<ExitStatus> {
    run_with(&command(), path)
}

pub fn run_with(editor: &str, path: &Path) -> std::io::Result<ExitStatus> {
    Command::new("sh").arg("-c").arg(format!("{editor} \"$1\"")).arg("orgtui-editor").arg(path).status()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_editor_with_arguments_gets_the_file_as_its_last_argument() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("policy with spaces.json");
        std::fs::write(&file, "{}").unwrap();
        // Stands in for `code --wait`: a command with an argument, writing to the file it is given.
        let script = dir.path().join("ed.sh");
        std::fs::write(&script, "#!/bin/sh\n[ \"$1\" = --wait ] && printf '{\"a\":1}' > \"$2\"\n").unwrap();
        let status = run_with(&format!("sh {} --wait", script.display()), &file).unwrap();
        assert!(status.success());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "{\"a\":1}");
    }
}
