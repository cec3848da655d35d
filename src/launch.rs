//! From command line to running app: pick the backend, check the organization before the terminal is
//! touched (so a credentials problem is a plain message on a normal terminal), then run the UI or the
//! snapshot command.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use crate::api::aws::AwsOrg;
use crate::api::budget::Budget;
use crate::api::memory::MemoryOrg;
use crate::api::readonly::ReadOnly;
use crate::api::{ApiError, OrgApi};
use crate::app::{Model, Source};
use crate::cache::{self, CacheKey};
use crate::cli::{Cli, Command, SourceArgs};
use crate::org::time_fmt::short_utc;
use crate::run::{Exit, run};
use crate::snapshot::Snapshot;
use crate::snapshot::crawl::{Progress, crawl};
use crate::snapshot::write::write_atomic;

/// The demo answers after a short pause so it shows lazy loading as it feels against AWS.
const DEMO_LATENCY: Duration = Duration::from_millis(80);

pub async fn main(mut cli: Cli) -> anyhow::Result<ExitCode> {
    // `check --region` names the request's region, not where to reach Organizations from.
    if let Some(Command::Check { region, .. }) = &mut cli.command {
        *region = cli.source.region.take().unwrap_or_default();
    }
    // What needs no organization at all comes first.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            crate::snapshot::write::write_stdout_bytes(&crate::cli::completions(*shell))?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            crate::snapshot::write::write_stdout_bytes(&crate::cli::man_page()?)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Config { actions }) => {
            let text = if *actions {
                crate::keymap::actions().iter().map(|(name, does)| format!("{name:<22} {does}\n")).collect()
            } else {
                crate::config::DEFAULTS.to_owned()
            };
            crate::snapshot::write::write_stdout_bytes(text.as_bytes())?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(command @ Command::Validate { .. }) => return crate::script::run_validate(command),
        Some(Command::Diff { old, new, json, quick }) => return diff(&cli.source, old, new, *json, *quick).await,
        _ => {}
    }
    if cli.compare.is_some() && cli.command.is_some() {
        return Err(crate::script::UsageError(
            "--compare marks the changes in the UI; for a subcommand's output use `orgtui diff OLD NEW`".to_owned(),
        )
        .into());
    }
    // A snapshot file or the demo is the whole organization already: no backend, no crawl.
    if let Some(command) = cli.command.as_ref().filter(|c| crate::script::is_script(c))
        && let Some(snapshot) = whole_organization(&cli.source)?
    {
        return crate::script::run(command, &snapshot, ascii_output());
    }
    let (api, source, budget) = open_backend(&cli.source).await?;
    // A snapshot is a record of the organization: browsing it changes nothing unless asked to.
    if cli.source.snapshot.is_some() && !cli.source.edit_in_memory {
        cli.read_only = true;
    }
    let api = if cli.read_only { ReadOnly::wrap(api) } else { api };
    let profile = profile_name(&cli.source);
    let cache = if cli.command.is_none() && !cli.no_cache { cache_file(&source) } else { None };
    let cached = cache.as_ref().and_then(|(key, path)| cache::read(path, key));
    // With a cache the UI opens at once from it, and the organization is asked for in the background
    // (and checked against the cache's); without one, a credentials problem is a plain message here,
    // before the terminal is touched.
    let org = match &cached {
        Some(cached) => Some(cached.organization.clone()),
        None => match api.describe_organization().await {
            Ok(org) => Some(org),
            // An account outside any organization can still read and answer the invitations it
            // received: the UI opens on its inbox. A snapshot needs an organization.
            Err(ApiError::NotInOrganization) if cli.command.is_none() => None,
            Err(e) => return Err(startup_error(&e, profile.as_deref())),
        },
    };
    match cli.command {
        Some(
            Command::Completions { .. }
            | Command::Man
            | Command::Config { .. }
            | Command::Validate { .. }
            | Command::Diff { .. },
        ) => Ok(ExitCode::SUCCESS),
        Some(Command::Snapshot { output, quick }) => {
            let org = org.ok_or_else(|| startup_error(&ApiError::NotInOrganization, profile.as_deref()))?;
            take_snapshot(api, org, output, quick, budget.as_deref()).await?;
            Ok(ExitCode::SUCCESS)
        }
        Some(command) if crate::script::is_script(&command) => {
            // The live organization, crawled as a snapshot is (in full only when tags are needed).
            let org = org.ok_or_else(|| startup_error(&ApiError::NotInOrganization, profile.as_deref()))?;
            let full = crate::script::needs_tags(&command);
            let snapshot = crawl_reporting(api, org, full, budget.as_deref()).await?;
            crate::script::run(&command, &snapshot, ascii_output())
        }
        Some(_) => Ok(ExitCode::SUCCESS),
        None => {
            if let Some(why) = no_terminal() {
                eprintln!(
                    "orgtui needs an interactive terminal ({why}); `orgtui snapshot`, `tree` and `export` work without one"
                );
                return Ok(ExitCode::from(crate::script::exit::ERROR));
            }
            let drift = match &cli.compare {
                Some(path) => Some(compare_with(path, &cli.source, &api, org.as_ref(), budget.as_deref()).await?),
                None => None,
            };
            let mut model = Model::new(org, source, cli.read_only);
            model.drift = drift;
            let env = |k: &str| std::env::var(k).ok();
            model.mouse = cli.mouse;
            let color = cli.color.unwrap_or_default();
            model.display = crate::terminal::caps::Display::detect(&env, color, cli.ascii);
            // crossterm leaves colour out under NO_COLOR by itself: --color always means colour.
            if color == crate::terminal::caps::ColorChoice::Always {
                crossterm::style::force_color_output(true);
            }
            let startup = cached.map(|c| crate::app::cache::restore(&mut model, c)).unwrap_or_default();
            let (exit, model) = run(api, model, budget.map(|b| b.subscribe()), startup).await?;
            if let Some((key, path)) = cache {
                keep(&model, key, &path);
            }
            Ok(match exit {
                Exit::Quit => ExitCode::SUCCESS,
                Exit::Signal(n) => ExitCode::from(128 + u8::try_from(n).unwrap_or(0)),
            })
        }
    }
}

