//! Repeated text: the same or nearly the same body posted again, by the same author or by
//! others within a time window.
//!
//! A body's fingerprint is taken from its folded words (see `normalize`), so case, accents,
//! punctuation and spacing never make two bodies differ:
//! - `exact`: a hash of the folded words; equal hashes are the same text;
//! - `sketch`: a one-permutation MinHash of the body's character 5-grams (over the folded words
//!   joined by spaces, hashed with a rolling hash) in 64 bins, densified by rotation. The share
//!   of equal bins estimates the Jaccard similarity of the two bodies' 5-gram sets; a few
//!   changed words in a paragraph keep it above the default 0.7, while two different comments
//!   on the same story stay far below it.
//!
//! Candidates are found through locality-sensitive hashing: 16 bands of 4 bins each, so two
//! bodies at similarity 0.7 share a band with probability 0.98 (0.8: 0.9998; 0.4: 0.34, then
//! refused on the estimate). A check looks at the 64 most recent entries of each bucket, which
//! bounds the work when a spammer posts the same text thousands of times.
//!
//! Bodies shorter than `min_words` words ("Thanks!", "+1", "Agree") are never repeats: many
//! readers write them.
//!
//! The index lives in memory. It is rebuilt from stored rows (`RepeatIndex::rebuild`) for the
//! window period at start, fed with `observe` as comments arrive, and trimmed with `prune`.
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::hash::{combine, hash_bytes, mix};
use super::normalize::{normalize, Normalized};

const BINS: usize = 64;
const BANDS: usize = 16;
const ROWS: usize = BINS / BANDS;
const SHINGLE: usize = 5;
/// The rolling hash's base, and the base to the power SHINGLE (what leaves the window).
const ROLL: u64 = 0x0000_0100_0000_01b3;
const ROLL_OUT: u64 = ROLL
    .wrapping_mul(ROLL)
    .wrapping_mul(ROLL)
    .wrapping_mul(ROLL)
    .wrapping_mul(ROLL);
const BUCKET_CAP: usize = 64;
const EMPTY: u32 = u32::MAX;

/// What counts as a repeat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepeatConfig {
    /// The same author posting the same text again within this time counts; `None`: any time
    /// the index still holds.
    pub same_author_window: Option<Duration>,
    /// Other authors' earlier comments within this time count.
    pub cross_author_window: Duration,
    /// The least estimated similarity (0..=1) for "nearly the same".
    pub similarity: f32,
    /// Bodies with fewer folded words are never repeats.
    pub min_words: u32,
}

impl Default for RepeatConfig {
    fn default() -> Self {
        RepeatConfig {
            same_author_window: None,
            cross_author_window: Duration::from_secs(24 * 3600),
            similarity: 0.7,
            min_words: 4,
        }
    }
}

/// The fingerprint of one body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub exact: u64,
    pub words: u32,
    sketch: [u32; BINS],
}

impl Fingerprint {
    pub fn of(body: &str) -> Fingerprint {
        Fingerprint::of_normalized(&normalize(body))
    }

