//! `orgtui diff` and the drift view with the real binary: golden text and JSON on the demo changed
//! by hand, the exit codes, standard input, two snapshots of a moto organization with five changes
//! between them (each reported once, nothing else), and the drift view in tmux marking a moved
//! account in its new place.

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use orgtui::api::memory::MemoryOrg;
use orgtui::org::{OuId, ParentId, Tag};
use orgtui::snapshot::Snapshot;

const ENV: &str =
    "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true";

/// Runs orgtui in `dir` (so file names in the output are short and stable), `stdin` fed to it.
fn orgtui(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = support::bin::orgtui(dir)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn tag(key: &str, value: &str) -> aws_sdk_organizations::types::Tag {
    aws_sdk_organizations::types::Tag::builder().key(key).value(value).build().unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(actual == expected, "{name} differs from {}:\n{actual}", path.display());
}

/// The demo as it was "before": web-prod still in Staging, Workloads named Apps, a line more in
/// RegionRestriction, SandboxGuardrails also on Dev, billing-tools owned by bob, an account since
/// removed, and the Backup type not yet enabled.
fn demo_before() -> Snapshot {
    let mut s = MemoryOrg::demo_snapshot().unwrap();
    s.taken_at = time::OffsetDateTime::from_unix_timestamp(1_730_448_000).unwrap();
    let staging = ParentId::Ou(OuId::parse("ou-d3mo-wklstg01").unwrap());
    s.accounts.iter_mut().find(|a| a.name == "web-prod").unwrap().parent_id = staging;
    s.organizational_units.iter_mut().find(|o| o.name == "Workloads").unwrap().name = "Apps".into();
    let region = s.policies.iter_mut().find(|p| p.name == "RegionRestriction").unwrap();
    region.content = region.content.replace("\"waf:*\"", "\"waf:*\",\"shield:*\"");
    let dev = orgtui::org::TargetId::Ou(OuId::parse("ou-d3mo-wkldev01").unwrap());
    s.policies.iter_mut().find(|p| p.name == "SandboxGuardrails").unwrap().target_ids.push(dev);
    s.accounts.iter_mut().find(|a| a.name == "billing-tools").unwrap().tags =
        vec![Tag { key: "owner".into(), value: "bob".into() }];
    let mut gone = s.accounts.iter().find(|a| a.name == "api-prod").unwrap().clone();
    gone.id = orgtui::org::AccountId::parse("999988887777").unwrap();
    gone.name = "legacy-batch".into();
    s.accounts.push(gone);
    s.roots[0].policy_types.retain(|t| t.policy_type.as_str() != "BACKUP_POLICY");
    s
}

#[test]
fn diff_of_the_demo_and_an_older_snapshot_matches_its_golden_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("before.json"), demo_before().to_json().unwrap()).unwrap();
    let out = orgtui(dir.path(), &["diff", "before.json", "live", "--demo"], None);
    assert_eq!(out.status.code(), Some(1), "different: exit 1; {}", String::from_utf8_lossy(&out.stderr));
    golden("diff_demo.txt", &text(&out));
    let json = orgtui(dir.path(), &["diff", "before.json", "live", "--demo", "--json"], None);
    assert_eq!(json.status.code(), Some(1));
    golden("diff_demo.json", &text(&json));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["equal"], false);
    assert_eq!(v["changes"].as_array().unwrap().len(), 7, "{v:#}");
    // Outside a UTF-8 locale the arrows are ASCII.
    let mut c = Command::new(env!("CARGO_BIN_EXE_orgtui"));
    let ascii = c.args(["diff", "before.json", "live", "--demo"]).current_dir(dir.path()).env("LANG", "C").output();
    let ascii = String::from_utf8(ascii.unwrap().stdout).unwrap();
    assert!(ascii.is_ascii() && ascii.contains("Root/Apps/Staging -> Root/Workloads/Prod"), "{ascii}");
}

