//! Large exports made on demand, for the XML readers' streaming tests (WXR and Disqus): a
//! document of any number of records, written a hundred at a time as the reader asks and
//! never held whole, counting the bytes it hands out so a test can tell how far the reader
//! read before its first item.
use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

use super::{Item, Items, SourceComment};

/// How many records each refill writes.
const BATCH: usize = 100;

pub(super) struct Generated {
    head: &'static str,
    /// Writes record `i` (from 0), with its line end.
    record: fn(&mut String, usize),
    tail: &'static str,
    records: usize,
    next: usize,
    chunk: Vec<u8>,
    at: usize,
    done: bool,
    produced: Rc<Cell<u64>>,
}

impl Generated {
    /// `head`, then `records` records, then `tail`; and the count of bytes read so far.
    pub fn new(
        head: &'static str,
        record: fn(&mut String, usize),
        tail: &'static str,
        records: usize,
    ) -> (Self, Rc<Cell<u64>>) {
        let produced = Rc::new(Cell::new(0));
        let generated = Generated {
            head,
            record,
            tail,
            records,
            next: 0,
            chunk: Vec::new(),
            at: 0,
            done: false,
            produced: produced.clone(),
        };
        (generated, produced)
    }

    fn refill(&mut self) {
        let mut s = String::new();
        if self.next == 0 {
            s.push_str(self.head);
        }
        let until = (self.next + BATCH).min(self.records);
        for i in self.next..until {
            (self.record)(&mut s, i);
        }
        self.next = until;
        if until == self.records {
            s.push_str(self.tail);
            self.done = true;
        }
        self.chunk = s.into_bytes();
        self.at = 0;
    }
}

impl Read for Generated {
    fn read(&mut self, into: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.chunk.len() {
            if self.done {
                return Ok(0);
            }
            self.refill();
        }
        let n = into.len().min(self.chunk.len() - self.at);
        into[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        self.produced.set(self.produced.get() + n as u64);
        Ok(n)
    }
}

/// Reads a generated export of one article to the end: the site `site` first, then the
/// article, then the first comment within the first 64 KiB read, then nothing but comments.
/// Returns how many comments there were and the last one.
pub(super) fn read_all(
    mut items: Items<'_>,
    site: &str,
    produced: &Cell<u64>,
) -> (usize, SourceComment) {
    assert_eq!(items.next().unwrap().unwrap(), Item::Site(site.into()));
    assert!(matches!(items.next(), Some(Ok(Item::Article(_)))));
    assert!(matches!(items.next(), Some(Ok(Item::Comment(_)))));
    assert!(
        produced.get() < 64 * 1024,
        "the first comment came after reading {} bytes",
        produced.get()
    );
    let mut count = 1;
    let mut last = None;
    for item in items {
        match item.unwrap() {
            Item::Comment(c) => {
                count += 1;
                last = Some(c);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    (count, last.unwrap())
}
