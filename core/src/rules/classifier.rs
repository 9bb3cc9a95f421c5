//! The local spam classifier: multinomial Naive Bayes over hashed word, word-pair and character
//! n-gram features, trained only from the newsroom's own decisions (approved = good, rejected
//! or spam = bad).
//!
//! Why Naive Bayes (figures in docs/RULES.md and from `examples/spamassassin.rs`): on the
//! SpamAssassin corpus it is as accurate as online logistic regression over the same features,
//! and it has what a moderation desk needs that regression lacks: learning is counting, so
//! `unlearn` undoes a decision exactly (an undone or reversed decision leaves no trace), one
//! decision is enough to move a score, the order of decisions does not matter, and the model
//! is its counts, stored sparsely.
//!
//! Features (all over the folded words of `normalize`, so case and accents do not matter):
//! each word, each pair of neighbouring words, and the byte 3- and 5-grams of each word with a
//! space on both sides (which catches inflections, `дурнем`/`дурня`, and glued or altered
//! spellings). They are hashed into 2^bits buckets (2^20 by default): no vocabulary is kept,
//! memory is fixed (12 MiB at 2^20), and a collision costs a little accuracy, not correctness.
//!
//! The score: the log-odds of the bad class, with add-α smoothing (α = 0.5 by default) and a
//! prior from the document counts. Naive Bayes counts every feature of a word as independent
//! evidence and so is overconfident; the features' log-odds are therefore averaged per word
//! (divided by the features per word) before the sum over words. The ranking, and so
//! precision and recall at 0.5, is the same; the probabilities are far less often exactly 0
//! or 1, so a flag threshold of 0.8 and a spam threshold of 0.98 mean something.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::hash::{combine, hash_bytes};
use super::normalize::{normalize, Normalized};
use super::RulesError;

/// A decision the classifier learns from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// Approved.
    Good,
    /// Rejected or spam.
    Bad,
}

impl Label {
    fn index(self) -> usize {
        match self {
            Label::Good => 0,
            Label::Bad => 1,
        }
    }
}

/// A body's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Score {
    /// The probability that the body is bad (0..=1).
    pub probability: f32,
    /// The words and word pairs that pushed the score most, strongest first, with their weight
    /// in log-odds (positive towards bad). At most `TOP_TOKENS`.
    pub top_tokens: Vec<(String, f32)>,
}

/// How many tokens `Score::top_tokens` holds at most.
pub const TOP_TOKENS: usize = 8;

/// What the model has learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ModelStats {
    pub good_docs: u32,
    pub bad_docs: u32,
    /// Buckets with any count.
    pub features: u32,
    pub bits: u8,
}

/// Quality on held-out examples, with bad as the positive class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Quality {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub n: u32,
    pub true_positives: u32,
    pub false_positives: u32,
    pub true_negatives: u32,
    pub false_negatives: u32,
}

const SEED_WORD: u64 = 0x776f_7264;
const SEED_PAIR: u64 = 0x7061_6972;
const SEED_GRAM: u64 = 0x6772_616d;
/// Byte n-gram lengths (per word, spaces included).
const GRAMS: [usize; 2] = [3, 5];
/// Longer bodies are scored on their first words only.
const MAX_WORDS: usize = 4000;
const MAGIC: &[u8; 4] = b"RDNB";
const VERSION: u8 = 1;

/// The Naive Bayes model.
#[derive(Debug, Clone)]
pub struct Classifier {
    bits: u8,
    alpha: f32,
    docs: [u32; 2],
    totals: [u64; 2],
    /// Per bucket: [good, bad] counts.
    counts: Vec<[u32; 2]>,
    /// Per bucket: ln(bad + α) − ln(good + α).
    weights: Vec<f32>,
    used: u32,
}

