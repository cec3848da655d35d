//! Scale benchmarks on a generated organization of 10,000 accounts and 1,000 OUs, every OU open in
//! the tree and the search index complete:
//!
//! - one frame of the tree at 200×60;
//! - one search keystroke;
//! - bytes written to the terminal when the cursor moves one row;
//! - peak memory (a child process that only loads the organization);
//! - CPU used while idle for 10 s (the real binary, in tmux, on the same organization);
//! - opening it from the cache: the file read, the model restored, the first frame drawn and a
//!   search answered, with no reply from AWS at all;
//! - the catalogue of AWS actions decoded (once, on first use) and an SCP validated against it;
//! - the what-if of detaching FullAWSAccess at the root: every one of the 10,000 accounts compared
//!   before and after, with the sentinel actions checked for each.
//!
//! `cargo bench --bench scale`. Numbers and targets are printed; BENCHMARKS.md records them.

use std::io::Write;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::Model;
use orgtui::app::update::update;
use orgtui::org::tree::NodeKind;
use orgtui::org::{AccountId, OuId, ParentId, TargetId};
use orgtui::snapshot::{AccountRecord, OuRecord, Snapshot};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;

const ACCOUNTS: usize = 10_000;
const TOP_OUS: usize = 10;
const OUS: usize = 1_000;
const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

/// The demo's organization, roots and policies, with 1,000 OUs (ten top-level OUs of 99 each) and
/// 10,000 accounts, ten in each OU.
fn large() -> Snapshot {
    let mut s = MemoryOrg::demo_snapshot().expect("the embedded demo parses");
    let root = s.roots[0].id.clone();
    let org = s.organization.id.clone();
    for p in &mut s.policies {
        p.target_ids = vec![TargetId::Root(root.clone())];
    }
    s.effective_policies.clear();
    s.handshakes.clear();
    s.organizational_units = (0..OUS)
        .map(|i| {
            let id = OuId::parse(&format!("ou-d3mo-{i:08x}")).expect("a valid OU id");
            let parent = if i < TOP_OUS {
                ParentId::Root(root.clone())
            } else {
                ParentId::Ou(OuId::parse(&format!("ou-d3mo-{:08x}", i % TOP_OUS)).expect("a valid OU id"))
            };
            OuRecord {
                arn: format!("arn:aws:organizations::111122223333:ou/{org}/{id}"),
                name: format!("team-{i:04}"),
                id,
                parent_id: parent,
                tags: Vec::new(),
            }
        })
        .collect();
    s.accounts = (0..ACCOUNTS)
        .map(|i| {
            let id = AccountId::parse(&format!("{:012}", 300_000_000_000u64 + i as u64 * 7919)).expect("12 digits");
            let parent = OuId::parse(&format!("ou-d3mo-{:08x}", i % OUS)).expect("a valid OU id");
            AccountRecord {
                arn: format!("arn:aws:organizations::111122223333:account/{org}/{id}"),
                name: format!("acct-{i:05}"),
                email: format!("aws+acct-{i:05}@bench.example.com"),
                state: "ACTIVE".into(),
                joined_method: Some("CREATED".into()),
                joined_timestamp: None,
                parent_id: ParentId::Ou(parent),
                tags: Vec::new(),
                id,
            }
        })
        .collect();
    s
}

// Running the app without a terminal and pressing keys, as the tests do.
#[allow(dead_code)]
#[path = "../tests/support/drive.rs"]
mod drive;
#[allow(dead_code)]
#[path = "../tests/support/view.rs"]
mod view;
use drive::settle;
use view::{code, key};

/// The large organization loaded: index complete, every OU expanded in the tree.
async fn loaded(api: &MemoryOrg) -> Model {
    let mut model = view::model_for(api, WIDTH, HEIGHT, false).await;
    let mut row = 0;
    while row < model.rows.len() {
        let id = model.rows[row].id;
        let closed_ou = model.tree.get(id).is_some_and(|n| matches!(n.kind, NodeKind::Ou(_)) && !n.expanded);
        if closed_ou {
            model.cursor = row;
            let effects = update(&mut model, key('l'));
            settle(&mut model, api, effects).await;
        }
        row += 1;
    }
    model
}

