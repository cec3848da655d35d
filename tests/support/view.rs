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
    // Recovery files of this model only: never the machine's, never another test's.
    model.recovery_dir = Some(tempfile::tempdir().unwrap().keep());
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

/// The names from the root down to the selected node.
pub fn selected_path(model: &Model) -> Vec<String> {
    let Some(selected) = model.selected() else { return Vec::new() };
    model.tree.path(selected).iter().filter_map(|&id| model.tree.get(id)).map(|n| n.kind.name().to_owned()).collect()
}

/// Moves the tree cursor to the first visible row named `name`.
pub async fn select(model: &mut Model, api: &dyn OrgApi, name: &str) {
    press(model, api, "g").await;
    for _ in 0..model.rows.len() {
        if model.selected_kind().is_some_and(|k| k.name() == name) {
            return;
        }
        press(model, api, "j").await;
    }
    panic!("{name} not in the tree");
}

/// Opens the tree down a path of names (each expanded in turn) and leaves the cursor on the last.
pub async fn open_path(model: &mut Model, api: &dyn OrgApi, names: &[&str]) {
    select(model, api, names[0]).await;
    for name in &names[1..] {
        press(model, api, "l").await;
        // The children come right after their parent: look below it, not from the top.
        while model.selected_kind().is_none_or(|k| k.name() != *name) {
            let before = model.cursor;
            press(model, api, "j").await;
            assert_ne!(before, model.cursor, "{name} not under the previous level");
        }
    }
}

/// `A` on the selected target, the picker filtered by `filter`, and its best match chosen: the
/// confirmation (and its what-if) opens.
pub async fn choose_to_attach(model: &mut Model, api: &dyn OrgApi, filter: &str) {
    press(model, api, "A").await;
    press(model, api, filter).await;
    hit(model, api, KeyCode::Enter).await;
}

/// Types `text` into the open dialog's field, then presses Tab.
pub async fn field(model: &mut Model, api: &dyn OrgApi, text: &str) {
    press(model, api, text).await;
    hit(model, api, KeyCode::Tab).await;
}

/// Asks the action checker through its form (`c`), each field cleared first: the form keeps what
/// was typed last time.
pub async fn ask(model: &mut Model, api: &dyn OrgApi, action: &str, resource: &str, region: &str) {
    ask_in_context(model, api, action, resource, region, "").await;
}

/// As `ask`, with the request's context (`key=value !key …`).
pub async fn ask_in_context(
    model: &mut Model,
    api: &dyn OrgApi,
    action: &str,
    resource: &str,
    region: &str,
    context: &str,
) {
    use orgtui::app::applies::CheckForm;
    use orgtui::app::dialog::Dialog;
    press(model, api, "c").await;
    for text in [action, resource, region, context] {
        let typed = match &model.dialog {
            Some(Dialog::Check(CheckForm { action, resource, region, context, field, .. })) => {
                [action, resource, region, context][*field].chars().count()
            }
            other => panic!("the check form is not open: {other:?}"),
        };
        for _ in 0..typed {
            hit(model, api, KeyCode::Backspace).await;
        }
        press(model, api, text).await;
        hit(model, api, KeyCode::Tab).await;
    }
    hit(model, api, KeyCode::Enter).await;
}
