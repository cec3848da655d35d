//! The view: draws the model, nothing else. No IO, no state changes; every string that came from AWS
//! or a file passes through `sanitize::clean` (via `safe`) before it becomes a span.

pub mod applies;
pub mod details;
mod dialog;
pub mod display;
mod drift;
pub mod fit;
pub mod help;
pub mod inbox;
mod kept;
mod moving;
pub mod policy_pane;
use crate::sanitize;
mod accounts;
mod governance;
mod search;
mod status;
mod structure;
pub mod theme;
mod tree_pane;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use crate::app::{Model, Pane};

pub fn view(model: &Model, frame: &mut Frame) {
    screens(model, frame);
    // Last: the frame brought down to the colours and glyphs the terminal shows.
    display::degrade(frame.buffer_mut(), model.display);
}

fn screens(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    if !layout::fits(area.width, area.height) {
        too_small(frame, area);
        return;
    }
    let areas = layout::areas(area.width, area.height, model.policy_first());
    if model.focus.in_inbox() {
        inbox::draw(model, frame);
    } else if model.focus.in_applies() {
        applies::draw(model, frame);
    } else {
        tree_pane::draw(model, frame, areas.tree);
        details::draw(model, frame, areas.details);
        policy_pane::draw(model, frame, areas.policy);
    }
    status::draw(model, frame, areas.status, areas.footer);
    if let Some(scroll) = model.help_scroll {
        help::draw(model, frame, area, scroll);
    }
    if let Some(d) = &model.dialog {
        dialog::draw(model, frame, d);
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from("orgtui needs a bigger terminal"),
        Line::from(format!("{}×{} now, {MIN_WIDTH}×{MIN_HEIGHT} at least", area.width, area.height)),
        Line::from("q quits"),
    ];
    frame.render_widget(Paragraph::new(text).alignment(Alignment::Center).wrap(Wrap { trim: true }), area);
}

/// A span of untrusted text, cleaned of control characters and escape sequences.
pub(crate) fn safe(text: &str, style: Style) -> Span<'static> {
    Span::styled(sanitize::clean(text).into_owned(), style)
}

/// A bordered pane. Titles can carry names from AWS (a policy's), so they are cleaned here, once.
/// The largest scroll offset that still fills the view: `total` rows of text shown in `visible` rows.
pub(crate) fn scroll_limit(total: usize, visible: usize) -> u16 {
    u16::try_from(total.saturating_sub(visible)).unwrap_or(u16::MAX)
}

/// How far each text the view shows can scroll at the model's size: the view's own measure of its
/// wrapped text, for `update` to clamp offsets with. Only the screen `screens` draws is measured
/// (this runs before every key); texts not on screen measure 0.
pub fn measure(model: &Model) -> layout::ScrollLimits {
    let mut limits = layout::ScrollLimits::default();
    if model.focus.in_inbox() {
        limits.handshake = if model.inbox.selected().is_some() { inbox::scroll_limit(model) } else { 0 };
    } else if model.focus.in_applies() {
        limits.chain = applies::scroll_limit(model, Pane::Chain);
        limits.effective = applies::scroll_limit(model, Pane::Effective);
    } else {
        limits.policy = policy_pane::scroll_limit(model);
        limits.details = details::scroll_limit(model);
    }
    if model.help_scroll.is_some() {
        limits.help = help::scroll_limit(model);
    }
    limits
}

/// Before a key or mouse event reaches `update`: the scroll limits it may step within, measured on
/// the model as it is now (the event loop and the tests' driver both call this).
pub fn measure_for(model: &mut Model, msg: &crate::app::Msg) {
    if matches!(msg, crate::app::Msg::Key(_) | crate::app::Msg::Mouse(_)) {
        model.scroll_limits = measure(model);
    }
}

/// The size of the screen the model was last told about.
pub(crate) fn screen(model: &Model) -> Rect {
    Rect::new(0, 0, model.size.0, model.size.1)
}

/// The focused pane says so in its title, not only by its border's colour: without colour (or in
/// ASCII, which has no heavier border) the focus must still show.
pub(crate) fn pane_block(title: &str, focused: bool) -> Block<'static> {
    let title = if focused { format!(" ▶ {title} ") } else { format!(" {title} ") };
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(focused))
        .title(safe(&title, theme::title(focused)))
}

pub(crate) fn is_focused(model: &Model, pane: Pane) -> bool {
    model.help_scroll.is_none() && model.focus == pane
}

pub(crate) fn spinner(model: &Model) -> &'static str {
    theme::SPINNER[model.spinner % theme::SPINNER.len()]
}