#[test]
fn equal_sides_exit_0_and_standard_input_is_a_side() {
    let dir = tempfile::tempdir().unwrap();
    let demo = MemoryOrg::demo_snapshot().unwrap().to_json().unwrap();
    std::fs::write(dir.path().join("demo.json"), &demo).unwrap();
    let out = orgtui(dir.path(), &["diff", "-", "demo.json"], Some(&demo));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text(&out).ends_with("No differences.\n"), "{}", text(&out));
    // Errors are 3, usage 64, and each says what is wrong.
    let missing = orgtui(dir.path(), &["diff", "nowhere.json", "demo.json"], None);
    assert_eq!(missing.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere.json"));
    let both = orgtui(dir.path(), &["diff", "live", "live", "--demo"], None);
    assert_eq!(both.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&both.stderr).contains("both sides are live"));
    let broken = orgtui(dir.path(), &["diff", "-", "demo.json"], Some("{\"format\": 2"));
    assert_eq!(broken.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("<stdin>"));
    let compare = orgtui(dir.path(), &["tree", "--demo", "--compare", "demo.json"], None);
    assert_eq!(compare.status.code(), Some(64), "--compare belongs to the UI");
}

#[tokio::test]
async fn two_moto_snapshots_differ_by_exactly_the_five_changes_made_between_them() {
    use support::{moto, seed};
    let server = moto::moto().await;
    let (client, _) = moto::clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let prod = seed::ou(&client, &mut seeded, &root, "Prod").await;
    let staging = seed::ou(&client, &mut seeded, &root, "Staging").await;
    let web = seed::account(&client, &mut seeded, &staging, "web").await;
    let db = seed::account(&client, &mut seeded, &prod, "db").await;
    let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;
    let scp = seed::scp(&client, "NoS3", deny, &[prod.as_str(), staging.as_str()]).await;
    client.tag_resource().resource_id(&db).tags(tag("team", "data")).send().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let endpoint = ["--endpoint-url", server.url.as_str()];
    let take = |name: &str| {
        let out = orgtui(dir.path(), &[&["snapshot", "-o", name][..], &endpoint].concat(), None);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    take("before.json");
    // The five changes.
    client
        .move_account()
        .account_id(&web)
        .source_parent_id(&staging)
        .destination_parent_id(&prod)
        .send()
        .await
        .unwrap();
    client.update_organizational_unit().organizational_unit_id(&staging).name("Preprod").send().await.unwrap();
    let edited = deny.replace("s3:*", "s3:Delete*");
    client.update_policy().policy_id(&scp).content(&edited).send().await.unwrap();
    client.detach_policy().policy_id(&scp).target_id(&staging).send().await.unwrap();
    client.tag_resource().resource_id(&db).tags(tag("team", "analytics")).send().await.unwrap();
    take("after.json");

    let out = orgtui(dir.path(), &["diff", "before.json", "after.json", "--json"], None);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes: Vec<String> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!("{} {} {}", c["kind"].as_str().unwrap(), c["id"].as_str().unwrap(), c["change"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        changes,
        [
            format!("account {db} tags"),
            format!("account {web} moved"),
            format!("ou {staging} renamed"),
            format!("policy {scp} edited"),
            format!("policy {scp} detached"),
        ],
        "each change once, and nothing else: {v:#}"
    );
    let find = |change: &str| v["changes"].as_array().unwrap().iter().find(|c| c["change"] == change).unwrap().clone();
    assert_eq!(
        (find("moved")["from"].clone(), find("moved")["to"].clone()),
        ("Root/Staging".into(), "Root/Prod".into())
    );
    assert_eq!(find("renamed")["to"], "Preprod");
    assert_eq!(find("tags")["changed"]["team"]["to"], "analytics");
    assert_eq!(find("detached")["target_path"], "Root/Preprod");
    let edit = find("edited");
    let diff: Vec<&str> = edit["diff"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    let line = |sign: char, text: &str| diff.iter().any(|l| l.starts_with(sign) && l[1..].trim() == text);
    assert!(line('-', "\"Action\": \"s3:*\",") && line('+', "\"Action\": \"s3:Delete*\","), "{diff:?}");

    // The live organization now is what after.json recorded; before.json against live says the same.
    let live = orgtui(dir.path(), &[&["diff", "before.json", "live"][..], &endpoint].concat(), None);
    assert_eq!(live.status.code(), Some(1), "{}", String::from_utf8_lossy(&live.stderr));
    let text = text(&live);
    assert!(text.contains("moved: Root/Staging → Root/Prod") && text.contains("5 changes"), "{text}");
    // A quick side knows no tags: the tag change is unknown then, and said to be.
    let quick = orgtui(dir.path(), &[&["diff", "before.json", "live", "--quick"][..], &endpoint].concat(), None);
    let quick = String::from_utf8(quick.stdout).unwrap();
    assert!(
        quick.contains("not compared: tags (live was taken with --quick)") && quick.contains("4 changes"),
        "{quick}"
    );

    // The drift view on the live organization: crawled before the UI opens, then marked.
    let before = dir.path().join("before.json");
    let args = format!("--no-cache --endpoint-url {} --compare '{}'", server.url, before.display());
    let tmux = support::tmux::Tmux::start_with("drift-live", &args, ENV);
    let screen = tmux.wait_for("~2 changed");
    assert!(screen.contains("Drift since before.json") && screen.contains("→1 moved"), "Preprod, NoS3: {screen}");
    tmux.keys(&["q"]);
}

#[test]
fn the_drift_view_marks_the_moved_account_in_its_new_place() {
    use support::tmux::Tmux;
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before.json");
    std::fs::write(&before, demo_before().to_json().unwrap()).unwrap();
    let args = format!("--demo --no-cache --compare '{}'", before.display());
    let tmux = Tmux::start_with("drift", &args, ENV);
    // The legend on the tree pane's lower border counts each kind (waited for whole: a capture can
    // fall between the lines of a frame).
    let screen = tmux.wait_for("−1 removed");
    assert!(screen.contains("Drift since before.json") && screen.contains("→1 moved"), "{screen}");
    // `/ drift:moved` lists web-prod alone; Enter shows it where it is now, in Workloads/Prod.
    tmux.keys(&["/"]);
    tmux.wait_for("Search the organization");
    tmux.keys(&["drift:moved"]);
    // Waited for the filtered count: `drift:` alone already lists web-prod, so a capture taken
    // while the query is still being typed would show it too.
    tmux.wait_for("1 changed since before.json");
    tmux.wait_for("→ ● web-prod");
    tmux.keys(&["Enter"]);
    tmux.wait_for("moved: Root/Apps/Staging → Root/Workloads/Prod");
    // Waited for the last row asserted on, so the frame is whole above it.
    let screen = tmux.wait_for("− ● legacy-batch  999988887777");
    let row = screen.lines().find(|l| l.contains("● web-prod")).unwrap_or_default();
    assert!(row.contains("→ ● web-prod"), "marked in its new place: {row}");
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines.iter().position(|l| l.contains("● web-prod")).unwrap();
    // Its parent is the last row above whose ▾ sits one level (two columns) left of its ▸.
    let chars = |l: &str| l.chars().collect::<Vec<char>>();
    let arrow = chars(lines[at]).iter().position(|&c| c == '▸').unwrap();
    let parent = lines[..at].iter().rev().find(|l| chars(l).get(arrow - 2) == Some(&'▾')).unwrap();
    assert!(parent.contains("▣ Prod"), "under Prod: {screen}");
    // The account removed since shows in place, dimmed, after Prod's accounts.
    assert!(screen.contains("− ● legacy-batch  999988887777"), "{screen}");
    tmux.keys(&["q"]);
}
