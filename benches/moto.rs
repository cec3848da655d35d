//! Benchmarks against a real moto server (installed and started as the tests do):
//!
//! - `orgtui snapshot --quick` against an organization of 500 accounts and 60 OUs, compared in the
//!   same run with `benches/scripts/walk_org.py` (boto3, depth first, paginators): wall times
//!   (medians of alternating runs) and the sets of OUs and accounts each found; then the full
//!   snapshot against the script walking with `--tags` (the same calls), for information;
//! - search over an organization of 10,000 accounts: the background index built through the real
//!   SDK, then accounts found by fragments of their name, id and email, and jumped to in the tree.
//!
//! `cargo bench --bench moto` (both), `cargo bench --bench moto -- snapshot` or `-- search`.

#[allow(dead_code)]
#[path = "../tests/support/moto.rs"]
mod moto;
// Running the app without a terminal and pressing keys, as the tests do.
#[allow(dead_code)]
#[path = "../tests/support/drive.rs"]
mod drive;
#[allow(dead_code)]
#[path = "../tests/support/view.rs"]
mod view;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use drive::settle;
use orgtui::app::update::update;
use orgtui::org::tree::NodeKind;

/// moto's own virtualenv: it has boto3 (moto depends on it).
fn python() -> std::path::PathBuf {
    moto::venv_dir().join("bin").join("python")
}

fn script(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/scripts").join(name)
}

fn generate(url: &str, accounts: usize, ous: usize) -> Duration {
    let start = Instant::now();
    let out = Command::new(python())
        .arg(script("generate_org.py"))
        .args([url, "--accounts", &accounts.to_string(), "--ous", &ous.to_string()])
        .output()
        .expect("run generate_org.py");
    assert!(out.status.success(), "generate_org.py: {}", String::from_utf8_lossy(&out.stderr));
    start.elapsed()
}

/// Runs a command, returning its wall time and standard output.
fn timed(cmd: &mut Command) -> (Duration, String) {
    let start = Instant::now();
    let out = cmd.output().expect("run the command");
    let took = start.elapsed();
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    (took, String::from_utf8_lossy(&out.stdout).into_owned())
}

fn orgtui_snapshot(url: &str, file: &Path, quick: bool) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orgtui"));
    cmd.args(["snapshot", "--endpoint-url", url, "-o"]).arg(file);
    if quick {
        cmd.arg("--quick");
    }
    cmd.env("AWS_ACCESS_KEY_ID", "testing").env("AWS_SECRET_ACCESS_KEY", "testing").env("AWS_REGION", "us-east-1");
    cmd.env_remove("AWS_PROFILE");
    cmd
}

fn walker(url: &str, tags: bool) -> Command {
    let mut cmd = Command::new(python());
    cmd.arg(script("walk_org.py")).arg(url);
    if tags {
        cmd.arg("--tags");
    }
    cmd
}

fn ids(value: &serde_json::Value, key: &str, field: Option<&str>) -> BTreeSet<String> {
    value[key]
        .as_array()
        .map(|items| {
            items.iter().filter_map(|i| field.map_or(i.as_str(), |f| i[f].as_str())).map(str::to_owned).collect()
        })
        .unwrap_or_default()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

async fn snapshot_vs_boto3() {
    let server = moto::moto().await;
    let took = generate(&server.url, 500, 60);
    println!("generated 500 accounts and 60 OUs in moto in {}", secs(took));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("snapshot.json");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut walked = String::new();
    for _ in 0..7 {
        ours.push(timed(&mut orgtui_snapshot(&server.url, &file, true)).0);
        let (t, out) = timed(&mut walker(&server.url, false));
        theirs.push(t);
        walked = out;
    }
    let snapshot: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read the snapshot")).expect("snapshot JSON");
    let walked: serde_json::Value = serde_json::from_str(&walked).expect("walker JSON");
    let same_ous = ids(&snapshot, "organizational_units", Some("id")) == ids(&walked, "ous", None);
    let same_accounts = ids(&snapshot, "accounts", Some("id")) == ids(&walked, "accounts", None);
    let (ours, theirs) = (median(ours), median(theirs));
    let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
    println!(
        "orgtui snapshot --quick {} · walk_org.py {} · ratio {ratio:.2} (target ≤ 0.50: {}) · same OUs: {same_ous} · same accounts: {same_accounts} ({} OUs, {} accounts)",
        secs(ours),
        secs(theirs),
        if ratio <= 0.5 { "met" } else { "MISSED" },
        ids(&walked, "ous", None).len(),
        ids(&walked, "accounts", None).len(),
    );
    let (full, _) = timed(&mut orgtui_snapshot(&server.url, &file, false));
    let (tags, _) = timed(&mut walker(&server.url, true));
    println!(
        "with tags and policies: orgtui snapshot {} · walk_org.py --tags {} · ratio {:.2}",
        secs(full),
        secs(tags),
        full.as_secs_f64() / tags.as_secs_f64()
    );
}

async fn search_10k() {
    let server = moto::moto().await;
    let took = generate(&server.url, 10_000, 1_000);
    println!("generated 10,000 accounts and 1,000 OUs in moto in {}", secs(took));
    let (_, api) = moto::clients(&server.url).await;
    let start = Instant::now();
    let mut model = view::model_for(&api, 200, 60, true).await;
    let counts = model.search.counts();
    println!(
        "index built one request at a time through the SDK: {} accounts, {} OUs, {} policies, {} ({})",
        counts.accounts,
        counts.ous,
        counts.policies,
        secs(start.elapsed()),
        model.search.incomplete().unwrap_or_else(|| "complete".to_owned())
    );
    let accounts = orgtui::api::list_accounts(&api).await.expect("ListAccounts");
    let (mut found, mut tried) = (0, 0);
    let mut slowest = Duration::ZERO;
    for (i, account) in accounts.iter().enumerate().filter(|(i, _)| i % 499 == 7) {
        let fragments = [account.name.clone(), account.id.as_str()[3..].to_owned(), account.email[..14].to_owned()];
        let fragment = &fragments[i % 3];
        tried += 1;
        let effects = update(&mut model, view::key('/'));
        settle(&mut model, &api, effects).await;
        for c in fragment.chars() {
            let effects = update(&mut model, view::key(c));
            settle(&mut model, &api, effects).await;
        }
        let jump = Instant::now();
        let effects = update(&mut model, view::code(KeyCode::Enter));
        settle(&mut model, &api, effects).await;
        slowest = slowest.max(jump.elapsed());
        if matches!(model.selected_kind(), Some(NodeKind::Account(a)) if a.id == account.id) {
            found += 1;
        } else {
            println!("  {fragment:?} did not lead to {} ({})", account.name, account.id);
        }
    }
    println!(
        "search and jump: {found} of {tried} accounts found by a fragment of name, id or email and selected in the tree (slowest jump, ListParents and opening the path: {})",
        secs(slowest)
    );
}

fn main() {
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wants = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    if wants("snapshot") {
        runtime.block_on(snapshot_vs_boto3());
    }
    if wants("search") {
        runtime.block_on(search_10k());
    }
}
