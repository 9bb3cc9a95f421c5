//! The XML input layer the XML readers (WXR, Disqus) share: the bytes in (the encoding found
//! from a byte order mark or the declaration, decoded to UTF-8 as they stream, lines and
//! columns counted as the parser consumes them), where a document breaks, the state of its
//! root element, and the text of the element being read (CDATA or not).
use std::io::{self, BufRead, Read};

use encoding_rs::{CoderResult, Encoding};
use quick_xml::Reader;

/// The parser over the decoded, position-counting input.
pub(super) type Xml<R> = Reader<Tracked<Decoded<Sniffed<R>>>>;

/// The first bytes of the input, read to find the encoding, then handed on unchanged.
pub(super) type Sniffed<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

/// How much of the start of the file may hold the XML declaration.
const DECLARATION_WINDOW: usize = 1024;

/// Reads the byte order mark or the XML declaration and returns a UTF-8 stream of the input.
pub(super) fn open<R: BufRead>(mut input: R) -> std::result::Result<Decoded<Sniffed<R>>, Opening> {
    let mut head = Vec::with_capacity(DECLARATION_WINDOW);
    while head.len() < DECLARATION_WINDOW && !contains(&head, b"?>") {
        let available = match input.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Opening::Io(e)),
        };
        if available.is_empty() {
            break;
        }
        let take = available.len().min(DECLARATION_WINDOW - head.len());
        head.extend_from_slice(&available[..take]);
        input.consume(take);
    }
    let encoding = match Encoding::for_bom(&head) {
        Some((encoding, _)) => encoding,
        None => match declared_encoding(&head) {
            None => encoding_rs::UTF_8,
            // A declaration readable as ASCII cannot be in UTF-16, whatever it says.
            Some(label) => Encoding::for_label(label.trim().as_bytes())
                .filter(|encoding| *encoding != encoding_rs::REPLACEMENT)
                .map(Encoding::output_encoding)
                .ok_or_else(|| Opening::UnknownEncoding(label.to_string()))?,
        },
    };
    Ok(Decoded {
        inner: io::Cursor::new(head).chain(input),
        // Sniffs (and drops) a byte order mark, which wins over the declaration.
        decoder: encoding.new_decoder(),
        out: vec![0; 16 * 1024],
        start: 0,
        end: 0,
        finished: false,
    })
}

pub(super) enum Opening {
    Io(io::Error),
    UnknownEncoding(String),
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The `encoding="..."` of an ASCII-readable XML declaration at the very start of `head`.
fn declared_encoding(head: &[u8]) -> Option<&str> {
    let rest = head.strip_prefix(b"<?xml")?;
    let end = rest.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&rest[..end]).ok()?;
    let at = decl.find("encoding")?;
    let value = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    Some(&value[..value.find(quote)?])
}

/// The input decoded to UTF-8 as it is read (malformed bytes become U+FFFD).
pub(super) struct Decoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    out: Vec<u8>,
    start: usize,
    end: usize,
    finished: bool,
}

