//! Word and phrase lists (banned, suspect): compiled once into one Aho-Corasick automaton over
//! the folded text, matched whole-word, case- and diacritic-insensitively.
//!
//! An entry is a word or a phrase of several words, folded like comments are (see
//! `normalize`), so "Café" matches "CAFE" and "cafe\u{301}", and a phrase matches across any
//! punctuation and spacing ("son of a" matches "Son, of... a"). Whole-word: "ass" matches
//! "Ass." and "ass!" but not "class" or "assist". Wildcards: a `*` at the end matches any ending
//! ("idiot*": idiot, idiots, idiotic), a `*` at the start any beginning ("*idiot": superidiot),
//! both any word containing it. A `*` elsewhere, an entry with no letters or digits, and a
//! wildcard stem of one character are refused.
//!
//! How: each entry becomes one pattern over `Normalized::text()` (" w1 w2 … "), with a space on
//! each side that is not a wildcard, so boundaries are part of the pattern and the automaton
//! does a single pass for all entries; overlapping matches are found, then the longest of the
//! ones that share words is kept.
use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::normalize::{normalize, Highlight, Normalized};
use super::RulesError;

/// A compiled list, or several lists matched in one pass (`compile_lists`).
#[derive(Debug, Clone)]
pub struct WordList {
    /// Entries as given (trimmed), without duplicates.
    entries: Vec<String>,
    /// Entry → the list it came from.
    entry_list: Vec<u8>,
    lists: usize,
    /// Pattern id → entry index.
    pattern_entry: Vec<u32>,
    automaton: Option<AhoCorasick>,
}

/// One entry matched in a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WordMatch {
    /// The list entry, as written in the list.
    pub entry: String,
    /// The matched words as they appear in the body (from the first word to the last).
    pub text: String,
    pub highlight: Highlight,
}

/// A problem with one line of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EntryProblem {
    /// 1-based line in the imported text (the entry's position for `WordList::compile`).
    pub line: usize,
    pub entry: String,
    pub problem: String,
}

/// A list read from text: the entries kept and the lines refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ParsedList {
    pub entries: Vec<String>,
    pub problems: Vec<EntryProblem>,
}

/// One entry checked and folded: its pattern (with boundary spaces) or what is wrong with it.
fn pattern_for(entry: &str) -> Result<String, String> {
    let trimmed = entry.trim();
    if trimmed.is_empty() {
        return Err("the entry is empty".into());
    }
    let (left_open, rest) = match trimmed.strip_prefix('*') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let (right_open, core) = match rest.strip_suffix('*') {
        Some(core) => (true, core),
        None => (false, rest),
    };
    if core.contains('*') {
        return Err("a * may only stand at the start or the end of an entry".into());
    }
    let n = normalize(core);
    if n.tokens().is_empty() {
        return Err(if left_open || right_open {
            "a wildcard needs letters or digits beside it".into()
        } else {
            "the entry has no letters or digits".into()
        });
    }
    let joined = n.joined();
    if (left_open || right_open) && n.tokens().len() == 1 && joined.chars().count() < 2 {
        return Err(format!(
            "{trimmed:?} would match every word with that letter: give at least two letters"
        ));
    }
    let mut pattern = String::with_capacity(joined.len() + 2);
    if !left_open {
        pattern.push(' ');
    }
    pattern.push_str(joined);
    if !right_open {
        pattern.push(' ');
    }
    Ok(pattern)
}

impl WordList {
    /// Compiles `entries`. Duplicates (the same pattern after folding) are merged, the first
    /// kept; any bad entry fails the whole list with every problem listed.
    pub fn compile<S: AsRef<str>>(entries: &[S]) -> Result<WordList, RulesError> {
        WordList::compile_lists(&[entries])
            .map_err(|(_, problems)| RulesError::BadEntries(problems))
    }