impl Default for Classifier {
    fn default() -> Self {
        Classifier::new()
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Word,
    Pair,
    Gram,
}

/// Calls `f(bucket, kind, word index)` for every feature of `n`; returns the number of words.
#[inline]
fn for_each_feature(n: &Normalized<'_>, bits: u8, mut f: impl FnMut(usize, Kind, usize)) -> usize {
    let shift = 64 - bits as u32;
    let text = n.text().as_bytes();
    let mut previous = 0u64;
    let words = n.tokens().len().min(MAX_WORDS);
    for (i, t) in n.tokens()[..words].iter().enumerate() {
        let (start, end) = (t.norm_start as usize, t.norm_end as usize);
        let word = hash_bytes(SEED_WORD, &text[start..end]);
        f((word >> shift) as usize, Kind::Word, i);
        if i > 0 {
            f(
                (combine(previous ^ SEED_PAIR, word) >> shift) as usize,
                Kind::Pair,
                i,
            );
        }
        previous = word;
        // The word with the spaces around it.
        let padded = &text[start - 1..end + 1];
        for (g, &len) in GRAMS.iter().enumerate() {
            if padded.len() <= len {
                continue;
            }
            let seed = SEED_GRAM + g as u64;
            for window in padded.windows(len) {
                f((hash_bytes(seed, window) >> shift) as usize, Kind::Gram, i);
            }
        }
    }
    words
}

impl Classifier {
    /// An empty model with 2^20 buckets and α = 0.5.
    pub fn new() -> Classifier {
        Classifier::with_options(20, 0.5)
    }

    /// An empty model with 2^`bits` buckets (12..=24) and smoothing `alpha` (> 0).
    pub fn with_options(bits: u8, alpha: f32) -> Classifier {
        let bits = bits.clamp(12, 24);
        let alpha = if alpha.is_finite() && alpha > 0.0 {
            alpha
        } else {
            0.5
        };
        let size = 1usize << bits;
        Classifier {
            bits,
            alpha,
            docs: [0; 2],
            totals: [0; 2],
            counts: vec![[0; 2]; size],
            weights: vec![0.0; size],
            used: 0,
        }
    }

    pub fn stats(&self) -> ModelStats {
        ModelStats {
            good_docs: self.docs[0],
            bad_docs: self.docs[1],
            features: self.used,
            bits: self.bits,
        }
    }

    /// Learns one decision.
    pub fn learn(&mut self, text: &str, label: Label) {
        self.learn_normalized(&normalize(text), label);
    }

    pub fn learn_normalized(&mut self, n: &Normalized<'_>, label: Label) {
        self.adjust(n, label, true);
    }

    /// Takes back a decision learned before (an undo, or a decision reversed: unlearn the old
    /// label, learn the new one). Unlearning what was never learned leaves counts at zero.
    pub fn unlearn(&mut self, text: &str, label: Label) {
        self.adjust(&normalize(text), label, false);
    }

    fn adjust(&mut self, n: &Normalized<'_>, label: Label, add: bool) {
        let l = label.index();
        let mut touched = 0u64;
        let bits = self.bits;
        let alpha = self.alpha;
        let counts = &mut self.counts;
        let weights = &mut self.weights;
        let used = &mut self.used;
        for_each_feature(n, bits, |bucket, _, _| {
            let c = &mut counts[bucket];
            let was_used = c[0] + c[1] > 0;
            if add {
                c[l] = c[l].saturating_add(1);
                touched += 1;
            } else if c[l] > 0 {
                c[l] -= 1;
                touched += 1;
            }
            let is_used = c[0] + c[1] > 0;
            match (was_used, is_used) {
                (false, true) => *used += 1,
                (true, false) => *used -= 1,
                _ => {}
            }
            weights[bucket] = weight(*c, alpha);
        });
        if add {
            self.docs[l] = self.docs[l].saturating_add(1);
            self.totals[l] += touched;
        } else {
            self.docs[l] = self.docs[l].saturating_sub(1);
            self.totals[l] = self.totals[l].saturating_sub(touched);
        }
    }