fn accounts_in_tree(model: &Model) -> usize {
    model.rows.iter().filter(|r| matches!(model.tree.get(r.id).map(|n| &n.kind), Some(NodeKind::Account(_)))).count()
}

fn stats(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    let median = samples[samples.len() / 2];
    let p99 = samples[(samples.len() * 99 / 100).min(samples.len() - 1)];
    (median, p99, samples[samples.len() - 1])
}

/// The first use decodes the embedded catalogue; later validations only look names up.
fn catalogue() {
    let start = Instant::now();
    let c = orgtui::policy::catalogue::get();
    let decode = start.elapsed();
    let actions: usize = c.services.iter().map(|s| s.actions.len()).sum();
    report(
        &format!("catalogue decoded on first use ({actions} actions)"),
        ms(decode),
        "< 100 ms",
        decode < Duration::from_millis(100),
    );
    let scp = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/policies/require-imdsv2.json"))
        .expect("an example SCP");
    let scp_type = orgtui::org::PolicyType::new(orgtui::org::PolicyType::SCP);
    let runs = 200;
    let start = Instant::now();
    for _ in 0..runs {
        assert!(orgtui::policy::validate::validate(&scp_type, &scp).is_empty());
    }
    let each = start.elapsed() / runs;
    report("an SCP validated with the catalogue", ms(each), "< 5 ms", each < Duration::from_millis(5));
}

/// The what-if of the most far-reaching change: every account of the large organization, before and after.
fn whatif() {
    use orgtui::policy::whatif::{Proposal, from_snapshot, preview, questions};
    let s = large();
    let proposal = Proposal::Detach {
        policy: orgtui::org::PolicyId::parse("p-FullAWSAccess").expect("a policy id"),
        target: TargetId::Root(s.roots[0].id.clone()),
    };
    let exposure = from_snapshot(&s, &proposal);
    let asked = questions(&[]);
    let start = Instant::now();
    let p = preview(&exposure, &proposal, &asked);
    let took = start.elapsed();
    assert_eq!(p.locked_out.len(), ACCOUNTS, "every account locked out");
    report(
        &format!("what-if over {ACCOUNTS} accounts, {} checks each side", asked.len()),
        ms(took),
        "< 2 s",
        took < Duration::from_secs(2),
    );
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn report(what: &str, value: String, target: &str, met: bool) {
    println!("{what:<52} {value:<44} target {target:<14} {}", if met { "met" } else { "MISSED" });
}

/// Moves the cursor to the middle of the tree, on an account followed by two more: the moves
/// measured go from account to account, as when reading down a list.
fn to_middle(model: &mut Model) {
    let is_account = |m: &Model, row: usize| {
        m.rows.get(row).and_then(|r| m.tree.get(r.id)).is_some_and(|n| matches!(n.kind, NodeKind::Account(_)))
    };
    model.cursor = model.rows.len() / 2;
    while !(0..3).all(|i| is_account(model, model.cursor + i)) {
        model.cursor += 1;
    }
    model.tree_offset = model.cursor.saturating_sub(usize::from(HEIGHT) / 2);
}

fn frame(model: &mut Model) {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
    to_middle(model);
    let mut samples = Vec::new();
    for i in 0..400 {
        // Each frame follows a cursor move, so the frame differs from the last one.
        let _ = update(model, code(if i % 2 == 0 { KeyCode::Down } else { KeyCode::Up }));
        let start = Instant::now();
        terminal.draw(|f| orgtui::ui::view(model, f)).expect("draw");
        samples.push(start.elapsed());
    }
    let (median, p99, max) = stats(samples);
    let value = format!("median {} · p99 {} · max {}", ms(median), ms(p99), ms(max));
    report("tree frame, 200×60, 10,000 accounts open", value, "≤ 1 ms", p99 <= Duration::from_millis(1));
}

fn keystrokes(model: &mut Model) {
    let mut samples = Vec::new();
    let mut worst_query = String::new();
    for query in ["acct-04217", "aws+acct-0999@bench", "300000", "team-0777", "FullAWS", "zzzz"] {
        let _ = update(model, key('/'));
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let start = Instant::now();
            let _ = update(model, key(c));
            let took = start.elapsed();
            if samples.iter().all(|s| *s < took) {
                worst_query = typed.clone();
            }
            samples.push(took);
        }
        let _ = update(model, code(KeyCode::Esc));
    }
    let entries = model.search.index.len();
    let (median, p99, max) = stats(samples);
    let value = format!("median {} · max {} ({worst_query:?})", ms(median), ms(max));
    let what = format!("search keystroke over {entries} entries");
    report(&what, value, "≤ 5 ms", p99 <= Duration::from_millis(5) && max <= Duration::from_millis(5));
}

