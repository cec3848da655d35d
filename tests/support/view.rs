//! Drawing the app into ratatui's TestBackend and reading the screen back as text.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orgtui::api::OrgApi;
use orgtui::app::{Model, Msg, Source};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::drive;

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Presses a key that is not a character (Enter, Esc, Tab, Backspace, ...).
pub async fn hit(model: &mut Model, api: &dyn OrgApi, key: KeyCode) {
    drive::send(model, api, code(key)).await;
}

/// The toast on screen says `text`.
pub fn assert_toast(model: &Model, text: &str) {
    assert!(model.toast.as_ref().is_some_and(|t| t.text.contains(text)), "toast {:?}, expected {text:?}", model.toast);
}

pub fn screen(model: &Model, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| orgtui::ui::view(model, f)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol().to_owned()).collect::<String>()).collect()
}

/// A model over `api`, started and settled at the given size, as the binary would open it.
pub async fn model_for(api: &dyn OrgApi, width: u16, height: u16, read_only: bool) -> Model {
    let org = api.describe_organization().await.ok();
    let mut model = Model::new(org, Source::Demo, read_only);
    drive::send(&mut model, api, Msg::Resize(width, height)).await;
    drive::start(&mut model, api).await;
    model
}

/// Types `keys`, one character at a time.
pub async fn press(model: &mut Model, api: &dyn OrgApi, keys: &str) {
    for c in keys.chars() {
        drive::send(model, api, key(c)).await;
    }
}

pub fn find(lines: &[String], needle: &str) -> usize {
    lines
        .iter()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{}", lines.join("\n")))
}