    /// Scores a body.
    pub fn score(&self, text: &str) -> Score {
        self.score_normalized(&normalize(text))
    }

    pub fn score_normalized(&self, n: &Normalized<'_>) -> Score {
        let v = self.used.max(1) as f64 * self.alpha as f64;
        // What every feature costs in log-odds before its own counts: the classes' sizes.
        let per_feature =
            ((self.totals[1] as f64 + v).ln() - (self.totals[0] as f64 + v).ln()) as f32;
        let prior = ((self.docs[1] as f64 + 1.0) / (self.docs[0] as f64 + 1.0)).ln();
        let weights = &self.weights;
        let mut sum = 0.0f32;
        let mut features = 0u32;
        // (|weight|, weight, kind is pair, word index, bucket)
        let mut top: [(f32, f32, bool, u32, u32); TOP_TOKENS] =
            [(0.0, 0.0, false, 0, 0); TOP_TOKENS];
        let mut floor = 0.0f32;
        let words = for_each_feature(n, self.bits, |bucket, kind, i| {
            let w = weights[bucket] - per_feature;
            sum += w;
            features += 1;
            if matches!(kind, Kind::Gram) || w.abs() <= floor {
                return;
            }
            if top.iter().any(|e| e.4 == bucket as u32 && e.0 > 0.0) {
                return;
            }
            // Replace the weakest.
            let mut weakest = 0;
            for k in 1..TOP_TOKENS {
                if top[k].0 < top[weakest].0 {
                    weakest = k;
                }
            }
            top[weakest] = (
                w.abs(),
                w,
                matches!(kind, Kind::Pair),
                i as u32,
                bucket as u32,
            );
            floor = top.iter().map(|e| e.0).fold(f32::INFINITY, f32::min);
        });
        let probability = if self.docs[0] == 0 || self.docs[1] == 0 || words == 0 {
            if self.docs[0] + self.docs[1] == 0 {
                0.5
            } else {
                sigmoid(prior)
            }
        } else {
            let per_word = features as f64 / words as f64;
            sigmoid(prior + sum as f64 / per_word)
        };
        let mut chosen: Vec<_> = top.iter().filter(|e| e.0 > 0.0).copied().collect();
        chosen.sort_by(|a, b| b.0.total_cmp(&a.0));
        let top_tokens = chosen
            .into_iter()
            .map(|(_, w, pair, i, _)| {
                let i = i as usize;
                let token = if pair {
                    format!("{} {}", n.word(i - 1), n.word(i))
                } else {
                    n.word(i).to_owned()
                };
                (token, w)
            })
            .collect();
        Score {
            probability: probability as f32,
            top_tokens,
        }
    }

    /// The model as a compact blob: a header and the non-empty buckets, delta- and
    /// varint-encoded.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(40 + self.used as usize * 4);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.push(self.bits);
        out.extend_from_slice(&self.alpha.to_le_bytes());
        for d in self.docs {
            out.extend_from_slice(&d.to_le_bytes());
        }
        for t in self.totals {
            out.extend_from_slice(&t.to_le_bytes());
        }
        out.extend_from_slice(&self.used.to_le_bytes());
        let mut last = 0usize;
        for (bucket, c) in self.counts.iter().enumerate() {
            if c[0] + c[1] == 0 {
                continue;
            }
            put_varint(&mut out, (bucket - last) as u64);
            put_varint(&mut out, c[0] as u64);
            put_varint(&mut out, c[1] as u64);
            last = bucket;
        }
        out
    }

