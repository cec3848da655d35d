//! A real moto server for the tests: installed once into a cache directory (python3 -m venv + a pinned
//! `moto[server]`), started on a free loopback port once per test binary, reset before every test.
//! Tests that use it hold `MotoGuard`, so they run one at a time against a clean server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use aws_sdk_organizations::config::Credentials;

pub const MOTO_VERSION: &str = "5.2.5";

struct Server {
    port: u16,
    // Held so its stdin stays open: the server exits when this process does.
    _child: Child,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct MotoGuard {
    pub url: String,
    _lock: tokio::sync::MutexGuard<'static, ()>,
}

/// Waits for the server to be free, resets it and hands it over.
pub async fn moto() -> MotoGuard {
    let lock = LOCK.lock().await;
    let port = SERVER.get_or_init(start).port;
    reset(port);
    MotoGuard { url: format!("http://127.0.0.1:{port}"), _lock: lock }
}

/// Where moto (and with it boto3) is installed.
pub fn venv_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("ORGTUI_MOTO_VENV") {
        return PathBuf::from(dir);
    }
    dirs::cache_dir()
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")))
        .join("orgtui-tests")
        .join(format!("moto-{MOTO_VERSION}"))
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: could not start: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn install(dir: &Path) -> PathBuf {
    let python = dir.join("bin").join("python");
    let marker = dir.join("orgtui-installed");
    if marker.exists() {
        return python;
    }
    let has_python = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(
        has_python,
        "the moto tests need python3 with venv and pip: on Debian/Ubuntu `apt-get install python3 python3-venv`, \
         or run `.ci/run`, which installs them"
    );
    let _ = std::fs::remove_dir_all(dir);
    eprintln!("installing moto[server]=={MOTO_VERSION} into {} (once)", dir.display());
    run(Command::new("python3").args(["-m", "venv"]).arg(dir), "python3 -m venv (is python3-venv installed?)");
    run(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("moto[server]=={MOTO_VERSION}")),
        "pip install moto[server]",
    );
    std::fs::write(&marker, MOTO_VERSION).expect("write install marker");
    python
}

fn start() -> Server {
    let python = install(&venv_dir());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/moto_server.py");
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start moto server");
    let stdout = child.stdout.take().expect("moto stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("read moto port");
    let port: u16 = line.trim().parse().unwrap_or_else(|_| panic!("moto printed {line:?} instead of its port"));
    Server { port, _child: child }
}

fn reset(port: u16) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to moto");
    write!(
        stream,
        "POST /moto-api/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .expect("send reset");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read reset answer");
    assert!(answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200"), "moto reset: {answer}");
}

/// SDK configuration for the moto server, with throwaway static credentials.
pub async fn sdk_config(url: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("testing", "testing", None, None, "orgtui-tests"))
        .load()
        .await
}

/// An SDK client (to seed the server as AWS would be) and orgtui's `aws` implementation, both on moto.
pub async fn clients(url: &str) -> (aws_sdk_organizations::Client, orgtui::api::aws::AwsOrg) {
    let conf = sdk_config(url).await;
    (aws_sdk_organizations::Client::new(&conf), orgtui::api::aws::AwsOrg::from_conf(&conf))
}
