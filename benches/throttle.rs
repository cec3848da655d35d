//! `orgtui snapshot` where AWS really is: behind the project's loopback proxy in front of moto
//! (tests/support/throttle_proxy.rs), which adds latency, throttles with a token bucket as AWS does,
//! and answers as AWS where moto does not (ListTargetsForPolicy in pages of 20,
//! DescribeEffectivePolicy, ListHandshakesForOrganization). Side by side in one run with boto3
//! taking the same snapshot (`benches/scripts/snapshot_boto3.py`: the calls orgtui made before it
//! asked only for what the structure cannot tell), sequentially and with 8 threads.
//!
//! The organization: `benches/scripts/generate_org.py --accounts 500 --ous 60`, with a tag policy on
//! three top-level OUs and an AI services opt-out policy on one (moto cannot make backup policies).
//!
//! - `latency`: 60 ms a request, no throttling: `--quick` against its critical path (the dependent
//!   round trips), the full snapshot against the 8-thread script (target ≤ 0.5×);
//! - `throttle`: 10 requests/s, a burst of 20: the full snapshot against the bucket's floor for the
//!   calls it made (target ≤ 1.3×), next to boto3 with 8 threads in standard and adaptive mode;
//! - `slow`: 2 requests/s: it finishes, and says why it is slow (minutes).
//!
//! `cargo bench --bench throttle` (all), or `-- latency`, `-- throttle`, `-- slow`.
//! `cargo bench --bench throttle -- serve [RATE]` builds the organization, starts the proxy
//! (throttling at RATE requests/s, default 2, and 60 ms a request) and waits, printing its URL, so the
//! TUI can be tried against it by hand: `orgtui --endpoint-url URL` (any credentials, e.g.
//! AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing). It stops when its input closes (Ctrl-D).

#[allow(dead_code)]
#[path = "../tests/support/moto.rs"]
mod moto;
#[allow(dead_code)]
#[path = "../tests/support/throttle_proxy.rs"]
mod throttle_proxy;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use throttle_proxy::{EffectiveTable, Proxy, Shape};

const LATENCY: Duration = Duration::from_millis(60);
const MANAGEMENT: [&str; 2] = ["TAG_POLICY", "AISERVICES_OPT_OUT_POLICY"];

fn python() -> std::path::PathBuf {
    moto::venv_dir().join("bin").join("python")
}

fn script(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/scripts").join(name)
}

/// The organization as generated: its summary, and the effective policy of each account and type.
struct Org {
    ous: BTreeSet<String>,
    accounts: BTreeSet<String>,
    effective: Arc<EffectiveTable>,
    /// The most targets any policy has (FullAWSAccess: every OU and account).
    most_targets: usize,
    depth: usize,
}

fn generate(url: &str) -> Org {
    let started = Instant::now();
    let out = Command::new(python())
        .arg(script("generate_org.py"))
        .args([url, "--accounts", "500", "--ous", "60"])
        .output()
        .expect("run generate_org.py");
    assert!(out.status.success(), "generate_org.py: {}", String::from_utf8_lossy(&out.stderr));
    let summary: Value = serde_json::from_slice(&out.stdout).expect("generate_org.py JSON");
    println!("generated 500 accounts and 60 OUs in moto in {:.1} s", started.elapsed().as_secs_f64());
    let parent_of = |id: &str| -> Option<String> {
        summary["ous"][id].as_str().or_else(|| summary["accounts"][id].as_str()).map(str::to_owned)
    };
    let mut attached: HashMap<(String, String), String> = HashMap::new();
    let mut most_targets = 0;
    for policy in summary["policies"].as_array().expect("policies") {
        let targets = policy["targets"].as_array().expect("targets");
        most_targets = most_targets.max(targets.len());
        for target in targets {
            let key = (
                target.as_str().unwrap_or_default().to_owned(),
                policy["type"].as_str().unwrap_or_default().to_owned(),
            );
            attached.insert(key, policy["content"].as_str().unwrap_or_default().to_owned());
        }
    }
    let mut effective = EffectiveTable::new();
    let mut depth = 0;
    let accounts: BTreeSet<String> = summary["accounts"].as_object().expect("accounts").keys().cloned().collect();
    for account in &accounts {
        let mut path = vec![account.clone()];
        while let Some(parent) = parent_of(path.last().expect("non-empty")) {
            path.push(parent);
        }
        depth = depth.max(path.len() - 1);
        for kind in MANAGEMENT {
            // The nearest policy on the path stands for the merged one: enough for timing.
            if let Some(content) = path.iter().find_map(|level| attached.get(&(level.clone(), kind.to_owned()))) {
                effective.insert((account.clone(), kind.to_owned()), content.clone());
            }
        }
    }
    let ous = summary["ous"].as_object().expect("ous").keys().cloned().collect();
    println!("  {} (account, type) pairs have an effective policy, of {}", effective.len(), accounts.len() * 2);
    Org { ous, accounts, effective: Arc::new(effective), most_targets, depth }
}

