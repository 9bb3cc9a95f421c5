//! Counting links in a body.
//!
//! What counts as one link (each found once, left to right):
//! - a URL with a scheme: `http://` or `https://` (any case) and at least one character after
//!   it, anywhere in a run of non-space text (so `href="http://…"` and `[x](https://…)` count);
//!   it ends at a space, a quote, `<`, `>` or a backtick;
//! - a run of non-space text starting with `www.` (after opening punctuation);
//! - a bare domain: a run like `example.com`, `shop.example.ua/path?x=1` or `сайт.рф`, whose
//!   labels are letters, digits and hyphens and whose last label is one of the common top-level
//!   domains in `TLDS` (including `рф`, `укр`). Typos like `end.Then` or names like `Node.js`
//!   do not count, and neither do e-mail addresses (a run with `@`).
//!
//! Trailing punctuation (`.,;:!?)]}»"'`) is not part of a link. Obfuscated links
//! (`example dot com`, `example . com`) are not counted.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::normalize::Highlight;

/// One link found in a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Link {
    /// The link as written.
    pub url: String,
    pub highlight: Highlight,
}

/// Top-level domains recognised without a scheme or `www.`: the generic ones, the countries a
/// Ukrainian/European newsroom sees most, and the cheap ones spam favours.
pub const TLDS: &[&str] = &[
    "com", "net", "org", "info", "biz", "edu", "gov", "io", "co", "me", "tv", "cc", "ws", "ly",
    "gl", "to", "ua", "ru", "su", "by", "kz", "md", "pl", "uk", "us", "de", "fr", "it", "es", "eu",
    "nl", "cz", "sk", "ro", "hu", "lt", "lv", "ee", "at", "ch", "be", "ca", "au", "in", "cn", "jp",
    "tk", "ml", "ga", "cf", "gq", "xyz", "top", "site", "online", "club", "shop", "store", "live",
    "app", "dev", "pro", "link", "click", "win", "bid", "vip", "fun", "icu", "buzz", "news",
    "blog", "page", "space", "website", "tech", "life", "today", "world", "рф", "укр", "рус",
    "бел", "мон", "срб", "қаз",
];

/// The links in `body`, in order.
pub fn find_links(body: &str) -> Vec<Link> {
    let mut links = Vec::new();
    // Every link has a '.' or "://" in it: look only at the runs of non-space text around
    // those, each once.
    let mut done = 0usize;
    for pos in memchr::memchr2_iter(b'.', b':', body.as_bytes()) {
        if pos < done {
            continue;
        }
        let run_start = body[..pos]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let run_end = body[pos..]
            .find(char::is_whitespace)
            .map_or(body.len(), |i| pos + i);
        done = run_end;
        let run = &body[run_start..run_end];
        if run.len() < 4 {
            continue;
        }
        if scheme_links(body, run, run_start, &mut links) {
            continue;
        }
        if let Some((start, end)) = bare_link(run) {
            push(body, run_start + start, run_start + end, &mut links);
        }
    }
    links
}

/// How many links `body` holds.
pub fn count_links(body: &str) -> usize {
    find_links(body).len()
}

fn push(body: &str, start: usize, end: usize, links: &mut Vec<Link>) {
    links.push(Link {
        url: body[start..end].to_owned(),
        highlight: Highlight::new(body, start, end),
    });
}

/// Finds `http://` and `https://` URLs in `run`; true if there was one.
fn scheme_links(body: &str, run: &str, run_start: usize, links: &mut Vec<Link>) -> bool {
    let mut found = false;
    let mut next = next_scheme(run, 0);
    while let Some((start, after)) = next {
        next = next_scheme(run, after);
        let mut stop = run[after..]
            .find(['"', '\'', '<', '>', '`'])
            .map_or(run.len(), |i| after + i);
        if let Some((following, _)) = next {
            stop = stop.min(following);
        }
        let end = after + trim_trailing(&run[after..stop]).len();
        if end > after {
            push(body, run_start + start, run_start + end, links);
            found = true;
        }
    }
    found
}

/// The next `http://` or `https://` in `run` from byte `from`: (scheme start, after `://`).
fn next_scheme(run: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = run.as_bytes();
    let mut from = from;
    while let Some(rel) = run.get(from..)?.find("://") {
        let colon = from + rel;
        let after = colon + 3;
        if colon >= 5 && bytes[colon - 5..colon].eq_ignore_ascii_case(b"https") {
            return Some((colon - 5, after));
        }
        if colon >= 4 && bytes[colon - 4..colon].eq_ignore_ascii_case(b"http") {
            return Some((colon - 4, after));
        }
        from = after;
    }
    None
}

fn trim_trailing(s: &str) -> &str {
    s.trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '»' | '"' | '\'' | '”' | '…'
        )
    })
}

/// `www.` links and bare domains: the byte range within `run`.
fn bare_link(run: &str) -> Option<(usize, usize)> {
    if run.contains('@') {
        return None;
    }
    let lead = run.len() - run.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    let body = trim_trailing(&run[lead..]);
    if body.is_empty() {
        return None;
    }
    let end = lead + body.len();
    if body.len() > 4 && body.as_bytes()[..4].eq_ignore_ascii_case(b"www.") {
        return Some((lead, end));
    }
    let host_end = body.find(['/', '?', '#', ':']).unwrap_or(body.len());
    let host = &body[..host_end];
    let mut labels = host.split('.');
    let tld = labels.next_back()?;
    let mut count = 0;
    for label in labels {
        if label.is_empty() || !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return None;
        }
        count += 1;
    }
    if count == 0 {
        return None;
    }
    let tld = tld.to_lowercase();
    if !TLDS.contains(&tld.as_str()) {
        return None;
    }
    Some((lead, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(body: &str) -> Vec<String> {
        find_links(body)
            .into_iter()
            .map(|l| {
                assert_eq!(l.highlight.slice(body), l.url);
                l.url
            })
            .collect()
    }

    #[test]
    fn schemes_www_and_bare_domains() {
        assert_eq!(
            urls(
                "See https://Example.com/a?b=1, (www.shop.ua) and cheap-pills.ru/buy! HTTP://x.io."
            ),
            [
                "https://Example.com/a?b=1",
                "www.shop.ua",
                "cheap-pills.ru/buy",
                "HTTP://x.io"
            ]
        );
        assert_eq!(
            urls("Купуйте на сайт.рф або магазин.укр/знижки"),
            ["сайт.рф", "магазин.укр/знижки"]
        );
    }

    #[test]
    fn links_inside_markup() {
        assert_eq!(
            urls(r#"<a href="http://spam.example.com/x">here</a> [x](https://t.co/abc)"#),
            ["http://spam.example.com/x", "https://t.co/abc"]
        );
        assert_eq!(
            urls("http://a.com,http://b.com"),
            ["http://a.com", "http://b.com"]
        );
    }

    #[test]
    fn not_links() {
        assert!(urls(
            "It ended.Then Node.js, e.g. U.S. mail me: a@b.com; the end... ftp http:// 3.14"
        )
        .is_empty());
        assert_eq!(count_links(""), 0);
    }
}
