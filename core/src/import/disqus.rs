//! Disqus XML exports (`<disqus xmlns="http://disqus.com">`), streamed.
//!
//! The file is read event by event (quick-xml over a `BufRead`), through the same decoding and
//! line counting as the WordPress reader (`wxr`): the XML declaration or a byte order mark
//! names the encoding, `encoding_rs` turns the bytes into UTF-8 as they stream in. Nothing
//! holds more than the record being read (and, until the site is known, the few records read
//! before it: see below), so memory stays flat however large the export is.
//!
//! An export holds `<category>` records (ignored), `<thread dsq:id=…>` records (the articles)
//! and `<post dsq:id=…>` records (the comments, each naming its thread and perhaps its parent
//! with `<thread dsq:id=…/>` and `<parent dsq:id=…/>`). Disqus writes the threads first, but
//! nothing here relies on it: every record is emitted where it ends, and the pipeline checks
//! that the threads and parents the comments name exist.
//!
//! What comes out, in document order:
//! - `Item::Site("disqus:" + <forum>)`, from the first thread or post that has a `<forum>`,
//!   before any article or comment ("disqus:unknown" when no record names its forum). The
//!   records read before that forum wait for it, at most `PENDING_LIMIT` of them; past that
//!   (or at the end of a file without any forum) the site is "disqus:unknown";
//! - one `Item::Article` per `<thread>` (a deleted thread too: its comments keep their place);
//!   its url is `<link>`, else `<id>` when that is a web address (Disqus identifiers are often
//!   not: "123 https://site/?p=123"); its title is `<title>`, else the url;
//! - one `Item::Comment` per `<post>`: status Spam when `<isSpam>` is true, else Trash when
//!   `<isDeleted>` is true, else Approved (the site's state kept as "spam", "deleted" or
//!   "approved"); or an `Item::Skipped` naming the line where that `<post>` starts, the field
//!   at fault (`dsq:id`, `thread`, `createdAt`, `isSpam`, `isDeleted`) and why.
//!
//! Values are trimmed; a post's `<message>` is kept as written (entities decoded, CDATA or not;
//! its HTML is left as text), only the whitespace around it is dropped. Dates are RFC 3339
//! (`2011-08-31T15:16:29Z`), stored in UTC.
//!
//! A document that is not well-formed (attributes included: an unquoted value is an error),
//! or whose root is not `<disqus>`, ends the stream with one `Err(CoreError::Invalid)` whose
//! field is "<name> line L column C".
use std::collections::VecDeque;
use std::io::{self, BufRead};

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::xml::{is_blank, open, present, Broken, Capture, Opening, Position, Root, Tracked, Xml};
use super::{Item, Items, SourceArticle, SourceComment};
use crate::error::{CoreError, Result};
use crate::model::{CommentKind, Status};
use crate::skip::Skip;
use crate::time;

/// How many records may wait for the site's name (a `<forum>`) before the site is taken as
/// unknown. Disqus names the forum in every thread, so in practice nothing waits.
const PENDING_LIMIT: usize = 1_000;

/// Reads a Disqus export from `input`; `name` (the file name) prefixes error positions.
pub fn read<'a, R: BufRead + 'a>(input: R, name: &'a str) -> Items<'a> {
    Box::new(Disqus {
        name,
        source: Source::Unopened(input),
        buf: Vec::with_capacity(8 * 1024),
        state: State::default(),
    })
}

// ---------------------------------------------------------------------------------------------
// Events in, items out.

enum Source<R: BufRead> {
    Unopened(R),
    Open(Box<Xml<R>>),
    Finished,
}

struct Disqus<'a, R: BufRead> {
    name: &'a str,
    source: Source<R>,
    buf: Vec<u8>,
    state: State,
}

impl<R: BufRead> Iterator for Disqus<'_, R> {
    type Item = Result<Item>;

    fn next(&mut self) -> Option<Result<Item>> {
        loop {
            if let Some(item) = self.state.out.pop_front() {
                return Some(Ok(item));
            }
            if let Source::Finished = self.source {
                return None;
            }
            match self.step() {
                Ok(true) => {}
                // The end may still hand out the site and what waited for it.
                Ok(false) => self.source = Source::Finished,
                Err(e) => {
                    self.source = Source::Finished;
                    self.state.out.clear();
                    self.state.pending.clear();
                    return Some(Err(e));
                }
            }
        }
    }
}

