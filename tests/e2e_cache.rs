//! The real binary opening a cached organization while AWS answers nothing at all: the tree as it
//! was left and a search answered, before any reply; quitting keeps the cache.

mod support;

use std::net::TcpListener;

use orgtui::api::memory::MemoryOrg;
use orgtui::cache::{self, CacheKey};
use support::tmux::Tmux;
use support::view::{model_for, open_path};

/// An endpoint that takes connections and never answers: the first AWS reply never arrives.
fn silent_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    url
}

#[tokio::test]
async fn a_cached_organization_opens_and_answers_a_search_before_aws_replies() {
    let url = silent_endpoint();
    let home = tempfile::tempdir().unwrap();
    let key = CacheKey { profile: None, region: "us-east-1".into(), endpoint: Some(url.clone()) };
    let path = home.path().join(".cache").join("orgtui").join(key.file_name());
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 110, 32, false).await;
    open_path(&mut model, &api, &["Workloads", "Prod", "web-prod"]).await;
    let written = time::OffsetDateTime::now_utc() - time::Duration::hours(3);
    cache::write(&path, &orgtui::app::cache::capture(&model, key.clone(), written).unwrap()).unwrap();

    let env = format!(
        "HOME={} env -u AWS_PROFILE -u XDG_CACHE_HOME AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
         AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true",
        home.path().display()
    );
    let tmux = Tmux::start_with("cache", &format!("--endpoint-url {url}"), &env);
    let screen = tmux.wait_for("cached 3 hours ago, refreshing");
    assert!(screen.contains("▾ ▣ Prod") && screen.contains("web-prod"), "the tree as it was left:\n{screen}");
    tmux.keys(&["/", "d", "a", "t", "a", "-", "l", "a", "k", "e"]);
    let screen = tmux.wait_for("data-lake-prod");
    assert!(screen.contains("Search"), "{screen}");
    tmux.keys(&["Escape", "q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
    // Kept for next time, as old as what it holds (nothing was confirmed by AWS).
    let kept = cache::read(&path, &key).expect("the cache is still there");
    assert_eq!(kept.written_at.unix_timestamp(), written.unix_timestamp());
    assert!(kept.expanded.iter().any(|k| k.ends_with("ou-d3mo-wklprd01")), "{:?}", kept.expanded);
}