/// Counts the bytes a backend writes (shared, so it can be read while the terminal owns it).
#[derive(Default, Clone)]
struct Counter(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Counter {
    fn get(&self) -> usize {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn bytes_per_move(model: &mut Model) {
    let options = ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)) };
    let counter = Counter::default();
    let mut terminal = Terminal::with_options(CrosstermBackend::new(counter.clone()), options).expect("terminal");
    to_middle(model);
    terminal.draw(|f| orgtui::ui::view(model, f)).expect("draw");
    let full = counter.get();
    let mut moves = Vec::new();
    for code in [KeyCode::Down, KeyCode::Down, KeyCode::Up] {
        let before = counter.get();
        let _ = update(model, view::code(code));
        terminal.draw(|f| orgtui::ui::view(model, f)).expect("draw");
        moves.push(counter.get() - before);
    }
    let worst = moves.iter().copied().max().unwrap_or(0);
    let value = format!("{moves:?} bytes (a full frame: {full})");
    report("bytes written per one-row cursor move", value, "few hundred", worst <= 600);
}

fn peak_rss_child() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let model = runtime.block_on(async {
        let api = MemoryOrg::new(large());
        let model = loaded(&api).await;
        // The app holds both the organization (the snapshot backend) and the model.
        std::hint::black_box(&api);
        model
    });
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status.lines().find(|l| l.starts_with("VmHWM")).unwrap_or("VmHWM: ? kB").to_owned();
    println!("{hwm} accounts={}", accounts_in_tree(&model));
}

fn peak_rss() {
    let exe = std::env::current_exe().expect("this benchmark's path");
    let out = std::process::Command::new(exe).arg("--rss-child").output().expect("run the child");
    let text = String::from_utf8_lossy(&out.stdout);
    let kb: u64 = text.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(u64::MAX);
    let value = format!("{:.1} MB ({})", kb as f64 / 1024.0, text.trim());
    report("peak RSS, 10,000 accounts loaded and indexed", value, "≤ 50 MB", kb <= 50 * 1024);
}

/// The real binary on the same organization (a snapshot file), in tmux, left alone for 10 s.
fn idle_cpu() {
    let has_tmux = std::process::Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
    if !has_tmux {
        println!("idle CPU: not measured (needs tmux)");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("large.json");
    std::fs::write(&file, large().to_json().expect("encode")).expect("write the snapshot");
    let socket = format!("orgtui-bench-{}", std::process::id());
    let tmux =
        |args: &[&str]| std::process::Command::new("tmux").args(["-L", &socket]).args(args).output().expect("tmux");
    let command = format!("exec {} --snapshot {}", env!("CARGO_BIN_EXE_orgtui"), file.display());
    tmux(&["new-session", "-d", "-x", "200", "-y", "60", &command]);
    // Time to start, list the roots and build the index of 10,000 accounts.
    std::thread::sleep(Duration::from_secs(5));
    let pid = String::from_utf8_lossy(&tmux(&["list-panes", "-F", "#{pane_pid}"]).stdout).trim().to_owned();
    let cpu = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // After the command name in parentheses: utime and stime are fields 14 and 15 (ticks).
        let rest = stat.rsplit_once(") ").map(|(_, r)| r).unwrap_or("");
        let fields: Vec<u64> = rest.split_whitespace().filter_map(|f| f.parse().ok()).collect();
        fields.get(11).zip(fields.get(12)).map(|(u, s)| u + s)
    };
    let before = cpu();
    std::thread::sleep(Duration::from_secs(10));
    let after = cpu();
    tmux(&["kill-server"]);
    match before.zip(after) {
        Some((b, a)) => {
            let ticks = a - b;
            let value = format!("{:.2} s CPU in 10 s ({ticks} ticks of 10 ms)", ticks as f64 / 100.0);
            report("CPU while idle for 10 s (10,000 accounts)", value, "≈ 0", ticks <= 2);
        }
        None => println!("idle CPU: could not read /proc/{pid}/stat"),
    }
}

