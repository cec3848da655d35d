//! One request budget for every AWS call the process makes: the tree, details, the search index,
//! what applies, where used, a snapshot crawl, policy changes and the inbox all go through the same
//! `Budget`, so they never fight each other for AWS's quota.
//!
//! The SDK's own retries are off (`aws.rs`); here a throttled request waits for its turn again, with
//! full-jitter backoff, for as long as AWS keeps answering (up to `THROTTLE_DEADLINE` for one call),
//! while `Pacer` slows everything down and speeds it back up. A request AWS refused for throttling
//! was not acted on, so it is always safe to send again; what else is sent again is the caller's
//! call (`Attempt::Transient`), because a create that timed out may have been made.

mod pacer;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, watch};

pub use pacer::{CEILING, FLOOR, MAX_IN_FLIGHT, Outcome, Pacer, Priority, RESERVED, Turn};

use super::{ApiError, ApiResult};

/// How long one call may stay throttled before orgtui reports it: minutes, because AWS answering
/// "too many requests" means "later", not "no".
pub const THROTTLE_DEADLINE: Duration = Duration::from_secs(10 * 60);
/// A transient failure (5xx, timeout, dropped connection) of a read is tried this many times.
pub const TRANSIENT_ATTEMPTS: u32 = 3;
/// Full-jitter backoff: a wait drawn from 0 to min(CAP, BASE·2ⁿ).
const BACKOFF_BASE: Duration = Duration::from_millis(200);
const BACKOFF_CAP: Duration = Duration::from_secs(10);

tokio::task_local! {
    static PRIORITY: Priority;
}

/// Runs `work` with its AWS calls queued as background work (behind whatever the user waits for).
pub async fn background<F: Future>(work: F) -> F::Output {
    PRIORITY.scope(Priority::Background, work).await
}

fn current_priority() -> Priority {
    PRIORITY.try_with(|p| *p).unwrap_or(Priority::Interactive)
}

/// What one attempt of a call came to, as the caller classifies it.
pub enum Attempt<T> {
    /// An answer (or a failure no retry can change).
    Done(ApiResult<T>),
    /// AWS refused for throttling: nothing was done; try again later.
    Throttled,
    /// No usable answer (5xx, timeout, connection dropped): sent again only if `resend` allows.
    Transient(ApiError),
}

/// What the status bar and the snapshot's progress line say about the budget.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BudgetStatus {
    /// The rate orgtui paces itself to since AWS throttled (requests per second, rounded).
    pub paced_at: Option<u32>,
    /// Requests in flight or waiting their turn.
    pub busy: bool,
}

impl BudgetStatus {
    /// "AWS is throttling: 4 requests/s", while it matters (requests are waiting or in flight).
    pub fn describe(&self) -> Option<String> {
        let rate = self.paced_at.filter(|_| self.busy)?;
        let unit = if rate == 1 { "request" } else { "requests" };
        Some(format!("AWS is throttling: {rate} {unit}/s"))
    }
}

/// Totals since the budget was made, for the benchmarks and the log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub sent: u64,
    pub throttled: u64,
}

pub struct Budget {
    inner: Mutex<Inner>,
    status: watch::Sender<BudgetStatus>,
    deadline: Duration,
}

/// The pacer, and a wake-up for each waiting request. Only the heads of the queues are woken when
/// something changes (the others cannot go yet), so a crawl with thousands of requests queued costs
/// a constant amount per answer, not a wake-up of every waiter.
#[derive(Default)]
struct Inner {
    pacer: Pacer,
    wakers: HashMap<u64, Arc<Notify>>,
}

impl Inner {
    fn wake_heads(&self) {
        for ticket in self.pacer.heads().into_iter().flatten() {
            if let Some(waker) = self.wakers.get(&ticket) {
                // A permit is kept if the waiter is not waiting yet: no wake-up is lost.
                waker.notify_one();
            }
        }
    }
}

impl Default for Budget {
    fn default() -> Self {
        Self::with_deadline(THROTTLE_DEADLINE)
    }
}

impl Budget {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// A budget that gives up on a call throttled for longer than `deadline` (tests use seconds).
    pub fn with_deadline(deadline: Duration) -> Self {
        Self { inner: Mutex::new(Inner::default()), status: watch::channel(BudgetStatus::default()).0, deadline }
    }

    /// Follows the status: a new value each time the pace or whether anything is in flight changes.
    pub fn subscribe(&self) -> watch::Receiver<BudgetStatus> {
        self.status.subscribe()
    }

    pub fn status(&self) -> BudgetStatus {
        *self.status.borrow()
    }