/// Why the UI cannot run here: no terminal on standard input or output, or one that says it can do
/// nothing (`TERM=dumb`).
fn no_terminal() -> Option<&'static str> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        Some("standard input is not a terminal")
    } else if !std::io::stdout().is_terminal() {
        Some("standard output is not a terminal")
    } else if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        Some("TERM=dumb")
    } else {
        None
    }
}

/// The cache file of an AWS source (the demo and snapshots need none).
fn cache_file(source: &Source) -> Option<(CacheKey, PathBuf)> {
    let Source::Aws { profile, region, endpoint } = source else { return None };
    let key = CacheKey { profile: profile.clone(), region: region.clone(), endpoint: endpoint.clone() };
    let path = cache::path(&key)?;
    Some((key, path))
}

/// Writes what the model holds to the cache; a failure is logged, never in the user's way.
fn keep(model: &Model, key: CacheKey, path: &Path) {
    let Some(cached) = crate::app::cache::capture(model, key, time::OffsetDateTime::now_utc()) else { return };
    match cache::write(path, &cached) {
        Ok(()) => tracing::info!(path = %path.display(), "cache written"),
        Err(e) => tracing::warn!(path = %path.display(), error = %e, "cache not written"),
    }
}

fn profile_name(args: &SourceArgs) -> Option<String> {
    args.profile.clone().or_else(|| std::env::var("AWS_PROFILE").ok())
}

/// The backend, what the status bar calls it, and (against AWS) the request budget every call
/// goes through.
type Backend = (Arc<dyn OrgApi>, Source, Option<Arc<Budget>>);