impl<R: BufRead> Disqus<'_, R> {
    /// Reads one event; `Ok(false)` at the end of the document.
    fn step(&mut self) -> Result<bool> {
        if let Source::Unopened(_) = self.source {
            let Source::Unopened(input) = std::mem::replace(&mut self.source, Source::Finished)
            else {
                unreachable!()
            };
            match open(input) {
                Ok(decoded) => {
                    let mut reader = Reader::from_reader(Tracked::new(decoded));
                    let config = reader.config_mut();
                    config.expand_empty_elements = false;
                    config.check_end_names = true;
                    config.trim_text(false);
                    self.source = Source::Open(Box::new(reader));
                }
                Err(Opening::Io(source)) => return Err(self.io(source)),
                Err(Opening::UnknownEncoding(label)) => {
                    return Err(self.broken(Broken {
                        line: 1,
                        column: 1,
                        message: format!(
                            "the XML declaration names the encoding {label:?}, which Readerdesk does not know"
                        ),
                    }))
                }
            }
        }
        let Source::Open(reader) = &mut self.source else {
            return Ok(false);
        };
        reader.get_mut().mark();
        let at = reader.get_ref().mark;
        self.buf.clear();
        let outcome = match reader.read_event_into(&mut self.buf) {
            Ok(Event::Eof) => {
                let (line, column) = reader.get_ref().at(reader.buffer_position());
                self.state.end(line, column).map(|()| false)
            }
            Ok(event) => self.state.event(event, at).map(|()| true),
            Err(quick_xml::Error::Io(e)) => {
                return Err(self.io(io::Error::new(e.kind(), e.to_string())));
            }
            Err(e) => {
                let (line, column) = reader.get_ref().at(reader.error_position());
                Err(Broken {
                    line,
                    column,
                    message: format!("not well-formed XML: {e}"),
                })
            }
        };
        outcome.map_err(|broken| self.broken(broken))
    }

    fn broken(&self, broken: Broken) -> CoreError {
        CoreError::invalid(
            format!(
                "{} line {} column {}",
                self.name, broken.line, broken.column
            ),
            broken.message,
        )
    }

    fn io(&self, source: io::Error) -> CoreError {
        CoreError::Io {
            path: self.name.into(),
            source,
        }
    }
}

/// The text-valued elements the reader keeps (children of `<thread>` and `<post>`, and of
/// their `<author>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Ident,
    Forum,
    Link,
    Title,
    Message,
    CreatedAt,
    IsDeleted,
    IsSpam,
    IpAddress,
    Name,
    Email,
    Username,
}

fn record_field(local_name: &str) -> Option<Field> {
    Some(match local_name {
        "id" => Field::Ident,
        "forum" => Field::Forum,
        "link" => Field::Link,
        "title" => Field::Title,
        "message" => Field::Message,
        "createdAt" => Field::CreatedAt,
        "isDeleted" => Field::IsDeleted,
        "isSpam" => Field::IsSpam,
        "ipAddress" => Field::IpAddress,
        _ => return None,
    })
}

