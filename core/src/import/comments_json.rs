//! JSON comment files: one array of objects with the documented column set (see `rows`) as
//! keys, read one object at a time so memory stays flat with the file's size.
use std::collections::{HashSet, VecDeque};
use std::io::{BufRead, Read};

use serde::Deserialize;

use super::rows::{self, Row};
use super::{Item, Items};
use crate::error::{CoreError, Result};
use crate::skip::Skip;

/// Counts lines as bytes pass, so each object's line can be reported.
struct Lines<R> {
    inner: R,
    line: u64,
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // One byte at a time through the buffered reader, so nothing is read past a value.
        if buf.is_empty() {
            return Ok(0);
        }
        let available = self.inner.fill_buf()?;
        let Some(&byte) = available.first() else {
            return Ok(0);
        };
        self.inner.consume(1);
        if byte == b'\n' {
            self.line += 1;
        }
        buf[0] = byte;
        Ok(1)
    }
}

impl<R: BufRead> Lines<R> {
    /// The next byte that is not white space, without taking it.
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            let available = self.inner.fill_buf()?;
            let Some(&byte) = available.first() else {
                return Ok(None);
            };
            if byte.is_ascii_whitespace() || byte == 0xEF || byte == 0xBB || byte == 0xBF {
                // White space, or the bytes of a UTF-8 BOM at the start.
                if byte == b'\n' {
                    self.line += 1;
                }
                self.inner.consume(1);
                continue;
            }
            return Ok(Some(byte));
        }
    }
}

pub fn read<'a, R: BufRead + 'a>(input: R, name: &'a str) -> Items<'a> {
    Box::new(Json {
        input: Lines {
            inner: input,
            line: 1,
        },
        name,
        started: false,
        done: false,
        queue: VecDeque::new(),
        seen: HashSet::new(),
        site_sent: false,
        index: 0,
    })
}

struct Json<'a, R> {
    input: Lines<R>,
    name: &'a str,
    started: bool,
    done: bool,
    queue: VecDeque<Item>,
    seen: HashSet<String>,
    site_sent: bool,
    index: u64,
}

impl<R: BufRead> Json<'_, R> {
    fn fail(&mut self, what: String) -> Option<Result<Item>> {
        self.done = true;
        Some(Err(CoreError::invalid(
            format!("{} line {}", self.name, self.input.line),
            what,
        )))
    }
}

impl<R: BufRead> Iterator for Json<'_, R> {
    type Item = Result<Item>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(Ok(item));
            }
            if self.done {
                return None;
            }
            let peeked = match self.input.peek() {
                Ok(byte) => byte,
                Err(err) => return self.fail(format!("could not be read: {err}")),
            };
            if !self.started {
                if peeked != Some(b'[') {
                    return self.fail(
                        "a JSON comment file is one array of comment objects ([{...}, ...])".into(),
                    );
                }
                self.input.inner.consume(1);
                self.started = true;
                continue;
            }
            match peeked {
                Some(b']') => {
                    self.input.inner.consume(1);
                    self.done = true;
                    if !self.site_sent {
                        self.site_sent = true;
                        return Some(Ok(Item::Site("json:unknown-site".into())));
                    }
                    return None;
                }
                Some(b',') if self.index > 0 => {
                    self.input.inner.consume(1);
                    continue;
                }
                Some(b'{') => {}
                Some(other) => {
                    return self.fail(format!(
                        "expected a comment object, found {:?}",
                        char::from(other)
                    ))
                }
                None => return self.fail("the array is not closed (the file ends early)".into()),
            }
            let line = self.input.line;
            self.index += 1;
            let mut de = serde_json::Deserializer::from_reader(&mut self.input);
            let object = match serde_json::Map::<String, serde_json::Value>::deserialize(&mut de) {
                Ok(object) => object,
                Err(err) => return self.fail(format!("not well-formed JSON: {err}")),
            };
            let mut values = std::collections::HashMap::new();
            let mut bad = None;
            for (key, value) in object {
                let key = key.trim().to_lowercase();
                let text = match value {
                    serde_json::Value::Null => continue,
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Bool(b) => b.to_string(),
                    other => {
                        bad.get_or_insert((key.clone(), format!("{key} holds {other}, not text")));
                        continue;
                    }
                };
                values.insert(key, text);
            }
            let row = Row { line, values };
            if let Some((field, reason)) = bad {
                self.queue.push_back(Item::Skipped(Skip {
                    line,
                    record: format!("object {}", self.index),
                    field,
                    reason,
                }));
                continue;
            }
            if !self.site_sent {
                self.site_sent = true;
                self.queue
                    .push_back(Item::Site(rows::site_of(&row, "json")));
            }
            self.queue.extend(rows::items(&row, &mut self.seen));
        }
    }
}
