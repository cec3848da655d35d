//! A loopback proxy in front of moto that behaves the way AWS Organizations does where it matters for
//! speed and for finishing at all:
//!
//! - **throttling**: a token bucket (`rate` requests a second, `burst` at once); a request that finds
//!   it empty is refused with HTTP 400, `x-amzn-ErrorType: TooManyRequestsException` and AWS's JSON
//!   body, and takes no token;
//! - **latency**: every answer is held back by `latency` (a round trip to AWS);
//! - **AWS's answers where moto's differ** (`aws_like`): `ListTargetsForPolicy` in pages of 20 (moto
//!   sends every target at once); `DescribeEffectivePolicy` computed from the policies attached on
//!   the account's path, `EffectivePolicyNotFoundException` where none is (moto answers HTTP 500);
//!   `ListHandshakesForOrganization` an empty list (moto answers HTTP 500).
//!
//! It counts every request by operation, and records the ones it passed on, so a test can tell that
//! no call was made twice. It runs on a thread of its own with its own runtime, for tests and
//! benchmarks alike, and stops when dropped.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The effective policy of each (account, policy type), for organizations too large to compute it
/// from moto on every request (the benchmarks know it from how they built the organization).
pub type EffectiveTable = HashMap<(String, String), String>;

#[derive(Debug, Clone)]
pub struct Shape {
    /// Requests a second the bucket refills with; `f64::INFINITY` never throttles.
    pub rate: f64,
    pub burst: f64,
    pub latency: Duration,
    pub aws_like: bool,
    /// Where given, DescribeEffectivePolicy answers from it instead of asking moto.
    pub effective: Option<Arc<EffectiveTable>>,
    /// Operations answered `AccessDeniedException`, as for a caller whose IAM policy lacks them.
    pub denied: Vec<&'static str>,
}

impl Shape {
    /// Throttles as AWS does at `rate` requests a second with a burst of 20.
    pub fn throttled(rate: f64) -> Self {
        Self { rate, burst: 20.0, latency: Duration::ZERO, aws_like: true, effective: None, denied: Vec::new() }
    }

    pub fn latency(latency: Duration) -> Self {
        Self { rate: f64::INFINITY, burst: f64::INFINITY, latency, aws_like: true, effective: None, denied: Vec::new() }
    }
}

#[derive(Debug, Default)]
pub struct Stats {
    /// Every request by operation, throttled or not.
    pub by_operation: HashMap<String, u64>,
    pub throttled: u64,
    /// What was passed on (operation, body), in order.
    pub passed: Vec<(String, String)>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

struct Shared {
    upstream: SocketAddr,
    shape: Shape,
    bucket: Mutex<Bucket>,
    stats: Mutex<Stats>,
    /// Each policy's whole target list from moto, read on its first page and served page by page
    /// (asking moto for all of them on every page would add moto's time to every page).
    targets: Mutex<HashMap<String, Vec<Value>>>,
}

pub struct Proxy {
    pub url: String,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Proxy {
    /// Starts a proxy on a free loopback port in front of `upstream` (`http://127.0.0.1:PORT`).
    pub fn start(upstream: &str, shape: Shape) -> Self {
        let upstream: SocketAddr =
            upstream.trim_start_matches("http://").trim_end_matches('/').parse().expect("upstream host:port");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let shared = Arc::new(Shared {
            upstream,
            bucket: Mutex::new(Bucket { tokens: shape.burst, at: Instant::now() }),
            targets: Mutex::new(HashMap::new()),
            shape,
            stats: Mutex::new(Stats::default()),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = shared.clone();
        std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("tokio listener");
                tokio::select! {
                    _ = accept(listener, serving) => {}
                    _ = stopped => {}
                }
            });
        });
        Self { url, shared, stop: Some(stop) }
    }

    pub fn stats(&self) -> std::sync::MutexGuard<'_, Stats> {
        self.shared.stats.lock().unwrap()
    }

    /// How many requests reached the proxy (throttled ones included).
    pub fn requests(&self) -> u64 {
        self.stats().by_operation.values().sum()
    }

    /// Requests passed on more than once with the same body: calls made twice. moto answers an
    /// operation it lacks (DescribeResourcePolicy, the invalid-effective-policy calls) with a bare HTTP 500, which a read rightly sends
    /// again as AWS's own 500s are; those are not counted.
    pub fn repeated(&self) -> Vec<(String, String)> {
        const MOTO_LACKS: &[&str] = &[
            "DescribeResourcePolicy",
            "ListAccountsWithInvalidEffectivePolicy",
            "ListEffectivePolicyValidationErrors",
        ];
        let stats = self.stats();
        let mut seen = HashMap::new();
        for call in &stats.passed {
            *seen.entry(call.clone()).or_insert(0) += 1;
        }
        seen.into_iter()
            .filter(|((op, _), n)| *n > 1 && !MOTO_LACKS.iter().any(|l| op.ends_with(l)))
            .map(|(call, _)| call)
            .collect()
    }

    pub fn reset_stats(&self) {
        *self.stats() = Stats::default();
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(serve(stream, shared.clone()));
    }
}

