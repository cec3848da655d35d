//! The terminals a bastion offers, rendered with ratatui's TestBackend at 80×24 over the demo: no
//! colour at all (NO_COLOR), 16 colours (GNU screen), and ASCII (LANG=C). On every screen the
//! selected row stays visible and the focused pane says so in words.

mod support;

use crossterm::event::KeyCode;
use orgtui::api::memory::MemoryOrg;
use orgtui::app::Model;
use orgtui::terminal::caps::{Depth, Display};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use support::view::{hit, model_for, press};

const W: u16 = 80;
const H: u16 = 24;

fn frame(model: &Model) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(W, H)).unwrap();
    terminal.draw(|f| orgtui::ui::view(model, f)).unwrap();
    terminal.backend().buffer().clone()
}

fn row(buf: &Buffer, y: u16) -> String {
    (0..W).map(|x| buf[(x, y)].symbol().to_owned()).collect()
}

fn text(buf: &Buffer) -> Vec<String> {
    (0..H).map(|y| row(buf, y)).collect()
}

/// The screens a user goes through: the tree, a policy, what applies with a check, the inbox, help,
/// a confirmation with its what-if.
async fn screens(display: Display) -> Vec<(String, Buffer)> {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, W, H, false).await;
    model.display = display;
    let mut out = vec![("tree".to_owned(), frame(&model))];
    press(&mut model, &api, "jljj").await;
    out.push(("policy".to_owned(), frame(&model)));
    press(&mut model, &api, "k").await;
    press(&mut model, &api, "D").await;
    out.push(("what-if".to_owned(), frame(&model)));
    hit(&mut model, &api, KeyCode::Esc).await;
    press(&mut model, &api, "hjjjjjjjjjjjw").await; // the management account's "what applies"
    press(&mut model, &api, "c").await;
    press(&mut model, &api, "s3:PutObject").await;
    hit(&mut model, &api, KeyCode::Enter).await;
    out.push(("applies".to_owned(), frame(&model)));
    hit(&mut model, &api, KeyCode::Esc).await;
    press(&mut model, &api, "i").await;
    out.push(("inbox".to_owned(), frame(&model)));
    press(&mut model, &api, "?").await;
    out.push(("help".to_owned(), frame(&model)));
    hit(&mut model, &api, KeyCode::Esc).await;
    press(&mut model, &api, "io").await;
    out.push(("menu".to_owned(), frame(&model)));
    out
}

/// The row the tree's cursor is on, found by the style that marks it.
fn marked_rows(buf: &Buffer, marked: impl Fn(&ratatui::buffer::Cell) -> bool) -> Vec<u16> {
    (0..H).filter(|&y| (1..W / 2).filter(|&x| marked(&buf[(x, y)])).count() > 10).collect()
}

#[tokio::test]
async fn without_colour_the_selection_is_reversed_and_no_colour_is_sent() {
    for (name, buf) in screens(Display { depth: Depth::None, ascii: false }).await {
        for cell in &buf.content {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{name}: a colour under NO_COLOR");
        }
        if name == "tree" || name == "policy" {
            let reversed = marked_rows(&buf, |c| c.modifier.contains(Modifier::REVERSED));
            assert!(!reversed.is_empty(), "{name}: the selected row is reversed\n{}", text(&buf).join("\n"));
        }
        assert!(text(&buf).iter().any(|l| l.contains('▶')), "{name}: the focused pane is marked in words");
    }
}

