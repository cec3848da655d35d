//! Search against a real moto server: the background index built through orgtui's `aws`
//! implementation (ListAccounts paged past 20, the OU walk three levels deep, ListPolicies), and the
//! jump from a result to an account the tree has never opened.

mod support;

use crossterm::event::KeyCode;
use orgtui::app::dialog::Dialog;
use support::moto::clients;
use support::view::{find, hit, model_for, press, screen, selected_path};
use support::{moto, seed};

#[tokio::test]
async fn search_finds_any_account_of_a_moto_organization_and_jumps_there() {
    let server = moto::moto().await;
    let (client, api) = clients(&server.url).await;
    let mut seeded = seed::organization(&client).await;
    let [_, prod, payments, ledger] = seed::three_levels(&client, &mut seeded, "ledger-main").await;
    // Enough accounts for ListAccounts to page (20 a page), spread over the levels.
    for i in 0..24 {
        let parent = [&seeded.root.clone(), &prod, &payments][i % 3].clone();
        seed::account(&client, &mut seeded, &parent, &format!("team-{i:02}")).await;
    }
    seed::scp(&client, "DenyLeave", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#, &[&prod]).await;

    let mut model = model_for(&api, 140, 45, true).await;
    let counts = model.search.counts();
    assert_eq!(counts.accounts, seeded.accounts.len(), "every account, through ListAccounts' pages");
    assert_eq!(counts.ous, seeded.ous.len(), "every OU, through the walk");
    assert_eq!(counts.policies, 2, "FullAWSAccess and DenyLeave");
    assert_eq!(model.search.incomplete(), None);

    let email_fragment = "ledger-main@example";
    let id_fragment = &ledger[4..];
    for query in ["ledger-main", email_fragment, id_fragment] {
        press(&mut model, &api, "/").await;
        press(&mut model, &api, query).await;
        let Some(Dialog::Search(b)) = &model.dialog else { panic!("no search box") };
        let top = model.search.index.entry(b.hits[0].entry).unwrap();
        assert!(top.text.starts_with(&format!("ledger-main  {ledger}")), "{query:?} → {}", top.text);
        hit(&mut model, &api, KeyCode::Enter).await;
        assert_eq!(model.selected_kind().map(|k| k.name().to_owned()).as_deref(), Some("ledger-main"));
        find(&screen(&model, 140, 45), &format!("ledger-main  {ledger}"));
        // Back to the top, collapsed, for the next query.
        press(&mut model, &api, "g").await;
        press(&mut model, &api, "h").await;
    }

    press(&mut model, &api, "/").await;
    press(&mut model, &api, "team-13").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    assert_eq!(selected_path(&model), ["Root", "Workloads", "Prod", "team-13"], "team-13 was moved into Prod");
}
