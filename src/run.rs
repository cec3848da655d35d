//! The event loop: terminal input, signals and worker replies all arrive as `Msg`s; `update` decides;
//! the view draws only when the model changed. While idle nothing wakes up: no tick, no redraw.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{mpsc, watch};

use crate::api::OrgApi;
use crate::api::budget::BudgetStatus;
use crate::app::update::{init, update};
use crate::app::{Effect, Model, Msg};
use crate::terminal::TerminalGuard;
use crate::ui;
use crate::worker::Worker;

/// How the loop ended, so main can choose the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(i32),
}

const TICK: Duration = Duration::from_millis(100);

/// Runs the UI until the user quits or a signal ends it. `budget` follows the request budget's status
/// (None for the demo and snapshots, which AWS does not throttle).
/// `startup` holds effects the model asked for before the loop began (a restored cache's policy texts).
/// Returns how the loop ended and the model as it was then (for the cache).
pub async fn run(
    api: Arc<dyn OrgApi>,
    mut model: Model,
    mut budget: Option<watch::Receiver<BudgetStatus>>,
    startup: Vec<Effect>,
) -> anyhow::Result<(Exit, Model)> {
    let mut guard = TerminalGuard::enter(model.mouse)?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let worker = Worker::new(api, tx);
    let mut events = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut ticks = tokio::time::interval(TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);

    let size = guard.terminal.size()?;
    update(&mut model, Msg::Resize(size.width, size.height));
    let mut editor: Option<(String, String)> = None;
    dispatch(&worker, startup, &mut editor);
    dispatch(&worker, init(&mut model), &mut editor);
    let mut exit = Exit::Quit;
    loop {
        if model.suspend {
            // As around the editor: no event reader while the shell has the terminal.
            model.suspend = false;
            drop(events);
            guard.stop_and_continue()?;
            events = EventStream::new();
            model.dirty = true;
            continue;
        }
        if let Some((command, text)) = editor.take() {
            // The editor owns the terminal meanwhile: no UI, and no event reader competing for its keys.
            drop(events);
            guard.suspend();
            let edited = crate::worker::edit::open_editor(command, text).await;
            guard.resume()?;
            events = EventStream::new();
            model.dirty = true;
            dispatch(&worker, update(&mut model, edited), &mut editor);
            continue;
        }
        // After SIGTERM/SIGHUP the terminal may be gone: no more drawing, only the way out (which
        // can wait for an open edit to reach its recovery file).
        if model.dirty && exit == Exit::Quit {
            guard.terminal.draw(|frame| ui::view(&model, frame))?;
            model.dirty = false;
        }
        let animating = model.in_flight > 0;
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Paste(text))) => Msg::Paste(text),
                Some(Ok(Event::Mouse(event))) => Msg::Mouse(event),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e.into()),
                // The terminal is gone (e.g. the ssh session closed): nothing left to draw on.
                None => Msg::Terminate,
            },
            Some(msg) = rx.recv() => msg,
            Some(status) = budget_changed(&mut budget) => Msg::Budget(status),
            _ = ticks.tick(), if animating => Msg::Tick,
            _ = sigterm.recv() => { exit = Exit::Signal(15); Msg::Terminate }
            _ = sighup.recv() => { exit = Exit::Signal(1); Msg::Terminate }
        };
        // Relative times ("expires in 3 days") are read from the moment of the last event.
        model.now = time::OffsetDateTime::now_utc();
        ui::measure_for(&mut model, &msg);
        dispatch(&worker, update(&mut model, msg), &mut editor);
        // Apply every reply already waiting before drawing once.
        while let Ok(msg) = rx.try_recv() {
            dispatch(&worker, update(&mut model, msg), &mut editor);
        }
        if model.quit {
            break;
        }
    }
    drop(guard);
    Ok((exit, model))
}

/// Writes the OSC 52 sequence between frames (ratatui has flushed; the sequence moves no cursor).
fn copy(text: &str) {
    use std::io::Write;
    let env = |k: &str| std::env::var(k).ok();
    let via = crate::clipboard::Multiplexer::detect(&env, &crate::clipboard::ancestors());
    let sequence = crate::clipboard::osc52(text, via);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(sequence.as_bytes()).and_then(|()| out.flush()) {
        tracing::warn!(error = %e, "the clipboard sequence could not be written");
    }
}

/// The budget's next status; never, once there is none to follow.
async fn budget_changed(budget: &mut Option<watch::Receiver<BudgetStatus>>) -> Option<BudgetStatus> {
    let rx = budget.as_mut()?;
    if rx.changed().await.is_err() {
        *budget = None;
        return None;
    }
    Some(*rx.borrow_and_update())
}

/// Effects go to the worker, except the editor and the clipboard, which need the terminal the loop holds.
fn dispatch(worker: &Worker, effects: Vec<Effect>, editor: &mut Option<(String, String)>) {
    for effect in effects {
        match effect {
            Effect::OpenEditor { editor: command, text } => *editor = Some((command, text)),
            Effect::Copy { text } => copy(&text),
            other => worker.run(other),
        }
    }
}