    pub fn of_normalized(n: &Normalized<'_>) -> Fingerprint {
        let joined = n.joined();
        let exact = hash_bytes(0x7265_7065_6174, joined.as_bytes());
        let mut sketch = [EMPTY; BINS];
        if !joined.is_empty() {
            let mut add = |h: u64| {
                // One multiply-xorshift round: enough to spread a polynomial hash.
                let h = (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                let h = h ^ (h >> 32);
                let bin = (h >> 58) as usize;
                let value = (h as u32) & 0x7fff_ffff;
                if value < sketch[bin] {
                    sketch[bin] = value;
                }
            };
            // A polynomial rolling hash over the last SHINGLE characters.
            let mut ring = [0u64; SHINGLE];
            let mut h = 0u64;
            let mut count = 0usize;
            for c in joined.chars() {
                let c = c as u64 + 1;
                let slot = count % SHINGLE;
                h = h.wrapping_mul(ROLL).wrapping_add(c);
                if count >= SHINGLE {
                    h = h.wrapping_sub(ring[slot].wrapping_mul(ROLL_OUT));
                }
                ring[slot] = c;
                count += 1;
                if count >= SHINGLE {
                    add(h);
                }
            }
            if count < SHINGLE {
                add(h);
            }
            densify(&mut sketch);
        }
        Fingerprint {
            exact,
            words: n.tokens().len() as u32,
            sketch,
        }
    }

    /// The estimated Jaccard similarity of the two bodies' 5-gram sets (1.0 for the same text).
    pub fn similarity(&self, other: &Fingerprint) -> f32 {
        if self.exact == other.exact {
            return 1.0;
        }
        let same = self
            .sketch
            .iter()
            .zip(other.sketch.iter())
            .filter(|(a, b)| a == b && **a != EMPTY)
            .count();
        same as f32 / BINS as f32
    }

    /// The keys this fingerprint is filed under: (list, key) for the exact text (list 0) and
    /// each band with a value (lists 1..=BANDS).
    fn keys(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        let exact = std::iter::once((0, combine(0x65_7861_6374, self.exact)));
        let bands = (0..BANDS).filter_map(move |band| {
            let rows = &self.sketch[band * ROWS..(band + 1) * ROWS];
            if rows[0] == EMPTY {
                return None;
            }
            let mut h = mix(band as u64 + 1);
            for &r in rows {
                h = combine(h, r as u64);
            }
            Some((band + 1, h))
        });
        exact.chain(bands)
    }
}

/// Fills empty bins from the next filled bin to the right (cyclically), each borrowed value
/// changed by its distance so that borrowed bins do not all agree with each other.
fn densify(sketch: &mut [u32; BINS]) {
    if sketch.iter().all(|&v| v == EMPTY) {
        return;
    }
    let original = *sketch;
    for bin in 0..BINS {
        if original[bin] != EMPTY {
            continue;
        }
        let mut distance = 1;
        while original[(bin + distance) % BINS] == EMPTY {
            distance += 1;
        }
        let value = original[(bin + distance) % BINS];
        sketch[bin] = (mix(value as u64 ^ ((distance as u64) << 40)) as u32) & 0x7fff_ffff;
    }
}

/// An earlier comment that the checked body repeats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RepeatHit {
    pub id: String,
    pub same_author: bool,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// 1.0 for the same text.
    pub similarity: f32,
}

#[derive(Debug, Clone)]
struct Entry {
    id: String,
    author: String,
    at: DateTime<Utc>,
    fingerprint: Fingerprint,
}

/// Recent bodies, searchable by exact and near-duplicate text.
///
/// Each key (the exact text, each band) heads a list of the entries filed under it, newest
/// first, threaded through `next`: no allocation per bucket.
#[derive(Debug, Clone)]
pub struct RepeatIndex {
    config: RepeatConfig,
    entries: Vec<Entry>,
    heads: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    /// `next[slot * LISTS + list]`: the next older entry under the same key, or `NONE`.
    next: Vec<u32>,
}

const LISTS: usize = BANDS + 1;
const NONE: u32 = u32::MAX;

/// The keys are hashes already: use them as they are.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

impl RepeatIndex {
    pub fn new(config: RepeatConfig) -> RepeatIndex {
        RepeatIndex {
            config,
            entries: Vec::new(),
            heads: HashMap::default(),
            next: Vec::new(),
        }
    }

    /// An index of stored comments: rows of (id, author key, time, body), in any order.
    pub fn rebuild<I, S1, S2, S3>(config: RepeatConfig, rows: I) -> RepeatIndex
    where
        I: IntoIterator<Item = (S1, S2, DateTime<Utc>, S3)>,
        S1: Into<String>,
        S2: Into<String>,
        S3: AsRef<str>,
    {
        let mut index = RepeatIndex::new(config);
        for (id, author, at, body) in rows {
            index.observe(id, author, at, body.as_ref());
        }
        index
    }

    pub fn config(&self) -> &RepeatConfig {
        &self.config
    }

    /// How many bodies the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a comment. `author` is any stable key for its author (an author id, or an e-mail
    /// or IP address for anonymous comments).
    pub fn observe(
        &mut self,
        id: impl Into<String>,
        author: impl Into<String>,
        at: DateTime<Utc>,
        body: &str,
    ) {
        self.observe_fingerprint(id, author, at, Fingerprint::of(body));
    }

