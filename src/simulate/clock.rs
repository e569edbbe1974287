//! Virtual time: the clock advances on Wait states, retry backoff and task durations, and
//! never sleeps.

use chrono::{DateTime, Duration, SecondsFormat, Utc};

/// A clock that only moves when told to.
#[derive(Debug, Clone)]
pub struct VirtualClock {
    start: DateTime<Utc>,
    elapsed_ms: u64,
}

impl VirtualClock {
    /// A clock at `start`.
    #[must_use]
    pub fn new(start: DateTime<Utc>) -> VirtualClock {
        VirtualClock {
            start,
            elapsed_ms: 0,
        }
    }

    /// The start of the execution.
    #[must_use]
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// Milliseconds since the start.
    #[must_use]
    pub fn elapsed_ms(&self) -> u64 {
        self.elapsed_ms
    }

    /// Moves the clock forward.
    pub fn advance_ms(&mut self, ms: u64) {
        self.elapsed_ms = self.elapsed_ms.saturating_add(ms);
    }

    /// The instant `elapsed_ms` after the start (saturating at chrono's range).
    #[must_use]
    pub fn at(&self, elapsed_ms: u64) -> DateTime<Utc> {
        i64::try_from(elapsed_ms)
            .ok()
            .and_then(|ms| self.start.checked_add_signed(Duration::milliseconds(ms)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// The instant `elapsed_ms` after the start, in ms since the Unix epoch; the same instant
    /// as [`VirtualClock::at`] without building a date (JSONata `$now()` needs one per state).
    #[must_use]
    pub fn epoch_ms(&self, elapsed_ms: u64) -> i64 {
        let max = DateTime::<Utc>::MAX_UTC.timestamp_millis();
        i64::try_from(elapsed_ms)
            .ok()
            .and_then(|ms| self.start.timestamp_millis().checked_add(ms))
            .map_or(max, |t| t.min(max))
    }

    /// The current instant.
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        self.at(self.elapsed_ms)
    }

    /// RFC 3339 text of an instant, with milliseconds, as `$$` timestamps are written.
    #[must_use]
    pub fn format(t: DateTime<Utc>) -> String {
        t.to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    /// Advances to `target` if it is in the future.
    pub fn advance_to(&mut self, target: DateTime<Utc>) {
        let delta = target.signed_duration_since(self.now()).num_milliseconds();
        if let Ok(ms) = u64::try_from(delta) {
            self.advance_ms(ms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_without_sleeping() {
        let start = DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut c = VirtualClock::new(start);
        c.advance_ms(86_400_000 * 365);
        assert_eq!(VirtualClock::format(c.now()), "2024-12-31T00:00:00.000Z");
        let before = c.elapsed_ms();
        c.advance_to(start);
        assert_eq!(c.elapsed_ms(), before, "the past does not move the clock");
        c.advance_ms(u64::MAX);
        assert_eq!(c.now(), DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn epoch_ms_is_the_instant_of_at() {
        let start = DateTime::parse_from_rfc3339("2024-01-01T00:00:00.250Z")
            .unwrap()
            .with_timezone(&Utc);
        let c = VirtualClock::new(start);
        for ms in [0, 1, 999, 86_400_000 * 366, 1 << 50, u64::MAX] {
            assert_eq!(c.epoch_ms(ms), c.at(ms).timestamp_millis(), "{ms}");
        }
    }
}