struct Message {
    head: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

async fn read_message<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut R) -> Option<Message> {
    let mut head = String::new();
    if reader.read_line(&mut head).await.ok()? == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let mut message = Message { head: head.trim_end().to_owned(), headers, body: Vec::new() };
    let length: usize = message.header("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    message.body = vec![0; length];
    reader.read_exact(&mut message.body).await.ok()?;
    Some(message)
}

fn response(status: u16, extra: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status} X\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: proxy\r\n");
    for (name, value) in extra {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    out.into_bytes()
}

fn error(status: u16, code: &str, message: &str) -> Vec<u8> {
    response(status, &[("x-amzn-ErrorType", code)], &json!({"__type": code, "Message": message}).to_string())
}

async fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut upstream: Option<BufReader<TcpStream>> = None;
    while let Some(request) = read_message(&mut reader).await {
        let operation = request.header("x-amz-target").unwrap_or("").rsplit('.').next().unwrap_or("").to_owned();
        let admitted = take_token(&shared);
        {
            let mut stats = shared.stats.lock().unwrap();
            *stats.by_operation.entry(operation.clone()).or_default() += 1;
            if admitted {
                stats.passed.push((operation.clone(), String::from_utf8_lossy(&request.body).into_owned()));
            } else {
                stats.throttled += 1;
            }
        }
        let answer = if admitted {
            answer(&shared, &mut upstream, &operation, &request).await
        } else {
            Some(error(
                400,
                "TooManyRequestsException",
                "You have sent too many requests in too short a period of time. Try again later.",
            ))
        };
        tokio::time::sleep(shared.shape.latency).await;
        let Some(answer) = answer else { return };
        if write.write_all(&answer).await.is_err() {
            return;
        }
    }
}

fn take_token(shared: &Shared) -> bool {
    if shared.shape.rate.is_infinite() {
        return true;
    }
    let mut bucket = shared.bucket.lock().unwrap();
    let now = Instant::now();
    let refill = now.duration_since(bucket.at).as_secs_f64() * shared.shape.rate;
    bucket.tokens = (bucket.tokens + refill).min(shared.shape.burst);
    bucket.at = now;
    if bucket.tokens >= 1.0 {
        bucket.tokens -= 1.0;
        true
    } else {
        false
    }
}

