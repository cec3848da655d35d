//! The scriptable subcommands on the demo and on snapshot files: golden outputs for `tree` and every
//! `export` format, CSV read back equal to the snapshot, names that try to break out of a CSV cell,
//! a Mermaid label or a DOT string, DOT rendered by Graphviz, and the exit codes.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use orgtui::api::memory::MemoryOrg;
use orgtui::snapshot::Snapshot;

fn orgtui(args: &[&str], lang: &str) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_orgtui"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Compares with `tests/golden/NAME`; `UPDATE_GOLDEN=1` writes it instead (then review the diff).
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(actual == expected, "{name} differs from {}:\n{actual}", path.display());
}

#[test]
fn tree_on_the_demo_matches_its_golden_output() {
    golden("tree.txt", &stdout(&orgtui(&["tree", "--demo"], "en_US.UTF-8")));
    golden("tree-ascii.txt", &stdout(&orgtui(&["tree", "--demo"], "C")));
    let small = ["tree", "--demo", "--depth", "1", "--no-accounts", "--policies"];
    golden("tree-depth1-policies.txt", &stdout(&orgtui(&small, "en_US.UTF-8")));
    let json: serde_json::Value = serde_json::from_str(&stdout(&orgtui(&["tree", "--demo", "--json"], "C"))).unwrap();
    assert_eq!(json["format"], 1);
    assert_eq!(json["roots"][0]["name"], "Root");
    // Every account once, at its place.
    fn accounts(v: &serde_json::Value, out: &mut Vec<String>) {
        for c in v["children"].as_array().into_iter().flatten() {
            if c["type"] == "account" {
                out.push(c["id"].as_str().unwrap().to_owned());
            }
            accounts(c, out);
        }
    }
    let mut ids = Vec::new();
    accounts(&json["roots"][0], &mut ids);
    let demo = MemoryOrg::demo_snapshot().unwrap();
    assert_eq!(ids.len(), demo.accounts.len());
}

#[test]
fn every_export_format_on_the_demo_matches_its_golden_output() {
    for (name, args) in [
        ("accounts.csv", vec!["export", "--demo"]),
        ("accounts-tags.csv", vec!["export", "accounts", "--demo", "--tags", "owner,cost-center"]),
        ("ous.csv", vec!["export", "ous", "--demo"]),
        ("policies.csv", vec!["export", "policies", "--demo"]),
        ("accounts.json", vec!["export", "--demo", "--format", "json"]),
        ("ous.json", vec!["export", "ous", "--demo", "--format", "json"]),
        ("policies.json", vec!["export", "policies", "--demo", "--format", "json"]),
        ("chart.mmd", vec!["export", "--demo", "--format", "mermaid"]),
        ("chart-accounts.mmd", vec!["export", "chart", "--demo", "--format", "mermaid", "--accounts", "--policies"]),
        ("chart.dot", vec!["export", "chart", "--demo", "--format", "dot", "--accounts"]),
    ] {
        golden(name, &stdout(&orgtui(&args, "C.UTF-8")));
    }
}

/// The accounts CSV of `snapshot`, read back by the csv crate: the header and one map per row.
fn read_back(csv_text: &str) -> (Vec<String>, Vec<std::collections::HashMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows =
        reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_owned)).collect()).collect();
    (header, rows)
}

#[test]
fn the_accounts_csv_read_back_equals_the_snapshot() {
    let demo = MemoryOrg::demo_snapshot().unwrap();
    let (header, rows) = read_back(&stdout(&orgtui(&["export", "--demo", "--tags", "owner"], "C")));
    assert_eq!(header.last().unwrap(), "tag:owner");
    assert_eq!(rows.len(), demo.accounts.len());
    for a in &demo.accounts {
        let row = rows.iter().find(|r| r["id"] == a.id.as_str()).unwrap_or_else(|| panic!("{} missing", a.id));
        assert_eq!((&row["name"], &row["email"], &row["state"]), (&a.name, &a.email, &a.state));
        assert_eq!(row["parent_id"], a.parent_id.as_str());
        let owner = a.tags.iter().find(|t| t.key == "owner").map_or("", |t| t.value.as_str());
        assert_eq!(row["tag:owner"], owner);
    }
    let ledger = rows.iter().find(|r| r["name"] == "ledger-prod").unwrap();
    assert_eq!(ledger["ou_path"], "Root/Workloads/Prod/Payments");
}