    /// Compiles several lists (up to 255) into one automaton, so that `find_lists` matches them
    /// all in one pass. Duplicates are merged within a list, not across lists. A bad entry
    /// fails the whole: the error is the first list with problems, and its problems.
    pub fn compile_lists<S: AsRef<str>>(
        lists: &[&[S]],
    ) -> Result<WordList, (usize, Vec<EntryProblem>)> {
        let total: usize = lists.iter().map(|l| l.len()).sum();
        let mut kept = Vec::with_capacity(total);
        let mut entry_list = Vec::with_capacity(total);
        let mut patterns = Vec::with_capacity(total);
        let mut pattern_entry = Vec::with_capacity(total);
        let mut seen: HashMap<(u8, String), ()> = HashMap::with_capacity(total);
        for (list, entries) in lists.iter().enumerate().take(255) {
            let mut problems = Vec::new();
            for (i, entry) in entries.iter().enumerate() {
                let entry = entry.as_ref();
                match pattern_for(entry) {
                    Ok(pattern) => {
                        if seen.insert((list as u8, pattern.clone()), ()).is_none() {
                            pattern_entry.push(kept.len() as u32);
                            kept.push(entry.trim().to_owned());
                            entry_list.push(list as u8);
                            patterns.push(pattern);
                        }
                    }
                    Err(problem) => problems.push(EntryProblem {
                        line: i + 1,
                        entry: entry.to_owned(),
                        problem,
                    }),
                }
            }
            if !problems.is_empty() {
                return Err((list, problems));
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            let built = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns);
            match built {
                Ok(automaton) => Some(automaton),
                Err(err) => {
                    return Err((
                        0,
                        vec![EntryProblem {
                            line: 0,
                            entry: String::new(),
                            problem: format!("could not build the word matcher: {err}"),
                        }],
                    ))
                }
            }
        };
        Ok(WordList {
            entries: kept,
            entry_list,
            lists: lists.len().min(255),
            pattern_entry,
            automaton,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entries, duplicates merged (of all lists, in order).
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// How many entries list `list` kept.
    pub fn list_len(&self, list: usize) -> usize {
        self.entry_list
            .iter()
            .filter(|&&l| l as usize == list)
            .count()
    }

    /// Matches in `body`, in text order.
    pub fn find(&self, body: &str) -> Vec<WordMatch> {
        self.find_in(&normalize(body))
    }

    /// Matches in an already normalized body, in text order. Where matches share words, the
    /// one that starts first and covers most words is kept.
    pub fn find_in(&self, n: &Normalized<'_>) -> Vec<WordMatch> {
        self.find_lists(n).into_iter().next().unwrap_or_default()
    }

    /// Matches of each list compiled by `compile_lists` (one vector per list, in text order),
    /// in one pass. Overlaps are settled within a list: a phrase in one list never hides a
    /// word of another.
    pub fn find_lists(&self, n: &Normalized<'_>) -> Vec<Vec<WordMatch>> {
        let mut out: Vec<Vec<WordMatch>> = vec![Vec::new(); self.lists.max(1)];
        let Some(automaton) = &self.automaton else {
            return out;
        };
        let text = n.text();
        let bytes = text.as_bytes();
        // (list, first token, last token, pattern length, entry)
        let mut found: Vec<(u8, usize, usize, usize, u32)> = Vec::new();
        for m in automaton.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            let first = if bytes[start] == b' ' {
                n.token_at(start + 1)
            } else {
                n.token_at(start)
            };
            let last = if bytes[end - 1] == b' ' {
                n.token_at(end - 2)
            } else {
                n.token_at(end - 1)
            };
            let entry = self.pattern_entry[m.pattern().as_usize()];
            found.push((
                self.entry_list[entry as usize],
                first,
                last,
                end - start,
                entry,
            ));
        }
        if found.is_empty() {
            return out;
        }
        // Per list: leftmost, then most words, then the most specific entry (the longest
        // pattern), then the first in the list.
        found.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(a.1.cmp(&b.1))
                .then(b.2.cmp(&a.2))
                .then(b.3.cmp(&a.3))
                .then(a.4.cmp(&b.4))
        });
        let original = n.original();
        let mut current_list = u8::MAX;
        let mut next_free = 0usize;
        for (list, first, last, _, entry) in found {
            if list != current_list {
                current_list = list;
                next_free = 0;
            }
            if first < next_free {
                continue;
            }
            next_free = last + 1;
            let (start, end) = n.original_span(first, last);
            out[list as usize].push(WordMatch {
                entry: self.entries[entry as usize].clone(),
                text: original[start..end].to_owned(),
                highlight: Highlight::new(original, start, end),
            });
        }
        out
    }
}

