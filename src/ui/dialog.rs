//! Dialogs drawn over the screen: confirmations (what will change, in words), the invitation form,
//! the organization menu, and messages about failures.

use ratatui::Frame;
use ratatui::layout::Margin;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{safe, theme};
use crate::app::applies::CheckForm;
use crate::app::dialog::{Dialog, InviteForm, MenuItem, Para, Picker, PolicyForm, Tone, menu_items};
use crate::app::inbox::all_features_change;
use crate::app::text_field::TextField;
use crate::app::{Model, layout};
use crate::edit::diff::{DiffLine, Kind as DiffKind};

const WIDTH: u16 = 76;

pub fn draw(model: &Model, frame: &mut Frame, dialog: &Dialog) {
    if let Dialog::Review { title, body, diff, scroll, .. } = dialog {
        review(model, frame, title, body, diff, *scroll);
        return;
    }
    if let Dialog::Search(search_box) = dialog {
        super::search::draw(model, frame, search_box);
        return;
    }
    let (title, lines, warning) = match dialog {
        Dialog::MovePicker(picker) => {
            let n = picker.accounts.len();
            let title = if n == 1 {
                format!("Move {} to...", picker.accounts[0].name)
            } else {
                format!("Move {n} accounts to...")
            };
            (title, super::moving::picker_lines(picker), false)
        }
        Dialog::Confirm { title, body, .. }
        | Dialog::ConfirmDelete { title, body, .. }
        | Dialog::ConfirmStructure { title, body, .. }
        | Dialog::ConfirmAccount { title, body, .. } => {
            (title.clone(), paras(body), body.iter().any(|p| p.tone == Tone::Warning))
        }
        // What the change does to the accounts it reaches comes first: it is what may go wrong.
        Dialog::ConfirmAttachment { title, body, .. }
        | Dialog::ConfirmType { title, body, .. }
        | Dialog::ConfirmMove { title, body, .. } => {
            let mut lines = gate_lines(model);
            if !lines.is_empty() {
                lines.remove(0);
                lines.push(Line::default());
            }
            lines.extend(paras(body));
            (title.clone(), lines, true)
        }
        Dialog::Picker(picker) => (format!("Attach a policy to {}", picker.target_name), picker_lines(picker), false),
        Dialog::Notice { title, body } => (title.clone(), paras(body), true),
        Dialog::AccountForm(form) => {
            (format!("New account in {}", form.path), super::accounts::form_lines(form), false)
        }
        Dialog::AccountEnd { name, cursor, .. } => {
            (format!("Remove or close {name}"), super::accounts::end_lines(name, *cursor), false)
        }
        Dialog::TypeId { title, body, typed, error, .. } => {
            (title.clone(), super::accounts::type_id_lines(body, typed, error.as_deref()), true)
        }
        Dialog::Governance { .. } => (super::governance::TITLE.to_owned(), super::governance::lines(model), false),
        Dialog::StructureForm(form) => (super::structure::title(form), super::structure::lines(form), false),
        Dialog::Invite(form) => ("Invite an account to the organization".to_owned(), form_lines(form), false),
        Dialog::Types { root, types, cursor } => {
            (format!("Policy types in root {}", root.name), type_lines(root, types, *cursor), false)
        }
        Dialog::PolicyForm(form) => {
            let title = match &form.creating {
                Some(t) => format!("New {} policy", t.short()),
                None => "Name and description".to_owned(),
            };
            (title, policy_form_lines(form), false)
        }
        Dialog::NewPolicyType { types, cursor } => {
            ("New policy: which type?".to_owned(), new_type_lines(types, *cursor), false)
        }
        Dialog::Menu { cursor } => ("Organization".to_owned(), menu_lines(model, *cursor), false),
        Dialog::KeptChoice { name, kept, cursor, .. } => {
            (format!("Edit {name}"), super::kept::choice_lines(name, kept, *cursor), false)
        }
        Dialog::KeptList { cursor } => ("Kept edits".to_owned(), super::kept::list_lines(model, *cursor), false),
        Dialog::Check(form) => ("Check an action (offline)".to_owned(), check_lines(model, form), false),
        Dialog::WhereUsed { policy, cursor } => {
            (format!("Where {} is attached", policy.name), where_used_lines(model, policy, *cursor), false)
        }
        Dialog::Review { .. } | Dialog::Search(_) => return,
    };
    let mut lines = lines;
    lines.push(Line::default());
    let screen = frame.area();
    let text_width = WIDTH.min(screen.width.saturating_sub(2)).saturating_sub(4);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let text_rows = u16::try_from(paragraph.line_count(text_width)).unwrap_or(u16::MAX);
    // Borders and the keys line; text longer than the screen scrolls (j/k) above the keys.
    let height = text_rows.saturating_add(3);
    let popup = layout::dialog_popup(screen, WIDTH, height);
    let inner = popup.inner(Margin::new(2, 1));
    let [text_area, keys_area] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Min(0),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(inner);
    let hidden = text_rows.saturating_sub(text_area.height);
    let scroll = match dialog {
        Dialog::Governance { scroll } => *scroll,
        _ => model.whatif.as_ref().map_or(0, |g| g.scroll),
    }
    .min(hidden);
    let border = if warning { theme::warn() } else { theme::border(true) };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(safe(&format!(" {title} "), theme::title(true)));
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    frame.render_widget(paragraph.scroll((scroll, 0)), text_area);
    let mut keys = keys_line(model);
    if hidden > scroll {
        keys.spans.insert(0, Span::styled(format!("↓ {} more  ", hidden - scroll), theme::dim()));
    }
    frame.render_widget(Paragraph::new(keys), keys_area);
}

