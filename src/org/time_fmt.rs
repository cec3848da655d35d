//! Timestamps in the form people read: `2024-03-05 14:07 UTC`.

use time::OffsetDateTime;
use time::macros::format_description;

pub fn short_utc(t: OffsetDateTime) -> String {
    let fmt = format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.to_offset(time::UtcOffset::UTC).format(&fmt).unwrap_or_else(|_| t.unix_timestamp().to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_in_utc() {
        let t = time::macros::datetime!(2024-03-05 15:07 +01:00);
        assert_eq!(super::short_utc(t), "2024-03-05 14:07 UTC");
    }
}
