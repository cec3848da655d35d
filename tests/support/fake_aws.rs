//! A loopback HTTP server that answers AWS JSON 1.1 requests from a script, and records what it was
//! sent. For behaviour moto cannot be made to show (throttling, expired tokens, empty pages that
//! still carry a NextToken) and for operations moto does not implement.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Request {
    pub target: String,
    pub body: serde_json::Value,
}

#[derive(Debug, Clone)]
pub struct Reply {
    /// 0: no answer at all (the connection is held open, then closed): a request that times out.
    pub status: u16,
    pub body: String,
}

impl Reply {
    pub fn ok(body: serde_json::Value) -> Self {
        Self { status: 200, body: body.to_string() }
    }

    /// An error as AWS JSON 1.1 services send it.
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Self { status, body: serde_json::json!({"__type": code, "Message": message}).to_string() }
    }

    pub fn error_with(status: u16, body: serde_json::Value) -> Self {
        Self { status, body: body.to_string() }
    }

    /// AWS's throttling answer.
    pub fn throttled() -> Self {
        Self::error(400, "TooManyRequestsException", "You have sent too many requests in too short a period of time.")
    }

    /// Nothing comes back for longer than the client waits.
    pub fn silence() -> Self {
        Self { status: 0, body: String::new() }
    }
}

pub struct FakeAws {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
}

impl FakeAws {
    /// Serves `replies` in order; any request past the end gets a 500.
    pub fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(replies.into_iter()));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, script) = (seen.clone(), script.clone());
                std::thread::spawn(move || serve(stream, &seen, &script));
            }
        });
        Self { url, requests }
    }

    pub fn targets(&self) -> Vec<String> {
        self.requests.lock().unwrap().iter().map(|r| r.target.clone()).collect()
    }
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Request>>, script: &Mutex<std::vec::IntoIter<Reply>>) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut target = String::new();
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).unwrap();
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                match name.to_ascii_lowercase().as_str() {
                    "x-amz-target" => target = value.trim().to_owned(),
                    "content-length" => length = value.trim().parse().unwrap(),
                    _ => {}
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let body = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
        seen.lock().unwrap().push(Request { target, body });
        let reply = script.lock().unwrap().next().unwrap_or(Reply::error(500, "ScriptExhausted", "no more replies"));
        if reply.status == 0 {
            std::thread::sleep(std::time::Duration::from_secs(3));
            return;
        }
        let response = format!(
            "HTTP/1.1 {} X\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: test\r\nContent-Length: {}\r\n\r\n{}",
            reply.status,
            reply.body.len(),
            reply.body
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// The application's SDK client pointed at the fake, with the application's own request budget, so
/// the tests check what users get.
pub async fn aws_org(fake: &FakeAws) -> orgtui::api::aws::AwsOrg {
    aws_org_with(fake, orgtui::api::budget::Budget::new()).await
}

/// The same with a budget of the test's (a short deadline), and a request that gets no answer for a
/// second timed out.
pub async fn aws_org_with(
    fake: &FakeAws,
    budget: std::sync::Arc<orgtui::api::budget::Budget>,
) -> orgtui::api::aws::AwsOrg {
    let conf = super::moto::sdk_config(&fake.url).await;
    let timeouts = aws_config::timeout::TimeoutConfig::builder()
        .operation_attempt_timeout(std::time::Duration::from_secs(1))
        .build();
    let conf = conf.into_builder().timeout_config(timeouts).build();
    orgtui::api::aws::AwsOrg::with_budget(&conf, budget)
}