    /// `observe` with a fingerprint already taken (the pipeline's verdict carries one).
    pub fn observe_fingerprint(
        &mut self,
        id: impl Into<String>,
        author: impl Into<String>,
        at: DateTime<Utc>,
        fingerprint: Fingerprint,
    ) {
        if fingerprint.words < self.config.min_words {
            return;
        }
        let slot = self.entries.len() as u32;
        self.link(slot, &fingerprint);
        self.entries.push(Entry {
            id: id.into(),
            author: author.into(),
            at,
            fingerprint,
        });
    }

    fn link(&mut self, slot: u32, fingerprint: &Fingerprint) {
        let base = slot as usize * LISTS;
        self.next.resize(base + LISTS, NONE);
        for (list, key) in fingerprint.keys() {
            let older = self.heads.insert(key, slot).unwrap_or(NONE);
            self.next[base + list] = older;
        }
    }

    /// Earlier comments (at or before `at`) that `body` repeats, most similar and then most
    /// recent first.
    pub fn check(&self, author: &str, at: DateTime<Utc>, body: &str) -> Vec<RepeatHit> {
        self.check_fingerprint(author, at, &Fingerprint::of(body))
    }

    pub fn check_fingerprint(
        &self,
        author: &str,
        at: DateTime<Utc>,
        fingerprint: &Fingerprint,
    ) -> Vec<RepeatHit> {
        if fingerprint.words < self.config.min_words || self.entries.is_empty() {
            return Vec::new();
        }
        let mut slots: Vec<u32> = Vec::new();
        for (list, key) in fingerprint.keys() {
            let mut slot = self.heads.get(&key).copied().unwrap_or(NONE);
            let mut taken = 0;
            while slot != NONE && taken < BUCKET_CAP {
                slots.push(slot);
                taken += 1;
                slot = self.next[slot as usize * LISTS + list];
            }
        }
        slots.sort_unstable();
        slots.dedup();
        let mut hits = Vec::new();
        for slot in slots {
            let entry = &self.entries[slot as usize];
            if entry.at > at {
                continue;
            }
            let age = (at - entry.at).to_std().unwrap_or(Duration::ZERO);
            let same_author = !author.is_empty() && entry.author == author;
            let within = if same_author {
                self.config.same_author_window.is_none_or(|w| age <= w)
            } else {
                age <= self.config.cross_author_window
            };
            if !within {
                continue;
            }
            let similarity = fingerprint.similarity(&entry.fingerprint);
            if similarity >= self.config.similarity {
                hits.push(RepeatHit {
                    id: entry.id.clone(),
                    same_author,
                    at: entry.at,
                    similarity,
                });
            }
        }
        hits.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(b.at.cmp(&a.at))
                .then(a.id.cmp(&b.id))
        });
        hits
    }

    /// Drops comments older than `before`.
    pub fn prune(&mut self, before: DateTime<Utc>) {
        let entries = std::mem::take(&mut self.entries);
        self.heads.clear();
        self.next.clear();
        for entry in entries.into_iter().filter(|e| e.at >= before) {
            let slot = self.entries.len() as u32;
            self.link(slot, &entry.fingerprint);
            self.entries.push(entry);
        }
    }

    /// Drops one comment (deleted, or its text edited: observe the new text after).
    pub fn remove(&mut self, id: &str) {
        if self.entries.iter().any(|e| e.id == id) {
            let entries = std::mem::take(&mut self.entries);
            self.heads.clear();
            self.next.clear();
            for entry in entries.into_iter().filter(|e| e.id != id) {
                let slot = self.entries.len() as u32;
                self.link(slot, &entry.fingerprint);
                self.entries.push(entry);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
    }

    const SPAM: &str = "Earn 5000 dollars a week working from home! Visit my profile \
                        to learn how I did it, no experience needed, start today.";

    fn index() -> RepeatIndex {
        RepeatIndex::new(RepeatConfig {
            same_author_window: None,
            cross_author_window: Duration::from_secs(3600),
            similarity: 0.7,
            min_words: 4,
        })
    }

    #[test]
    fn same_author_exact_any_time() {
        let mut idx = index();
        idx.observe("c1", "alice", t(0), SPAM);
        let loud = SPAM.to_uppercase().replace(' ', "   ");
        let hits = idx.check("alice", t(60 * 24 * 30), &loud);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].id, "c1");
        assert!(hits[0].same_author);
        assert_eq!(hits[0].similarity, 1.0);
    }

    #[test]
    fn near_same_with_small_edits() {
        let mut idx = index();
        idx.observe("c1", "alice", t(0), SPAM);
        let edited = SPAM
            .replace("5000", "6000")
            .replace("today", "now")
            .replace("profile", "page");
        let hits = idx.check("alice", t(5), &edited);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(hits[0].similarity >= 0.7 && hits[0].similarity < 1.0);
        // Different text is not a repeat.
        let other = "The council meeting on Tuesday discussed the new bridge over the river \
                     and the budget for the library repairs next spring.";
        assert!(idx.check("alice", t(5), other).is_empty());
    }

    #[test]
    fn across_authors_only_within_the_window() {
        let mut idx = index();
        idx.observe("c1", "alice", t(0), SPAM);
        idx.observe("c2", "bob", t(10), SPAM);
        let hits = idx.check("carol", t(30), SPAM);
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["c2", "c1"]);
        assert!(hits.iter().all(|h| !h.same_author));
        // 65 minutes after c1 and 55 after c2: only c2 is inside the hour.
        let hits = idx.check("carol", t(65), SPAM);
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["c2"]);
        assert!(idx.check("carol", t(200), SPAM).is_empty());
        // Later comments are not evidence against an earlier one.
        assert!(idx.check("carol", t(-5), SPAM).is_empty());
    }

    #[test]
    fn short_bodies_are_never_repeats() {
        let mut idx = index();
        idx.observe("c1", "alice", t(0), "Thanks, great!");
        assert!(idx.check("bob", t(1), "Thanks, great!").is_empty());
        assert!(idx.is_empty());
    }

    #[test]
    fn rebuild_prune_and_remove() {
        let rows = vec![
            ("c1", "alice", t(0), SPAM.to_owned()),
            ("c2", "bob", t(30), SPAM.to_owned()),
        ];
        let mut idx = RepeatIndex::rebuild(index().config().clone(), rows);
        assert_eq!(idx.len(), 2);
        assert_eq!(idx.check("alice", t(40), SPAM).len(), 2);
        idx.prune(t(10));
        assert_eq!(idx.len(), 1);
        assert_eq!(idx.check("alice", t(40), SPAM)[0].id, "c2");
        idx.remove("c2");
        assert!(idx.check("alice", t(40), SPAM).is_empty());
    }

    #[test]
    fn near_duplicates_in_cyrillic() {
        let a = "Купуйте найкращі таблетки для схуднення тільки у нас, знижка п'ятдесят \
                 відсотків до кінця тижня, доставка по всій Україні безкоштовно";
        let b = "Купуйте найкращі таблетки для схуднення тільки в нас, знижка п'ятдесят \
                 відсотків до кінця місяця, доставка по всій Україні безкоштовно!!!";
        let fa = Fingerprint::of(a);
        let fb = Fingerprint::of(b);
        assert!(fa.similarity(&fb) >= 0.7, "{}", fa.similarity(&fb));
        assert!(fa.similarity(&Fingerprint::of(SPAM)) < 0.2);
    }

    #[test]
    fn different_comments_on_one_story_are_not_alike() {
        let a = "The council should publish the full budget for the bridge repairs before \
                 the vote, and the mayor should explain why the costs went up again this year.";
        let b = "I was at the council meeting and the mayor said the bridge repairs will cost \
                 more because of the winter, but nobody asked about the budget for the school.";
        let similarity = Fingerprint::of(a).similarity(&Fingerprint::of(b));
        assert!(similarity < 0.4, "{similarity}");
        // The same text shifted by a few words is still nearly the same.
        let shifted = format!("Honestly, {a}");
        assert!(Fingerprint::of(a).similarity(&Fingerprint::of(&shifted)) >= 0.7);
    }
}
