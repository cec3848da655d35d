//! Managing the structure with the real binary in a real terminal (tmux) against a real moto server:
//! three accounts marked and moved to another OU after a confirmation, that OU renamed, one account
//! tagged and found again by `tag:` — and the server holds each change.

mod support;

use aws_sdk_organizations::Client;
use support::tmux::Tmux;
use support::{moto, seed};

const ENV: &str =
    "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true";

async fn names_under(client: &Client, parent: &str) -> Vec<String> {
    let out = client.list_accounts_for_parent().parent_id(parent).send().await.unwrap();
    let mut names: Vec<String> = out.accounts().iter().filter_map(|a| a.name().map(str::to_owned)).collect();
    names.sort();
    names
}

#[tokio::test]
async fn mark_three_accounts_move_them_rename_the_ou_tag_one_and_find_it_by_tag() {
    let server = moto::moto().await;
    let client = Client::new(&moto::sdk_config(&server.url).await);
    let mut seeded = seed::organization(&client).await;
    let root = seeded.root.clone();
    let staging = seed::ou(&client, &mut seeded, &root, "Staging").await;
    let alpha = seed::account(&client, &mut seeded, &root, "alpha").await;
    for name in ["bravo", "charlie"] {
        seed::account(&client, &mut seeded, &root, name).await;
    }
    let tmux = Tmux::start_with("structure", &format!("--endpoint-url {}", server.url), ENV);
    tmux.wait_for("charlie");
    // The three members are the last rows: mark each from the bottom up.
    tmux.keys(&["G", "m", "k", "m", "k", "m"]);
    tmux.wait_for("3 marked");
    tmux.keys(&["M"]);
    tmux.wait_for("Move 3 accounts to");
    tmux.keys(&["stag", "Enter"]);
    let screen = tmux.wait_for("Move 3 accounts to Root › Staging?");
    assert!(screen.contains("moves from Root to Root › Staging"), "{screen}");
    // The what-if has read the organization from moto before y can answer.
    tmux.wait_for("Reaches 3 accounts:");
    tmux.keys(&["y"]);
    tmux.wait_for("Moved 3 accounts to Root › Staging");
    assert_eq!(names_under(&client, &staging).await, ["alpha", "bravo", "charlie"]);

    // Rename Staging: the root's rows are Root, Policies, Staging.
    tmux.keys(&["g", "j", "j"]);
    tmux.wait_for("Name       Staging");
    tmux.keys(&["E"]);
    tmux.wait_for("Rename the OU Staging");
    tmux.keys(&["C-u", "Preprod", "Enter"]);
    tmux.wait_for("Rename Staging to Preprod?");
    tmux.keys(&["y"]);
    tmux.wait_for("Renamed the OU to Preprod");
    let ou = client.describe_organizational_unit().organizational_unit_id(&staging).send().await.unwrap();
    assert_eq!(ou.organizational_unit().unwrap().name(), Some("Preprod"));

    // Tag the first account in it, then find it by the tag.
    tmux.wait_for("Name       Preprod");
    tmux.keys(&["l"]);
    tmux.wait_for("alpha");
    tmux.keys(&["j", "j"]);
    tmux.wait_for("Name       alpha");
    tmux.wait_for("Tags");
    tmux.keys(&["t"]);
    tmux.wait_for("Tags of Root › Preprod › alpha");
    tmux.keys(&["team=payments", "Enter"]);
    tmux.wait_for("Change a tag of Root › Preprod › alpha?");
    tmux.keys(&["y"]);
    tmux.wait_for("Changed 1 tag");
    let tags = client.list_tags_for_resource().resource_id(&alpha).send().await.unwrap();
    let pairs: Vec<(&str, &str)> = tags.tags().iter().map(|t| (t.key(), t.value())).collect();
    assert_eq!(pairs, [("team", "payments")]);
    tmux.keys(&["g", "/", "tag:team=payments"]);
    tmux.wait_for("1 with the tag");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Name       alpha");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
}