/// The demo with one account renamed to `name`, written to a file.
fn demo_with_name(dir: &Path, name: &str) -> PathBuf {
    let mut s: Snapshot = MemoryOrg::demo_snapshot().unwrap();
    let a = s.accounts.iter_mut().find(|a| a.name == "ledger-prod").unwrap();
    a.name = name.to_owned();
    let path = dir.join("named.json");
    std::fs::write(&path, s.to_json().unwrap()).unwrap();
    path
}

#[test]
fn a_name_that_is_a_formula_or_breaks_quoting_stays_one_inert_cell() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["=HYPERLINK(\"http://x\",\"y\")", "+1-2", "@SUM(A1)", "-2+3", "a, \"quoted\" name\nsecond line"] {
        let file = demo_with_name(dir.path(), name);
        let out = stdout(&orgtui(&["export", "--snapshot", file.to_str().unwrap()], "C"));
        let (_, rows) = read_back(&out);
        let row = rows.iter().find(|r| r["id"] == "100001544205").unwrap();
        let expected = if "=+-@".contains(name.chars().next().unwrap()) { format!("'{name}") } else { name.to_owned() };
        assert_eq!(row["name"], expected, "{name:?}");
        assert_eq!(row["ou_path"], "Root/Workloads/Prod/Payments", "the columns after it are intact");
    }
}

#[test]
fn chart_labels_cannot_break_out_of_mermaid_or_dot() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "evil\"]; n0 --> x[\"<b>#&\\\u{1b}[31m";
    let file = demo_with_name(dir.path(), hostile);
    let file = file.to_str().unwrap();
    let mermaid = stdout(&orgtui(&["export", "chart", "--format", "mermaid", "--accounts", "--snapshot", file], "C"));
    let mut declared = std::collections::HashSet::new();
    for line in mermaid.lines().skip(1) {
        let line = line.trim();
        if let Some((from, to)) = line.split_once(" --> ") {
            assert!(declared.contains(from) && declared.contains(to), "an edge between declared nodes: {line}");
            continue;
        }
        let id: String = line.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        assert!(declared.insert(id.clone()), "{id} declared once");
        // One quoted label: its only quotes are the two that delimit it.
        assert_eq!(line.matches('"').count(), 2, "{line}");
        assert!(!line.replace("<br/>", "").contains(['<', '>']), "only the label's own line breaks: {line}");
        assert!(!line.contains('\u{1b}'), "{line:?}");
    }
    assert!(mermaid.contains("evil#quot;#93;; n0 --#gt; x#91;#quot;#lt;b#gt;#35;#amp;\\"), "{mermaid}");

    let dot = stdout(&orgtui(&["export", "chart", "--format", "dot", "--accounts", "--snapshot", file], "C"));
    assert!(dot.contains("evil\\\"]; n0 --> x[\\\"<b>#&\\\\"), "{dot}");
    assert!(!dot.contains('\u{1b}'));
    render_dot(&dot);
}

/// Graphviz reads it without a complaint and draws every node.
fn render_dot(dot: &str) {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz's dot is installed (.ci/run installs it)");
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.is_empty(), "dot: {err}");
    let svg = String::from_utf8_lossy(&out.stdout);
    let nodes = dot.lines().filter(|l| l.contains("[label=")).count();
    assert_eq!(svg.matches("class=\"node\"").count(), nodes, "every node drawn");
}

#[test]
fn the_demo_chart_renders_with_graphviz() {
    render_dot(&stdout(&orgtui(&["export", "chart", "--demo", "--format", "dot", "--accounts", "--policies"], "C")));
}

