//! The pure half of the request budget: when the next request may go, and how fast orgtui sends,
//! with time passed in so every rule can be tested without a clock.
//!
//! Until AWS first throttles, requests go as soon as a slot is free (at most `MAX_IN_FLIGHT`). The
//! first throttle turns pacing on: the rate drops to `BETA` times what was being sent, and each
//! success adds a little back (at least 0.1 of the rate, or 1 request/s per second at low rates), so
//! the send rate saws just under what AWS allows instead of halving as a fixed-retry client does.
//! Several replies throttled for the same burst lower the rate once: a throttle for a request sent
//! before the last decrease says nothing new (TCP's one decrease per window).
//!
//! What the user waits for goes first: a background request (the index, revalidation) may start
//! only while no interactive one waits, and never takes the last `RESERVED` slots.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Requests in flight at most, whatever the rate. AWS limits Organizations by rate, not by
/// requests in flight, so this only needs to be large enough that a chain of dependent requests (the
/// pages of a long listing) never queues behind a wide walk: at 60 ms a request, 48 in flight is
/// 800 requests a second, far more than AWS allows one account.
pub const MAX_IN_FLIGHT: usize = 48;
/// Slots a background request never takes, so a key press never waits for a slot to free.
pub const RESERVED: usize = 4;
/// The slowest orgtui goes, in requests per second.
pub const FLOOR: f64 = 0.5;
/// Pacing ends when the rate climbs back here: AWS stopped throttling.
pub const CEILING: f64 = 100.0;
/// The multiplicative decrease on a throttle (CUBIC's β, as the AWS SDKs' adaptive mode uses).
pub const BETA: f64 = 0.7;
/// The window over which the send rate is measured.
const WINDOW: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    /// What a user is waiting for: a key press, a snapshot being taken.
    Interactive,
    /// What nobody waits for: the search index, refreshing a cache.
    Background,
}

/// What a waiting request should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Go: the slot is taken (call `finish` when the answer comes).
    Go,
    /// Its turn, but the pace says not before this instant.
    At(Instant),
    /// Others go first, or no slot is free: wait until something changes.
    Wait,
}

/// How an answered request went, for the rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Throttled,
    /// Any other failure: says nothing about the rate.
    Other,
}

#[derive(Debug, Clone, Default)]
pub struct Pacer {
    /// Requests per second while pacing; None until AWS throttles (and again once it stops).
    rate: Option<f64>,
    /// The earliest the next request may go while pacing.
    next_send: Option<Instant>,
    in_flight: usize,
    last_decrease: Option<Instant>,
    /// When the requests of the last `WINDOW` were sent, to measure the rate.
    sent: VecDeque<Instant>,
    /// Tickets waiting, in order, per priority.
    waiting: [VecDeque<u64>; 2],
    next_ticket: u64,
    /// Counters for the status line and the benchmarks.
    pub sent_total: u64,
    pub throttled_total: u64,
}

fn lane(priority: Priority) -> usize {
    match priority {
        Priority::Interactive => 0,
        Priority::Background => 1,
    }
}

impl Pacer {
    /// The rate orgtui paces itself to, if AWS has made it.
    pub fn rate(&self) -> Option<f64> {
        self.rate
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight
    }

    pub fn waiting(&self) -> usize {
        self.waiting.iter().map(VecDeque::len).sum()
    }

    /// The first waiting of each priority: the only ones whose turn can come next.
    pub fn heads(&self) -> [Option<u64>; 2] {
        [self.waiting[0].front().copied(), self.waiting[1].front().copied()]
    }

    /// A request joins the queue of its priority; the ticket names it in `turn` and `leave`.
    pub fn join(&mut self, priority: Priority) -> u64 {
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.waiting[lane(priority)].push_back(ticket);
        ticket
    }

    /// A request gives up waiting (its caller went away).
    pub fn leave(&mut self, ticket: u64) {
        for queue in &mut self.waiting {
            queue.retain(|t| *t != ticket);
        }
    }

    /// Whether the request holding `ticket` may go now; on `Go` it leaves the queue and holds a slot.
    pub fn turn(&mut self, ticket: u64, now: Instant) -> Turn {
        let interactive_first = self.waiting[0].front() == Some(&ticket);
        let background_first = self.waiting[1].front() == Some(&ticket) && self.waiting[0].is_empty();
        let slots = match (interactive_first, background_first) {
            (true, _) => MAX_IN_FLIGHT,
            (false, true) => MAX_IN_FLIGHT - RESERVED,
            (false, false) => return Turn::Wait,
        };
        if self.in_flight >= slots {
            return Turn::Wait;
        }
        if let Some(at) = self.next_send.filter(|at| *at > now) {
            return Turn::At(at);
        }
        self.waiting[if interactive_first { 0 } else { 1 }].pop_front();
        self.in_flight += 1;
        self.sent_total += 1;
        self.sent.push_back(now);
        if let Some(rate) = self.rate {
            // Paced from the later of now and the slot just used, so an idle spell does not bank a burst.
            let from = self.next_send.map_or(now, |at| at.max(now));
            self.next_send = Some(from + Duration::from_secs_f64(1.0 / rate));
        }
        Turn::Go
    }

    /// The answer to a request sent at `sent_at` came back.
    pub fn finish(&mut self, sent_at: Instant, outcome: Outcome, now: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        match outcome {
            Outcome::Throttled => {
                self.throttled_total += 1;
                let stale = self.last_decrease.is_some_and(|at| sent_at < at);
                if !stale {
                    let measured = self.measured(now);
                    let base = self.rate.map_or(measured, |r| r.min(measured.max(FLOOR)));
                    self.rate = Some((base * BETA).max(FLOOR));
                    self.last_decrease = Some(now);
                    self.next_send = Some(now + Duration::from_secs_f64(1.0 / self.rate.unwrap_or(FLOOR)));
                }
            }
            Outcome::Success => {
                if let Some(rate) = self.rate {
                    let grown = rate + (1.0 / rate).max(0.1);
                    if grown >= CEILING {
                        self.rate = None;
                        self.next_send = None;
                    } else {
                        self.rate = Some(grown);
                    }
                }
            }
            Outcome::Other => {}
        }
    }

    /// Requests sent per second over the last window (at least one: the one that was throttled).
    fn measured(&mut self, now: Instant) -> f64 {
        while self.sent.front().is_some_and(|at| now.duration_since(*at) > WINDOW) {
            self.sent.pop_front();
        }
        (self.sent.len().max(1) as f64) / WINDOW.as_secs_f64()
    }
}
