//! Start-up does not pay for the catalogue of AWS actions: opening the demo and drawing its first
//! screens leaves it undecoded; the first check that needs it decodes it. (A test binary of its
//! own: the catalogue is one per process.)

mod support;

use orgtui::api::memory::MemoryOrg;
use orgtui::policy::catalogue;
use support::view::{model_for, press, screen};

#[tokio::test]
async fn the_catalogue_is_decoded_on_first_use_not_at_start_up() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 120, 40, false).await;
    press(&mut model, &api, "jljj").await;
    screen(&model, 120, 40);
    assert!(!catalogue::is_decoded(), "opening and browsing decode nothing");
    assert!(catalogue::get().service("s3").is_some());
    assert!(catalogue::is_decoded());
}
