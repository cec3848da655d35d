//! Command-line interface.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::api::aws::ConnectOptions;
use crate::org::AccountId;

fn parse_account(text: &str) -> Result<AccountId, String> {
    AccountId::parse(text).map_err(|e| e.to_string())
}

const EXAMPLES: &str = "\
Examples:
  orgtui --demo                          browse the embedded demo organization (no AWS needed)
  orgtui --demo-as 444455556666          the demo as an account invited to join it: answer its invitations
  orgtui --profile mgmt                  browse with the credentials of profile \"mgmt\" (SSO works)
  orgtui --profile mgmt --read-only      browse, with every change refused
  orgtui snapshot --profile mgmt -o org.json
                                         write the whole organization to org.json
  orgtui --snapshot org.json             browse that file offline
  orgtui tree --profile mgmt             print the organization as an indented tree
  orgtui export --format csv > accounts.csv
                                         every account with its OU path, for a spreadsheet
  orgtui export chart --format mermaid   an org chart for a wiki
  orgtui check web-prod ec2:RunInstances --region ap-southeast-2
                                         exit 0 allowed, 1 denied, 2 depends
  orgtui validate --format github scps/*.json
                                         lint policies in CI (exit 1 on an error)
  orgtui diff monday.json live --profile mgmt
                                         what changed since Monday's snapshot (exit 1 if anything)
  orgtui --snapshot today.json --compare monday.json
                                         browse with the changes marked in the tree

Exit codes: 0 success, 64 usage error, 3 any other error.
  orgtui --endpoint-url http://127.0.0.1:5000
                                         talk to a local emulator (moto, LocalStack)";

#[derive(Debug, Parser)]
#[command(name = "orgtui", version, about = "Explore and manage an AWS Organization in the terminal", after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub source: SourceArgs,

    /// Refuse every change: mutating keys are removed and the API layer rejects writes.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Neither open from nor write the cache of what was loaded (~/.cache/orgtui/).
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Colour: from the terminal (COLORTERM, TERM, NO_COLOR), always (even under NO_COLOR), or never
    /// [default: auto, or the config file's].
    #[arg(long, global = true, value_enum)]
    pub color: Option<crate::terminal::caps::ColorChoice>,

    /// ASCII instead of box drawing and symbols (the default outside a UTF-8 locale).
    #[arg(long, global = true)]
    pub ascii: bool,

    /// Use the mouse: the wheel scrolls the pane under it, a click selects a row, focuses a pane or
    /// presses a footer hint. Off by default, so the terminal's text selection keeps working.
    #[arg(long, global = true)]
    pub mouse: bool,

    /// Mark what changed since this older snapshot file in the tree (added, moved, changed, and
    /// removed ones dimmed in place); the details say what changed, `/` then `drift:` lists them.
    #[arg(long, value_name = "OLD_SNAPSHOT")]
    pub compare: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// AWS profile to use (default: AWS_PROFILE, then "default").
    #[arg(long, global = true)]
    pub profile: Option<String>,

    /// AWS region (Organizations is global; the default is fine for most).
    #[arg(long, global = true)]
    pub region: Option<String>,

    /// Send requests to this endpoint instead of AWS (moto, LocalStack).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Use the embedded demo organization: no credentials, no network.
    #[arg(long, global = true, conflicts_with = "snapshot")]
    pub demo: bool,

    /// The demo organization as another account sees it: a member (no tree, its inbox), or 444455556666,
    /// which has two invitations waiting.
    #[arg(long, global = true, value_name = "ACCOUNT_ID", conflicts_with = "snapshot", value_parser = parse_account)]
    pub demo_as: Option<AccountId>,

    /// Browse a snapshot file written by `orgtui snapshot`, offline (read-only).
    #[arg(long, global = true, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,

    /// With --snapshot: allow changes, made in memory only (the file is never written).
    #[arg(long, global = true, requires = "snapshot")]
    pub edit_in_memory: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a shell completion script: `orgtui completions bash > ~/.local/share/bash-completion/completions/orgtui`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `orgtui man > ~/.local/share/man/man1/orgtui.1`.
    Man,
    /// Print the config file with every setting at its default (or, with --actions, the names keys
    /// can be given for).
    Config {
        #[arg(long)]
        actions: bool,
    },
    /// Write the whole organization to a JSON snapshot file.
    Snapshot {
        /// Where to write; "-" writes to standard output.
        /// Default: orgtui-snapshot-<organization id>-<time>.json in the current directory.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only the structure: roots, OUs, accounts, policies and their targets. Leaves out the tags
        /// and effective policies (a call per OU or account each) and the handshakes: much faster
        /// on a large organization. Browsing the file says what is missing where it would show.
        #[arg(long)]
        quick: bool,
    },
    /// Print the organization as an indented tree (exit 0; errors 3, usage 64).
    Tree {
        /// Levels below the root to show (1: the top OUs and the accounts directly under the root).
        #[arg(long, value_name = "N")]
        depth: Option<usize>,
        /// Show the accounts (the default).
        #[arg(long, overrides_with = "no_accounts")]
        accounts: bool,
        /// OUs only.
        #[arg(long)]
        no_accounts: bool,
        /// Show the policies attached at each root, OU and account.
        #[arg(long)]
        policies: bool,
        /// The nested structure as JSON (with a "format" number) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Export the accounts (with their OU path), OUs or policies as CSV or JSON, or an org chart as
    /// Mermaid or DOT (exit 0; errors 3, usage 64).
    Export {
        /// What to export [default: accounts for csv and json, chart for mermaid and dot].
        #[arg(value_enum)]
        what: Option<ExportWhat>,
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Tag keys to add as columns (`tag:Key`), comma-separated; reads every account's tags.
        #[arg(long, value_name = "KEY", value_delimiter = ',')]
        tags: Vec<String>,
        /// In a chart: the accounts too.
        #[arg(long)]
        accounts: bool,
        /// In a chart: the SCPs attached at each box.
        #[arg(long)]
        policies: bool,
    },
    /// Check policy files as the editor does, for CI: problems as FILE:LINE:COL: error|warning:
    /// message. Exit 1 on any error (or warning, with --strict), 0 otherwise; errors 3, usage 64.
    Validate {
        /// Policy files; "-" reads standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The policy type: scp, rcp, tag, backup, ai, chatbot, declarative, … [default: guessed
        /// from each file's content, and said on standard error].
        #[arg(long = "type", value_name = "TYPE")]
        policy_type: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: ValidateFormat,
        /// Warnings fail too.
        #[arg(long)]
        strict: bool,
    },
    /// What changed between two records of the organization: accounts added, removed, moved,
    /// renamed; OUs; policies edited (with a text diff) and attached; tags; policy types; governance
    /// (exit 0 equal, 1 different; errors 3, usage 64).
    Diff {
        /// The older side: a snapshot file, `-` for standard input, or `live` (the organization the
        /// connection options name, or --demo).
        old: String,
        /// The newer side, as OLD.
        new: String,
        /// The changes as JSON (with a "format" number).
        #[arg(long)]
        json: bool,
        /// Read a live side quickly (its structure only): its tags are then not compared.
        #[arg(long)]
        quick: bool,
    },
    /// May this account (or an account in this OU) call ACTION, as far as the SCPs and RCPs along its
    /// path go? Exit 0 allowed, 1 denied, 2 depends (on a condition or a principal); errors 3, usage 64.
    /// Here --region is the request's region (aws:RequestedRegion): Organizations itself is reached
    /// through the profile's or the environment's region.
    Check {
        /// An account id or name, or an OU id.
        target: String,
        /// The action, `service:Action` (wildcards allowed: `s3:Put*`).
        action: String,
        /// The resource's ARN (default: any).
        #[arg(long, value_name = "ARN", default_value = "")]
        resource: String,
        /// The request's region: `--region`, taken from the connection's options (see above).
        #[arg(skip)]
        region: String,
        /// The request's context: key=value, key=v1,v2, or !key for a key absent; repeatable.
        #[arg(long, value_name = "KEY=VALUE")]
        context: Vec<String>,
        /// The answer as JSON (with a "format" number).
        #[arg(long)]
        json: bool,
    },
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportWhat {
    Accounts,
    Ous,
    Policies,
    /// An org chart (Mermaid or DOT).
    Chart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Mermaid,
    Dot,
}

/// How `validate` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ValidateFormat {
    /// `FILE:LINE:COL: error: message`.
    #[default]
    Text,
    /// GitHub Actions annotations (`::error file=…,line=…::…`).
    Github,
    Json,
}

impl ExportWhat {
    pub fn name(self) -> &'static str {
        match self {
            Self::Accounts => "accounts",
            Self::Ous => "ous",
            Self::Policies => "policies",
            Self::Chart => "chart",
        }
    }
}

impl ExportFormat {
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Mermaid => "mermaid",
            Self::Dot => "dot",
        }
    }
}

impl SourceArgs {
    pub fn connect_options(&self) -> ConnectOptions {
        ConnectOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
        }
    }
}

/// The completion script for `shell`, generated from the command line's own definition.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "orgtui", &mut out);
    out
}

/// The manual page, in roff.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(out)
}