/// A policy edit under review: what it means, then the diff (scrolled with j/k), then the keys.
/// A policy edit under review: what it means (and any lock-out its what-if found), then the diff
/// and the what-if — side by side when the screen is wide, the diff first otherwise — scrolled with
/// j/k, then the keys.
fn review(model: &Model, frame: &mut Frame, title: &str, body: &[Para], diff: &[DiffLine], scroll: u16) {
    let screen = frame.area();
    let width = (screen.width.saturating_sub(4)).min(160);
    let text_width = width.saturating_sub(4);
    let (critical, rest): (Vec<Para>, Vec<Para>) = model
        .whatif
        .as_ref()
        .map(crate::app::whatif::paras)
        .unwrap_or_default()
        .into_iter()
        .partition(|p| p.tone == Tone::Error);
    let mut head_paras = body.to_vec();
    head_paras.extend(critical);
    let head = Paragraph::new(paras(&head_paras)).wrap(Wrap { trim: false });
    let head_height = u16::try_from(head.line_count(text_width)).unwrap_or(u16::MAX);
    let diff_lines: Vec<Line> = diff
        .iter()
        .map(|d| {
            let style = match d.kind {
                DiffKind::Hunk => theme::key(),
                DiffKind::Removed => theme::error(),
                DiffKind::Added => theme::ok(),
                DiffKind::Same => theme::dim(),
            };
            Line::from(safe(&d.text, style))
        })
        .collect();
    let whatif_lines = paras(&rest);
    // Side by side only when the diff fits its half: the user's own text is never cut.
    let half = text_width / 2;
    let widest = diff.iter().map(|d| d.text.chars().count()).max().unwrap_or(0);
    let side_by_side = !whatif_lines.is_empty() && text_width >= 100 && widest + 2 <= usize::from(half);
    let whatif_rows = Paragraph::new(whatif_lines.clone()).wrap(Wrap { trim: false }).line_count(if side_by_side {
        half
    } else {
        text_width
    });
    let rows = if side_by_side { diff.len().max(whatif_rows) } else { diff.len() + whatif_rows + 1 };
    let rows = u16::try_from(rows).unwrap_or(u16::MAX);
    let height = head_height.saturating_add(rows).saturating_add(5).min(screen.height.saturating_sub(2));
    let popup = layout::dialog_popup(screen, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::warn())
        .title(safe(&format!(" {title} "), theme::title(true)));
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let inner = popup.inner(Margin::new(2, 1));
    let [head_area, diff_area, keys_area] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(head_height.min(inner.height.saturating_sub(2))),
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(head, head_area);
    let area = diff_area.inner(Margin::new(0, u16::from(diff_area.height > 2)));
    if side_by_side {
        let [left, right] = ratatui::layout::Layout::horizontal([
            ratatui::layout::Constraint::Percentage(50),
            ratatui::layout::Constraint::Percentage(50),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(diff_lines).scroll((scroll, 0)), left.inner(Margin::new(1, 0)));
        let whatif = Paragraph::new(whatif_lines).wrap(Wrap { trim: false }).scroll((scroll, 0));
        frame.render_widget(whatif, right.inner(Margin::new(1, 0)));
    } else {
        let mut lines = diff_lines;
        if !whatif_lines.is_empty() {
            lines.push(Line::default());
            lines.extend(whatif_lines);
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), area);
    }
    frame.render_widget(Paragraph::new(keys_line(model)), keys_area);
}

