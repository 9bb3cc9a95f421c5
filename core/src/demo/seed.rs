//! Reads the seed article (shared/seed/article.txt, embedded): its title, and its reader
//! comments with the thread shape the page showed (numbered, indented replies).
use crate::error::{CoreError, Result};

pub const ARTICLE: &str = include_str!("article.txt");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedComment {
    pub author: String,
    pub body: String,
    pub depth: usize,
    /// Index of the parent in the list, for replies.
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedArticle {
    pub title: String,
    pub comments: Vec<SeedComment>,
}

const HEADER_PREFIX: &str = "Avatar ";
const HEADER_SUFFIX: &str = " says:";

pub fn parse(text: &str) -> Result<SeedArticle> {
    let bad = |line: usize, message: &str| {
        CoreError::invalid(format!("seed article line {line}"), message.to_owned())
    };
    let mut lines = text.lines().enumerate();
    let title = lines
        .next()
        .map(|(_, line)| line.trim().to_owned())
        .filter(|title| !title.is_empty())
        .ok_or_else(|| bad(1, "the first line must be the title"))?;
    // Comments follow the "Tags:" line that ends the article body.
    for (_, line) in lines.by_ref() {
        if line.starts_with("Tags:") {
            break;
        }
    }
    let mut comments: Vec<SeedComment> = Vec::new();
    for (index, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let content = line.trim();
        if let Some(author) = header_author(content) {
            if indent < 2 || !indent.is_multiple_of(2) {
                return Err(bad(
                    index + 1,
                    "a comment header is indented by 2, 4, 6... spaces",
                ));
            }
            let depth = indent / 2 - 1;
            let parent = if depth == 0 {
                None
            } else {
                let parent = comments.iter().rposition(|c| c.depth + 1 == depth);
                Some(parent.ok_or_else(|| bad(index + 1, "a reply with no comment above it"))?)
            };
            comments.push(SeedComment {
                author: author.to_owned(),
                body: String::new(),
                depth,
                parent,
            });
        } else {
            let current = comments
                .last_mut()
                .ok_or_else(|| bad(index + 1, "text after Tags: that belongs to no comment"))?;
            if !current.body.is_empty() {
                current.body.push_str("\n\n");
            }
            current.body.push_str(content);
        }
    }
    if let Some(empty) = comments.iter().position(|c| c.body.is_empty()) {
        return Err(bad(0, &format!("comment {} has no text", empty + 1)));
    }
    Ok(SeedArticle { title, comments })
}

/// "1. Avatar laker48 says:" -> "laker48".
fn header_author(line: &str) -> Option<&str> {
    let (number, rest) = line.split_once(". ")?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.strip_prefix(HEADER_PREFIX)?
        .strip_suffix(HEADER_SUFFIX)
        .filter(|author| !author.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_article_has_four_comments_in_two_threads() {
        let article = parse(ARTICLE).expect("the embedded seed parses");
        assert_eq!(
            article.title,
            "NATO supports Ukraine\u{2019}s Euro-Atlantic aspirations \u{2013} Secretary General"
        );
        let shape: Vec<(&str, usize, Option<usize>)> = article
            .comments
            .iter()
            .map(|c| (c.author.as_str(), c.depth, c.parent))
            .collect();
        assert_eq!(
            shape,
            vec![
                ("laker48", 0, None),
                ("Микола Данчук", 1, Some(0)),
                ("zorbatheturk", 0, None),
                ("laker48", 1, Some(2)),
            ]
        );
        assert_eq!(article.comments[2].body, "NATO rocks.");
        assert!(article.comments[0]
            .body
            .starts_with("Poroshenko\u{2019}s wishful thinking"));
    }

    #[test]
    fn the_embedded_copy_matches_the_shared_seed() {
        let shared =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seed/article.txt");
        if let Ok(text) = std::fs::read_to_string(&shared) {
            assert_eq!(
                text, ARTICLE,
                "core/src/demo/article.txt drifted from shared/seed"
            );
        }
    }

    #[test]
    fn malformed_seeds_name_the_line() {
        let err = parse("Title\nTags:\n      1. Avatar x says:\n      text\n").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        let err = parse("Title\nTags:\nstray text\n").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
    }
}