async fn open_backend(args: &SourceArgs) -> anyhow::Result<Backend> {
    if args.demo || args.demo_as.is_some() {
        let org = MemoryOrg::demo()?.with_latency(DEMO_LATENCY);
        return Ok(match &args.demo_as {
            Some(caller) => (Arc::new(org.with_caller(caller.clone())), Source::DemoAs(caller.to_string()), None),
            None => (Arc::new(org), Source::Demo, None),
        });
    }
    if let Some(path) = &args.snapshot {
        let snapshot = Snapshot::read(path)?;
        let source = Source::Snapshot { path: path.display().to_string(), taken_at: short_utc(snapshot.taken_at) };
        return Ok((Arc::new(MemoryOrg::new(snapshot)), source, None));
    }
    if let Some(profile) = &profile_name(args) {
        crate::api::profiles::check_profile(profile).map_err(|e| anyhow::anyhow!(e))?;
    }
    let conf = crate::api::aws::load_config(&args.connect_options()).await;
    let source = Source::Aws {
        profile: profile_name(args),
        region: conf.region().map(|r| r.to_string()).unwrap_or_default(),
        endpoint: args.endpoint_url.clone(),
    };
    let budget = Budget::new();
    Ok((Arc::new(AwsOrg::with_budget(&conf, budget.clone())), source, Some(budget)))
}

fn startup_error(e: &ApiError, profile: Option<&str>) -> anyhow::Error {
    let mut text = format!("cannot open the organization: {e}");
    if let Some(fix) = e.fix(profile) {
        text.push_str(&format!("\n  fix: {fix}"));
    }
    anyhow::anyhow!(text)
}

async fn take_snapshot(
    api: Arc<dyn OrgApi>,
    org: crate::org::Organization,
    output: Option<PathBuf>,
    quick: bool,
    budget: Option<&Budget>,
) -> anyhow::Result<()> {
    let path = output.unwrap_or_else(|| {
        let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
        PathBuf::from(format!("orgtui-snapshot-{}-{stamp}.json", org.id))
    });
    let snapshot = crawl_reporting(api, org, !quick, budget).await?;
    let json = snapshot.to_json().context("encoding the snapshot")?;
    if path == Path::new("-") {
        crate::snapshot::write::write_stdout(&json)?;
    } else {
        write_atomic(&path, &json).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "snapshot of {}: {} OUs, {} accounts, {} policies, {} handshakes → {}",
        snapshot.organization.id,
        snapshot.organizational_units.len(),
        snapshot.accounts.len(),
        snapshot.policies.len(),
        snapshot.handshakes.len(),
        if path == Path::new("-") { "standard output".to_owned() } else { path.display().to_string() }
    );
    Ok(())
}

/// Crawls the whole organization, saying how far it has got on standard error: a line that updates
/// in place on a terminal, a line every few seconds in a log.
async fn crawl_reporting(
    api: Arc<dyn OrgApi>,
    org: crate::org::Organization,
    full: bool,
    budget: Option<&Budget>,
) -> anyhow::Result<Snapshot> {
    let live = std::io::stderr().is_terminal();
    let mut last_line = std::time::Instant::now();
    let mut was_throttled = false;
    let snapshot = crawl(api, org, full, |p: &Progress| {
        let throttle = budget.and_then(|b| b.status().describe());
        let text = progress_text(p, throttle.as_deref());
        // On a terminal the line updates in place; in a log, a line every few seconds is enough,
        // and one at once when AWS starts throttling (so a slow run explains itself).
        if live {
            eprint!("\r{text}   \x1b[K");
        } else if last_line.elapsed() > Duration::from_secs(5) || (throttle.is_some() && !was_throttled) {
            eprintln!("{text}");
            last_line = std::time::Instant::now();
        }
        was_throttled = throttle.is_some();
    })
    .await
    .map_err(|e| anyhow::anyhow!("reading the organization failed: {e}"))?;
    if live {
        eprint!("\r\x1b[K");
    }
    Ok(snapshot)
}

/// `orgtui diff OLD NEW`: each side read (a file, standard input, or the live organization), then
/// compared.
async fn diff(source: &SourceArgs, old: &str, new: &str, json: bool, quick: bool) -> anyhow::Result<ExitCode> {
    for (twice, why) in [("live", "both sides are live"), ("-", "both sides are standard input")] {
        if old == twice && new == twice {
            return Err(crate::script::UsageError(format!("diff: {why}; name a snapshot file for one of them")).into());
        }
    }
    let a = diff_side(source, old, quick).await?;
    let b = diff_side(source, new, quick).await?;
    crate::script::run_diff((old, &a), (new, &b), json, ascii_output())
}