#[tokio::test]
async fn sixteen_colours_use_only_the_sixteen() {
    let sixteen = [
        Color::Reset,
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    for (name, buf) in screens(Display { depth: Depth::Ansi16, ascii: false }).await {
        for cell in &buf.content {
            assert!(sixteen.contains(&cell.fg) && sixteen.contains(&cell.bg), "{name}: {:?} on {:?}", cell.fg, cell.bg);
            assert!(cell.fg != cell.bg || cell.bg == Color::Reset, "{name}: text the colour of its background");
        }
        if name == "tree" {
            let selected = marked_rows(&buf, |c| c.bg != Color::Reset);
            assert!(!selected.is_empty(), "the selected row keeps a background in 16 colours");
        }
    }
}

#[tokio::test]
async fn ascii_glyphs_never_send_a_byte_outside_ascii() {
    for (name, buf) in screens(Display { depth: Depth::Ansi16, ascii: true }).await {
        let lines = text(&buf);
        for line in &lines {
            assert!(line.is_ascii(), "{name}: {line}");
        }
        if name == "tree" {
            assert!(lines[0].starts_with("+ > Organization --"), "{}", lines[0]);
            assert!(lines.iter().any(|l| l.contains("v # Root  r-d3mo")), "{}", lines.join("\n"));
            assert!(lines.iter().any(|l| l.contains("> + Security")));
            assert!(lines.iter().any(|l| l.contains("> P Policies")));
        }
        // orgtui's own "…" is written as three dots, so ASCII shows no stray "~" (which the
        // ASCII glyphs keep for a cut-off name).
        if name == "menu" {
            assert!(lines.iter().any(|l| l.contains("> Invite an account...")), "{}", lines.join("\n"));
        }
    }
}

#[tokio::test]
async fn a_paste_types_into_the_field_and_never_acts_as_keys() {
    use orgtui::app::Msg;
    use orgtui::app::dialog::Dialog;
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, W, H, false).await;
    // Outside a field, a paste is not a key: "q" does not quit, "D" detaches nothing.
    support::drive::send(&mut model, &api, Msg::Paste("qD".into())).await;
    assert!(!model.quit && model.dialog.is_none());
    press(&mut model, &api, "/").await;
    support::drive::send(&mut model, &api, Msg::Paste("web-\u{1b}[2Jprod\n".into())).await;
    let Some(Dialog::Search(search)) = &model.dialog else { panic!("the search box is open") };
    assert_eq!(search.query, "web-[2Jprod", "the escape dropped, the line's end too");
    hit(&mut model, &api, KeyCode::Esc).await;
    // Into the check form's field, and into a typed yes.
    press(&mut model, &api, "jljD").await; // the root's FullAWSAccess: a lock-out
    support::drive::send(&mut model, &api, Msg::Paste("yes".into())).await;
    assert_eq!(model.whatif.as_ref().map(|g| g.typed.as_str()), Some("yes"));
}

/// A message too long for the footer at 80 columns takes the status bar's row for its few seconds,
/// so it is read whole; the status bar is back once it is gone.
#[tokio::test]
async fn a_long_message_at_80_columns_takes_two_rows_and_is_read_whole() {
    let api = MemoryOrg::demo().unwrap().with_caller(orgtui::org::AccountId::parse("444455556666").unwrap());
    let mut model = model_for(&api, W, H, false).await;
    press(&mut model, &api, "ay").await;
    let said =
        "Accepted the invitation to join o-p4rtner0rg1; it is ACCEPTED: changed in the demo (kept until you quit).";
    assert_eq!(model.toast.as_ref().map(|t| t.text.as_str()), Some(said));
    let lines = text(&frame(&model));
    let (status, footer) = (lines[22].trim_end(), lines[23].trim_end());
    assert!(status.starts_with(" ✓ Accepted the invitation"), "{status}");
    assert!(footer.starts_with("   ") && footer.ends_with("(kept until you quit)."), "{footer}");
    let joined = format!("{} {}", status.trim_start_matches(" ✓ "), footer.trim_start());
    assert_eq!(joined, said, "nothing cut, nothing lost");
    model.toast = None;
    let lines = text(&frame(&model));
    // The status bar and the keys are back, each on its own row, with nothing of the message left.
    assert_eq!(lines[22].trim_end(), "  ✉ 1 waiting  no organization │ demo organization");
    assert!(lines[23].starts_with(" Enter read  f filter  Esc back") && lines[23].contains("? help"), "{}", lines[23]);
}

