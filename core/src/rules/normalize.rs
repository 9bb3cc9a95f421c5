//! Normalization shared by every text rule: one pass over a comment's body gives its words,
//! folded for matching, each with the byte range it came from in the original body.
//!
//! What a word is: a run of letters, digits and combining marks (`char::is_alphanumeric` or a
//! combining mark). An apostrophe (`'` `` ` `` `’` `‘` `ʼ` `ʻ` `´`) between two word characters is
//! part of the word and is dropped from its folded form, so "don't" is "dont" and "п’ять",
//! "пʼять" and "п'ять" are all "пять". Everything else (spaces, punctuation, hyphens, symbols,
//! emoji) separates words: "anti-vax" is the two words "anti" "vax", "example.com" is "example"
//! "com". Scripts written without spaces (Chinese, Japanese, Thai) come out as one word per run,
//! which is good enough for a newsroom writing in Latin and Cyrillic scripts.
//!
//! How a word is folded, character by character:
//! - compatibility decomposition (NFKD), so fullwidth `Ｉｄｉｏｔ`, ligatures (`ﬁ`) and
//!   superscripts fold to plain letters and digits;
//! - lower case (`char::to_lowercase`), plus `ß`/`ẞ` → `ss` and final `ς` → `σ`;
//! - combining marks dropped: `café`, `CAFÉ` and `cafe\u{301}` all fold to `cafe`, `naïve` to
//!   `naive`.
//!
//! Cyrillic: dropping marks turns `й` into `и`, `ё` into `е` and Ukrainian `ї` into `і`
//! (their NFD forms are `и`/`е`/`і` plus a breve or diaeresis). This is deliberate: Russian text
//! routinely writes `ё` as `е`, and a commenter dodging a list by writing `и` for `й` is still
//! matched. The cost is that a few distinct words fold together (`мій`/`мии`), which only matters
//! if a list holds one of them and the other is innocent; both the list entries and the
//! comments go through this same fold, so an entry always matches the way it is written.
//! `є`, `ґ`, `і` have no decomposition and stay as they are.
//!
//! Not folded (left for later): look-alike letters across scripts (a Latin `o` inside a Cyrillic
//! word), digits used as letters (`1d10t`), and letters split by dots or spaces (`i.d.i.o.t`).
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A body split into folded words. `text()` is the folded words each followed by one space,
/// after a leading space (`" idiot cafe "`), so a whole word is a space-delimited substring.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    original: &'a str,
    text: String,
    tokens: Vec<Token>,
}

/// One word: where its folded form sits in `Normalized::text()` and where it came from in the
/// original body (byte offsets, end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub norm_start: u32,
    pub norm_end: u32,
    pub orig_start: u32,
    pub orig_end: u32,
}

/// A range of the ORIGINAL body in three units: UTF-8 bytes (Rust), Unicode scalar values
/// (`chars`) and UTF-16 code units (JavaScript string indices). Ends are exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Highlight {
    pub start: u32,
    pub end: u32,
    pub char_start: u32,
    pub char_end: u32,
    pub utf16_start: u32,
    pub utf16_end: u32,
}

impl Highlight {
    /// The highlight of `original[start..end]`. Both ends must be char boundaries.
    pub fn new(original: &str, start: usize, end: usize) -> Highlight {
        let (char_start, utf16_start) = counts(&original[..start]);
        let (chars, utf16) = counts(&original[start..end]);
        Highlight {
            start: start as u32,
            end: end as u32,
            char_start,
            char_end: char_start + chars,
            utf16_start,
            utf16_end: utf16_start + utf16,
        }
    }

    /// The highlighted substring of `original`.
    pub fn slice<'s>(&self, original: &'s str) -> &'s str {
        &original[self.start as usize..self.end as usize]
    }
}

fn counts(text: &str) -> (u32, u32) {
    let mut chars = 0u32;
    let mut utf16 = 0u32;
    for c in text.chars() {
        chars += 1;
        utf16 += c.len_utf16() as u32;
    }
    (chars, utf16)
}

impl<'a> Normalized<'a> {
    pub fn new(original: &'a str) -> Normalized<'a> {
        normalize(original)
    }

    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The folded words, `" w1 w2 … wn "`.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The folded form of token `i`.
    pub fn word(&self, i: usize) -> &str {
        let t = self.tokens[i];
        &self.text[t.norm_start as usize..t.norm_end as usize]
    }

    /// The original text of token `i`.
    pub fn original_word(&self, i: usize) -> &'a str {
        let t = self.tokens[i];
        &self.original[t.orig_start as usize..t.orig_end as usize]
    }

