//! The editor round trip with the real binary, a real terminal (tmux), `$EDITOR` set to a script,
//! and a real moto server behind it: what the server holds afterwards is what the user saved.

mod support;

use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::PolicyType;
use support::tmux::Tmux;
use support::{moto, seed};

const SCP: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#;

/// A moto organization whose root has the SCP "DenyLeave" attached; its id.
async fn organization_with_scp(url: &str) -> (Client, String) {
    let client = Client::new(&moto::sdk_config(url).await);
    let seeded = seed::organization(&client).await;
    let policy = client
        .create_policy()
        .name("DenyLeave")
        .description("keep members in")
        .content(SCP)
        .r#type(PolicyType::ServiceControlPolicy)
        .send()
        .await
        .unwrap();
    let id = policy.policy().unwrap().policy_summary().unwrap().id().unwrap().to_owned();
    client.attach_policy().policy_id(&id).target_id(&seeded.root).send().await.unwrap();
    (client, id)
}

/// Root, its Policies group, FullAWSAccess, DenyLeave.
fn select_deny_leave(tmux: &Tmux) {
    tmux.wait_for("⚖ Policies");
    tmux.keys(&["j", "l"]);
    tmux.wait_for("[SCP] DenyLeave");
    tmux.keys(&["j", "j"]);
    tmux.wait_for("Name       DenyLeave");
}

#[tokio::test]
async fn edit_an_scp_in_the_editor_preview_and_save_to_the_server() {
    let server = moto::moto().await;
    let (client, id) = organization_with_scp(&server.url).await;

    let dir = tempfile::tempdir().unwrap();
    let editor = dir.path().join("editor.sh");
    // A first save with a mistake, then a fixed one (as a person would after reading the problems).
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nif [ ! -e {0}/once ]; then touch {0}/once; sed -i 's/\"Deny\"/\"Deni\"/' \"$1\"; else grep -v '^#' \"$1\" | sed 's/\"Deni\"/\"Deny\"/; s/LeaveOrganization\"/LeaveOrganization*\"/' > {0}/fixed; cp {0}/fixed \"$1\"; fi\n",
            dir.path().display()
        ),
    )
    .unwrap();
    let env = format!(
        "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true EDITOR='sh {}'",
        editor.display()
    );
    let tmux = Tmux::start_with("edit", &format!("--endpoint-url {}", server.url), &env);
    select_deny_leave(&tmux);
    tmux.keys(&["e"]);
    let screen = tmux.wait_for("Save DenyLeave");
    assert!(screen.contains("+      \"Action\": \"organizations:LeaveOrganization*\","), "{screen}");
    // The reach is counted after the preview opens.
    tmux.wait_for("affects no member account through 1 root");
    tmux.keys(&["y"]);
    tmux.wait_for("Saved DenyLeave: AWS now holds your version.");
    let stored = client.describe_policy().policy_id(&id).send().await.unwrap();
    let content = stored.policy().unwrap().content().unwrap().to_owned();
    assert_eq!(
        content,
        SCP.replace("LeaveOrganization\"", "LeaveOrganization*\""),
        "the server holds the fixed, minified text"
    );
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
}

#[tokio::test]
async fn leaving_the_editor_without_saving_changes_nothing_on_the_server() {
    let server = moto::moto().await;
    let (client, id) = organization_with_scp(&server.url).await;
    let env = "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true EDITOR=true";
    let tmux = Tmux::start_with("noedit", &format!("--endpoint-url {}", server.url), env);
    select_deny_leave(&tmux);
    tmux.keys(&["e"]);
    tmux.wait_for("DenyLeave: no change, nothing saved");
    let stored = client.describe_policy().policy_id(&id).send().await.unwrap();
    assert_eq!(stored.policy().unwrap().content().unwrap(), SCP);
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("EXIT=").contains("EXIT=0"));
}
