//! The scriptable face: subcommands for pipelines and audits that read the whole organization (live,
//! a snapshot file or the demo), print their answer to standard output and diagnostics to standard
//! error, never touch the terminal's modes, and exit with one scheme of codes (`exit`).

pub mod chart;
pub mod check;
pub mod diff;
pub mod export;
pub mod outline;
pub mod validate;
pub use crate::snapshot::view;

use std::process::ExitCode;

use crate::cli::{Command, ExportFormat, ExportWhat};
use crate::snapshot::Snapshot;
use view::OrgView;

/// Exit codes, the same for every subcommand: 0, 1 and 2 mean what each subcommand says; a usage
/// error is 64 (EX_USAGE; clap's own 2 would collide with "depends"), any other error 3.
pub mod exit {
    pub const USAGE: u8 = 64;
    pub const ERROR: u8 = 3;
}

/// An option that does not fit another, found after parsing: exits 64 like clap's own errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Whether `command` is one of these subcommands.
pub fn is_script(command: &Command) -> bool {
    matches!(command, Command::Tree { .. } | Command::Export { .. } | Command::Check { .. })
}

/// Whether it needs the tags (a live organization is then crawled in full, not quickly).
pub fn needs_tags(command: &Command) -> bool {
    matches!(command, Command::Export { tags, .. } if !tags.is_empty())
}

fn json_text(value: &serde_json::Value) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// What `command` prints for the organization `snapshot` holds.
pub fn output(command: &Command, snapshot: &Snapshot, ascii: bool) -> anyhow::Result<String> {
    let view = OrgView::new(snapshot);
    match command {
        Command::Tree { depth, no_accounts, policies, json, .. } => {
            let o = outline::Options { depth: *depth, accounts: !no_accounts, policies: *policies, ascii };
            if *json { json_text(&outline::json(&view, &o)) } else { Ok(outline::text(&view, &o)) }
        }
        Command::Export { what, format, tags, accounts, policies } => {
            if !tags.is_empty() && snapshot.omitted.iter().any(|o| o == crate::snapshot::crawl::OMITTED_TAGS) {
                return Err(UsageError(
                    "--tags: this snapshot was taken with --quick and holds no tags; take a full one".to_owned(),
                )
                .into());
            }
            let chart = chart::Options { accounts: *accounts, policies: *policies };
            // Nothing named: the accounts as a table, the chart as a picture.
            let what = what.unwrap_or(match format {
                ExportFormat::Mermaid | ExportFormat::Dot => ExportWhat::Chart,
                _ => ExportWhat::Accounts,
            });
            match (what, format) {
                (ExportWhat::Accounts, ExportFormat::Csv) => export::accounts_csv(&view, tags),
                (ExportWhat::Accounts, ExportFormat::Json) => json_text(&export::accounts_json(&view)),
                (ExportWhat::Ous, ExportFormat::Csv) => export::ous_csv(&view, tags),
                (ExportWhat::Ous, ExportFormat::Json) => json_text(&export::ous_json(&view)),
                (ExportWhat::Policies, ExportFormat::Csv) => export::policies_csv(&view),
                (ExportWhat::Policies, ExportFormat::Json) => json_text(&export::policies_json(&view)),
                (ExportWhat::Chart, ExportFormat::Mermaid) => Ok(chart::mermaid(&view, &chart)),
                (ExportWhat::Chart, ExportFormat::Dot) => Ok(chart::dot(&view, &chart)),
                (ExportWhat::Chart, f) => {
                    Err(UsageError(format!("export chart takes --format mermaid or dot, not {}", f.name())).into())
                }
                (w, f) => {
                    Err(UsageError(format!("export {} takes --format csv or json, not {}", w.name(), f.name())).into())
                }
            }
        }
        _ => Err(anyhow::anyhow!("not a scripting subcommand")),
    }
}

/// `validate`: needs no organization, only the files.
pub fn run_validate(command: &Command) -> anyhow::Result<ExitCode> {
    use crate::cli::ValidateFormat;
    use std::io::Read;
    let Command::Validate { files, policy_type, format, strict } = command else {
        return Err(anyhow::anyhow!("not validate"));
    };
    let given = policy_type.as_deref().map(validate::parse_type).transpose()?;
    let mut all = Vec::new();
    for path in files {
        let (name, text) = if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| anyhow::anyhow!("reading standard input: {e}"))?;
            ("<stdin>".to_owned(), text)
        } else {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            (name, text)
        };
        let checked = validate::check(&name, &text, given.as_ref());
        if let Some(note) = checked.guess_note() {
            eprintln!("{note}");
        }
        all.push(checked);
    }
    let out = match format {
        ValidateFormat::Text => all.iter().map(validate::text).collect::<String>(),
        ValidateFormat::Github => all.iter().map(validate::github).collect::<String>(),
        ValidateFormat::Json => json_text(&validate::json(&all))?,
    };
    crate::snapshot::write::write_stdout_bytes(out.as_bytes())?;
    Ok(ExitCode::from(validate::exit_code(&all, *strict)))
}

/// `diff`: the two sides, each with the name it was given, compared; exit 0 equal, 1 different.
pub fn run_diff(old: (&str, &Snapshot), new: (&str, &Snapshot), json: bool, ascii: bool) -> anyhow::Result<ExitCode> {
    let drift = crate::drift::compare(old.1, new.1);
    let (a, b) = (diff::Label { source: old.0, snapshot: old.1 }, diff::Label { source: new.0, snapshot: new.1 });
    let text = if json { json_text(&diff::json(&drift, &a, &b))? } else { diff::text(&drift, &a, &b, ascii) };
    crate::snapshot::write::write_stdout_bytes(text.as_bytes())?;
    Ok(ExitCode::from(diff::exit_code(&drift)))
}

/// Runs `command` on `snapshot`: its output on standard output, the exit code it means.
pub fn run(command: &Command, snapshot: &Snapshot, ascii: bool) -> anyhow::Result<ExitCode> {
    let (text, code) = match command {
        Command::Check { target, action, resource, region, context, json } => {
            let view = OrgView::new(snapshot);
            let ask = check::Ask {
                target: target.clone(),
                action: action.clone(),
                resource: resource.clone(),
                region: region.clone(),
                context: context.clone(),
            };
            let (question, target, answer) = check::answer(&view, &ask)?;
            let text = if *json {
                json_text(&check::json(&view, &question, &target, &answer))?
            } else {
                check::text(&view, &question, &target, &answer)
            };
            (text, check::exit_code(answer.verdict))
        }
        _ => (output(command, snapshot, ascii)?, 0),
    };
    crate::snapshot::write::write_stdout_bytes(text.as_bytes())?;
    Ok(ExitCode::from(code))
}
