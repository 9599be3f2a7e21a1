//! Generated ids: sheetIds and protectedRangeIds are random 9–10 digit numbers (int32), namedRangeIds
//! the same digits as a string, like Google's.

use std::time::{SystemTime, UNIX_EPOCH};

/// A small xorshift generator; seeded from the clock unless a seed is given.
#[derive(Debug, Clone)]
pub struct Ids {
    state: u64,
}

impl Default for Ids {
    fn default() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9E37_79B9_7F4A_7C15);
        Ids::seeded(nanos)
    }
}

impl Ids {
    pub fn seeded(seed: u64) -> Ids {
        Ids { state: seed | 1 }
    }

    fn next(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        x
    }

    /// A positive int32 with 9 or 10 digits.
    pub fn id(&mut self) -> i64 {
        100_000_000 + (self.next() % (i32::MAX as u64 - 100_000_000)) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_nine_or_ten_digits_and_fit_int32() {
        let mut ids = Ids::seeded(42);
        for _ in 0..1000 {
            let id = ids.id();
            assert!((100_000_000..=i32::MAX as i64).contains(&id), "{id}");
        }
    }
}