    /// The folded words joined by single spaces (`"w1 w2"`).
    pub fn joined(&self) -> &str {
        let t = self.text.as_str();
        if t.len() <= 1 {
            ""
        } else {
            &t[1..t.len() - 1]
        }
    }

    /// The index of the token whose folded form contains byte `pos` of `text()` (or the first
    /// token after it, when `pos` is on a space).
    pub fn token_at(&self, pos: usize) -> usize {
        self.tokens
            .partition_point(|t| (t.norm_end as usize) <= pos)
    }

    /// The original byte range covered by tokens `first..=last`.
    pub fn original_span(&self, first: usize, last: usize) -> (usize, usize) {
        (
            self.tokens[first].orig_start as usize,
            self.tokens[last].orig_end as usize,
        )
    }
}

/// Folds `text` into words (see the module documentation for the rules).
pub fn normalize(original: &str) -> Normalized<'_> {
    let table = fold_table();
    let bytes = original.as_bytes();
    let mut out = String::with_capacity(original.len() + 16);
    out.push(' ');
    let mut tokens: Vec<Token> = Vec::with_capacity(original.len() / 5 + 1);
    // The token being built: its start in `out` and in the original.
    let mut open: Option<(usize, usize)> = None;
    let mut last_word_end = 0usize;
    let mut i = 0usize;

    macro_rules! close {
        () => {
            if let Some((norm_start, orig_start)) = open.take() {
                if out.len() > norm_start {
                    tokens.push(Token {
                        norm_start: norm_start as u32,
                        norm_end: out.len() as u32,
                        orig_start: orig_start as u32,
                        orig_end: last_word_end as u32,
                    });
                    out.push(' ');
                }
            }
        };
    }

    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                if open.is_none() {
                    open = Some((out.len(), i));
                }
                let mut end = i + 1;
                while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                    end += 1;
                }
                let from = out.len();
                out.push_str(&original[i..end]);
                out[from..].make_ascii_lowercase();
                i = end;
                last_word_end = i;
                continue;
            }
            if (b == b'\'' || b == b'`') && open.is_some() && word_at(original, i + 1, table) {
                i += 1;
                continue;
            }
            close!();
            i += 1;
            continue;
        }
        // Two-byte sequences (Latin accents, Greek, Cyrillic) decoded inline.
        let (c, len) = if b & 0xe0 == 0xc0 && i + 1 < bytes.len() {
            let cp = ((b as u32 & 0x1f) << 6) | (bytes[i + 1] as u32 & 0x3f);
            (char::from_u32(cp).unwrap_or('\u{fffd}'), 2)
        } else {
            let c = original[i..].chars().next().unwrap_or('\u{fffd}');
            (c, c.len_utf8())
        };
        if is_apostrophe(c) {
            if !(open.is_some() && word_at(original, i + len, table)) {
                close!();
            }
            i += len;
            continue;
        }
        let cp = c as usize;
        let word = if cp < TABLE_SIZE {
            table.entries[cp].word
        } else {
            is_word_char(c)
        };
        if word {
            if open.is_none() {
                open = Some((out.len(), i));
            }
            if cp < TABLE_SIZE {
                out.push_str(table.folded(cp));
            } else {
                fold_char(c, &mut out);
            }
            i += len;
            last_word_end = i;
        } else {
            close!();
            i += len;
        }
    }
    close!();
    Normalized {
        original,
        text: out,
        tokens,
    }
}

/// Folds a whole string the way words are folded, keeping only word characters (for entries
/// and tests).
pub fn fold(text: &str) -> String {
    normalize(text).joined().to_owned()
}

fn word_at(original: &str, at: usize, table: &FoldTable) -> bool {
    match original[at..].chars().next() {
        Some(c) if (c as usize) < TABLE_SIZE => table.entries[c as usize].word && !is_apostrophe(c),
        Some(c) => is_word_char(c) && !is_apostrophe(c),
        None => false,
    }
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '\u{00B4}'
    )
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Appends the folded form of one word character.
fn fold_char(c: char, out: &mut String) {
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'ς' => out.push('σ'),
        _ => decompose_compatible(c, |d| {
            for l in d.to_lowercase() {
                if l.is_alphanumeric() && !is_combining_mark(l) {
                    out.push(if l == 'ς' { 'σ' } else { l });
                }
            }
        }),
    }
}