#[tokio::test]
async fn what_does_not_fit_says_so_and_the_status_bar_drops_the_least_important_first() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, W, H, true).await;
    press(&mut model, &api, "jjjjjjjjjj").await; // new-region-pilot, the last root-level account
    let lines = text(&frame(&model));
    // Tree rows cut at the pane's edge end in an ellipsis.
    assert!(lines.iter().any(|l| l.contains("billing-tools  1000002058…")), "{}", lines.join("\n"));
    // The ARN breaks after a separator, not inside an id.
    let row = lines.iter().position(|l| l.contains("│ARN ")).expect("the ARN label");
    let first = lines[row + 1].rsplit("││").next().unwrap_or("").trim_end_matches('│').trim_end().to_owned();
    assert!(first.ends_with('/') || first.ends_with(':'), "{first:?}");
    assert!(lines[row + 2].contains("o-d3mo1example/100004117880"), "{}", lines[row + 2]);
    // The status bar: READ-ONLY and the inbox stay; the source (least important) went whole.
    let status = &lines[22];
    assert!(
        status.contains("READ-ONLY") && status.contains("2 waiting") && status.contains("o-d3mo1example"),
        "{status}"
    );
    assert!(!status.contains("demo organ"), "dropped whole, not cut: {status}");
    let wide = {
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
        terminal.draw(|f| orgtui::ui::view(&model, f)).unwrap();
        let buf = terminal.backend().buffer().clone();
        (0..50).map(|y| (0..200).map(|x| buf[(x, y)].symbol().to_owned()).collect::<String>()).collect::<Vec<_>>()
    };
    assert!(wide[48].contains("demo organization"), "room for everything at 200 columns: {}", wide[48]);
}

#[tokio::test]
async fn help_uses_the_width_it_has_and_wraps_instead_of_cutting() {
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, 200, 50, false).await;
    press(&mut model, &api, "?").await;
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    terminal.draw(|f| orgtui::ui::view(&model, f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let lines: Vec<String> = (0..50).map(|y| (0..200).map(|x| buf[(x, y)].symbol().to_owned()).collect()).collect();
    let top = lines.iter().find(|l| l.contains("▶ Keys")).unwrap();
    assert!(top.trim().chars().count() > 120, "wider than 84 columns at 200: {top}");
    let whole = "what applies to the selected account or OU: SCPs/RCPs by level, an action check, effective policies";
    assert!(lines.iter().any(|l| l.contains(whole)), "a long description whole at this width");
    // At 80 columns the same description wraps, every word kept, none cut.
    let lines = text(&frame(&model));
    let at = lines.iter().position(|l| l.contains("what applies to the selected")).expect("the w line");
    let shown = lines[at..at + 3].join("\n");
    assert!(lines[at + 1].contains("SCPs/RCPs by level, an action check, effective"), "{shown}");
    assert!(lines[at + 2].contains("   policies "), "the rest on the next line, under the description: {shown}");
}

#[tokio::test]
async fn with_the_mouse_the_wheel_scrolls_a_click_selects_and_a_footer_hint_is_pressed() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    use orgtui::app::{Msg, Pane};
    let api = MemoryOrg::demo().unwrap();
    let mut model = model_for(&api, W, H, false).await;
    let mouse = |kind, column, row| Msg::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE });
    // A click on the tree's fourth row (inside the border: row 4 of the screen) selects it.
    support::drive::send(&mut model, &api, mouse(MouseEventKind::Down(MouseButton::Left), 5, 4)).await;
    assert_eq!(model.cursor, 3);
    assert_eq!(model.selected_kind().map(|k| k.name().to_owned()).as_deref(), Some("Infrastructure"));
    // The wheel over the tree moves down three rows.
    support::drive::send(&mut model, &api, mouse(MouseEventKind::ScrollDown, 5, 10)).await;
    assert_eq!(model.cursor, 6);
    // A click on the details pane focuses it.
    support::drive::send(&mut model, &api, mouse(MouseEventKind::Down(MouseButton::Left), 60, 5)).await;
    assert_eq!(model.focus, Pane::Details);
    // A click on the footer's "? help" presses ?.
    let hints = orgtui::app::layout::footer_hints(&model, W);
    let help = hints.iter().find(|h| h.hint.1 == "help").expect("help in the footer");
    support::drive::send(&mut model, &api, mouse(MouseEventKind::Down(MouseButton::Left), help.columns.start, H - 1))
        .await;
    assert!(model.help_scroll.is_some(), "help opened");
}

#[tokio::test]
async fn the_footer_hints_stand_where_the_footer_draws_them() {
    let api = MemoryOrg::demo().unwrap();
    let model = model_for(&api, W, H, false).await;
    let footer = row(&frame(&model), H - 1);
    for hint in orgtui::app::layout::footer_hints(&model, W) {
        let at: String =
            footer.chars().skip(usize::from(hint.columns.start)).take(hint.hint.0.chars().count()).collect();
        assert_eq!(at, hint.hint.0, "{footer}");
    }
}