fn style(tone: Tone) -> Style {
    match tone {
        Tone::Plain => Style::new(),
        Tone::Warning => theme::warn(),
        Tone::Quote => theme::quote(),
        Tone::Error => theme::error(),
    }
}

pub(super) fn paras(body: &[Para]) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, p) in body.iter().enumerate() {
        // A list's items stand together, under the line that introduces them.
        let item = p.text.starts_with("• ") && body[i - usize::from(i > 0)].text.ends_with(':')
            || p.text.starts_with("• ") && i > 0 && body[i - 1].text.starts_with("• ");
        if i > 0 && !item {
            lines.push(Line::default());
        }
        lines.push(Line::from(safe(&p.text, style(p.tone))));
    }
    lines
}

/// The what-if of the change being confirmed, and what has been typed when `yes` is needed.
fn gate_lines(model: &Model) -> Vec<Line<'static>> {
    let Some(gate) = &model.whatif else { return Vec::new() };
    let mut lines = vec![Line::default()];
    lines.extend(paras(&crate::app::whatif::paras(gate)));
    lines
}

/// The keys; when `yes` must be typed, what has been typed comes first, so it is always in view.
fn keys_line(model: &Model) -> Line<'static> {
    let mut spans = Vec::new();
    if let Some(gate) = model.whatif.as_ref().filter(|g| g.needs_typing()) {
        spans.push(Span::styled("type yes: ", theme::error()));
        spans.push(safe(&gate.typed, theme::error().add_modifier(Modifier::BOLD)));
        spans.push(Span::styled("_  ", theme::dim()));
    }
    spans.extend(super::status::hint_spans(&crate::app::keys::hints(model)));
    Line::from(spans)
}

/// A labelled text field; the active one shows the cursor.
pub(super) fn input(label: &str, value: &TextField, active: bool, placeholder: &str) -> Vec<Line<'static>> {
    let label_style = if active { theme::title(true) } else { theme::label() };
    let mut spans = vec![Span::raw("  ")];
    if value.is_empty() && !active {
        spans.push(Span::styled(placeholder.to_owned(), theme::dim()));
    } else {
        spans.extend(field_spans(value, Style::new().add_modifier(Modifier::UNDERLINED), active));
    }
    vec![Line::styled(label.to_owned(), label_style), Line::from(spans)]
}

/// A text field's text with its cursor where it is (when the field has the focus).
pub(super) fn field_spans(field: &TextField, style: Style, active: bool) -> Vec<Span<'static>> {
    if !active {
        return vec![safe(field, style)];
    }
    let (before, after) = field.split();
    vec![safe(before, style), Span::styled("▏", theme::key()), safe(after, style)]
}

fn policy_form_lines(form: &PolicyForm) -> Vec<Line<'static>> {
    let mut lines = input("Name", &form.name, !form.on_description, "required");
    lines.push(Line::default());
    lines.extend(input("Description", &form.description, form.on_description, "none"));
    if let Some(error) = &form.error {
        lines.push(Line::default());
        lines.push(Line::from(safe(&format!("✗ {error}"), theme::error())));
    }
    lines
}