    /// Reads a blob made by `to_bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Classifier, RulesError> {
        let bad = |why: &str| RulesError::Model(format!("not a Readerdesk classifier: {why}"));
        let mut r = Reader { bytes, at: 0 };
        if r.take(4).ok_or_else(|| bad("too short"))? != MAGIC {
            return Err(bad("wrong header"));
        }
        let version = r.take(1).ok_or_else(|| bad("too short"))?[0];
        if version != VERSION {
            return Err(RulesError::Model(format!(
                "the classifier was saved in format {version}; this version reads {VERSION}"
            )));
        }
        let bits = r.take(1).ok_or_else(|| bad("too short"))?[0];
        if !(12..=24).contains(&bits) {
            return Err(bad("bucket count out of range"));
        }
        let alpha = f32::from_le_bytes(r.array().ok_or_else(|| bad("too short"))?);
        let mut model = Classifier::with_options(bits, alpha);
        for d in model.docs.iter_mut() {
            *d = u32::from_le_bytes(r.array().ok_or_else(|| bad("too short"))?);
        }
        for t in model.totals.iter_mut() {
            *t = u64::from_le_bytes(r.array().ok_or_else(|| bad("too short"))?);
        }
        let used = u32::from_le_bytes(r.array().ok_or_else(|| bad("too short"))?);
        let mut bucket = 0usize;
        for k in 0..used {
            let gap = r.varint().ok_or_else(|| bad("truncated"))? as usize;
            let good = r.varint().ok_or_else(|| bad("truncated"))?;
            let bad_count = r.varint().ok_or_else(|| bad("truncated"))?;
            bucket = bucket
                .checked_add(gap)
                .ok_or_else(|| bad("bucket overflow"))?;
            if bucket >= model.counts.len() || (k > 0 && gap == 0) {
                return Err(bad("bucket out of range"));
            }
            let c = [
                u32::try_from(good).map_err(|_| bad("count overflow"))?,
                u32::try_from(bad_count).map_err(|_| bad("count overflow"))?,
            ];
            model.counts[bucket] = c;
            model.weights[bucket] = weight(c, model.alpha);
        }
        if r.at != bytes.len() {
            return Err(bad("trailing bytes"));
        }
        model.used = used;
        Ok(model)
    }
}