async fn answer(
    shared: &Shared,
    upstream: &mut Option<BufReader<TcpStream>>,
    operation: &str,
    request: &Message,
) -> Option<Vec<u8>> {
    if shared.shape.denied.contains(&operation) {
        let message = format!(
            "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: organizations:{operation}"
        );
        return Some(error(400, "AccessDeniedException", &message));
    }
    if !shared.shape.aws_like {
        return forward_raw(shared, upstream, request).await;
    }
    match operation {
        "ListHandshakesForOrganization" => Some(response(200, &[], r#"{"Handshakes":[]}"#)),
        "ListTargetsForPolicy" => Some(targets_page(shared, upstream, request).await),
        "DescribeEffectivePolicy" => Some(effective_policy(shared, upstream, request).await),
        _ => forward_raw(shared, upstream, request).await,
    }
}

/// Passes the request on unchanged and returns moto's answer as it came.
async fn forward_raw(
    shared: &Shared,
    upstream: &mut Option<BufReader<TcpStream>>,
    request: &Message,
) -> Option<Vec<u8>> {
    let reply = exchange(shared, upstream, request).await?;
    let mut out = format!("{}\r\n", reply.head);
    for (name, value) in &reply.headers {
        if !name.eq_ignore_ascii_case("content-length") && !name.eq_ignore_ascii_case("transfer-encoding") {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&reply.body);
    Some(bytes)
}

/// One request to moto over the connection kept for this client (made again if moto closed it).
async fn exchange(shared: &Shared, upstream: &mut Option<BufReader<TcpStream>>, request: &Message) -> Option<Message> {
    let mut bytes = format!("{}\r\n", request.head);
    for (name, value) in &request.headers {
        if !name.eq_ignore_ascii_case("content-length") {
            bytes.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    bytes.push_str(&format!("Content-Length: {}\r\n\r\n", request.body.len()));
    let mut bytes = bytes.into_bytes();
    bytes.extend_from_slice(&request.body);
    for _ in 0..2 {
        if upstream.is_none() {
            *upstream = Some(BufReader::new(TcpStream::connect(shared.upstream).await.ok()?));
        }
        let conn = upstream.as_mut()?;
        if conn.get_mut().write_all(&bytes).await.is_ok()
            && let Some(reply) = read_message(conn).await
        {
            if reply.header("connection").is_some_and(|c| c.eq_ignore_ascii_case("close")) {
                *upstream = None;
            }
            return Some(reply);
        }
        *upstream = None;
    }
    None
}

/// Calls an operation on moto on the proxy's own account (not counted, not throttled), with the
/// client's headers so moto sees the same caller.
async fn call(
    shared: &Shared,
    upstream: &mut Option<BufReader<TcpStream>>,
    like: &Message,
    operation: &str,
    body: Value,
) -> Option<(u16, Value)> {
    let mut headers: Vec<(String, String)> = like
        .headers
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case("x-amz-target") && !n.eq_ignore_ascii_case("content-length"))
        .cloned()
        .collect();
    headers.push(("X-Amz-Target".into(), format!("AWSOrganizationsV20161128.{operation}")));
    let request = Message { head: like.head.clone(), headers, body: body.to_string().into_bytes() };
    let reply = exchange(shared, upstream, &request).await?;
    let status = reply.head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(500);
    Some((status, serde_json::from_slice(&reply.body).unwrap_or(Value::Null)))
}

/// AWS pages ListTargetsForPolicy at 20 (or MaxResults); moto sends everything at once.
async fn targets_page(shared: &Shared, upstream: &mut Option<BufReader<TcpStream>>, request: &Message) -> Vec<u8> {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let size = body["MaxResults"].as_u64().unwrap_or(20).clamp(1, 20) as usize;
    let from: usize =
        body["NextToken"].as_str().and_then(|t| t.strip_prefix("proxy-")).and_then(|n| n.parse().ok()).unwrap_or(0);
    let policy = body["PolicyId"].as_str().unwrap_or_default().to_owned();
    let known = if from == 0 { None } else { shared.targets.lock().unwrap().get(&policy).cloned() };
    let targets = match known {
        Some(targets) => targets,
        None => {
            let whole = json!({"PolicyId": policy});
            let Some((status, all)) = call(shared, upstream, request, "ListTargetsForPolicy", whole).await else {
                return error(500, "InternalFailure", "moto did not answer");
            };
            if status != 200 {
                return response(status, &[], &all.to_string());
            }
            let targets = all["Targets"].as_array().cloned().unwrap_or_default();
            shared.targets.lock().unwrap().insert(policy, targets.clone());
            targets
        }
    };
    let page: Vec<Value> = targets.iter().skip(from).take(size).cloned().collect();
    let mut out = json!({"Targets": page});
    if from + size < targets.len() {
        out["NextToken"] = json!(format!("proxy-{}", from + size));
    }
    response(200, &[], &out.to_string())
}

/// What AWS answers: the policy of the type attached nearest the account on its path (enough for
/// timing; AWS merges them), or EffectivePolicyNotFoundException where none is attached.
async fn effective_policy(shared: &Shared, upstream: &mut Option<BufReader<TcpStream>>, request: &Message) -> Vec<u8> {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let (Some(account), Some(policy_type)) = (body["TargetId"].as_str(), body["PolicyType"].as_str()) else {
        return error(400, "InvalidInputException", "TargetId and PolicyType are required");
    };
    let found = |content: Value| {
        let effective = json!({"EffectivePolicy": {
            "PolicyContent": content,
            "LastUpdatedTimestamp": 1_764_000_000,
            "TargetId": account,
            "PolicyType": policy_type,
        }});
        response(200, &[], &effective.to_string())
    };
    let none =
        || error(400, "EffectivePolicyNotFoundException", "No effective policy of this type applies to the target.");
    if let Some(table) = &shared.shape.effective {
        return match table.get(&(account.to_owned(), policy_type.to_owned())) {
            Some(content) => found(json!(content)),
            None => none(),
        };
    }
    let mut level = account.to_owned();
    for _ in 0..8 {
        let listed =
            call(shared, upstream, request, "ListPoliciesForTarget", json!({"TargetId": level, "Filter": policy_type}));
        let Some((200, listed)) = listed.await else { break };
        if let Some(id) = listed["Policies"].as_array().and_then(|p| p.first()).and_then(|p| p["Id"].as_str()) {
            let described = call(shared, upstream, request, "DescribePolicy", json!({"PolicyId": id})).await;
            return found(described.map(|(_, d)| d["Policy"]["Content"].clone()).unwrap_or(Value::Null));
        }
        if level.starts_with("r-") {
            break;
        }
        let parents = call(shared, upstream, request, "ListParents", json!({"ChildId": level})).await;
        let Some(parent) = parents.and_then(|(_, p)| p["Parents"][0]["Id"].as_str().map(str::to_owned)) else { break };
        level = parent;
    }
    none()
}