fn form_lines(form: &InviteForm) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(
        "The account receives an invitation that stays open for 15 days; nothing changes until it accepts.",
    )];
    lines.push(Line::default());
    lines.extend(input(
        "Account id or root user's email",
        &form.target,
        !form.on_notes,
        "111122223333 or ops@example.com",
    ));
    lines.push(Line::default());
    lines.extend(input("Message to the account (optional)", &form.notes, form.on_notes, "none"));
    if let Some(error) = &form.error {
        lines.push(Line::default());
        lines.push(Line::from(safe(&format!("✗ {error}"), theme::error())));
    }
    lines
}

/// Rows of the picker list shown at once; the list scrolls to keep the cursor in them.
pub(super) const PICKER_ROWS: usize = 12;

fn picker_lines(picker: &Picker) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![Span::styled("Filter ", theme::label())])];
    lines[0].spans.extend(field_spans(&picker.filter, Style::new().add_modifier(Modifier::UNDERLINED), true));
    lines.push(Line::default());
    if picker.policies.is_none() {
        lines.push(Line::styled("listing the policies...", theme::dim()));
        return lines;
    }
    let matches = picker.matches();
    if matches.is_empty() {
        lines.push(Line::styled("No policy matches.", theme::dim()));
        return lines;
    }
    let first = picker.cursor.saturating_sub(PICKER_ROWS - 1);
    for (i, p) in matches.iter().enumerate().skip(first).take(PICKER_ROWS) {
        let short = p.policy.policy_type.short().to_owned();
        let (marker, style) = marked(i == picker.cursor);
        let mut spans = vec![
            Span::raw(marker),
            safe(&format!("[{short}] "), theme::policy_type(&short)),
            safe(&p.policy.name, style),
        ];
        if p.attached {
            spans.push(Span::styled("  attached", theme::dim()));
        }
        if p.policy.aws_managed {
            spans.push(Span::styled("  AWS managed", theme::dim()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::styled(
        format!("{} of {}", matches.len(), picker.policies.as_ref().map_or(0, Vec::len)),
        theme::dim(),
    ));
    if let Some(p) = matches.get(picker.cursor).filter(|p| !p.policy.description.is_empty()) {
        lines.push(Line::from(safe(&p.policy.description, theme::dim())));
    }
    lines
}

/// The mark and style of a list entry, under the cursor or not.
pub(super) fn marked(selected: bool) -> (&'static str, Style) {
    if selected { ("▶ ", theme::cursor(true)) } else { ("  ", Style::new()) }
}

fn new_type_lines(types: &[crate::org::PolicyType], cursor: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("The types enabled in this root:", theme::dim()), Line::default()];
    for (i, t) in types.iter().enumerate() {
        let (marker, style) = marked(i == cursor);
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{:<12}", t.short()), style),
            safe(&format!(" {}", t.as_str()), theme::dim()),
        ]));
    }
    lines
}

fn type_lines(root: &crate::org::Root, types: &[crate::org::PolicyType], cursor: usize) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled("Enter enables or disables the highlighted type (asks first).", theme::dim()),
        Line::default(),
    ];
    for (i, t) in types.iter().enumerate() {
        let status =
            root.policy_types.iter().find(|s| &s.policy_type == t).map_or("not enabled", |s| s.status.as_str());
        let (marker, style) = marked(i == cursor);
        let status_style = if status == "ENABLED" { theme::ok() } else { theme::dim() };
        // Status first, in a fixed column: type names run from 3 to 30 characters.
        lines.push(Line::from(vec![
            Span::styled(marker, style),
            safe(&format!("{status:<12} "), status_style),
            safe(t.short(), style),
            safe(&format!("  {}", t.as_str()), theme::dim()),
        ]));
    }
    lines
}