/// Reads a list from text, one entry a line: blank lines and lines starting with `#` are
/// skipped, repeats (after folding) dropped, and bad entries reported with their line.
pub fn parse_list(text: &str) -> ParsedList {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let entry = line.trim().trim_start_matches('\u{feff}').trim();
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        match pattern_for(entry) {
            Ok(pattern) => match seen.get(&pattern) {
                Some(first) => problems.push(EntryProblem {
                    line: i + 1,
                    entry: entry.to_owned(),
                    problem: format!("the same as line {first}; dropped"),
                }),
                None => {
                    seen.insert(pattern, i + 1);
                    entries.push(entry.to_owned());
                }
            },
            Err(problem) => problems.push(EntryProblem {
                line: i + 1,
                entry: entry.to_owned(),
                problem,
            }),
        }
    }
    ParsedList { entries, problems }
}

/// Writes a list as text, one entry a line, for `parse_list` to read back.
pub fn export_list<S: AsRef<str>>(entries: &[S]) -> String {
    let mut out = String::new();
    for entry in entries {
        let entry = entry.as_ref().trim();
        if !entry.is_empty() {
            out.push_str(entry);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> WordList {
        WordList::compile(entries).unwrap()
    }

    fn matched(list: &WordList, body: &str) -> Vec<(String, String)> {
        list.find(body)
            .into_iter()
            .map(|m| {
                assert_eq!(
                    m.highlight.slice(body),
                    m.text,
                    "highlight lands on the text"
                );
                (m.entry, m.text)
            })
            .collect()
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn whole_words_only() {
        let l = list(&["ass"]);
        assert_eq!(matched(&l, "a first-class assist"), pairs(&[]));
        assert_eq!(
            matched(&l, "Ass. You ass!"),
            pairs(&[("ass", "Ass"), ("ass", "ass")])
        );
        assert_eq!(matched(&l, "ass"), pairs(&[("ass", "ass")]));
        assert_eq!(
            matched(&l, "ass ass"),
            pairs(&[("ass", "ass"), ("ass", "ass")])
        );
        let class = list(&["class"]);
        assert_eq!(
            matched(&class, "classic class, classes"),
            pairs(&[("class", "class")])
        );
    }

    #[test]
    fn latin_and_cyrillic_with_wildcards() {
        let l = list(&["idiot*", "дурень", "ідіот*"]);
        let body = "Idiots! Ти ДУРЕНЬ, справжній ідіотизм; an idiotic idea, not an idio.";
        assert_eq!(
            matched(&l, body),
            pairs(&[
                ("idiot*", "Idiots"),
                ("дурень", "ДУРЕНЬ"),
                ("ідіот*", "ідіотизм"),
                ("idiot*", "idiotic"),
            ])
        );
        // Whole word without a wildcard: дурень does not match дурненький.
        assert!(l.find("дурненький").is_empty());
    }

    #[test]
    fn prefix_and_infix_wildcards() {
        let l = list(&["*idiot", "*spam*"]);
        assert_eq!(
            matched(&l, "superidiot idiots antispammer spam"),
            pairs(&[
                ("*idiot", "superidiot"),
                ("*spam*", "antispammer"),
                ("*spam*", "spam")
            ])
        );
    }

    #[test]
    fn diacritics_on_either_side() {
        let l = list(&["café", "naive"]);
        assert_eq!(
            matched(&l, "CAFE, cafe\u{301} and a naïve Café"),
            pairs(&[
                ("café", "CAFE"),
                ("café", "cafe\u{301}"),
                ("naive", "naïve"),
                ("café", "Café"),
            ])
        );
    }

    #[test]
    fn phrases_across_punctuation() {
        let l = list(&["son of a", "son*", "go to hell"]);
        let body = "You son,  of... A gun! Go   to\nhell — sonny";
        assert_eq!(
            matched(&l, body),
            pairs(&[
                ("son of a", "son,  of... A"),
                ("go to hell", "Go   to\nhell"),
                ("son*", "sonny"),
            ])
        );
    }

    #[test]
    fn highlights_are_exact_in_the_original() {
        let l = list(&["ідіот*", "cafe"]);
        let body = "😀 «Ідіоти» at the CAFÉ";
        let found = l.find(body);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].highlight.slice(body), "Ідіоти");
        assert_eq!(found[0].highlight.char_start, 3);
        assert_eq!(found[0].highlight.utf16_start, 4);
        let chars: String = body
            .chars()
            .skip(found[1].highlight.char_start as usize)
            .take((found[1].highlight.char_end - found[1].highlight.char_start) as usize)
            .collect();
        assert_eq!(chars, "CAFÉ");
    }

    #[test]
    fn overlapping_entries_keep_the_longest() {
        let l = list(&["idiot", "idiot*", "big idiot"]);
        assert_eq!(
            matched(&l, "a big idiot, an idiot"),
            pairs(&[("big idiot", "big idiot"), ("idiot", "idiot")])
        );
    }

    #[test]
    fn several_lists_in_one_pass() {
        let banned: &[&str] = &["idiot", "дурень"];
        let suspect: &[&str] = &["big idiot", "idiot", "cafe"];
        let l = WordList::compile_lists(&[banned, suspect]).unwrap();
        let found = l.find_lists(&normalize("A big idiot at the café, дурень"));
        let entries =
            |k: usize| -> Vec<&str> { found[k].iter().map(|m| m.entry.as_str()).collect() };
        // The suspect phrase does not hide the banned word inside it.
        assert_eq!(entries(0), ["idiot", "дурень"]);
        assert_eq!(entries(1), ["big idiot", "cafe"]);
        let err = WordList::compile_lists(&[banned, &["ok", "*"][..]]).unwrap_err();
        assert_eq!(err.0, 1);
        assert_eq!(err.1[0].line, 2);
    }

    #[test]
    fn bad_entries_are_refused_with_their_position() {
        let err = WordList::compile(&["ok", "*", "**", "f*ck", "!!!", "a*", ""]).unwrap_err();
        let RulesError::BadEntries(problems) = err else {
            panic!("expected bad entries");
        };
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7]);
        // Duplicates after folding merge silently.
        assert_eq!(list(&["Café", "cafe", "CAFÉ "]).entries(), ["Café"]);
        assert!(list(&[] as &[&str]).find("anything").is_empty());
    }

    #[test]
    fn lists_import_and_export_as_text() {
        let text = "# banned\n\nidiot*\n  Дурень \nidiot*\nДУРЕНЬ\n*\nf*ck\n";
        let parsed = parse_list(text);
        assert_eq!(parsed.entries, ["idiot*", "Дурень"]);
        let problems: Vec<(usize, &str)> = parsed
            .problems
            .iter()
            .map(|p| (p.line, p.entry.as_str()))
            .collect();
        assert_eq!(
            problems,
            [(5, "idiot*"), (6, "ДУРЕНЬ"), (7, "*"), (8, "f*ck")]
        );
        let exported = export_list(&parsed.entries);
        assert_eq!(exported, "idiot*\nДурень\n");
        assert_eq!(parse_list(&exported).entries, parsed.entries);
    }

    #[test]
    fn many_entries_compile_and_match() {
        let entries: Vec<String> = (0..5000)
            .map(|i| {
                if i % 2 == 0 {
                    format!("word{i}*")
                } else {
                    format!("слово{i}")
                }
            })
            .collect();
        let l = WordList::compile(&entries).unwrap();
        assert_eq!(l.len(), 5000);
        let found = l.find("x word42s, СЛОВО4999 слово4998 word4998");
        let got: Vec<&str> = found.iter().map(|m| m.entry.as_str()).collect();
        assert_eq!(got, ["word42*", "слово4999", "word4998*"]);
    }
}
