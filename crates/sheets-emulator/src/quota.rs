//! Request counting and Google's per-user per-minute quotas (60 reads, 60 writes), off unless
//! switched on.

use serde::Serialize;
use std::time::{Duration, Instant};

/// API requests so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RequestCounts {
    pub reads: u64,
    pub writes: u64,
}

/// Counts plus the current quota window.
#[derive(Debug)]
pub struct Quota {
    enabled: bool,
    window: Instant,
    reads_in_window: u32,
    writes_in_window: u32,
    counts: RequestCounts,
}

impl Default for Quota {
    fn default() -> Self {
        Quota {
            enabled: false,
            window: Instant::now(),
            reads_in_window: 0,
            writes_in_window: 0,
            counts: RequestCounts::default(),
        }
    }
}

/// Requests allowed per minute per user, each of reads and writes.
pub const PER_MINUTE: u32 = 60;

impl Quota {
    pub fn set_enabled(&mut self, on: bool) {
        self.enabled = on;
        self.window = Instant::now();
        self.reads_in_window = 0;
        self.writes_in_window = 0;
    }

    /// Counts one request; false when the quota is on and this minute's allowance is spent.
    pub fn admit(&mut self, read: bool) -> bool {
        if read {
            self.counts.reads += 1;
        } else {
            self.counts.writes += 1;
        }
        if !self.enabled {
            return true;
        }
        if self.window.elapsed() >= Duration::from_secs(60) {
            self.set_enabled(true);
        }
        let used = if read {
            &mut self.reads_in_window
        } else {
            &mut self.writes_in_window
        };
        if *used >= PER_MINUTE {
            return false;
        }
        *used += 1;
        true
    }

    pub fn counts(&self) -> RequestCounts {
        self.counts
    }

    pub fn reset_counts(&mut self) {
        self.counts = RequestCounts::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_a_minute_each_when_enabled() {
        let mut q = Quota::default();
        assert!((0..100).all(|_| q.admit(true)));
        q.set_enabled(true);
        assert!((0..60).all(|_| q.admit(true)));
        assert!(!q.admit(true));
        assert!(q.admit(false), "writes have their own allowance");
        assert_eq!(q.counts().reads, 161);
    }
}
