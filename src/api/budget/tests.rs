use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use super::pacer::BETA;
use super::*;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Sends one request through the pacer at `now` (it must be allowed to go) and returns when it went.
fn go(pacer: &mut Pacer, priority: Priority, now: Instant) -> Instant {
    let ticket = pacer.join(priority);
    assert_eq!(pacer.turn(ticket, now), Turn::Go, "the request may go at once");
    now
}

/// Sends one request as soon as the pace allows from `t`, returning when it went.
fn next_allowed(pacer: &mut Pacer, t: Instant) -> Instant {
    let ticket = pacer.join(Priority::Interactive);
    match pacer.turn(ticket, t) {
        Turn::Go => t,
        Turn::At(at) => {
            assert_eq!(pacer.turn(ticket, at), Turn::Go);
            at
        }
        Turn::Wait => panic!("nothing else is in flight"),
    }
}

/// A pacer that has been throttled once, at the instant returned: pacing at 1/s × β.
fn throttled_once() -> (Pacer, Instant) {
    let mut pacer = Pacer::default();
    let t0 = Instant::now();
    let sent = go(&mut pacer, Priority::Interactive, t0);
    pacer.finish(sent, Outcome::Throttled, t0);
    (pacer, t0)
}

#[test]
fn before_any_throttle_requests_go_at_once_up_to_the_slots() {
    let mut pacer = Pacer::default();
    let t0 = Instant::now();
    for _ in 0..MAX_IN_FLIGHT {
        go(&mut pacer, Priority::Interactive, t0);
    }
    let ticket = pacer.join(Priority::Interactive);
    assert_eq!(pacer.turn(ticket, t0), Turn::Wait, "every slot is taken");
    pacer.finish(t0, Outcome::Success, t0 + ms(50));
    assert_eq!(pacer.turn(ticket, t0 + ms(50)), Turn::Go);
    assert_eq!(pacer.rate(), None, "no pacing before AWS throttles");
}

#[test]
fn a_throttle_lowers_the_rate_multiplicatively_from_what_was_sent() {
    let mut pacer = Pacer::default();
    let t0 = Instant::now();
    // 20 requests in the last second.
    for i in 0..20 {
        let at = go(&mut pacer, Priority::Interactive, t0 + ms(i * 40));
        pacer.finish(at, Outcome::Success, at + ms(10));
    }
    let sent = go(&mut pacer, Priority::Interactive, t0 + ms(800));
    pacer.finish(sent, Outcome::Throttled, t0 + ms(810));
    let rate = pacer.rate().expect("pacing after a throttle");
    assert!((rate - 21.0 * BETA).abs() < 1e-9, "21 sent in the window, times β: {rate}");
    // A second throttle for a request sent before that decrease says nothing new.
    pacer.finish(t0 + ms(805), Outcome::Throttled, t0 + ms(820));
    assert_eq!(pacer.rate(), Some(rate), "one decrease per burst");
    // One sent after the decrease and throttled lowers it again.
    let t = t0 + ms(1000);
    let sent = go(&mut pacer, Priority::Interactive, t);
    pacer.finish(sent, Outcome::Throttled, t + ms(10));
    assert!(pacer.rate().unwrap() < rate);
}

#[test]
fn pacing_spaces_requests_at_the_rate_and_banks_no_burst() {
    let (mut pacer, t0) = throttled_once();
    // One request in the window: 1/s × β, held at the floor or above.
    let rate = pacer.rate().unwrap();
    assert!((rate - BETA).abs() < 1e-9, "{rate}");
    let gap = Duration::from_secs_f64(1.0 / rate);
    let ticket = pacer.join(Priority::Interactive);
    assert_eq!(pacer.turn(ticket, t0), Turn::At(t0 + gap), "the next waits its gap");
    assert_eq!(pacer.turn(ticket, t0 + gap), Turn::Go);
    // After a long idle spell only one goes at once: the pace does not accumulate.
    let later = t0 + Duration::from_secs(60);
    go(&mut pacer, Priority::Interactive, later);
    let ticket = pacer.join(Priority::Interactive);
    assert!(matches!(pacer.turn(ticket, later), Turn::At(_)));
}