/// One side of a diff: `live`, `-` (standard input) or a snapshot file.
async fn diff_side(source: &SourceArgs, name: &str, quick: bool) -> anyhow::Result<Snapshot> {
    match name {
        "live" => live_organization(source, !quick).await,
        "-" => {
            use std::io::Read;
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).context("reading standard input")?;
            Ok(Snapshot::parse(&text, "<stdin>")?)
        }
        path => Ok(Snapshot::read(Path::new(path))?),
    }
}

/// The organization the connection options name, whole: the demo or a snapshot file as it is, the
/// live one crawled (read-only: comparing changes nothing).
async fn live_organization(source: &SourceArgs, full: bool) -> anyhow::Result<Snapshot> {
    if let Some(snapshot) = whole_organization(source)? {
        return Ok(snapshot);
    }
    let (api, _, budget) = open_backend(source).await?;
    let api = ReadOnly::wrap(api);
    let org = api.describe_organization().await.map_err(|e| startup_error(&e, profile_name(source).as_deref()))?;
    crawl_reporting(api, org, full, budget.as_deref()).await
}

/// `--compare OLD`: the drift from that file to the organization being browsed, read whole before
/// the UI opens (a snapshot or the demo as it is; the live one crawled quickly, so its tags are not
/// compared).
async fn compare_with(
    path: &Path,
    source: &SourceArgs,
    api: &Arc<dyn OrgApi>,
    org: Option<&crate::org::Organization>,
    budget: Option<&Budget>,
) -> anyhow::Result<Arc<crate::drift::marks::Marks>> {
    let old = Snapshot::read(path)?;
    let new = match whole_organization(source)? {
        Some(snapshot) => snapshot,
        None => {
            let org = org.cloned().ok_or_else(|| anyhow::anyhow!("--compare needs an organization to compare with"))?;
            crawl_reporting(api.clone(), org, false, budget).await?
        }
    };
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    Ok(Arc::new(crate::drift::marks::Marks::new(name, &old, &new)))
}

/// A snapshot file's or the demo's organization, whole; None for the live one.
fn whole_organization(args: &SourceArgs) -> anyhow::Result<Option<Snapshot>> {
    if args.demo || args.demo_as.is_some() {
        return Ok(Some(MemoryOrg::demo_snapshot()?));
    }
    match &args.snapshot {
        Some(path) => Ok(Some(Snapshot::read(path)?)),
        None => Ok(None),
    }
}

/// ASCII tree lines outside a UTF-8 locale, as the UI draws.
fn ascii_output() -> bool {
    !crate::terminal::caps::utf8_locale(&|k| std::env::var(k).ok())
}

fn progress_text(p: &Progress, throttle: Option<&str>) -> String {
    let mut text = format!(
        "crawling: {} OUs, {} accounts, {} policies ({} requests, {} batches pending)",
        p.ous, p.accounts, p.policies, p.calls, p.pending
    );
    if let Some(throttle) = throttle {
        text.push_str(&format!(" · {throttle}"));
    }
    text
}

/// Logs go to a file (never to the terminal the UI draws on). Only orgtui's own events are recorded at
/// the chosen level; the SDK and HTTP crates are held at warnings so request details (and with them
/// anything secret) never reach the log.
pub fn init_logging() -> Option<PathBuf> {
    use tracing_subscriber::EnvFilter;
    let dir = dirs::state_dir().or_else(dirs::cache_dir)?.join("orgtui");
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("orgtui.log");
    let file = std::fs::OpenOptions::new().create(true).append(true).open(&path).ok()?;
    let level = std::env::var("ORGTUI_LOG")
        .ok()
        .filter(|l| matches!(l.as_str(), "error" | "warn" | "info" | "debug" | "trace"));
    let filter = EnvFilter::new(format!("warn,orgtui={}", level.as_deref().unwrap_or("info")));
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(path)
}
