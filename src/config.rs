//! The config file, `$XDG_CONFIG_HOME/orgtui/config.toml` (else `~/.config/orgtui/config.toml`):
//! defaults for the command line and key overrides. Precedence: command-line flags, then the
//! environment (AWS_PROFILE, AWS_REGION, NO_COLOR), then the file, then the built-in defaults;
//! `read_only = true` here can only be tightened (`--read-only` always wins, and no flag loosens it).
//! A bad file is one clear error with its line and column: orgtui does not start half-configured.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::Cli;
use crate::keymap::{self, Override};
use crate::terminal::caps::ColorChoice;

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub profile: Option<String>,
    pub region: Option<String>,
    #[serde(default)]
    pub read_only: bool,
    pub color: Option<ColorName>,
    #[serde(default)]
    pub ascii: bool,
    #[serde(default)]
    pub mouse: bool,
    /// Colour name (accent, ok, warn, error, dim, cursor, status) → a colour.
    #[serde(default)]
    pub theme: toml::Table,
    /// Action name → its keys, replacing the built-in ones.
    #[serde(default)]
    pub keys: toml::Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorName {
    Auto,
    Always,
    Never,
}

/// What `orgtui config` prints: the file with every setting at its default, commented.
pub const DEFAULTS: &str = r##"# orgtui configuration: $XDG_CONFIG_HOME/orgtui/config.toml (else ~/.config/orgtui/config.toml).
# Command-line flags win over the environment, which wins over this file.

# The AWS profile and region when neither --profile/AWS_PROFILE nor --region/AWS_REGION says.
# profile = "mgmt"
# region = "us-east-1"

# Refuse every change. true here cannot be undone from the command line.
read_only = false

# Colour: "auto" (from COLORTERM, TERM and NO_COLOR), "always" or "never".
color = "auto"

# ASCII instead of box drawing and symbols (the default outside a UTF-8 locale).
ascii = false

# The mouse: the wheel scrolls, a click selects or presses a footer hint (off: the terminal keeps
# its own text selection).
mouse = false

# Colours with a meaning: #rrggbb, a name (cyan, lightblue, …) or 0-255; brought down to what the
# terminal shows (256 or 16 colours, or none under NO_COLOR).
[theme]
# accent = "cyan"        # focus, titles, keys
# ok = "green"
# warn = "yellow"
# error = "red"
# dim = "darkgray"
# cursor = "#2d3748"     # the selected row's background
# status = "#1e222a"     # the status bar's background

# Keys: an action's name and the keys it takes instead of its own, everywhere it is bound.
# Names are those of `orgtui config --actions`; keys are a character ("s", "/"), "ctrl-x", or
# enter, esc, tab, backtab, backspace, up, down, left, right, home, end, pgup, pgdn, space, f1-f12.
[keys]
# search = ["s"]
# quit = ["q", "ctrl-c"]
"##;

/// Where the file is looked for.
pub fn path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let base = env("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::home_dir().map(|h| h.join(".config")))?;
    Some(base.join("orgtui").join("config.toml"))
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A file read and checked: its settings, its key overrides and its palette.
pub type Parsed = (File, Vec<Override>, crate::ui::theme::Palette);

/// The file read and checked: its settings and key overrides, or what is wrong with it and where.
pub fn parse(text: &str, path: &Path) -> Result<Parsed, String> {
    let at = |offset: usize| {
        let (line, column) = line_column(text, offset);
        format!("{}:{line}:{column}", path.display())
    };
    let file: File = toml::from_str(text).map_err(|e| {
        let place = e.span().map_or_else(|| path.display().to_string(), |s| at(s.start));
        format!("{place}: {}", e.message())
    })?;
    // toml::Table keeps no positions: find each key's line in the text for messages.
    let key_at = |name: &str| {
        let offset = text
            .match_indices(name)
            .find(|(i, _)| text[..*i].rsplit('\n').next().is_some_and(|l| l.trim().is_empty()))
            .map_or(0, |(i, _)| i);
        at(offset)
    };
    let mut overrides = Vec::new();
    for (name, value) in &file.keys {
        let Some(action) = keymap::custom_action(name) else {
            return Err(format!("{}: {name:?} is not an action (orgtui config --actions lists them)", key_at(name)));
        };
        let list: Vec<&str> = match value {
            toml::Value::String(s) => vec![s.as_str()],
            toml::Value::Array(items) => items.iter().filter_map(toml::Value::as_str).collect(),
            _ => return Err(format!("{}: keys are a string or a list of strings", key_at(name))),
        };
        if list.is_empty() {
            return Err(format!("{}: {name} needs at least one key", key_at(name)));
        }
        let keys = list
            .iter()
            .map(|k| keymap::parse_key(k))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("{}: {e}", key_at(name)))?;
        overrides.push(Override { action, keys });
    }
    let palette = palette_of(&file, &key_at)?;
    // The first override that clashes with what comes before it is the line to point at.
    for i in 0..overrides.len() {
        if let Err(clash) = keymap::check(&overrides[..=i]) {
            return Err(format!("{}: {clash}", key_at(&keymap::action_name(overrides[i].action))));
        }
    }
    Ok((file, overrides, palette))
}