struct Run {
    took: Duration,
    ok: bool,
    ous: BTreeSet<String>,
    accounts: BTreeSet<String>,
    stderr: String,
    /// Requests that reached the proxy, those it passed on, and those it throttled.
    requests: u64,
    passed: usize,
    throttled: u64,
}

impl Run {
    fn same_ids(&self, org: &Org) -> bool {
        // The snapshots also hold the management account, which the generator did not make.
        self.ous == org.ous && org.accounts.is_subset(&self.accounts) && self.accounts.len() == org.accounts.len() + 1
    }
}

fn measure(proxy: &Proxy, mut cmd: Command, read: impl Fn(&str) -> (BTreeSet<String>, BTreeSet<String>)) -> Run {
    proxy.reset_stats();
    let started = Instant::now();
    let out = cmd.output().expect("run the command");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let (ous, accounts) =
        if out.status.success() { read(&String::from_utf8_lossy(&out.stdout)) } else { Default::default() };
    let stats = proxy.stats();
    Run {
        took,
        ok: out.status.success(),
        ous,
        accounts,
        stderr,
        requests: stats.by_operation.values().sum(),
        passed: stats.passed.len(),
        throttled: stats.throttled,
    }
}

fn orgtui(proxy: &Proxy, quick: bool) -> Run {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("snapshot.json");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orgtui"));
    cmd.args(["snapshot", "--endpoint-url", &proxy.url, "-o"]).arg(&file);
    if quick {
        cmd.arg("--quick");
    }
    cmd.env("AWS_ACCESS_KEY_ID", "testing").env("AWS_SECRET_ACCESS_KEY", "testing").env("AWS_REGION", "us-east-1");
    cmd.env("HOME", dir.path()).env_remove("AWS_PROFILE").env("AWS_EC2_METADATA_DISABLED", "true");
    measure(proxy, cmd, |_| {
        let snapshot: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("the snapshot file")).expect("snapshot JSON");
        let ids = |key: &str| -> BTreeSet<String> {
            snapshot[key].as_array().into_iter().flatten().filter_map(|i| i["id"].as_str()).map(str::to_owned).collect()
        };
        (ids("organizational_units"), ids("accounts"))
    })
}

fn boto3(proxy: &Proxy, threads: usize, mode: &str, quick: bool) -> Run {
    let mut cmd = Command::new(python());
    cmd.arg(script("snapshot_boto3.py")).arg(&proxy.url).args([
        "--threads",
        &threads.to_string(),
        "--retry-mode",
        mode,
    ]);
    if quick {
        cmd.arg("--quick");
    }
    measure(proxy, cmd, |stdout| {
        let out: Value = serde_json::from_str(stdout).expect("snapshot_boto3.py JSON");
        let ids = |key: &str| -> BTreeSet<String> {
            out[key].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
        };
        (ids("ous"), ids("accounts"))
    })
}

fn median(runs: Vec<Run>) -> Run {
    let mut runs = runs;
    runs.sort_by_key(|r| r.took);
    let middle = runs.len() / 2;
    runs.swap_remove(middle)
}