fn menu_lines(model: &Model, cursor: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match &model.org {
        Some(org) => {
            lines.push(Line::from(vec![
                safe(org.id.as_str(), theme::title(false)),
                safe(&format!("  feature set {}", org.feature_set), Style::new()),
            ]));
            if let Some(change) = all_features_change(&model.inbox) {
                lines.push(Line::from(safe(&format!("Enabling all features: {}", change.text()), theme::warn())));
            }
        }
        None => lines.push(Line::styled("This account belongs to no organization.", theme::dim())),
    }
    lines.push(Line::default());
    for (i, item) in menu_items(model.read_only, model.kept.len()).into_iter().enumerate() {
        let (marker, style) = marked(i == cursor);
        let already = item == MenuItem::EnableAllFeatures && model.org.as_ref().is_some_and(|o| o.feature_set == "ALL");
        let mut spans = vec![Span::styled(format!("{marker}{}", item.label()), style)];
        if already {
            spans.push(Span::styled("  already on", theme::dim()));
        }
        let invalid = model.governance.data.invalid_accounts();
        if item == MenuItem::Governance && model.governance.load == crate::org::tree::LoadState::Loaded && invalid > 0 {
            spans.push(Span::styled(format!("  ⚠ {invalid} not enforced"), theme::warn()));
        }
        lines.push(Line::from(spans));
    }
    if model.read_only {
        lines.push(Line::default());
        lines.push(Line::styled("Read-only mode: entries that change the organization are off.", theme::dim()));
    }
    lines
}

fn check_lines(model: &Model, form: &CheckForm) -> Vec<Line<'static>> {
    // Named as the view's title names it (names come from AWS: cleaned by `safe`).
    let who = match crate::app::applies::subject_kind(model) {
        Some(kind @ crate::org::tree::NodeKind::Account(_)) => kind.describe(),
        Some(kind) => format!("an account in {}", kind.describe()),
        None => "an account here".to_owned(),
    };
    let text = format!("May {who} call this? orgtui reads the SCPs and RCPs along the path; it does not ask AWS.");
    let mut lines = vec![Line::from(safe(&text, theme::dim()))];
    lines.push(Line::default());
    lines.extend(input("Action (wildcards allowed)", &form.action, form.field == 0, "e.g. ec2:RunInstances, s3:Put*"));
    let completions = form.completions(6);
    if !completions.is_empty() {
        let text = format!("  → completes: {}", completions.join("  "));
        lines.push(Line::from(safe(&text, theme::dim())));
    }
    lines.extend(input("Resource ARN (optional)", &form.resource, form.field == 1, "any resource"));
    lines.extend(input(
        "Region (optional)",
        &form.region,
        form.field == 2,
        "e.g. eu-west-1; from the ARN if it has one",
    ));
    lines.extend(input(
        "Request context (optional)",
        &form.context,
        form.field == 3,
        "e.g. aws:ResourceOrgID=o-abc aws:PrincipalTag/team=ops,dev !aws:username",
    ));
    if let Some(error) = &form.error {
        lines.push(Line::default());
        lines.push(Line::from(safe(error, theme::error())));
    }
    lines
}

/// Rows of the where-used list shown at once; the cursor scrolls it.
const TARGET_ROWS: usize = 12;

fn where_used_lines(model: &Model, policy: &crate::org::PolicySummary, cursor: usize) -> Vec<Line<'static>> {
    let Some(entry) = model.targets.get(&policy.id) else { return Vec::new() };
    match &entry.load {
        crate::org::tree::LoadState::Failed(e) => {
            return vec![Line::from(safe(&format!("✗ {e}"), theme::error())), Line::styled("r retries", theme::dim())];
        }
        crate::org::tree::LoadState::Loaded => {}
        _ => return vec![Line::styled(format!("{} listing the targets...", super::spinner(model)), theme::dim())],
    }
    let targets = entry.sorted();
    if targets.is_empty() {
        return vec![Line::styled("Attached nowhere: it applies to nothing until it is attached (A).", theme::dim())];
    }
    let mut lines = Vec::new();
    let first = cursor.saturating_sub(TARGET_ROWS - 1);
    for (i, t) in targets.iter().enumerate().skip(first).take(TARGET_ROWS) {
        let (marker, style) = marked(i == cursor);
        let kind = match t.target_id {
            crate::org::TargetId::Root(_) => "root",
            crate::org::TargetId::Ou(_) => "OU",
            crate::org::TargetId::Account(_) => "account",
        };
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(format!("{kind:<8}"), theme::label()),
            safe(&t.name, style),
            safe(&format!("  {}", t.target_id), theme::dim()),
        ]));
    }
    lines.push(Line::styled(format!("{} target(s)", targets.len()), theme::dim()));
    lines
}