/// The `[theme]` colours over the built-in palette.
fn palette_of(file: &File, at: &dyn Fn(&str) -> String) -> Result<crate::ui::theme::Palette, String> {
    let mut p = crate::ui::theme::Palette::default();
    for (name, value) in &file.theme {
        let Some(text) = value.as_str() else { return Err(format!("{}: a colour is a string", at(name))) };
        let color = crate::ui::theme::parse_color(text).map_err(|e| format!("{}: {e}", at(name)))?;
        let slot = match name.as_str() {
            "accent" => &mut p.accent,
            "ok" => &mut p.ok,
            "warn" => &mut p.warn,
            "error" => &mut p.error,
            "dim" => &mut p.dim,
            "cursor" => &mut p.cursor,
            "status" => &mut p.status,
            _ => {
                return Err(format!(
                    "{}: {name:?} is not a theme colour (accent, ok, warn, error, dim, cursor, status)",
                    at(name)
                ));
            }
        };
        *slot = color;
    }
    Ok(p)
}

/// The file's defaults under the command line and the environment.
pub fn apply(file: &File, cli: &mut Cli, env: &dyn Fn(&str) -> Option<String>) {
    if cli.source.profile.is_none() && env("AWS_PROFILE").is_none() {
        cli.source.profile = file.profile.clone();
    }
    if cli.source.region.is_none() && env("AWS_REGION").is_none() && env("AWS_DEFAULT_REGION").is_none() {
        cli.source.region = file.region.clone();
    }
    cli.read_only |= file.read_only;
    if cli.color.is_none() {
        cli.color = file.color.map(|c| match c {
            ColorName::Auto => ColorChoice::Auto,
            ColorName::Always => ColorChoice::Always,
            ColorName::Never => ColorChoice::Never,
        });
    }
    cli.ascii |= file.ascii;
    cli.mouse |= file.mouse;
}

/// Reads the file if there is one, applies it, and puts its keys in force.
pub fn load(cli: &mut Cli) -> Result<(), String> {
    let env = |k: &str| std::env::var(k).ok();
    let Some(path) = path(&env) else { return Ok(()) };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let (file, overrides, palette) = parse(&text, &path)?;
    apply(&file, cli, &env);
    crate::ui::theme::install(palette);
    keymap::install(&overrides)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parsed(text: &str) -> Result<(File, Vec<Override>), String> {
        parse(text, Path::new("config.toml")).map(|(file, overrides, _)| (file, overrides))
    }

    #[test]
    fn the_printed_defaults_parse_to_the_defaults() {
        let (file, overrides) = parsed(DEFAULTS).unwrap();
        assert_eq!(file, File { color: Some(ColorName::Auto), ..File::default() });
        assert!(overrides.is_empty());
    }

    #[test]
    fn a_syntax_error_a_bad_key_and_a_clash_each_name_their_line() {
        let e = parsed("read_only = false\ncolor = \"blue\"\n").unwrap_err();
        assert!(e.starts_with("config.toml:2:"), "{e}");
        let e = parsed("ascii = true\n[keys]\nsearch = [\"hyper-s\"]\n").unwrap_err();
        assert!(e.starts_with("config.toml:3:1: ") && e.contains("is not a key"), "{e}");
        let e = parsed("[keys]\n\nserach = [\"s\"]\n").unwrap_err();
        assert!(e.starts_with("config.toml:3:1: ") && e.contains("\"serach\" is not an action"), "{e}");
        let e = parsed("[keys]\nsearch = [\"q\"]\n").unwrap_err();
        assert!(e.starts_with("config.toml:2:1: ") && e.contains("q is already quit"), "{e}");
        let e = parsed("[theme]\naccent = \"#12\"\n").unwrap_err();
        assert!(e.starts_with("config.toml:2:1: ") && e.contains("is not a colour"), "{e}");
        let e = parsed("[theme]\n\nbackground = \"red\"\n").unwrap_err();
        assert!(e.starts_with("config.toml:3:1: ") && e.contains("not a theme colour"), "{e}");
        let (_, _, palette) = parse("[theme]\naccent = \"#00afaf\"\n", Path::new("config.toml")).unwrap();
        assert_eq!(palette.accent, ratatui::style::Color::Rgb(0, 175, 175));
        let e = parsed("colour = \"never\"\n").unwrap_err();
        assert!(e.starts_with("config.toml:1:1: ") && e.contains("unknown field"), "{e}");
    }

    #[test]
    fn flags_win_over_the_environment_which_wins_over_the_file_and_read_only_only_tightens() {
        let (file, overrides) =
            parsed("profile = \"from-file\"\nregion = \"eu-west-1\"\nread_only = true\ncolor = \"never\"\n[keys]\nsearch = \"s\"\n")
                .unwrap();
        assert_eq!(overrides.len(), 1);
        let none = |_: &str| None;
        let mut cli = Cli::parse_from(["orgtui"]);
        apply(&file, &mut cli, &none);
        assert_eq!(cli.source.profile.as_deref(), Some("from-file"));
        assert_eq!(cli.source.region.as_deref(), Some("eu-west-1"));
        assert!(cli.read_only, "the file's read_only holds");
        assert_eq!(cli.color, Some(ColorChoice::Never));
        let mut cli = Cli::parse_from(["orgtui", "--profile", "flag", "--color", "always"]);
        let env = |k: &str| (k == "AWS_REGION").then(|| "us-west-2".to_owned());
        apply(&file, &mut cli, &env);
        assert_eq!(cli.source.profile.as_deref(), Some("flag"), "the flag wins");
        assert_eq!(cli.source.region, None, "AWS_REGION wins over the file (the SDK reads it)");
        assert_eq!(cli.color, Some(ColorChoice::Always));
        assert!(cli.read_only, "no flag loosens it");
    }
}