fn line(what: &str, run: &Run, org: &Org) -> String {
    let outcome = if !run.ok {
        format!("FAILED ({})", run.stderr.lines().last().unwrap_or("").trim())
    } else if run.same_ids(org) {
        "identical ids".to_owned()
    } else {
        "DIFFERENT ids".to_owned()
    };
    format!(
        "{what:<44} {:>8.2} s  {:>5} requests ({} passed, {} throttled)  {outcome}",
        run.took.as_secs_f64(),
        run.requests,
        run.passed,
        run.throttled
    )
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

fn latency(url: &str, org: &Org) {
    println!("\n## 60 ms a request, no throttling");
    let proxy = Proxy::start(url, Shape { effective: Some(org.effective.clone()), ..Shape::latency(LATENCY) });
    let quick = median((0..3).map(|_| orgtui(&proxy, true)).collect());
    // Dependent round trips: DescribeOrganization, ListRoots, then the longer of the walk (a listing
    // per level) and ListPolicies followed by the pages of the policy with the most targets.
    let pages = org.most_targets.div_ceil(20);
    let critical = 2 + (org.depth + 1).max(1 + pages);
    let floor = LATENCY.as_secs_f64() * critical as f64;
    println!("{}", line("orgtui snapshot --quick (median of 3)", &quick, org));
    let ratio = quick.took.as_secs_f64() / floor;
    println!("  critical path {critical} round trips = {floor:.2} s; ratio {ratio:.2} (target ≈ 1.1×)");

    let full = median((0..3).map(|_| orgtui(&proxy, false)).collect());
    let threads8 = median((0..3).map(|_| boto3(&proxy, 8, "standard", false)).collect());
    let sequential = boto3(&proxy, 1, "standard", false);
    println!("{}", line("orgtui snapshot (median of 3)", &full, org));
    println!("{}", line("snapshot_boto3.py --threads 8 (median of 3)", &threads8, org));
    println!("{}", line("snapshot_boto3.py --threads 1", &sequential, org));
    let ratio = full.took.as_secs_f64() / threads8.took.as_secs_f64();
    println!("  orgtui / boto3 8 threads: {ratio:.2} (target ≤ 0.5: {})", verdict(ratio <= 0.5 && full.same_ids(org)));
}

fn throttle(url: &str, org: &Org) {
    println!("\n## 10 requests/s, a burst of 20 (HTTP 400 TooManyRequestsException)");
    let shape = Shape { effective: Some(org.effective.clone()), ..Shape::throttled(10.0) };
    let floor = |run: &Run| (run.passed.saturating_sub(20)) as f64 / 10.0;
    let report = |what: &str, run: Run, target: Option<f64>| {
        println!("{}", line(what, &run, org));
        if run.ok {
            let ratio = run.took.as_secs_f64() / floor(&run).max(0.001);
            let target = target
                .map(|t| format!(" (target ≤ {t}: {})", verdict(ratio <= t && run.same_ids(org))))
                .unwrap_or_default();
            println!("  bucket floor for its {} calls: {:.1} s; ratio {ratio:.2}{target}", run.passed, floor(&run));
        }
    };
    // A fresh bucket for each run: each starts with its burst.
    report("orgtui snapshot", orgtui(&Proxy::start(url, shape.clone()), false), Some(1.3));
    report("orgtui snapshot --quick", orgtui(&Proxy::start(url, shape.clone()), true), Some(1.3));
    report(
        "snapshot_boto3.py --threads 8 --retry-mode adaptive",
        boto3(&Proxy::start(url, shape.clone()), 8, "adaptive", false),
        None,
    );
    report(
        "snapshot_boto3.py --threads 8 --retry-mode standard",
        boto3(&Proxy::start(url, shape.clone()), 8, "standard", false),
        None,
    );
}

fn slow(url: &str, org: &Org) {
    println!("\n## 2 requests/s");
    let proxy = Proxy::start(url, Shape { effective: Some(org.effective.clone()), ..Shape::throttled(2.0) });
    let run = orgtui(&proxy, false);
    println!("{}", line("orgtui snapshot", &run, org));
    let said: Vec<&str> = run
        .stderr
        .lines()
        .flat_map(|l| l.split('\r'))
        .filter(|l| l.contains("AWS is throttling"))
        .map(str::trim)
        .collect();
    println!("  it says why, first: {}", said.first().unwrap_or(&"NOTHING (MISSED)"));
    println!("  and last: {}", said.last().unwrap_or(&"NOTHING (MISSED)"));
    if run.ok {
        println!("  bucket floor for its {} calls: {:.1} s", run.passed, run.passed.saturating_sub(20) as f64 / 2.0);
    }
}

fn serve(url: &str, org: &Org, rate: f64) {
    let shape = Shape { effective: Some(org.effective.clone()), latency: LATENCY, ..Shape::throttled(rate) };
    let proxy = Proxy::start(url, shape);
    println!("\nproxy at {} ({rate} requests/s, burst 20, 60 ms a request); Ctrl-D stops it", proxy.url);
    let mut line = String::new();
    while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {
        line.clear();
    }
    println!("{} requests, {} throttled", proxy.requests(), proxy.stats().throttled);
}

fn main() {
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wants = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    let server = runtime.block_on(moto::moto());
    let org = generate(&server.url);
    if only.first().is_some_and(|o| o == "serve") {
        let rate = only.get(1).and_then(|r| r.parse().ok()).unwrap_or(2.0);
        return serve(&server.url, &org, rate);
    }
    if wants("latency") {
        latency(&server.url, &org);
    }
    if wants("throttle") {
        throttle(&server.url, &org);
    }
    if wants("slow") {
        slow(&server.url, &org);
    }
}