#[test]
fn successes_raise_the_rate_gradually_and_end_pacing_at_the_ceiling() {
    let mut pacer = Pacer::default();
    let mut t = Instant::now();
    let sent = go(&mut pacer, Priority::Interactive, t);
    pacer.finish(sent, Outcome::Throttled, t);
    let mut rates = vec![pacer.rate().unwrap()];
    while pacer.rate().is_some() {
        t = next_allowed(&mut pacer, t);
        pacer.finish(t, Outcome::Success, t);
        rates.extend(pacer.rate());
        assert!(rates.len() < 1000, "pacing never ended");
    }
    assert!(rates.windows(2).all(|w| w[1] > w[0]), "each success adds to the rate");
    // Additive at low rates: from 0.7/s a success never more than doubles it.
    assert!(rates[1] <= rates[0] + 1.0 / rates[0] + 1e-9);
    assert!(*rates.last().unwrap() < CEILING);
}

#[test]
fn the_rate_never_falls_below_the_floor() {
    let mut pacer = Pacer::default();
    let mut t = Instant::now();
    for _ in 0..50 {
        t = next_allowed(&mut pacer, t + Duration::from_secs(3));
        pacer.finish(t, Outcome::Throttled, t);
    }
    assert_eq!(pacer.rate(), Some(FLOOR));
}

#[test]
fn interactive_requests_go_before_background_ones_and_keep_their_reserved_slots() {
    let mut pacer = Pacer::default();
    let t0 = Instant::now();
    let background = pacer.join(Priority::Background);
    let interactive = pacer.join(Priority::Interactive);
    assert_eq!(pacer.turn(background, t0), Turn::Wait, "the interactive request came later but goes first");
    assert_eq!(pacer.turn(interactive, t0), Turn::Go);
    assert_eq!(pacer.turn(background, t0), Turn::Go, "then the background one");
    // Background work fills all but the reserved slots.
    for _ in 2..MAX_IN_FLIGHT - RESERVED {
        go(&mut pacer, Priority::Background, t0);
    }
    let more = pacer.join(Priority::Background);
    assert_eq!(pacer.turn(more, t0), Turn::Wait, "the reserved slots stay free for the user");
    go(&mut pacer, Priority::Interactive, t0);
    pacer.leave(more);
    assert_eq!(pacer.waiting(), 0);
}

#[test]
fn while_pacing_the_next_slot_goes_to_the_interactive_request() {
    let (mut pacer, t0) = throttled_once();
    let background = pacer.join(Priority::Background);
    let Turn::At(at) = pacer.turn(background, t0) else { panic!("paced") };
    let interactive = pacer.join(Priority::Interactive);
    assert_eq!(pacer.turn(background, at), Turn::Wait);
    assert_eq!(pacer.turn(interactive, at), Turn::Go);
}

#[test]
fn status_says_throttling_only_while_requests_wait_or_fly() {
    let status = BudgetStatus { paced_at: Some(4), busy: true };
    assert_eq!(status.describe().as_deref(), Some("AWS is throttling: 4 requests/s"));
    assert_eq!(
        BudgetStatus { paced_at: Some(1), busy: true }.describe().as_deref(),
        Some("AWS is throttling: 1 request/s")
    );
    assert_eq!(BudgetStatus { paced_at: Some(4), busy: false }.describe(), None);
    assert_eq!(BudgetStatus { paced_at: None, busy: true }.describe(), None);
}

/// A server that refuses everything for a while, then answers: the call is sent again until it
/// goes through, and the budget's status says it was paced meanwhile.
#[tokio::test(start_paused = true)]
async fn a_throttled_call_is_sent_again_until_it_goes_through() {
    let budget = Budget::new();
    let tries = AtomicU32::new(0);
    let result = budget
        .run("ListRoots", true, || async {
            if tries.fetch_add(1, Ordering::SeqCst) < 12 { Attempt::Throttled } else { Attempt::Done(Ok(7)) }
        })
        .await;
    assert_eq!(result, Ok(7));
    assert_eq!(tries.load(Ordering::SeqCst), 13);
    assert_eq!(budget.counts(), Counts { sent: 13, throttled: 12 });
    assert!(budget.status().paced_at.is_some(), "it paces itself since");
    assert!(!budget.status().busy);
}

#[tokio::test(start_paused = true)]
async fn a_call_throttled_past_the_deadline_is_reported_as_throttled() {
    let budget = Budget::with_deadline(Duration::from_secs(60));
    let started = tokio::time::Instant::now();
    let result: ApiResult<()> = budget.run("ListRoots", true, || async { Attempt::Throttled }).await;
    assert_eq!(result, Err(ApiError::Throttled { action: "ListRoots".into() }));
    assert!(started.elapsed() >= Duration::from_secs(60), "it kept trying for the whole deadline");
}

