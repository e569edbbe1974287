//! Retry backoff maths, pure: the delay before each retry of a retrier.
//!
//! AWS "Error handling in Step Functions": the first retry waits `IntervalSeconds` (default 1),
//! each later one `BackoffRate` (default 2.0) times longer, capped by `MaxDelaySeconds`;
//! `MaxAttempts` (default 3, 0 = never) bounds the retries; `JitterStrategy: FULL` waits a
//! random time between 0 and the computed delay.

use crate::simulate::intrinsics::Rng;

/// `JitterStrategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Jitter {
    /// `NONE` (default).
    #[default]
    None,
    /// `FULL`: uniformly random in `[0, delay]`.
    Full,
}

/// The numbers of one retrier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    /// `IntervalSeconds`
    pub interval_seconds: f64,
    /// `MaxAttempts`
    pub max_attempts: u64,
    /// `BackoffRate`
    pub backoff_rate: f64,
    /// `MaxDelaySeconds`
    pub max_delay_seconds: Option<f64>,
    /// `JitterStrategy`
    pub jitter: Jitter,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            interval_seconds: 1.0,
            max_attempts: 3,
            backoff_rate: 2.0,
            max_delay_seconds: None,
            jitter: Jitter::None,
        }
    }
}

/// Longest single delay, so that overflowing maths stays finite (about 31,700 years).
const MAX_DELAY_SECONDS: f64 = 1e12;

impl Backoff {
    /// The delay before retry number `retry` (0 for the first retry), in milliseconds, or
    /// `None` when the retrier's attempts are used up.
    pub fn delay_ms(&self, retry: u64, rng: &mut Rng) -> Option<u64> {
        if retry >= self.max_attempts {
            return None;
        }
        let exponent = i32::try_from(retry).unwrap_or(i32::MAX);
        let mut delay = self.interval_seconds * self.backoff_rate.powi(exponent);
        if let Some(max) = self.max_delay_seconds {
            delay = delay.min(max);
        }
        if !delay.is_finite() || delay > MAX_DELAY_SECONDS {
            delay = MAX_DELAY_SECONDS;
        }
        let delay = delay.max(0.0);
        let delay = match self.jitter {
            Jitter::None => delay,
            #[allow(clippy::cast_precision_loss)]
            Jitter::Full => delay * ((rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64),
        };
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some((delay * 1000.0).round() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_defaults() {
        // AWS: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0 → waits 1 s, 2 s, 4 s.
        let b = Backoff::default();
        let mut rng = Rng::new(0);
        let delays: Vec<_> = (0..4).map(|n| b.delay_ms(n, &mut rng)).collect();
        assert_eq!(delays, [Some(1000), Some(2000), Some(4000), None]);
    }

    #[test]
    fn max_attempts_zero_never_retries() {
        // `error_handling_retry_interval_features_max_attempts_zero`.
        let b = Backoff {
            max_attempts: 0,
            ..Backoff::default()
        };
        assert_eq!(b.delay_ms(0, &mut Rng::new(0)), None);
    }

    #[test]
    fn max_delay_caps_and_jitter_stays_below() {
        // AWS example: IntervalSeconds 3, BackoffRate 2, MaxDelaySeconds 10 → 3, 6, 10, 10.
        let b = Backoff {
            interval_seconds: 3.0,
            max_attempts: 4,
            max_delay_seconds: Some(10.0),
            ..Backoff::default()
        };
        let mut rng = Rng::new(7);
        let delays: Vec<_> = (0..4).map(|n| b.delay_ms(n, &mut rng).unwrap()).collect();
        assert_eq!(delays, [3000, 6000, 10000, 10000]);
        let full = Backoff {
            jitter: Jitter::Full,
            ..b
        };
        for n in 0..4 {
            assert!(full.delay_ms(n, &mut rng).unwrap() <= delays[usize::try_from(n).unwrap()]);
        }
    }

    #[test]
    fn huge_rates_stay_finite() {
        let b = Backoff {
            interval_seconds: 3600.0,
            backoff_rate: 10.0,
            max_attempts: 1000,
            ..Backoff::default()
        };
        let mut rng = Rng::new(0);
        assert_eq!(b.delay_ms(7, &mut rng), Some(36_000_000_000_000));
        assert_eq!(b.delay_ms(500, &mut rng), Some(1_000_000_000_000_000));
    }
}