#[test]
fn exit_codes_are_one_scheme_usage_64_errors_3() {
    let code = |args: &[&str]| orgtui(args, "C").status.code();
    assert_eq!(code(&["tree", "--demo", "--nope"]), Some(64), "clap's usage error");
    assert_eq!(code(&["export", "ous", "--demo", "--format", "dot"]), Some(64), "a format that does not fit");
    assert_eq!(code(&["export", "chart", "--demo"]), Some(64), "a chart is no CSV");
    let err = orgtui(&["export", "chart", "--demo"], "C");
    assert!(String::from_utf8_lossy(&err.stderr).contains("export chart takes --format mermaid or dot"));
    assert_eq!(code(&["tree", "--snapshot", "/nonexistent/org.json"]), Some(3));
    assert_eq!(code(&["tree", "--help"]), Some(0));
    // A quick snapshot holds no tags: asking for them is refused, not answered with empty columns.
    let dir = tempfile::tempdir().unwrap();
    let mut quick = MemoryOrg::demo_snapshot().unwrap();
    quick.omitted = vec!["tags".into()];
    let path = dir.path().join("quick.json");
    std::fs::write(&path, quick.to_json().unwrap()).unwrap();
    let out = orgtui(&["export", "--tags", "owner", "--snapshot", path.to_str().unwrap()], "C");
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("taken with --quick"));
}

#[tokio::test]
async fn live_tree_and_export_against_moto_equal_the_snapshot_s() {
    use support::{moto, seed};
    let server = moto::moto().await;
    let (client, _) = moto::clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let prod = seed::ou(&client, &mut seeded, &root, "Prod").await;
    seed::account(&client, &mut seeded, &prod, "web, \"prod\"").await;
    seed::account(&client, &mut seeded, &root, "=cmd").await;
    let deny =
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoS3","Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;
    seed::scp(&client, "NoS3InProd", deny, &[prod.as_str()]).await;
    let live = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--endpoint-url", server.url.as_str()]);
        moto_run(&all)
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("org.json");
    let snap = live(&["snapshot", "-o", file.to_str().unwrap()]);
    assert!(snap.status.success(), "{}", String::from_utf8_lossy(&snap.stderr));
    let file = file.to_str().unwrap();
    for args in [vec!["tree"], vec!["tree", "--json"], vec!["export"], vec!["export", "ous", "--format", "json"]] {
        let from_live = stdout(&live(&args));
        let mut offline = args.clone();
        offline.extend(["--snapshot", file]);
        assert_eq!(from_live, stdout(&moto_run(&offline)), "{args:?}");
    }
    let csv = stdout(&live(&["export"]));
    assert!(csv.contains("\"web, \"\"prod\"\"\"") && csv.contains("'=cmd"), "{csv}");
    assert!(csv.contains(",Root/Prod,"), "{csv}");
    // check's exit codes, live.
    let in_region = live(&["check", "=cmd", "s3:GetObject", "--region", "ap-southeast-2"]);
    assert_eq!(
        in_region.status.code(),
        Some(0),
        "--region is the request's: {}",
        String::from_utf8_lossy(&in_region.stderr)
    );
    assert!(String::from_utf8_lossy(&in_region.stdout).contains("aws:RequestedRegion = ap-southeast-2"));
    assert_eq!(live(&["check", "web, \"prod\"", "s3:GetObject"]).status.code(), Some(1), "denied under Prod");
    assert_eq!(live(&["check", "=cmd", "s3:GetObject"]).status.code(), Some(0), "allowed under the root");
    assert_eq!(live(&["check", "=cmd", "ec2:RunInstances", "--context", "nonsense"]).status.code(), Some(64));
}

fn moto_run(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    support::bin::orgtui(home.path()).args(args).stdin(Stdio::null()).output().unwrap()
}