/// Precomputed folds for the first 2,048 code points (Latin, Greek, Cyrillic and more), where
/// nearly every character of a European-language comment falls.
const TABLE_SIZE: usize = 0x800;

#[derive(Clone, Copy, Default)]
struct Folded {
    word: bool,
    /// The folded form: `pool[start..start + len]`.
    start: u32,
    len: u8,
}

struct FoldTable {
    entries: Vec<Folded>,
    pool: String,
}

impl FoldTable {
    #[inline]
    fn folded(&self, cp: usize) -> &str {
        let f = self.entries[cp];
        let start = f.start as usize;
        &self.pool[start..start + f.len as usize]
    }
}

fn fold_table() -> &'static FoldTable {
    static TABLE: OnceLock<FoldTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut pool = String::new();
        let entries = (0..TABLE_SIZE as u32)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else {
                    return Folded::default();
                };
                let word = is_word_char(c) && !is_apostrophe(c);
                let start = pool.len();
                if word {
                    fold_char(c, &mut pool);
                }
                Folded {
                    word,
                    start: start as u32,
                    len: (pool.len() - start) as u8,
                }
            })
            .collect();
        FoldTable { entries, pool }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let n = normalize(text);
        (0..n.tokens().len())
            .map(|i| n.word(i).to_owned())
            .collect()
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(
            words("Café CAFÉ cafe\u{301} naïve NAÏVE"),
            ["cafe", "cafe", "cafe", "naive", "naive"]
        );
        assert_eq!(words("Straße ＩＤＩＯＴ ﬁne"), ["strasse", "idiot", "fine"]);
        assert_eq!(words("ΟΔΥΣΣΕΥΣ"), ["οδυσσευσ"]);
    }

    #[test]
    fn cyrillic_breve_and_diaeresis_are_dropped() {
        assert_eq!(
            words("Йод ёлка Їжак ґава Єва"),
            ["иод", "елка", "іжак", "ґава", "єва"]
        );
        assert_eq!(words("ДУРЕНЬ"), ["дурень"]);
    }

    #[test]
    fn words_split_on_punctuation_and_join_apostrophes() {
        assert_eq!(
            words("don't anti-vax, example.com!"),
            ["dont", "anti", "vax", "example", "com"]
        );
        assert_eq!(
            words("п’ять пʼять п'ять 'quoted'"),
            ["пять", "пять", "пять", "quoted"]
        );
        assert_eq!(words("  ...  "), Vec::<String>::new());
        assert_eq!(words("a_b 🙂x"), ["a", "b", "x"]);
    }

    #[test]
    fn tokens_point_into_the_original() {
        let body = "«Ідіот», said the CAFÉ\u{301}.";
        let n = normalize(body);
        let originals: Vec<&str> = (0..n.tokens().len()).map(|i| n.original_word(i)).collect();
        assert_eq!(originals, ["Ідіот", "said", "the", "CAFÉ\u{301}"]);
        assert_eq!(n.text(), " ідіот said the cafe ");
        assert_eq!(n.joined(), "ідіот said the cafe");
        assert_eq!(n.token_at(1), 0);
        assert_eq!(n.token_at(" ідіот".len()), 1);
    }

    #[test]
    fn the_fold_table_matches_the_slow_fold() {
        let table = fold_table();
        for cp in 0..TABLE_SIZE as u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut slow = String::new();
            if is_word_char(c) && !is_apostrophe(c) {
                fold_char(c, &mut slow);
            }
            assert_eq!(table.folded(cp as usize), slow, "U+{cp:04X}");
        }
    }

    #[test]
    fn highlights_count_chars_and_utf16() {
        let body = "😀 Ідіот!";
        let start = body.find('І').unwrap();
        let h = Highlight::new(body, start, start + "Ідіот".len());
        assert_eq!(h.slice(body), "Ідіот");
        assert_eq!((h.char_start, h.char_end), (2, 7));
        // The emoji is two UTF-16 units.
        assert_eq!((h.utf16_start, h.utf16_end), (3, 8));
    }
}