/// The app opening the same organization from its cache file, as it does before AWS has answered
/// anything: read and check the file, restore the model, draw the first frame, answer a search.
fn cached_open(model: &Model) {
    use orgtui::cache::{self, CacheKey};
    let cache_key = CacheKey { profile: Some("bench".into()), region: "us-east-1".into(), endpoint: None };
    let captured =
        orgtui::app::cache::capture(model, cache_key.clone(), time::OffsetDateTime::now_utc()).expect("a cache");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(cache_key.file_name());
    cache::write(&path, &captured).expect("write the cache");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
    let start = Instant::now();
    let cached = cache::read(&path, &cache_key).expect("the cache reads back");
    let read = start.elapsed();
    let source = orgtui::app::Source::Aws {
        profile: cache_key.profile.clone(),
        region: cache_key.region.clone(),
        endpoint: None,
    };
    let mut reopened = Model::new(Some(cached.organization.clone()), source, false);
    reopened.size = (WIDTH, HEIGHT);
    let startup = orgtui::app::cache::restore(&mut reopened, cached);
    let effects = orgtui::app::update::init(&mut reopened);
    let restored = start.elapsed();
    terminal.draw(|f| orgtui::ui::view(&reopened, f)).expect("draw");
    let drawn = start.elapsed();
    let _ = update(&mut reopened, key('/'));
    for c in "acct-04217".chars() {
        let _ = update(&mut reopened, key(c));
    }
    let answered = start.elapsed();
    let top = match &reopened.dialog {
        Some(orgtui::app::dialog::Dialog::Search(b)) => {
            b.hits.first().and_then(|h| reopened.search.index.entry(h.entry)).map(|e| e.text.clone())
        }
        _ => None,
    };
    let found = top.as_deref().is_some_and(|t| t.starts_with("acct-04217"));
    let asked = effects.iter().chain(&startup).filter(|e| e.is_request()).count();
    println!(
        "  cache file {:.1} MB; read {} · restored {} · first frame {} · search answered {} ({} rows, {} index entries; {asked} requests asked, none answered)",
        size as f64 / 1e6,
        ms(read),
        ms(restored),
        ms(drawn),
        ms(answered),
        reopened.rows.len(),
        reopened.search.index.len(),
    );
    let value = format!("{} to the first frame, {} to a search answered", ms(drawn), ms(answered));
    report(
        "cached open, 10,000 accounts, before any AWS reply",
        value,
        "≤ 150 ms",
        found && answered <= Duration::from_millis(150),
    );
}

fn main() {
    if std::env::args().any(|a| a == "--rss-child") {
        peak_rss_child();
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let api = MemoryOrg::new(large());
    let start = Instant::now();
    let mut model = runtime.block_on(loaded(&api));
    println!(
        "loaded {} accounts and {} OUs into the tree ({} rows), index of {} entries, in {:.1} s\n",
        accounts_in_tree(&model),
        model.search.counts().ous,
        model.rows.len(),
        model.search.index.len(),
        start.elapsed().as_secs_f64()
    );
    frame(&mut model);
    keystrokes(&mut model);
    bytes_per_move(&mut model);
    cached_open(&model);
    peak_rss();
    idle_cpu();
    catalogue();
    whatif();
}