#[inline]
fn weight(c: [u32; 2], alpha: f32) -> f32 {
    ((c[1] as f32 + alpha).ln()) - ((c[0] as f32 + alpha).ln())
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

/// Precision, recall, F1 and accuracy of `model` on `examples` at probability 0.5.
pub fn evaluate<S: AsRef<str>>(model: &Classifier, examples: &[(S, Label)]) -> Quality {
    evaluate_at(model, examples, 0.5)
}

/// `evaluate` with bad meaning a probability at or above `threshold`.
pub fn evaluate_at<S: AsRef<str>>(
    model: &Classifier,
    examples: &[(S, Label)],
    threshold: f32,
) -> Quality {
    let predictions = examples
        .iter()
        .map(|(text, label)| (model.score(text.as_ref()).probability >= threshold, *label));
    quality(predictions)
}

/// Quality from (predicted bad, true label) pairs.
pub fn quality(predictions: impl IntoIterator<Item = (bool, Label)>) -> Quality {
    let (mut tp, mut fp, mut tn, mut fneg) = (0u32, 0u32, 0u32, 0u32);
    for (predicted_bad, label) in predictions {
        match (predicted_bad, label) {
            (true, Label::Bad) => tp += 1,
            (true, Label::Good) => fp += 1,
            (false, Label::Good) => tn += 1,
            (false, Label::Bad) => fneg += 1,
        }
    }
    let ratio = |a: u32, b: u32| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fneg);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    let n = tp + fp + tn + fneg;
    Quality {
        precision,
        recall,
        f1,
        accuracy: ratio(tp + tn, n),
        n,
        true_positives: tp,
        false_positives: fp,
        true_negatives: tn,
        false_negatives: fneg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &[&str] = &[
        "Thank you for this careful report on the council budget.",
        "The bridge repairs were promised last year, glad to see progress.",
        "Дякую за статтю, дуже корисно знати про ремонт бібліотеки.",
        "I disagree with the mayor, but the article is fair to both sides.",
        "Чудовий репортаж про волонтерів, так тримати!",
        "Good point about the grain prices in winter.",
    ];
    const BAD: &[&str] = &[
        "Cheap pills online, buy viagra now, best price, click here",
        "Earn money from home fast, click my profile, cheap offer",
        "Купуйте дешеві таблетки онлайн, найкраща ціна, тисніть тут",
        "You idiot, nobody reads your garbage, idiot journalists",
        "Best casino bonus online, click here now, free spins",
        "Заробіток вдома швидко, дешево, тисніть на профіль",
    ];

    fn trained() -> Classifier {
        let mut m = Classifier::with_options(16, 0.5);
        for g in GOOD {
            m.learn(g, Label::Good);
        }
        for b in BAD {
            m.learn(b, Label::Bad);
        }
        m
    }

    #[test]
    fn learns_from_a_handful_of_decisions() {
        let empty = Classifier::with_options(16, 0.5);
        assert_eq!(empty.score("buy cheap pills").probability, 0.5);
        let m = trained();
        assert_eq!(m.stats().good_docs, 6);
        assert_eq!(m.stats().bad_docs, 6);
        let spam = m.score("CHEAP pills, click here for the best price");
        let ham = m.score("Thank you for the report on the library and the bridge");
        assert!(spam.probability > 0.8, "{spam:?}");
        assert!(ham.probability < 0.2, "{ham:?}");
        let cyr = m.score("Дешеві таблетки, тисніть тут");
        assert!(cyr.probability > 0.8, "{cyr:?}");
        let tokens: Vec<&str> = spam.top_tokens.iter().map(|(t, _)| t.as_str()).collect();
        assert!(
            tokens.contains(&"cheap") || tokens.contains(&"click here"),
            "{tokens:?}"
        );
        let strongest = spam.top_tokens.iter().map(|(_, w)| w.abs());
        assert!(strongest
            .clone()
            .zip(strongest.skip(1))
            .all(|(a, b)| a >= b));
        assert!(spam.top_tokens.iter().any(|(_, w)| *w > 0.0));
        assert!(spam.top_tokens.len() <= TOP_TOKENS);
    }

    #[test]
    fn one_decision_moves_a_score_and_unlearn_undoes_it() {
        let mut m = trained();
        let text = "Visit crypto-wallet giveaway for doubling your coins";
        let before = m.score(text).probability;
        m.learn(text, Label::Bad);
        let after = m.score(text).probability;
        assert!(after > before + 0.1, "{before} -> {after}");
        m.unlearn(text, Label::Bad);
        assert_eq!(m.score(text).probability, before);
        assert_eq!(m.to_bytes(), trained().to_bytes());
    }

    #[test]
    fn bytes_round_trip() {
        let m = trained();
        let bytes = m.to_bytes();
        let back = Classifier::from_bytes(&bytes).unwrap();
        assert_eq!(back.stats(), m.stats());
        let text = "cheap click here thanks for the report";
        assert_eq!(back.score(text), m.score(text));
        assert!(bytes.len() < 6000, "{}", bytes.len());
        assert!(Classifier::from_bytes(b"RDNB").is_err());
        assert!(Classifier::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Classifier::from_bytes(b"something else entirely").is_err());
    }

    #[test]
    fn evaluation_counts() {
        let m = trained();
        let examples = vec![
            ("cheap pills click here", Label::Bad),
            ("thank you for the article", Label::Good),
            ("дешеві таблетки тисніть", Label::Bad),
            ("the bridge repairs report", Label::Good),
        ];
        let q = evaluate(&m, &examples);
        assert_eq!(q.n, 4);
        assert_eq!(q.accuracy, 1.0);
        assert_eq!(q.f1, 1.0);
        let q = quality([(true, Label::Good), (false, Label::Bad)]);
        assert_eq!(
            (q.precision, q.recall, q.f1, q.accuracy),
            (0.0, 0.0, 0.0, 0.0)
        );
    }
}