impl<R: BufRead> Read for Decoded<R> {
    fn read(&mut self, into: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(into.len());
        into[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.start == self.end && !self.finished {
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            let (result, read, written, _) =
                self.decoder.decode_to_utf8(input, &mut self.out, last);
            self.inner.consume(read);
            self.start = 0;
            self.end = written;
            if last && result == CoderResult::InputEmpty {
                self.finished = true;
            }
        }
        Ok(&self.out[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        self.start = (self.start + amount).min(self.end);
    }
}

/// Counts lines and columns of what the parser consumes, as it consumes it (the parser
/// consumes exactly the bytes of each event it returns, nothing ahead).
pub(super) struct Tracked<R> {
    inner: R,
    /// The end of what was consumed.
    now: Position,
    /// Set before each event is read: where that event starts.
    pub(super) mark: Position,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Position {
    offset: u64,
    /// 1-based.
    pub(super) line: u64,
    /// 1-based, in characters.
    pub(super) column: u64,
}

impl Position {
    /// Moves past `bytes` (one plain loop: the slices are short, one event's worth).
    pub(super) fn advance(&mut self, bytes: &[u8]) {
        self.offset += bytes.len() as u64;
        let (mut line, mut column) = (self.line, self.column);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a character starts here.
                column += 1;
            }
            i += 1;
        }
        (self.line, self.column) = (line, column);
    }
}

impl<R> Tracked<R> {
    pub(super) fn new(inner: R) -> Self {
        let start = Position {
            offset: 0,
            line: 1,
            column: 1,
        };
        Tracked {
            inner,
            now: start,
            mark: start,
        }
    }

    pub(super) fn mark(&mut self) {
        self.mark = self.now;
    }

    /// Line and column of byte `offset` of the event being read: the end of what was consumed
    /// when that is where `offset` is, else the start of the event (a parser error points at
    /// the start of the markup it could not read).
    pub(super) fn at(&self, offset: u64) -> (u64, u64) {
        let at = if offset >= self.now.offset {
            self.now
        } else {
            self.mark
        };
        (at.line, at.column)
    }
}

impl<R: BufRead> Read for Tracked<R> {
    fn read(&mut self, into: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(into.len());
        into[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(available) = self.inner.fill_buf() {
            let amount = amount.min(available.len());
            self.now.advance(&available[..amount]);
        }
        self.inner.consume(amount);
    }
}

// ---------------------------------------------------------------------------------------------
// What the readers keep while reading.

/// A document that cannot be read, and where.
pub(super) struct Broken {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl Broken {
    pub fn at(at: Position, message: String) -> Self {
        Broken {
            line: at.line,
            column: at.column,
            message,
        }
    }
}

#[derive(Default, PartialEq, Eq)]
pub(super) enum Root {
    #[default]
    Before,
    Inside,
    After,
}

/// The text of the element being captured, for a reader whose fields are `F`.
pub(super) struct Capture<F> {
    pub field: Option<F>,
    pub depth: usize,
    /// All character data, CDATA included.
    pub text: String,
    /// The CDATA sections only.
    pub cdata: String,
    pub saw_cdata: bool,
    /// Character data outside CDATA that is not whitespace.
    pub loose: bool,
}

impl<F> Default for Capture<F> {
    fn default() -> Self {
        Capture {
            field: None,
            depth: 0,
            text: String::new(),
            cdata: String::new(),
            saw_cdata: false,
            loose: false,
        }
    }
}

impl<F> Capture<F> {
    pub fn start(&mut self, field: F, depth: usize) {
        self.field = Some(field);
        self.depth = depth;
        self.text.clear();
        self.cdata.clear();
        self.saw_cdata = false;
        self.loose = false;
    }

    pub fn markup(&mut self, parts: &[&str]) {
        self.loose = true;
        for part in parts {
            self.text.push_str(part);
        }
    }

    /// The field and its value (the CDATA when only whitespace surrounds it, else all the
    /// text); None when no field was being captured.
    pub fn finish(&mut self) -> Option<(F, String)> {
        let field = self.field.take()?;
        let value = if self.saw_cdata && !self.loose {
            std::mem::take(&mut self.cdata)
        } else {
            std::mem::take(&mut self.text)
        };
        Some((field, value))
    }
}

pub(super) fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// The trimmed value, when there is one.
pub(super) fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_characters() {
        let text = "ab\ncd\n\u{e9}\u{1f600}x\n\n\u{44f}\u{44f}\u{44f}\nend";
        for end in (0..=text.len()).filter(|end| text.is_char_boundary(*end)) {
            for split in (0..=end).filter(|split| text.is_char_boundary(*split)) {
                let mut at = Position {
                    offset: 0,
                    line: 1,
                    column: 1,
                };
                at.advance(&text.as_bytes()[..split]);
                at.advance(&text.as_bytes()[split..end]);
                let part = &text[..end];
                let last_line = part.rsplit('\n').next().unwrap();
                assert_eq!(at.offset, end as u64);
                assert_eq!(at.line, 1 + part.matches('\n').count() as u64);
                assert_eq!(at.column, 1 + last_line.chars().count() as u64);
            }
        }
    }
}