    pub fn counts(&self) -> Counts {
        let inner = self.lock();
        Counts { sent: inner.pacer.sent_total, throttled: inner.pacer.throttled_total }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves the pacer's counters as they were: still usable.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn publish(&self, pacer: &Pacer) {
        let status = BudgetStatus {
            paced_at: pacer.rate().map(|r| r.round().max(1.0) as u32),
            busy: pacer.in_flight() + pacer.waiting() > 0,
        };
        self.status.send_if_modified(|old| {
            let changed = *old != status;
            *old = status;
            changed
        });
    }

    /// Sends `attempt` when the budget allows, again after each throttle, and again after a
    /// transient failure while `resend` allows (reads: `TRANSIENT_ATTEMPTS` in all; creates: never).
    pub async fn run<T, F, Fut>(&self, action: &str, resend: bool, mut attempt: F) -> ApiResult<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Attempt<T>>,
    {
        let priority = current_priority();
        let mut throttled_since: Option<Instant> = None;
        let mut throttles = 0u32;
        let mut transients = 0u32;
        loop {
            let slot = self.acquire(priority).await;
            let outcome = attempt().await;
            let now = now();
            match outcome {
                Attempt::Done(result) => {
                    self.release(slot, if result.is_ok() { Outcome::Success } else { Outcome::Other }, now);
                    return result;
                }
                Attempt::Throttled => {
                    self.release(slot, Outcome::Throttled, now);
                    let since = *throttled_since.get_or_insert(now);
                    if now.duration_since(since) >= self.deadline {
                        tracing::warn!(action, throttles, "still throttled after the deadline");
                        return Err(ApiError::Throttled { action: action.to_owned() });
                    }
                    throttles += 1;
                    tokio::time::sleep(jitter(throttles)).await;
                }
                Attempt::Transient(error) => {
                    self.release(slot, Outcome::Other, now);
                    transients += 1;
                    if !resend || transients >= TRANSIENT_ATTEMPTS {
                        return Err(error);
                    }
                    tracing::info!(action, %error, "retrying after a transient failure");
                    tokio::time::sleep(jitter(transients).max(BACKOFF_BASE / 2)).await;
                }
            }
        }
    }

    /// Waits for a turn: in order within the priority, interactive first, at the pace.
    async fn acquire(&self, priority: Priority) -> Slot<'_> {
        let waker = Arc::new(Notify::new());
        let ticket = {
            let mut inner = self.lock();
            let ticket = inner.pacer.join(priority);
            inner.wakers.insert(ticket, waker.clone());
            self.publish(&inner.pacer);
            ticket
        };
        // If the caller goes away while waiting, its place in the queue goes with it.
        let mut queued = Queued { budget: self, ticket: Some(ticket) };
        loop {
            let turn = self.lock().pacer.turn(ticket, now());
            match turn {
                Turn::Go => {
                    queued.ticket = None;
                    let mut inner = self.lock();
                    inner.wakers.remove(&ticket);
                    // The next in line may be able to go too.
                    inner.wake_heads();
                    return Slot { budget: self, sent_at: now(), done: false };
                }
                Turn::At(at) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(tokio::time::Instant::from_std(at)) => {}
                        _ = waker.notified() => {}
                    }
                }
                Turn::Wait => waker.notified().await,
            }
        }
    }

    /// A request's answer came: the pace learns from it, and whoever may go next is woken.
    fn finish(&self, sent_at: Instant, outcome: Outcome, now: Instant) {
        let mut inner = self.lock();
        inner.pacer.finish(sent_at, outcome, now);
        if outcome == Outcome::Throttled {
            tracing::info!(rate = ?inner.pacer.rate(), "AWS throttled a request; slowing down");
        }
        self.publish(&inner.pacer);
        inner.wake_heads();
    }

    fn release(&self, mut slot: Slot<'_>, outcome: Outcome, now: Instant) {
        slot.done = true;
        self.finish(slot.sent_at, outcome, now);
    }
}

/// The clock the budget reads: tokio's, so tests can pause it.
fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

fn jitter(n: u32) -> Duration {
    let ceiling = BACKOFF_BASE.saturating_mul(1 << n.min(10)).min(BACKOFF_CAP);
    ceiling.mul_f64(fastrand::f64())
}

/// A place in the queue, given back if the wait is abandoned.
struct Queued<'a> {
    budget: &'a Budget,
    ticket: Option<u64>,
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket {
            let mut inner = self.budget.lock();
            inner.pacer.leave(ticket);
            inner.wakers.remove(&ticket);
            self.budget.publish(&inner.pacer);
            inner.wake_heads();
        }
    }
}

/// A slot in flight; freed without a verdict if the request is abandoned mid-flight.
struct Slot<'a> {
    budget: &'a Budget,
    sent_at: Instant,
    done: bool,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.budget.finish(self.sent_at, Outcome::Other, now());
        }
    }
}