#[tokio::test(start_paused = true)]
async fn transient_failures_are_resent_only_when_allowed() {
    let budget = Budget::new();
    let failure = || ApiError::Network { message: "connection reset".into() };
    // How many times a call that always fails transiently is sent.
    let sends = |action: &'static str, resend: bool| {
        let budget = budget.clone();
        async move {
            let tries = AtomicU32::new(0);
            let result: ApiResult<()> = budget
                .run(action, resend, || async {
                    tries.fetch_add(1, Ordering::SeqCst);
                    Attempt::Transient(failure())
                })
                .await;
            assert_eq!(result, Err(failure()));
            tries.load(Ordering::SeqCst)
        }
    };
    assert_eq!(sends("ListRoots", true).await, TRANSIENT_ATTEMPTS);
    assert_eq!(sends("CreatePolicy", false).await, 1, "a create is never sent twice");
}

/// Many calls at once against a server that allows 10 a second: all of them finish, and the pace
/// settles near what the server allows.
#[tokio::test(start_paused = true)]
async fn many_calls_behind_a_token_bucket_all_finish_near_its_rate() {
    struct Bucket {
        tokens: f64,
        at: tokio::time::Instant,
    }
    let budget = Budget::new();
    let bucket = Arc::new(std::sync::Mutex::new(Bucket { tokens: 20.0, at: tokio::time::Instant::now() }));
    let started = tokio::time::Instant::now();
    let calls = (0..300).map(|i| {
        let (budget, bucket) = (budget.clone(), bucket.clone());
        tokio::spawn(async move {
            budget
                .run("DescribeAccount", true, || {
                    let bucket = bucket.clone();
                    async move {
                        tokio::time::sleep(ms(20)).await;
                        let mut b = bucket.lock().unwrap();
                        let now = tokio::time::Instant::now();
                        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * 10.0).min(20.0);
                        b.at = now;
                        if b.tokens >= 1.0 {
                            b.tokens -= 1.0;
                            Attempt::Done(Ok(i))
                        } else {
                            Attempt::Throttled
                        }
                    }
                })
                .await
        })
    });
    let results = futures_util::future::join_all(calls).await;
    assert!(results.into_iter().all(|r| r.is_ok_and(|r| r.is_ok())), "every call finished");
    let took = started.elapsed().as_secs_f64();
    // The bucket's floor: 20 at once, then 10 a second.
    let floor = (300.0 - 20.0) / 10.0;
    assert!(took < floor * 1.3, "took {took:.1} s against a floor of {floor:.1} s");
    let counts = budget.counts();
    assert!(counts.throttled < 150, "throttled {} times for 300 calls", counts.throttled);
}

/// While AWS throttles, a request the user waits for overtakes the background work queued before it.
#[tokio::test(start_paused = true)]
async fn a_key_press_overtakes_queued_background_work() {
    let budget = Budget::new();
    // One throttle: the budget paces itself from here on.
    let mut first = true;
    let _: ApiResult<()> = budget
        .run("ListRoots", true, || {
            let throttled = std::mem::replace(&mut first, false);
            async move { if throttled { Attempt::Throttled } else { Attempt::Done(Ok(())) } }
        })
        .await;
    let order = Arc::new(std::sync::Mutex::new(Vec::new()));
    let call = |name: &'static str, background: bool| {
        let (budget, order) = (budget.clone(), order.clone());
        tokio::spawn(async move {
            let work = async {
                let _: ApiResult<()> = budget.run(name, true, || async { Attempt::Done(Ok(())) }).await;
                order.lock().unwrap().push(name);
            };
            if background { super::background(work).await } else { work.await }
        })
    };
    let index: Vec<_> = (0..5).map(|_| call("index", true)).collect();
    tokio::time::sleep(ms(1)).await;
    let key = call("key", false);
    key.await.unwrap();
    futures_util::future::join_all(index).await;
    let order = order.lock().unwrap().clone();
    let key_at = order.iter().position(|n| *n == "key").unwrap();
    assert!(key_at <= 1, "the user's request went at the next slot, not after the queue: {order:?}");
}
