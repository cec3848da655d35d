//! Timestamps in the forms people read: `2024-03-05 14:07 UTC`, and "in 3 days" / "2 hours ago".

use time::macros::format_description;
use time::{Duration, OffsetDateTime};

pub fn short_utc(t: OffsetDateTime) -> String {
    let fmt = format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.to_offset(time::UtcOffset::UTC).format(&fmt).unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// The distance between two moments in the largest whole unit: "3 days", "1 hour", "less than a minute".
pub fn span(d: Duration) -> String {
    let d = d.abs();
    let (n, unit) = if d.whole_days() >= 1 {
        (d.whole_days(), "day")
    } else if d.whole_hours() >= 1 {
        (d.whole_hours(), "hour")
    } else if d.whole_minutes() >= 1 {
        (d.whole_minutes(), "minute")
    } else {
        return "less than a minute".to_owned();
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// `t` seen from `now`: "in 3 days", "3 days ago", or "just now" within a minute either way (clocks
/// of two machines differ by that much).
pub fn relative(t: OffsetDateTime, now: OffsetDateTime) -> String {
    if (t - now).abs() < Duration::MINUTE {
        "just now".to_owned()
    } else if t > now {
        format!("in {}", span(t - now))
    } else {
        format!("{} ago", span(now - t))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn formats_in_utc() {
        let t = datetime!(2024-03-05 15:07 +01:00);
        assert_eq!(short_utc(t), "2024-03-05 14:07 UTC");
    }

    #[test]
    fn relative_times_use_the_largest_whole_unit() {
        let now = datetime!(2024-11-21 12:00 UTC);
        assert_eq!(relative(datetime!(2024-11-24 13:00 UTC), now), "in 3 days");
        assert_eq!(relative(datetime!(2024-11-19 11:00 UTC), now), "2 days ago");
        assert_eq!(relative(datetime!(2024-11-21 13:30 UTC), now), "in 1 hour");
        assert_eq!(relative(datetime!(2024-11-21 11:55 UTC), now), "5 minutes ago");
        assert_eq!(relative(datetime!(2024-11-21 12:00:30 UTC), now), "just now");
    }
}