#[test]
fn check_answers_with_the_verdict_as_exit_code() {
    for (name, args, code) in [
        ("check-allowed.txt", vec!["web-prod", "ec2:RunInstances", "--region", "us-east-1"], 0),
        ("check-denied.txt", vec!["legacy-crm", "s3:GetObject"], 1),
        ("check-depends.txt", vec!["100001029470", "ec2:RunInstances", "--region", "ap-southeast-2"], 2),
        ("check-ou.txt", vec!["ou-d3mo-sbx00001", "ec2:PurchaseReservedInstancesOffering"], 1),
    ] {
        let mut all = vec!["check", "--demo"];
        all.extend(args);
        let out = orgtui(&all, "C.UTF-8");
        assert_eq!(out.status.code(), Some(code), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        golden(name, &String::from_utf8(out.stdout).unwrap());
    }
    // The context in the c form's syntax decides a condition: TLS off is denied by the RCP.
    let tls = ["check", "--demo", "web-prod", "s3:PutObject", "--context", "aws:SecureTransport=false"];
    assert_eq!(orgtui(&tls, "C").status.code(), Some(1));
    let json_args = ["check", "--demo", "legacy-crm", "s3:GetObject", "--json"];
    let json: serde_json::Value = serde_json::from_slice(&orgtui(&json_args, "C").stdout).unwrap();
    assert_eq!((json["format"].as_u64(), json["verdict"].as_str()), (Some(1), Some("denied")));
    assert_eq!(json["target"]["path"], "Root/Suspended/legacy-crm");
    assert!(json["findings"][0]["statement"].as_str().unwrap().starts_with("DenyAllSuspended"));
}

#[test]
fn check_refuses_a_name_several_accounts_share_and_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = MemoryOrg::demo_snapshot().unwrap();
    for a in s.accounts.iter_mut().filter(|a| a.name == "web-prod" || a.name == "web-dev") {
        a.name = "web".into();
    }
    let path = dir.path().join("twins.json");
    std::fs::write(&path, s.to_json().unwrap()).unwrap();
    let out = orgtui(&["check", "web", "s3:GetObject", "--snapshot", path.to_str().unwrap()], "C");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 accounts are named \"web\"; give one's id:"), "{err}");
    assert!(
        err.contains("100001029470  Root/Workloads/Prod/web") && err.contains("100002161887  Root/Workloads/Dev/web"),
        "{err}"
    );
    let usage = orgtui(&["check", "--demo", "web-prod", "not an action"], "C");
    assert_eq!(usage.status.code(), Some(64), "{}", String::from_utf8_lossy(&usage.stderr));
}

/// `orgtui validate ARGS` run in `tests/fixtures/validate`, with `stdin` on its standard input.
fn validate(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate");
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgtui"))
        .arg("validate")
        .args(args)
        .current_dir(dir)
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn validate_fails_ci_on_an_error_with_file_line_and_column() {
    let all = ["broken-scp.json", "cut.json", "misspelt-action.json", "good-rcp.json", "tag.json"];
    let out = validate(&all, "");
    assert_eq!(out.status.code(), Some(1), "an error fails");
    golden("validate.txt", &String::from_utf8(out.stdout).unwrap());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("good-rcp.json: read as RCP (RESOURCE_CONTROL_POLICY), guessed from its content"), "{err}");
    assert!(err.contains("tag.json: read as Tag (TAG_POLICY)") && err.contains("cut.json: no policy shape"), "{err}");
    let github = validate(&["--format", "github", "broken-scp.json", "misspelt-action.json"], "");
    golden("validate-github.txt", &String::from_utf8(github.stdout).unwrap());

    // Warnings pass unless --strict; a clean file passes; --type overrides the guess.
    assert_eq!(validate(&["misspelt-action.json"], "").status.code(), Some(0));
    assert_eq!(validate(&["--strict", "misspelt-action.json"], "").status.code(), Some(1));
    let clean = validate(&["good-rcp.json", "--type", "rcp"], "");
    assert_eq!((clean.status.code(), clean.stdout.is_empty(), clean.stderr.is_empty()), (Some(0), true, true));
    assert_eq!(validate(&["good-rcp.json", "--type", "scp"], "").status.code(), Some(1), "an SCP takes no Principal");

    // Standard input, named <stdin>.
    let tag = std::fs::read_to_string("tests/fixtures/validate/tag.json").unwrap();
    assert_eq!(validate(&["-", "--type", "tag"], &tag).status.code(), Some(0));
    let out = validate(&["-"], "{\"Statement\": [{\"Effect\": \"Maybe\"}]}");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("<stdin>:1:27: error: Statement[0].Effect"), "{:?}", out);

    let json: serde_json::Value =
        serde_json::from_slice(&validate(&["--format", "json", "broken-scp.json"], "").stdout).unwrap();
    assert_eq!(json["format"], 1);
    let p = &json["files"][0]["problems"][0];
    assert_eq!((p["line"].as_u64(), p["column"].as_u64(), p["severity"].as_str()), (Some(6), Some(17), Some("error")));
    assert_eq!(json["files"][0]["type"], "SERVICE_CONTROL_POLICY");
    assert_eq!(json["files"][0]["guessed"], true);

    // A type that is none, a file that is not there.
    assert_eq!(validate(&["--type", "nope", "tag.json"], "").status.code(), Some(64));
    assert_eq!(validate(&["missing.json"], "").status.code(), Some(3));
    assert_eq!(validate(&[], "").status.code(), Some(64), "a file is required");
}
