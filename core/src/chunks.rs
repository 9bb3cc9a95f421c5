//! How long work shares the one writer with the moderators: it writes in chunks sized to take
//! about `Chunk::TARGET` each, and between two chunks lets any waiting write (a decision) go
//! first. Imports, their publishing and rollback, and the daily IP retention work this way.

/// How long a chunked job lets waiting writes (a moderator's decision) go first.
pub(crate) const YIELD_AT_MOST: std::time::Duration = std::time::Duration::from_millis(100);

/// The size of a job's chunks, kept so that one takes about `TARGET` of the writer: a
/// decision waits at most about that long.
pub(crate) struct Chunk {
    pub(crate) size: usize,
}

impl Chunk {
    const TARGET: std::time::Duration = std::time::Duration::from_millis(60);
    const SMALLEST: usize = 50;
    pub(crate) const LARGEST: usize = 5_000;

    pub(crate) fn new() -> Chunk {
        Chunk { size: 200 }
    }

    /// Sizes the next chunk from how long this one took.
    pub(crate) fn took(&mut self, elapsed: std::time::Duration) {
        let per_row = elapsed.as_secs_f64() / self.size as f64;
        let fitting = if per_row > 0.0 {
            Self::TARGET.as_secs_f64() / per_row
        } else {
            Self::LARGEST as f64
        };
        // Grow gently (a quick chunk may be luck), shrink at once.
        let next = fitting.min(self.size as f64 * 2.0) as usize;
        self.size = next.clamp(Self::SMALLEST, Self::LARGEST);
    }
}