fn author_field(local_name: &str) -> Option<Field> {
    Some(match local_name {
        "name" => Field::Name,
        "email" => Field::Email,
        "username" => Field::Username,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Thread,
    Post,
}

/// A `<thread>` or `<post>` being read.
struct Record {
    kind: Kind,
    line: u64,
    /// The `dsq:id` attribute.
    id: Option<String>,
    /// A post's `<thread dsq:id=…/>`.
    thread: Option<String>,
    /// A post's `<parent dsq:id=…/>`.
    parent: Option<String>,
    /// The `<id>` element (a thread's identifier on the site, a post's message id).
    ident: Option<String>,
    forum: Option<String>,
    link: Option<String>,
    title: Option<String>,
    message: Option<String>,
    created_at: Option<String>,
    is_deleted: Option<String>,
    is_spam: Option<String>,
    ip: Option<String>,
    name: Option<String>,
    email: Option<String>,
    username: Option<String>,
}

impl Record {
    fn new(kind: Kind, line: u64, id: Option<String>) -> Self {
        Record {
            kind,
            line,
            id,
            thread: None,
            parent: None,
            ident: None,
            forum: None,
            link: None,
            title: None,
            message: None,
            created_at: None,
            is_deleted: None,
            is_spam: None,
            ip: None,
            name: None,
            email: None,
            username: None,
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<String> {
        match field {
            Field::Ident => &mut self.ident,
            Field::Forum => &mut self.forum,
            Field::Link => &mut self.link,
            Field::Title => &mut self.title,
            Field::Message => &mut self.message,
            Field::CreatedAt => &mut self.created_at,
            Field::IsDeleted => &mut self.is_deleted,
            Field::IsSpam => &mut self.is_spam,
            Field::IpAddress => &mut self.ip,
            Field::Name => &mut self.name,
            Field::Email => &mut self.email,
            Field::Username => &mut self.username,
        }
    }
}

#[derive(Default)]
struct State {
    /// Items ready to be handed out.
    out: VecDeque<Item>,
    /// Items read before the site is known.
    pending: VecDeque<Item>,
    site_emitted: bool,
    root: Root,
    depth: usize,
    record: Option<Record>,
    /// Inside the current record's `<author>`.
    author: bool,
    capture: Capture<Field>,
}

type Step = std::result::Result<(), Broken>;

impl State {
    fn event(&mut self, event: Event<'_>, at: Position) -> Step {
        match event {
            Event::Start(start) => {
                let id = attributes(&start, at)?;
                if self.capture.field.is_some() {
                    // Markup inside a value (unescaped HTML) stays in it as text, as written.
                    self.depth += 1;
                    self.capture.markup(&["<", &start, ">"]);
                } else {
                    self.open_element(&start, id, at)?;
                }
            }
            Event::Empty(start) => {
                let id = attributes(&start, at)?;
                if self.capture.field.is_some() {
                    self.capture.markup(&["<", &start, "/>"]);
                } else {
                    self.open_element(&start, id, at)?;
                    self.end_element();
                }
            }
            Event::End(end) if self.capture.field.is_some() && self.depth > self.capture.depth => {
                self.depth -= 1;
                self.capture.markup(&["</", end.name().as_ref(), ">"]);
            }
            Event::End(_) => self.end_element(),
            Event::Text(text) => {
                if self.capture.field.is_some() {
                    let text = text.xml10_content();
                    self.capture.loose |= !is_blank(&text);
                    self.capture.text.push_str(&text);
                } else if self.root != Root::Inside && !is_blank(&text) {
                    return Err(Broken::at(
                        at,
                        if self.root == Root::Before {
                            "text before the root element: this is not an XML document".into()
                        } else {
                            "not well-formed XML: text after </disqus>".into()
                        },
                    ));
                }
            }
            Event::CData(cdata) => {
                if self.capture.field.is_some() {
                    let cdata = cdata.xml10_content();
                    self.capture.saw_cdata = true;
                    self.capture.text.push_str(&cdata);
                    self.capture.cdata.push_str(&cdata);
                } else if self.root != Root::Inside {
                    return Err(Broken::at(
                        at,
                        "not well-formed XML: character data outside the root element".into(),
                    ));
                }
            }
            Event::GeneralRef(reference) => {
                if self.root != Root::Inside {
                    return Err(Broken::at(
                        at,
                        "not well-formed XML: a reference outside the root element".into(),
                    ));
                }
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match &*reference {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(e) => return Err(Broken::at(at, format!("not well-formed XML: {e}"))),
                };
                if self.capture.field.is_some() {
                    self.capture.loose = true;
                    match resolved {
                        Some(c) => self.capture.text.push(c),
                        // An entity XML does not define (`&nbsp;`) is kept as written.
                        None => {
                            self.capture.text.push('&');
                            self.capture.text.push_str(&reference);
                            self.capture.text.push(';');
                        }
                    }
                }
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => {}
        }
        Ok(())
    }

    /// An element opens at `at`; `id` is its `dsq:id` attribute.
    fn open_element(&mut self, start: &BytesStart<'_>, id: Option<String>, at: Position) -> Step {
        self.depth += 1;
        let name = start.local_name();
        let name = name.as_ref();
        match self.root {
            Root::Before if name == "disqus" => self.root = Root::Inside,
            Root::Before => {
                return Err(Broken::at(
                    at,
                    format!(
                        "the document's root element is <{}>, not <disqus>: this is not a Disqus export",
                        start.name().as_ref()
                    ),
                ))
            }
            Root::After => {
                return Err(Broken::at(
                    at,
                    format!(
                        "not well-formed XML: a second root element <{}> after </disqus>",
                        start.name().as_ref()
                    ),
                ))
            }
            Root::Inside => self.start_inside(name, id, at.line),
        }
        Ok(())
    }

    /// An element named `name` (local name) opened inside <disqus>, now at `self.depth`.
    fn start_inside(&mut self, name: &str, id: Option<String>, line: u64) {
        match self.depth {
            2 => {
                let kind = match name {
                    "thread" => Kind::Thread,
                    "post" => Kind::Post,
                    _ => return, // <category>, and whatever else a later export adds
                };
                self.record = Some(Record::new(kind, line, id));
                self.author = false;
            }
            3 => {
                let Some(record) = self.record.as_mut() else {
                    return;
                };
                match (record.kind, name) {
                    (_, "author") => self.author = true,
                    (Kind::Post, "thread") => record.thread = id,
                    (Kind::Post, "parent") => record.parent = id,
                    _ => {
                        if let Some(field) = record_field(name) {
                            self.capture.start(field, self.depth);
                        }
                    }
                }
            }
            4 if self.author && self.record.is_some() => {
                if let Some(field) = author_field(name) {
                    self.capture.start(field, self.depth);
                }
            }
            _ => {}
        }
    }

    /// The element at `self.depth` closed (the parser checked that the names match).
    fn end_element(&mut self) {
        let depth = self.depth;
        self.depth -= 1;
        if self.capture.field.is_some() && self.capture.depth == depth {
            let Some((field, value)) = self.capture.finish() else {
                return;
            };
            if let Some(record) = self.record.as_mut() {
                *record.slot(field) = Some(value);
            }
            return;
        }
        match depth {
            1 => self.root = Root::After,
            2 => {
                if let Some(record) = self.record.take() {
                    self.end_record(record);
                }
            }
            3 => self.author = false,
            _ => {}
        }
    }

    fn end_record(&mut self, record: Record) {
        let forum = present(record.forum.as_deref()).map(str::to_string);
        let item = match record.kind {
            Kind::Thread => build_article(record),
            Kind::Post => match build_comment(record) {
                Ok(comment) => Item::Comment(comment),
                Err(skip) => Item::Skipped(skip),
            },
        };
        if self.site_emitted {
            self.out.push_back(item);
        } else if let Some(forum) = forum {
            self.emit_site(format!("disqus:{forum}"));
            self.out.push_back(item);
        } else {
            self.pending.push_back(item);
            if self.pending.len() >= PENDING_LIMIT {
                self.emit_site("disqus:unknown".into());
            }
        }
    }

    /// The site, then whatever waited for it.
    fn emit_site(&mut self, site: String) {
        self.site_emitted = true;
        self.out.push_back(Item::Site(site));
        self.out.append(&mut self.pending);
    }

    /// The end of the input.
    fn end(&mut self, line: u64, column: u64) -> Step {
        let broken = |message: String| Broken {
            line,
            column,
            message,
        };
        match self.root {
            Root::Before => Err(broken(
                "the file has no root element: it is empty or not an XML document".into(),
            )),
            Root::Inside => Err(broken(format!(
                "not well-formed XML: the file ends inside {} open element(s) (it may be cut short)",
                self.depth
            ))),
            Root::After => {
                if !self.site_emitted {
                    self.emit_site("disqus:unknown".into());
                }
                Ok(())
            }
        }
    }
}

/// Checks the element's attributes (quoted, not repeated) and returns its `dsq:id` (any
/// `id` attribute in a namespace, else a plain `id`), trimmed, when it has one.
fn attributes(start: &BytesStart<'_>, at: Position) -> std::result::Result<Option<String>, Broken> {
    let mut qualified = None;
    let mut plain = None;
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| {
            use quick_xml::events::attributes::AttrError;
            let offset = match e {
                AttrError::ExpectedEq(offset)
                | AttrError::ExpectedValue(offset)
                | AttrError::UnquotedValue(offset)
                | AttrError::ExpectedQuote(offset, _)
                | AttrError::Duplicated(offset, _) => offset,
            };
            // The offset counts from the element's name, just after its "<".
            let mut where_ = at;
            where_.advance(b"<");
            where_.advance(start.get(..offset).unwrap_or(start).as_bytes());
            Broken::at(
                where_,
                format!("not well-formed XML: in <{}>: {e}", start.name().as_ref()),
            )
        })?;
        let key = attribute.key;
        if key.local_name().as_ref() != "id" {
            continue;
        }
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| Broken::at(at, format!("not well-formed XML: {e}")))?;
        let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
        if key.prefix().is_some() {
            qualified = qualified.or(value);
        } else {
            plain = plain.or(value);
        }
    }
    Ok(qualified.or(plain))
}

/// An RFC 3339 time: `None` when absent, `Some(Err(()))` when it is not one.
fn parse_time(text: Option<&str>) -> Option<std::result::Result<DateTime<Utc>, ()>> {
    let text = present(text)?;
    Some(
        DateTime::parse_from_rfc3339(text)
            .map(|at| at.with_timezone(&Utc))
            .map_err(|_| ()),
    )
}

/// A Disqus boolean: `None` when absent, `Some(Err(()))` when it is neither true nor false.
fn parse_flag(text: Option<&str>) -> Option<std::result::Result<bool, ()>> {
    let text = present(text)?;
    Some(if text.eq_ignore_ascii_case("true") || text == "1" {
        Ok(true)
    } else if text.eq_ignore_ascii_case("false") || text == "0" {
        Ok(false)
    } else {
        Err(())
    })
}

/// A web address (Disqus identifiers that are not stay out of the article's url).
fn is_web_address(text: &&str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !text.contains(char::is_whitespace)
}

fn build_article(record: Record) -> Item {
    let Some(id) = present(record.id.as_deref()) else {
        return Item::Skipped(Skip {
            line: record.line,
            record: "thread ?".into(),
            field: "dsq:id".into(),
            reason: "the thread has no dsq:id; its posts cannot name it".into(),
        });
    };
    let url =
        present(record.link.as_deref()).or(present(record.ident.as_deref()).filter(is_web_address));
    Item::Article(SourceArticle {
        external_id: id.to_string(),
        title: present(record.title.as_deref())
            .or(url)
            .unwrap_or("")
            .to_string(),
        url: url.map(str::to_string),
        published_at: parse_time(record.created_at.as_deref())
            .and_then(std::result::Result::ok)
            .map(time::to_stored),
    })
}

fn build_comment(record: Record) -> std::result::Result<SourceComment, Skip> {
    let id = present(record.id.as_deref());
    let skip = |field: &str, reason: String| Skip {
        line: record.line,
        record: format!("post {}", id.unwrap_or("?")),
        field: field.to_string(),
        reason,
    };
    let Some(id) = id else {
        return Err(skip("dsq:id", "the post has no dsq:id".into()));
    };
    let Some(thread) = present(record.thread.as_deref()) else {
        return Err(skip(
            "thread",
            "the post names no thread (<thread dsq:id=\"…\"/>)".into(),
        ));
    };
    let created_at = match parse_time(record.created_at.as_deref()) {
        Some(Ok(at)) => at,
        Some(Err(())) => {
            return Err(skip(
                "createdAt",
                format!(
                    "{:?} is not an RFC 3339 time (2011-08-31T15:16:29Z)",
                    record.created_at.as_deref().unwrap_or("").trim()
                ),
            ))
        }
        None => return Err(skip("createdAt", "the post has no date".into())),
    };
    let flag = |field: &str, value: &Option<String>| match parse_flag(value.as_deref()) {
        None => Ok(false),
        Some(Ok(flag)) => Ok(flag),
        Some(Err(())) => Err(skip(
            field,
            format!(
                "{:?} is neither true nor false",
                value.as_deref().unwrap_or("").trim()
            ),
        )),
    };
    let spam = flag("isSpam", &record.is_spam)?;
    let deleted = flag("isDeleted", &record.is_deleted)?;
    let (status, site_status) = if spam {
        (Status::Spam, "spam")
    } else if deleted {
        (Status::Trash, "deleted")
    } else {
        (Status::Approved, "approved")
    };
    let optional = |value: &Option<String>| present(value.as_deref()).map(str::to_string);
    Ok(SourceComment {
        external_id: id.to_string(),
        article_external_id: thread.to_string(),
        parent_external_id: optional(&record.parent),
        author_name: present(record.name.as_deref())
            .or(present(record.username.as_deref()))
            .unwrap_or("Anonymous")
            .to_string(),
        author_email: optional(&record.email),
        author_url: None,
        author_ip: optional(&record.ip),
        created_at: time::to_stored(created_at),
        body: record.message.as_deref().unwrap_or("").trim().to_string(),
        status,
        site_status: site_status.to_string(),
        kind: CommentKind::Comment,
        line: record.line,
    })
}

#[cfg(test)]
mod tests {
    use std::io::BufReader;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::import::generated::{self, Generated};

    /// What a reader produced, sorted by kind.
    #[derive(Debug, Default)]
    struct Got {
        sites: Vec<String>,
        articles: Vec<SourceArticle>,
        comments: Vec<SourceComment>,
        skipped: Vec<Skip>,
        errors: Vec<CoreError>,
        order: Vec<&'static str>,
    }

    impl Got {
        fn comment(&self, id: &str) -> &SourceComment {
            self.comments
                .iter()
                .find(|c| c.external_id == id)
                .unwrap_or_else(|| panic!("comment {id} was read"))
        }

        fn article(&self, id: &str) -> &SourceArticle {
            self.articles
                .iter()
                .find(|a| a.external_id == id)
                .unwrap_or_else(|| panic!("article {id} was read"))
        }

        fn comment_ids(&self) -> Vec<&str> {
            self.comments
                .iter()
                .map(|c| c.external_id.as_str())
                .collect()
        }

        fn article_ids(&self) -> Vec<&str> {
            self.articles
                .iter()
                .map(|a| a.external_id.as_str())
                .collect()
        }
    }

    fn collect(items: Items<'_>) -> Got {
        let mut out = Got::default();
        for item in items {
            match item {
                Ok(Item::Site(site)) => {
                    out.order.push("site");
                    out.sites.push(site);
                }
                Ok(Item::Article(article)) => {
                    out.order.push("article");
                    out.articles.push(article);
                }
                Ok(Item::Comment(comment)) => {
                    out.order.push("comment");
                    out.comments.push(comment);
                }
                Ok(Item::Skipped(skip)) => {
                    out.order.push("skipped");
                    out.skipped.push(skip);
                }
                Err(e) => {
                    out.order.push("error");
                    out.errors.push(e);
                }
            }
        }
        out
    }

    fn read_bytes(bytes: &[u8]) -> Got {
        collect(read(bytes, "test.xml"))
    }

    fn read_file(path: &Path) -> Got {
        let file = std::fs::File::open(path).expect("fixture opens");
        collect(read(BufReader::new(file), "fixture.xml"))
    }

    /// A real export from `../shared/fixtures/disqus`, when that folder is there.
    fn shared(name: &str) -> Option<Vec<u8>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/disqus");
        dir.is_dir()
            .then(|| std::fs::read(dir.join(name)).expect("shared fixture reads"))
    }

    fn ours(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/disqus")
            .join(name)
    }

    fn stored(text: &str) -> String {
        time::to_stored(
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc),
        )
    }

    fn invalid(e: &CoreError) -> (&str, &str) {
        match e {
            CoreError::Invalid { field, message } => (field, message),
            other => panic!("expected an invalid error, got {other:?}"),
        }
    }

    /// `text` with `from` replaced by `to`, exactly once.
    fn replace_once(text: &[u8], from: &str, to: &str) -> Vec<u8> {
        let text = String::from_utf8(text.to_vec()).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{from:?} occurs once");
        text.replacen(from, to, 1).into_bytes()
    }

    /// The two flaws the remark42 test files carry (a stray backtick before the XML
    /// declaration, an unquoted attribute in the last post), one after the other.
    fn repaired(original: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let no_backtick = replace_once(original, "`<?xml", "<?xml");
        let quoted = replace_once(
            &no_backtick,
            "<thread dsq:id=247937687/>",
            "<thread dsq:id=\"247937687\"/>",
        );
        (no_backtick, quoted)
    }

    #[test]
    fn shared_deleted_post_as_it_is_is_not_xml() {
        let Some(original) = shared("disqus-deleted-post.xml") else {
            return;
        };
        // The file starts with a backtick (pasted from a Go string literal): no XML document.
        let got = collect(read(&original[..], "fixture.xml"));
        assert_eq!(got.order, ["error"]);
        let (field, message) = invalid(&got.errors[0]);
        assert_eq!(field, "fixture.xml line 1 column 1");
        assert!(
            message.contains("text before the root element"),
            "{message}"
        );

        // Without it, the records stream out until the unquoted attribute of the last post.
        let (no_backtick, _) = repaired(&original);
        let got = collect(read(&no_backtick[..], "fixture.xml"));
        assert_eq!(
            got.order,
            [
                "site", "article", "article", "comment", "comment", "comment", "skipped",
                "comment", "error"
            ]
        );
        let (field, message) = invalid(&got.errors[0]);
        assert_eq!(field, "fixture.xml line 147 column 24", "at the value");
        assert!(message.contains("<thread>"), "{message}");
        assert!(message.contains("enclosed in"), "{message}");
    }

    #[test]
    fn shared_deleted_post() {
        let Some(original) = shared("disqus-deleted-post.xml") else {
            return;
        };
        let (_, fixed) = repaired(&original);
        let got = collect(read(&fixed[..], "fixture.xml"));
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["disqus:radiot"]);
        assert_eq!(got.order[..3], ["site", "article", "article"]);
        assert_eq!(got.article_ids(), ["247918464", "247937687"]);
        // 6 posts: 4 comments, one without dsq:id, one with a date that is not one.
        assert_eq!(
            got.comment_ids(),
            ["299619020", "299744309", "299986072", "299986073"]
        );
        assert_eq!(
            got.skipped,
            [
                Skip {
                    line: 102,
                    record: "post ?".into(),
                    field: "dsq:id".into(),
                    reason: "the post has no dsq:id".into(),
                },
                Skip {
                    line: 135,
                    record: "post x299986073".into(),
                    field: "createdAt".into(),
                    reason:
                        "\"2011-x09-30T22:48:43Z\" is not an RFC 3339 time (2011-08-31T15:16:29Z)"
                            .into(),
                },
            ]
        );

        let old = got.article("247918464");
        assert_eq!(old.title, "Радио-Т: Радио-Т 229");
        assert_eq!(
            old.url.as_deref(),
            Some("http://radio-t.umputun.com/2011/03/229_8880.html")
        );
        assert_eq!(old.published_at, Some(stored("2011-03-07T20:46:25Z")));
        let new = got.article("247937687");
        assert_eq!(new.title, "Радио-Т: Радио-Т 229");
        assert_eq!(
            new.url.as_deref(),
            Some("https://radio-t.com/p/2011/03/05/podcast-229/")
        );

        // The deleted post is in the trash, its thread's other comments where they were.
        let deleted = got.comment("299619020");
        assert_eq!(
            (deleted.status, deleted.site_status.as_str()),
            (Status::Trash, "deleted")
        );
        assert_eq!(deleted.article_external_id, "247937687");
        assert_eq!(deleted.author_name, "Alexander Blah");
        assert_eq!(deleted.author_email, None, "<email/>");
        assert_eq!(deleted.author_ip.as_deref(), Some("178.178.178.178"));
        assert_eq!(deleted.author_url, None);
        assert_eq!(deleted.created_at, stored("2011-08-31T15:16:29Z"));
        assert_eq!(deleted.line, 49);
        assert!(deleted
            .body
            .starts_with("<p>The quick brown fox jumps over the lazy dog.</p><p><a href="));
        assert!(deleted.body.ends_with("some link</a></p>"), "trimmed CDATA");
        let same_thread: Vec<_> = got
            .comments
            .iter()
            .filter(|c| c.article_external_id == "247937687")
            .map(|c| c.external_id.as_str())
            .collect();
        assert_eq!(same_thread, ["299619020", "299744309", "299986073"]);
        assert!(got.comments.iter().all(|c| c.parent_external_id.is_none()));

        let c = got.comment("299744309");
        assert_eq!(
            (c.status, c.site_status.as_str()),
            (Status::Approved, "approved")
        );
        assert!(c
            .body
            .starts_with("<p>Microsoft показал проводник Windows 8"));
        assert_eq!(c.author_email.as_deref(), Some("mihail.noname@gmail.com"));
        let c = got.comment("299986072");
        assert_eq!(c.article_external_id, "247918464");
        assert_eq!(c.author_name, "No Username");
        assert!(c.body.contains("Всем кто включит биллинг до 31 октября"));
        let spam = got.comment("299986073");
        assert_eq!(
            (spam.status, spam.site_status.as_str()),
            (Status::Spam, "spam")
        );
        assert_eq!(spam.body, "some ugly spam");
        assert_eq!(spam.kind, CommentKind::Comment);
    }

    #[test]
    fn shared_deleted_thread() {
        let Some(original) = shared("disqus-deleted-thread.xml") else {
            return;
        };
        let (_, fixed) = repaired(&original);
        let got = collect(read(&fixed[..], "fixture.xml"));
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["disqus:radiot"]);
        // The deleted thread is still an article, and its comments still point to it.
        assert_eq!(got.article_ids(), ["247918464", "247937687"]);
        let deleted = got.article("247937687");
        assert_eq!(deleted.title, "Радио-Т: Радио-Т 229");
        assert_eq!(deleted.published_at, Some(stored("2011-03-07T21:17:17Z")));
        let on_it: Vec<_> = got
            .comments
            .iter()
            .filter(|c| c.article_external_id == "247937687")
            .map(|c| (c.external_id.as_str(), c.status))
            .collect();
        assert_eq!(
            on_it,
            [
                ("299619020", Status::Approved),
                ("299744309", Status::Approved),
                ("299986073", Status::Spam)
            ]
        );
        assert_eq!(got.comments.len(), 4);
        assert_eq!(got.skipped.len(), 2);
    }

    #[test]
    fn small_export() {
        let got = read_file(&ours("small.xml"));
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        // The category's forum does not count; the first thread's does, and the post read
        // before it waits for the site.
        assert_eq!(got.sites, ["disqus:gazette"]);
        assert_eq!(
            got.order,
            [
                "site", "comment", "article", "article", "comment", "comment", "comment",
                "comment", "comment"
            ]
        );
        assert!(got.skipped.is_empty());

        // A post before its thread keeps its thread.
        let early = got.comment("900");
        assert_eq!(early.article_external_id, "20");
        assert_eq!(early.author_name, "early-bird", "the username when no name");
        assert_eq!(early.author_email, None);
        assert_eq!(early.body, "<p>I came before my thread.</p>");
        assert_eq!(early.line, 8);

        let bridge = got.article("10");
        assert_eq!(bridge.title, "Council votes on the bridge & the budget");
        assert_eq!(
            bridge.url.as_deref(),
            Some("https://gazette.example/2024/05/bridge/")
        );
        assert_eq!(bridge.published_at, Some(stored("2024-05-06T08:00:00Z")));
        let deleted = got.article("20");
        assert_eq!(
            deleted.url.as_deref(),
            Some("https://gazette.example/?p=20"),
            "<id>"
        );
        assert_eq!(deleted.title, "https://gazette.example/?p=20", "the url");
        assert_eq!(deleted.published_at, Some(stored("2024-05-07T06:00:00Z")));

        let c = got.comment("101");
        assert_eq!(
            c.body,
            "Finally! <b>yes</b> & about time.\nSecond line \u{2014} end."
        );
        assert_eq!(c.author_name, "Ada Reader");
        assert_eq!(c.author_email.as_deref(), Some("ada@example.org"));
        assert_eq!(c.author_ip.as_deref(), Some("192.0.2.10"));
        assert_eq!(c.author_url, None);
        assert_eq!(c.created_at, "2024-05-06T09:15:00.000000Z");
        assert_eq!(
            (c.status, c.site_status.as_str()),
            (Status::Approved, "approved")
        );
        assert_eq!((c.parent_external_id.as_deref(), c.line), (None, 47));

        // Threading via <parent>: a deleted post keeps its place, its reply still points to it.
        let c = got.comment("102");
        assert_eq!(
            (c.status, c.site_status.as_str()),
            (Status::Trash, "deleted")
        );
        assert_eq!(c.parent_external_id.as_deref(), Some("101"));
        assert_eq!(c.body, "");
        let c = got.comment("103");
        assert_eq!(c.parent_external_id.as_deref(), Some("102"));
        assert_eq!(c.status, Status::Approved);
        assert_eq!(
            c.body,
            "Replying to a deleted post: <a href=\"https://x.example/?a=1&b=2\">still here</a>"
        );
        assert_eq!(c.created_at, "2024-05-06T11:00:00.250000Z");
        assert_eq!(c.author_ip, None);

        // Spam wins over deleted.
        let c = got.comment("104");
        assert_eq!((c.status, c.site_status.as_str()), (Status::Spam, "spam"));

        let c = got.comment("105");
        assert_eq!(c.author_name, "Anonymous");
        assert_eq!(
            (c.author_email.as_deref(), c.parent_external_id.as_deref()),
            (None, None)
        );
        assert_eq!(c.article_external_id, "20");
        assert_eq!(c.status, Status::Approved, "no flags: approved");
    }

    #[test]
    fn bad_records_are_skipped_and_the_rest_read() {
        let got = read_file(&ours("bad-records.xml"));
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["disqus:unknown"], "no forum anywhere");
        assert_eq!(got.order[0], "site");
        assert_eq!(got.comment_ids(), ["207"]);
        let c = got.comment("207");
        assert_eq!(
            (c.status, c.body.as_str()),
            (Status::Approved, "After the bad ones")
        );
        assert_eq!(got.article_ids(), ["7"]);
        assert_eq!(
            got.article("7").published_at,
            None,
            "a thread's bad date is no date"
        );
        let skip = |line: u64, record: &str, field: &str, reason: &str| Skip {
            line,
            record: record.into(),
            field: field.into(),
            reason: reason.into(),
        };
        assert_eq!(
            got.skipped,
            [
                skip(
                    8,
                    "post 201",
                    "createdAt",
                    "\"yesterday at noon\" is not an RFC 3339 time (2011-08-31T15:16:29Z)"
                ),
                skip(
                    13,
                    "post 202",
                    "thread",
                    "the post names no thread (<thread dsq:id=\"…\"/>)"
                ),
                skip(17, "post ?", "dsq:id", "the post has no dsq:id"),
                skip(
                    22,
                    "post 204",
                    "isSpam",
                    "\"maybe\" is neither true nor false"
                ),
                skip(28, "post 205", "createdAt", "the post has no date"),
                skip(
                    32,
                    "post 206",
                    "thread",
                    "the post names no thread (<thread dsq:id=\"…\"/>)"
                ),
                skip(
                    37,
                    "thread ?",
                    "dsq:id",
                    "the thread has no dsq:id; its posts cannot name it"
                ),
            ]
        );
    }

    #[test]
    fn windows_1251() {
        let got = read_file(&ours("windows-1251.xml"));
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["disqus:novosti"]);
        assert_eq!(got.article("50").title, "Новости дня");
        let c = got.comment("51");
        assert_eq!(c.author_name, "Иван Петров");
        assert_eq!(c.body, "<p>Отличная статья, спасибо!</p>");
        assert_eq!(c.created_at, stored("2023-03-02T08:30:00Z"));

        // The same text written here through encoding_rs reads the same.
        let text = std::fs::read_to_string(ours("small.xml"))
            .unwrap()
            .replace("encoding=\"utf-8\"", "encoding=\"windows-1251\"")
            .replace("Ada Reader", "Ада Читатель")
            .replace("\u{2014}", "\u{2013}");
        let (bytes, _, lossy) = encoding_rs::WINDOWS_1251.encode(&text);
        assert!(!lossy);
        let got = read_bytes(&bytes);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.comment("101").author_name, "Ада Читатель");
        assert_eq!(got.comments.len(), 6);
    }

    #[test]
    fn not_well_formed_is_one_error_with_line_and_column() {
        let got = read_file(&ours("not-well-formed.xml"));
        assert_eq!(got.order, ["site", "article", "comment", "error"]);
        let (field, message) = invalid(&got.errors[0]);
        assert_eq!(field, "fixture.xml line 14 column 20");
        assert!(message.contains("mesage"), "{message}");
        assert_eq!(got.errors[0].code(), "invalid");
    }

    #[test]
    fn documents_that_are_not_disqus() {
        let cases: &[(&[u8], &str, &str)] = &[
            (b"", "test.xml line 1 column 1", "no root element"),
            (
                b"id,author\n1,Ada\n",
                "test.xml line 1 column 1",
                "not an XML document",
            ),
            (
                b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>",
                "test.xml line 2 column 1",
                "root element is <rss>, not <disqus>",
            ),
            (
                b"<disqus>\n<thread dsq:id=\"1\">\n<title>x",
                "test.xml line 3 column 9",
                "ends inside 3 open element(s)",
            ),
            (
                b"<disqus/>\n<disqus/>",
                "test.xml line 2 column 1",
                "second root element",
            ),
            (
                b"<?xml version='1.0' encoding='klingon'?><disqus/>",
                "test.xml line 1 column 1",
                "\"klingon\"",
            ),
            (
                b"<disqus>\n  <post dsq:id=\"1\" dsq:id=\"2\"/></disqus>",
                "test.xml line 2 column 20",
                "duplicated attribute",
            ),
            (
                b"<disqus>\n  <post\n    dsq:id='1>\n</post></disqus>",
                "test.xml line 2 column 3",
                "not well-formed",
            ),
            (
                b"<disqus>\n  <thread dsq:id=\"&bogus;\"/></disqus>",
                "test.xml line 2 column 3",
                "bogus",
            ),
        ];
        for (doc, field, message) in cases {
            let got = read_bytes(doc);
            assert_eq!(got.errors.len(), 1, "{:?}", String::from_utf8_lossy(doc));
            assert_eq!(got.order.last(), Some(&"error"));
            let (f, m) = invalid(&got.errors[0]);
            assert_eq!(f, *field, "{m}");
            assert!(m.contains(message), "{m:?} should say {message:?}");
        }
        // An empty export is a (useless) export: its site and nothing else.
        let got = read_bytes(b"<disqus xmlns=\"http://disqus.com\"></disqus>");
        assert!(got.errors.is_empty());
        assert_eq!(got.order, ["site"]);
        assert_eq!(got.sites, ["disqus:unknown"]);
    }

    #[test]
    fn the_site_comes_first_whoever_names_it() {
        // Only a later post names the forum: the threads before it wait for it.
        let doc = br#"<disqus xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><title>One</title></thread>
<thread dsq:id="2"><id>2 https://x.example/?p=2</id></thread>
<post dsq:id="3"><forum>late</forum><thread dsq:id="1"/><createdAt>2024-01-01T00:00:00Z</createdAt></post>
<thread dsq:id="4"><forum>another</forum></thread>
</disqus>"#;
        let got = read_bytes(doc);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(
            got.order,
            ["site", "article", "article", "comment", "article"]
        );
        assert_eq!(got.sites, ["disqus:late"]);
        let two = got.article("2");
        assert_eq!(two.url, None, "an identifier that is not a web address");
        assert_eq!(two.title, "");

        // Past PENDING_LIMIT records without a forum, the site is unknown.
        let mut doc = String::from("<disqus>\n");
        for i in 0..PENDING_LIMIT + 5 {
            doc.push_str(&format!("<thread dsq:id=\"{i}\"/>\n"));
        }
        doc.push_str("<thread dsq:id=\"last\"><forum>too-late</forum></thread></disqus>");
        let got = read_bytes(doc.as_bytes());
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["disqus:unknown"]);
        assert_eq!(got.order[0], "site");
        assert_eq!(got.articles.len(), PENDING_LIMIT + 6);
    }

    const BIG_DISQUS_HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n<thread dsq:id=\"1\"><forum>big</forum><link>https://big.example/1</link><title>Big</title><createdAt>2024-01-01T00:00:00Z</createdAt></thread>\n";
    const BIG_DISQUS_TAIL: &str = "</disqus>\n";

    fn big_disqus_post(s: &mut String, i: usize) {
        use std::fmt::Write as _;
        let _ = writeln!(
            s,
            "<post dsq:id=\"{}\"><message><![CDATA[<p>Post number {}</p>]]></message><createdAt>2024-01-01T00:00:{:02}Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Reader {}</name></author><thread dsq:id=\"1\"/><parent dsq:id=\"{}\"/></post>",
            i + 1,
            i + 1,
            i % 60,
            i % 97,
            i / 2
        );
    }

    #[test]
    fn streams_a_large_export() {
        const POSTS: usize = 30_000;
        let (input, produced) =
            Generated::new(BIG_DISQUS_HEAD, big_disqus_post, BIG_DISQUS_TAIL, POSTS);
        let items = read(BufReader::new(input), "big.xml");
        let (count, last) = generated::read_all(items, "disqus:big", &produced);
        assert_eq!(count, POSTS);
        assert_eq!(last.external_id, POSTS.to_string());
        assert_eq!(last.body, format!("<p>Post number {POSTS}</p>"));
        assert_eq!(last.parent_external_id.as_deref(), Some("14999"));
        assert_eq!(last.line, POSTS as u64 + 3);
        assert!(produced.get() > 7_000_000, "{}", produced.get());
    }
}
