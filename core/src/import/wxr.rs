//! WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) exports, streamed.
//!
//! The file is read event by event (quick-xml over a `BufRead`); nothing holds more than the
//! item and the comment being read, so memory stays flat however large the export is.
//!
//! Encoding: the XML declaration (or a byte order mark) names it; the bytes are decoded to
//! UTF-8 by `encoding_rs` as they stream in, before the XML parser sees them. Labels follow the
//! WHATWG table, so "ISO-8859-1" reads as windows-1252 (its superset in practice).
//!
//! What comes out, in document order:
//! - `Item::Site("wxr:" + <wp:base_site_url>)` (else the channel's `<link>`, else
//!   "wxr:unknown"), before any article;
//! - one `Item::Article` per `<item>` that is content (posts, pages, custom types), emitted at
//!   its first `<wp:comment>` or at `</item>`; WordPress's own bookkeeping types (attachments,
//!   menu items, revisions, blocks, templates, ...) are not articles and are passed over
//!   quietly unless they carry comments, in which case one `Skip` names the item and how many
//!   comments were left out;
//! - one `Item::Comment` per `<wp:comment>`, or an `Item::Skipped` naming the line where that
//!   `<wp:comment>` starts, the field at fault and why;
//! - an `<item>` without `<wp:post_id>` is keyed by its `<link>`, else its `<guid>`; one with
//!   none of them gives one `Skip` for the item (at its line) that counts the comments left
//!   out with it.
//!
//! Values: ids, dates, statuses, names, addresses and URLs are trimmed; a comment's body is
//! kept exactly as written (entities decoded, CDATA or not; HTML, escaped or even unescaped, is
//! left as text). When an element holds CDATA and only whitespace around it (pretty-printed
//! exports), the CDATA is the value.
//! An entity XML does not define (`&nbsp;`) is kept as written rather than failing the file.
//!
//! A document that is not well-formed, or is not an `<rss>` with a `<channel>`, ends the stream
//! with one `Err(CoreError::Invalid)` whose field is "<name> line L column C".
use std::collections::VecDeque;
use std::io::{self, BufRead};

use chrono::{TimeZone, Utc};
use quick_xml::events::Event;
use quick_xml::Reader;

use super::xml::{is_blank, open, present, Broken, Capture, Opening, Position, Root, Tracked, Xml};
use super::{Item, Items, SourceArticle, SourceComment};
use crate::error::{CoreError, Result};
use crate::model::{CommentKind, Status};
use crate::skip::Skip;
use crate::time;

/// Post types that are WordPress's own machinery, not articles readers comment on.
const NOT_ARTICLES: &[&str] = &[
    "attachment",
    "nav_menu_item",
    "revision",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_global_styles",
    "wp_navigation",
    "wp_font_family",
    "wp_font_face",
];

/// Reads a WXR document from `input`; `name` (the file name) prefixes error positions.
pub fn read<'a, R: BufRead + 'a>(input: R, name: &'a str) -> Items<'a> {
    Box::new(Wxr {
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

struct Wxr<'a, R: BufRead> {
    name: &'a str,
    source: Source<R>,
    buf: Vec<u8>,
    state: State,
}

impl<R: BufRead> Iterator for Wxr<'_, R> {
    type Item = Result<Item>;

    fn next(&mut self) -> Option<Result<Item>> {
        loop {
            if let Some(item) = self.state.out.pop_front() {
                return Some(Ok(item));
            }
            let failure = match self.step() {
                Ok(true) => continue,
                Ok(false) => None,
                Err(e) => Some(e),
            };
            self.source = Source::Finished;
            self.state.out.clear();
            return failure.map(Err);
        }
    }
}

impl<R: BufRead> Wxr<'_, R> {
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
        let Position { line, column, .. } = reader.get_ref().mark;
        self.buf.clear();
        let outcome = match reader.read_event_into(&mut self.buf) {
            Ok(Event::Eof) => {
                let (line, column) = reader.get_ref().at(reader.buffer_position());
                self.state.end(line, column).map(|()| false)
            }
            Ok(event) => self.state.event(event, line, column).map(|()| true),
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

/// The text-valued elements the reader keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    SiteUrl,
    SiteLink,
    Title,
    Link,
    Guid,
    PostId,
    PostDate,
    PostDateGmt,
    PostType,
    CommentId,
    Author,
    AuthorEmail,
    AuthorUrl,
    AuthorIp,
    Date,
    DateGmt,
    Content,
    Approved,
    Type,
    Parent,
    MetaKey,
    MetaValue,
}

fn item_field(name: &[u8]) -> Option<Field> {
    Some(match name {
        b"title" => Field::Title,
        b"link" => Field::Link,
        b"guid" => Field::Guid,
        b"wp:post_id" => Field::PostId,
        b"wp:post_date" => Field::PostDate,
        b"wp:post_date_gmt" => Field::PostDateGmt,
        b"wp:post_type" => Field::PostType,
        _ => return None,
    })
}

fn comment_field(name: &[u8]) -> Option<Field> {
    Some(match name {
        b"wp:comment_id" => Field::CommentId,
        b"wp:comment_author" => Field::Author,
        b"wp:comment_author_email" => Field::AuthorEmail,
        b"wp:comment_author_url" => Field::AuthorUrl,
        b"wp:comment_author_IP" => Field::AuthorIp,
        b"wp:comment_date" => Field::Date,
        b"wp:comment_date_gmt" => Field::DateGmt,
        b"wp:comment_content" => Field::Content,
        b"wp:comment_approved" => Field::Approved,
        b"wp:comment_type" => Field::Type,
        b"wp:comment_parent" => Field::Parent,
        _ => return None,
    })
}

#[derive(Default)]
struct Site {
    emitted: bool,
    link: Option<String>,
}

/// What became of an item once its article was decided.
enum Decision {
    Article(String),
    NotArticle { post_id: String, post_type: String },
    NoId,
}

#[derive(Default)]
struct ItemState {
    line: u64,
    title: Option<String>,
    link: Option<String>,
    guid: Option<String>,
    post_id: Option<String>,
    post_date: Option<String>,
    post_date_gmt: Option<String>,
    post_type: Option<String>,
    decision: Option<Decision>,
    comments: u64,
}

#[derive(Default)]
struct CommentState {
    line: u64,
    id: Option<String>,
    author: Option<String>,
    email: Option<String>,
    url: Option<String>,
    ip: Option<String>,
    date: Option<String>,
    date_gmt: Option<String>,
    content: Option<String>,
    approved: Option<String>,
    kind: Option<String>,
    parent: Option<String>,
    /// The `wp:commentmeta` being read: (key, value).
    meta: Option<(Option<String>, Option<String>)>,
    /// Readerdesk's own status, from the `readerdesk_status` meta of its exports.
    readerdesk_status: Option<String>,
}

#[derive(Default)]
struct State {
    out: VecDeque<Item>,
    root: Root,
    depth: usize,
    channel: bool,
    saw_channel: bool,
    site: Site,
    item: Option<ItemState>,
    comment: Option<CommentState>,
    capture: Capture<Field>,
}

type Step = std::result::Result<(), Broken>;

impl State {
    fn event(&mut self, event: Event<'_>, line: u64, column: u64) -> Step {
        let broken = |message: String| Broken {
            line,
            column,
            message,
        };
        match event {
            // Markup inside a value (unescaped HTML) stays in it as text, as written.
            Event::Start(start) if self.capture.field.is_some() => {
                self.depth += 1;
                self.capture.markup(&["<", &start, ">"]);
            }
            Event::Empty(start) if self.capture.field.is_some() => {
                self.capture.markup(&["<", &start, "/>"]);
            }
            Event::End(end) if self.capture.field.is_some() && self.depth > self.capture.depth => {
                self.depth -= 1;
                self.capture.markup(&["</", end.name().as_ref(), ">"]);
            }
            Event::Start(start) => {
                self.open_element(start.name().as_ref().as_bytes(), line, column)?
            }
            Event::Empty(start) => {
                self.open_element(start.name().as_ref().as_bytes(), line, column)?;
                self.end_element();
            }
            Event::End(_) => self.end_element(),
            Event::Text(text) => {
                if self.capture.field.is_some() {
                    let text = text.xml10_content();
                    self.capture.loose |= !is_blank(&text);
                    self.capture.text.push_str(&text);
                } else if self.root != Root::Inside && !is_blank(&text) {
                    return Err(broken(if self.root == Root::Before {
                        "text before the root element: this is not an XML document".into()
                    } else {
                        "not well-formed XML: text after </rss>".into()
                    }));
                }
            }
            Event::CData(cdata) => {
                if self.capture.field.is_some() {
                    let cdata = cdata.xml10_content();
                    self.capture.saw_cdata = true;
                    self.capture.text.push_str(&cdata);
                    self.capture.cdata.push_str(&cdata);
                } else if self.root != Root::Inside {
                    return Err(broken(
                        "not well-formed XML: character data outside the root element".into(),
                    ));
                }
            }
            Event::GeneralRef(reference) => {
                if self.root != Root::Inside {
                    return Err(broken(
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
                    Err(e) => return Err(broken(format!("not well-formed XML: {e}"))),
                };
                if self.capture.field.is_some() {
                    self.capture.loose = true;
                    match resolved {
                        Some(c) => self.capture.text.push(c),
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

    /// An element opens at `line`/`column`.
    fn open_element(&mut self, name: &[u8], line: u64, column: u64) -> Step {
        self.depth += 1;
        let broken = |what: &str| Broken {
            line,
            column,
            message: format!(
                "{what} <{}>{}",
                String::from_utf8_lossy(name),
                if self.root == Root::Before {
                    ", not <rss>: this is not a WordPress export (WXR)"
                } else {
                    " after </rss>"
                }
            ),
        };
        match self.root {
            Root::Before if name == b"rss" => self.root = Root::Inside,
            Root::Before => return Err(broken("the document's root element is")),
            Root::After => return Err(broken("not well-formed XML: a second root element")),
            Root::Inside => self.start_inside(name, line),
        }
        Ok(())
    }

    /// An element opened inside <rss>, now at `self.depth`.
    fn start_inside(&mut self, name: &[u8], line: u64) {
        match self.depth {
            2 if name == b"channel" => {
                self.channel = true;
                self.saw_channel = true;
            }
            3 if self.channel => match name {
                b"item" => {
                    self.emit_site();
                    self.item = Some(ItemState {
                        line,
                        ..ItemState::default()
                    });
                }
                b"wp:base_site_url" => self.capture.start(Field::SiteUrl, self.depth),
                b"link" => self.capture.start(Field::SiteLink, self.depth),
                _ => {}
            },
            4 if self.item.is_some() => {
                if name == b"wp:comment" {
                    self.decide();
                    if let Some(item) = self.item.as_mut() {
                        item.comments += 1;
                    }
                    self.comment = Some(CommentState {
                        line,
                        ..CommentState::default()
                    });
                } else if let Some(field) = item_field(name) {
                    self.capture.start(field, self.depth);
                }
            }
            5 if self.comment.is_some() => {
                if name == b"wp:commentmeta" {
                    if let Some(comment) = self.comment.as_mut() {
                        comment.meta = Some((None, None));
                    }
                } else if let Some(field) = comment_field(name) {
                    self.capture.start(field, self.depth);
                }
            }
            6 if self.comment.as_ref().is_some_and(|c| c.meta.is_some()) => match name {
                b"wp:meta_key" => self.capture.start(Field::MetaKey, self.depth),
                b"wp:meta_value" => self.capture.start(Field::MetaValue, self.depth),
                _ => {}
            },
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
            self.keep(field, value);
            return;
        }
        match depth {
            1 => self.root = Root::After,
            2 if self.channel => {
                self.emit_site();
                self.channel = false;
            }
            3 => {
                if let Some(item) = self.item.take() {
                    self.end_item(item);
                }
            }
            4 => {
                if let Some(comment) = self.comment.take() {
                    self.end_comment(comment);
                }
            }
            5 => {
                if let Some(comment) = self.comment.as_mut() {
                    if let Some((Some(key), value)) = comment.meta.take() {
                        if key.trim() == "readerdesk_status" {
                            comment.readerdesk_status = value.map(|v| v.trim().to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn keep(&mut self, field: Field, value: String) {
        if matches!(field, Field::SiteUrl | Field::SiteLink) {
            let value = value.trim();
            if value.is_empty() {
                return;
            }
            if field == Field::SiteLink {
                self.site.link = Some(value.to_string());
            } else if !self.site.emitted {
                self.site.emitted = true;
                self.out.push_back(Item::Site(format!("wxr:{value}")));
            }
            return;
        }
        if let Some(comment) = self.comment.as_mut() {
            let slot = match field {
                Field::CommentId => &mut comment.id,
                Field::Author => &mut comment.author,
                Field::AuthorEmail => &mut comment.email,
                Field::AuthorUrl => &mut comment.url,
                Field::AuthorIp => &mut comment.ip,
                Field::Date => &mut comment.date,
                Field::DateGmt => &mut comment.date_gmt,
                Field::Content => &mut comment.content,
                Field::Approved => &mut comment.approved,
                Field::Type => &mut comment.kind,
                Field::Parent => &mut comment.parent,
                Field::MetaKey | Field::MetaValue => {
                    if let Some((key, val)) = comment.meta.as_mut() {
                        *(if field == Field::MetaKey { key } else { val }) = Some(value);
                    }
                    return;
                }
                _ => return,
            };
            *slot = Some(value);
        } else if let Some(item) = self.item.as_mut() {
            let slot = match field {
                Field::Title => &mut item.title,
                Field::Link => &mut item.link,
                Field::Guid => &mut item.guid,
                Field::PostId => &mut item.post_id,
                Field::PostDate => &mut item.post_date,
                Field::PostDateGmt => &mut item.post_date_gmt,
                Field::PostType => &mut item.post_type,
                _ => return,
            };
            *slot = Some(value);
        }
    }

    fn emit_site(&mut self) {
        if !self.site.emitted {
            self.site.emitted = true;
            let source = match self.site.link.take() {
                Some(link) => format!("wxr:{link}"),
                None => "wxr:unknown".to_string(),
            };
            self.out.push_back(Item::Site(source));
        }
    }

    /// Settles the current item's article (at its first comment or its end): emits it, or
    /// notes why the item is not one.
    fn decide(&mut self) {
        let Some(item) = self.item.as_mut() else {
            return;
        };
        if item.decision.is_some() {
            return;
        }
        // An item without a post id (hand-made or older exports) is keyed by its permalink,
        // else its guid, as other importers of WordPress files do: its comments are kept.
        let post_id = present(item.post_id.as_deref())
            .or(present(item.link.as_deref()))
            .or(present(item.guid.as_deref()));
        let post_type = present(item.post_type.as_deref()).unwrap_or("post");
        let decision = match post_id {
            None => Decision::NoId,
            Some(id) if NOT_ARTICLES.contains(&post_type) => Decision::NotArticle {
                post_id: id.to_string(),
                post_type: post_type.to_string(),
            },
            Some(id) => {
                let published_at = [&item.post_date_gmt, &item.post_date]
                    .into_iter()
                    .find_map(|date| date.as_deref().and_then(parse_date).and_then(Result::ok))
                    .map(time::to_stored);
                self.out.push_back(Item::Article(SourceArticle {
                    external_id: id.to_string(),
                    title: item.title.as_deref().unwrap_or("").trim().to_string(),
                    url: present(item.link.as_deref())
                        .or(present(item.guid.as_deref()))
                        .map(str::to_string),
                    published_at,
                }));
                Decision::Article(id.to_string())
            }
        };
        item.decision = Some(decision);
    }

    fn end_item(&mut self, item: ItemState) {
        self.item = Some(item);
        self.decide();
        let Some(item) = self.item.take() else {
            return;
        };
        let comments = match item.comments {
            0 => String::new(),
            1 => "; its comment was not imported".to_string(),
            n => format!("; its {n} comments were not imported"),
        };
        match item.decision {
            Some(Decision::NoId) => {
                let record = match present(item.title.as_deref()) {
                    Some(title) => format!("item {title:?}"),
                    None => "item ?".to_string(),
                };
                self.out.push_back(Item::Skipped(Skip {
                    line: item.line,
                    record,
                    field: "wp:post_id".into(),
                    reason: format!("the item has no post id, link or guid{comments}"),
                }));
            }
            Some(Decision::NotArticle { post_id, post_type }) if item.comments > 0 => {
                self.out.push_back(Item::Skipped(Skip {
                    line: item.line,
                    record: format!("post {post_id}"),
                    field: "wp:post_type".into(),
                    reason: format!("{post_type:?} items are not articles{comments}"),
                }));
            }
            _ => {}
        }
    }

    fn end_comment(&mut self, comment: CommentState) {
        let Some(ItemState {
            decision: Some(Decision::Article(post_id)),
            ..
        }) = &self.item
        else {
            return; // counted, and reported with its item
        };
        let item = match build_comment(comment, post_id) {
            Ok(comment) => Item::Comment(comment),
            Err(skip) => Item::Skipped(skip),
        };
        self.out.push_back(item);
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
            Root::After if !self.saw_channel => Err(broken(
                "the <rss> document has no <channel>: this is not a WordPress export (WXR)".into(),
            )),
            Root::After => Ok(()),
        }
    }
}

/// A WordPress date ("YYYY-MM-DD HH:MM:SS", read as UTC): `None` when absent or the zero date,
/// `Some(Err(()))` when it is not a real date in that form.
fn parse_date(text: &str) -> Option<std::result::Result<chrono::DateTime<Utc>, ()>> {
    let text = text.trim();
    if text.is_empty() || text.starts_with("0000-00-00") {
        return None;
    }
    let b = text.as_bytes();
    let shaped = b.len() == 19
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b' ' | b'T')
        && b[13] == b':'
        && b[16] == b':';
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let at = shaped
        .then(|| {
            let date = chrono::NaiveDate::from_ymd_opt(
                i32::try_from(number(0, 4)?).ok()?,
                number(5, 7)?,
                number(8, 10)?,
            )?;
            date.and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)
        })
        .flatten();
    Some(at.map(|at| Utc.from_utc_datetime(&at)).ok_or(()))
}

fn build_comment(comment: CommentState, post_id: &str) -> std::result::Result<SourceComment, Skip> {
    let id = present(comment.id.as_deref());
    let skip = |field: &str, reason: String| Skip {
        line: comment.line,
        record: format!("comment {} in post {post_id}", id.unwrap_or("?")),
        field: field.to_string(),
        reason,
    };
    let Some(id) = id else {
        return Err(skip("wp:comment_id", "the comment has no id".into()));
    };
    let site_status = comment.approved.as_deref().unwrap_or("").trim();
    let status = match site_status {
        "1" => Status::Approved,
        "0" => Status::Pending,
        "spam" => Status::Spam,
        // WordPress has no "rejected": Readerdesk's own exports write trash and say so in a
        // meta, which is believed only together with trash (a site may have changed it since).
        "trash" if comment.readerdesk_status.as_deref() == Some("rejected") => Status::Rejected,
        "trash" => Status::Trash,
        "" => {
            return Err(skip(
                "wp:comment_approved",
                "the comment has no approval state".into(),
            ))
        }
        other => {
            return Err(skip(
                "wp:comment_approved",
                format!("{other:?} is not one of 1, 0, spam, trash"),
            ))
        }
    };
    let kind = match comment.kind.as_deref().unwrap_or("").trim() {
        "" | "comment" => CommentKind::Comment,
        "pingback" => CommentKind::Pingback,
        "trackback" => CommentKind::Trackback,
        other => {
            return Err(skip(
                "wp:comment_type",
                format!("{other:?} records are not reader comments (only comments, pingbacks and trackbacks are imported)"),
            ))
        }
    };
    let not_a_date = |text: &Option<String>| {
        format!(
            "{:?} is not a date (YYYY-MM-DD HH:MM:SS)",
            text.as_deref().unwrap_or("").trim()
        )
    };
    let created_at = match comment.date_gmt.as_deref().and_then(parse_date) {
        Some(Ok(at)) => at,
        Some(Err(())) => return Err(skip("wp:comment_date_gmt", not_a_date(&comment.date_gmt))),
        None => match comment.date.as_deref().and_then(parse_date) {
            Some(Ok(at)) => at,
            Some(Err(())) => return Err(skip("wp:comment_date", not_a_date(&comment.date))),
            None => {
                return Err(skip(
                    "wp:comment_date",
                    "the comment has no date (neither wp:comment_date_gmt nor wp:comment_date)"
                        .into(),
                ))
            }
        },
    };
    let optional = |value: &Option<String>| present(value.as_deref()).map(str::to_string);
    Ok(SourceComment {
        external_id: id.to_string(),
        article_external_id: post_id.to_string(),
        parent_external_id: present(comment.parent.as_deref())
            .filter(|parent| *parent != "0")
            .map(str::to_string),
        author_name: present(comment.author.as_deref())
            .unwrap_or("Anonymous")
            .to_string(),
        author_email: optional(&comment.email),
        author_url: optional(&comment.url),
        author_ip: optional(&comment.ip),
        created_at: time::to_stored(created_at),
        body: comment.content.unwrap_or_default(),
        status,
        site_status: site_status.to_string(),
        kind,
        line: comment.line,
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
    struct Read_ {
        sites: Vec<String>,
        articles: Vec<SourceArticle>,
        comments: Vec<SourceComment>,
        skipped: Vec<Skip>,
        errors: Vec<CoreError>,
        order: Vec<&'static str>,
    }

    impl Read_ {
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
    }

    fn collect(items: Items<'_>) -> Read_ {
        let mut out = Read_::default();
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

    fn read_bytes(bytes: &[u8]) -> Read_ {
        collect(read(bytes, "test.xml"))
    }

    fn read_file(path: &Path) -> Read_ {
        let file = std::fs::File::open(path).expect("fixture opens");
        collect(read(BufReader::new(file), "fixture.xml"))
    }

    fn shared(name: &str) -> Option<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/wxr");
        dir.is_dir().then(|| dir.join(name))
    }

    fn ours(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/wxr")
            .join(name)
    }

    fn stored(text: &str) -> String {
        let at = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap();
        time::to_stored(Utc.from_utc_datetime(&at))
    }

    fn invalid(e: &CoreError) -> (&str, &str) {
        match e {
            CoreError::Invalid { field, message } => (field, message),
            other => panic!("expected an invalid error, got {other:?}"),
        }
    }

    #[test]
    fn wordpress_dates() {
        let ok = |text: &str| parse_date(text).map(|at| at.map(time::to_stored));
        assert_eq!(
            ok("2024-05-06 10:00:09"),
            Some(Ok("2024-05-06T10:00:09.000000Z".into()))
        );
        assert_eq!(
            ok(" 2024-02-29 23:59:59\n"),
            Some(Ok(stored("2024-02-29 23:59:59")))
        );
        assert_eq!(ok("0000-00-00 00:00:00"), None);
        assert_eq!(ok(""), None);
        for bad in [
            "2023-02-29 00:00:00",
            "2024-5-6 1:2:3",
            "2024-05-06 24:00:00",
            "yesterday",
            "2024-05-06 10:00:0x",
        ] {
            assert_eq!(ok(bad), Some(Err(())), "{bad}");
        }
    }

    #[test]
    fn shared_wxr_1_0_and_1_1() {
        let Some(path) = shared("valid-wxr-1.0.xml") else {
            return;
        };
        let got = read_file(&path);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["wxr:http://localhost/"]);
        assert_eq!(got.order[0], "site");
        assert_eq!(got.articles.len(), 6, "3 posts and 3 pages");
        assert_eq!(got.comments.len(), 1);
        assert!(got.skipped.is_empty());
        let hello = got.article("1");
        assert_eq!(hello.title, "Hello world!");
        assert_eq!(hello.url.as_deref(), Some("http://localhost/?p=1"));
        assert_eq!(hello.published_at, Some(stored("2010-10-20 14:08:20")));
        let c = got.comment("1");
        assert_eq!(c.article_external_id, "1");
        assert_eq!(c.author_name, "Mr WordPress");
        assert_eq!(c.author_email, None);
        assert_eq!(c.author_url.as_deref(), Some("http://wordpress.org/"));
        assert_eq!(c.author_ip, None);
        assert_eq!(c.parent_external_id, None);
        assert_eq!(c.status, Status::Approved);
        assert_eq!(c.site_status, "1");
        assert_eq!(c.kind, CommentKind::Comment);
        assert_eq!(c.created_at, stored("2010-10-20 14:08:20"));
        // CDATA is kept exactly: markup stays text, the entity inside it is not decoded.
        assert!(c
            .body
            .starts_with("Hi, this is a comment.<br />To delete a comment"));
        assert!(c.body.contains("the post&#039;s comments"));

        let got = read_file(&shared("valid-wxr-1.1.xml").unwrap());
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["wxr:http://localhost/"]);
        assert_eq!(got.articles.len(), 2);
        assert_eq!(got.comments.len(), 1);
        assert_eq!(got.comment("1").created_at, stored("2010-10-16 20:53:18"));
        assert_eq!(got.comment("1").author_name, "Mr WordPress");
    }

    #[test]
    fn shared_serialized_comment_meta() {
        let Some(path) = shared("test-serialized-comment-meta.xml") else {
            return;
        };
        let got = read_file(&path);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["wxr:http://test.wordpress.org/"]);
        assert_eq!(got.order, ["site", "article", "comment"]);
        let post = got.article("10");
        assert_eq!(post.title, "My Entry with comments and comment meta");
        // post_date_gmt is the zero date: post_date is taken as UTC.
        assert_eq!(post.published_at, Some(stored("2009-10-20 16:13:20")));
        let c = got.comment("1");
        assert_eq!(c.author_name, "A WordPress Commenter");
        assert_eq!(c.author_email.as_deref(), Some("wapuu@wordpress.example"));
        assert_eq!(c.author_ip, None, "an empty CDATA is no value");
        assert_eq!(c.created_at, stored("2020-01-05 12:50:15"));
        assert!(c
            .body
            .ends_with("come from <a href=\"https://gravatar.com\">Gravatar</a>."));
        assert_eq!(c.body.lines().count(), 3);
    }

    #[test]
    fn shared_theme_unit_test_data() {
        let Some(path) = shared("a11y-unit-test-data.xml") else {
            return;
        };
        let got = read_file(&path);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["wxr:http://wordpress.com/"]);
        assert_eq!(got.order[0], "site");
        // 154 items: 50 menu items and 39 attachments are not articles.
        assert_eq!(got.articles.len(), 65);
        assert_eq!(got.articles[0].external_id, "2");
        assert_eq!(got.articles[0].title, "About The Tests");
        // 29 <wp:comment>s; one (167) has neither date nor approval state.
        assert_eq!(got.comments.len(), 28);
        assert_eq!(
            got.skipped,
            [Skip {
                line: 687,
                record: "comment 167 in post 156".into(),
                field: "wp:comment_approved".into(),
                reason: "the comment has no approval state".into(),
            }]
        );
        let pings: Vec<_> = got
            .comments
            .iter()
            .filter(|c| c.kind == CommentKind::Pingback)
            .collect();
        assert_eq!(pings.len(), 4);
        assert!(pings.iter().all(|c| c.article_external_id == "1149"));
        assert_eq!(
            got.comment("921").author_name,
            "Ping 1 &laquo; What&#8217;s a tellyworth?"
        );
        // Pretty-printed values: whitespace around CDATA or a URL is not part of them.
        let ping2 = got.comment("922");
        assert!(ping2
            .author_name
            .starts_with("Ping 2 with a much longer title"));
        assert_eq!(
            ping2.author_url.as_deref(),
            Some("http://tellyworth.wordpress.com/2007/11/21/ping-2-with-a-much-longer-title-than-the-previous-ping-which-was-called-ping-1/")
        );
        assert!(ping2.body.starts_with("[...] Another trackback test."));
        let reply = got.comment("905");
        assert_eq!(reply.author_name, "Jane Bloggs");
        assert_eq!(reply.parent_external_id.as_deref(), Some("904"));
        assert_eq!(reply.article_external_id, "1148");
        assert_eq!(reply.status, Status::Approved);
        assert_eq!(reply.created_at, stored("2013-03-14 15:01:21"));
        assert_eq!(
            got.comment("915").parent_external_id.as_deref(),
            Some("914")
        );
        let c = got.comment("168");
        assert_eq!(c.author_url, None);
        assert_eq!(c.author_ip.as_deref(), Some("59.167.157.3"));
        assert_eq!(c.created_at, stored("2007-09-04 00:49:03"), "GMT date wins");
        assert!(got
            .comment("881")
            .body
            .starts_with("<h2>Headings</h2>\n<h1>"));
    }

    #[test]
    fn an_item_without_a_post_id_is_keyed_by_its_link_else_its_guid() {
        let xml = b"<?xml version=\"1.0\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n\
<wp:base_site_url>https://old.example</wp:base_site_url>\n\
<item><title>By link</title><link>https://old.example/a/</link>\n\
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_date_gmt>2019-01-01 10:00:00</wp:comment_date_gmt><wp:comment_approved>1</wp:comment_approved><wp:comment_content>one</wp:comment_content></wp:comment></item>\n\
<item><title>By guid</title><guid isPermaLink=\"false\">https://old.example/?p=7</guid>\n\
<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_date_gmt>2019-01-02 10:00:00</wp:comment_date_gmt><wp:comment_approved>0</wp:comment_approved><wp:comment_content>two</wp:comment_content></wp:comment></item>\n\
<item><title>Nothing</title>\n\
<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_date_gmt>2019-01-03 10:00:00</wp:comment_date_gmt><wp:comment_approved>1</wp:comment_approved><wp:comment_content>three</wp:comment_content></wp:comment></item>\n\
</channel></rss>\n";
        let got = read_bytes(xml);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(
            got.comment("1").article_external_id,
            "https://old.example/a/"
        );
        assert_eq!(
            got.comment("2").article_external_id,
            "https://old.example/?p=7"
        );
        assert_eq!(got.article("https://old.example/a/").title, "By link");
        assert_eq!(got.skipped.len(), 1, "{:?}", got.skipped);
        assert_eq!(got.skipped[0].field, "wp:post_id");
        assert!(got.skipped[0]
            .reason
            .contains("no post id, link or guid; its comment was not imported"));
    }

    #[test]
    fn small_wxr_1_2() {
        let got = read_file(&ours("small-1.2.xml"));
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["wxr:https://gazette.example/"]);
        assert_eq!(
            got.order,
            [
                "site", "article", "comment", "comment", "comment", "comment", "comment",
                "comment", "comment", "skipped", "article", "skipped", "article", "skipped",
                "article"
            ]
        );
        let ids: Vec<_> = got
            .articles
            .iter()
            .map(|a| a.external_id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["101", "2", "https://gazette.example/lost/", "104"],
            "attachments and menu items are no articles; an item without a post id is keyed by its link"
        );
        let post = got.article("101");
        assert_eq!(post.title, "Council votes on the bridge");
        assert_eq!(
            post.url.as_deref(),
            Some("https://gazette.example/2024/05/bridge/")
        );
        assert_eq!(post.published_at, Some(stored("2024-05-06 08:00:00")));
        let page = got.article("2");
        assert_eq!(
            page.url.as_deref(),
            Some("https://gazette.example/?page_id=2"),
            "guid"
        );
        assert_eq!(page.published_at, Some(stored("2024-01-02 03:04:05")));
        assert_eq!(
            got.article("104").title,
            "Recipe of the week",
            "custom types kept"
        );

        let c = got.comment("11");
        assert_eq!(c.author_name, "Ada Reader");
        assert_eq!(c.author_email.as_deref(), Some("ada@example.org"));
        assert_eq!(c.author_url.as_deref(), Some("https://ada.example/"));
        assert_eq!(c.author_ip.as_deref(), Some("192.0.2.10"));
        assert_eq!(c.created_at, stored("2024-05-06 09:15:00"));
        assert_eq!(c.body, "Finally! <script>alert(1)</script> & about time.");
        assert_eq!((c.status, c.kind), (Status::Approved, CommentKind::Comment));

        let c = got.comment("12");
        assert_eq!(c.author_name, "Bob & Co");
        assert_eq!(
            (c.author_email.as_deref(), c.author_url.as_deref()),
            (None, None)
        );
        assert_eq!(
            c.body,
            "Replying: <b>no</b> \u{201c}way\u{201d}\nsecond line"
        );
        assert_eq!(c.parent_external_id.as_deref(), Some("11"));
        assert_eq!((c.status, c.site_status.as_str()), (Status::Pending, "0"));

        let c = got.comment("13");
        assert_eq!(c.author_name, "Anonymous");
        assert_eq!(c.parent_external_id.as_deref(), Some("12"));
        assert_eq!(c.created_at, stored("2024-05-06 13:00:00"), "zero GMT date");

        let c = got.comment("14");
        assert_eq!((c.status, c.site_status.as_str()), (Status::Spam, "spam"));
        assert_eq!(c.parent_external_id, None);
        let c = got.comment("15");
        assert_eq!((c.status, c.site_status.as_str()), (Status::Trash, "trash"));
        let c = got.comment("16");
        assert_eq!(c.kind, CommentKind::Pingback);
        assert_eq!(c.author_name, "Other Paper &raquo; Bridge");
        assert_eq!(c.body, "[&#8230;] the council voted [&#8230;]");
        assert_eq!(got.comment("17").kind, CommentKind::Trackback);

        assert_eq!(
            got.skipped,
            [
                Skip {
                    line: 111,
                    record: "comment 18 in post 101".into(),
                    field: "wp:comment_type".into(),
                    reason: "\"review\" records are not reader comments (only comments, pingbacks and trackbacks are imported)".into(),
                },
                Skip {
                    line: 130,
                    record: "post 102".into(),
                    field: "wp:post_type".into(),
                    reason: "\"attachment\" items are not articles; its comment was not imported"
                        .into(),
                },
                Skip {
                    line: 153,
                    record: "comment 20 in post https://gazette.example/lost/".into(),
                    field: "wp:comment_date".into(),
                    reason: "the comment has no date (neither wp:comment_date_gmt nor wp:comment_date)".into(),
                },
            ]
        );
    }

    #[test]
    fn windows_1251() {
        let got = read_file(&ours("windows-1251.xml"));
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.articles[0].title, "Новости дня");
        let c = got.comment("1");
        assert_eq!(c.author_name, "Иван Петров");
        assert_eq!(c.body, "Отличная статья, спасибо!");

        // The same text written here through encoding_rs reads the same.
        let text = std::fs::read_to_string(ours("small-1.2.xml"))
            .unwrap()
            .replace("encoding=\"UTF-8\"", "encoding=\"windows-1251\"")
            .replace("Ada Reader", "Ада Читатель");
        let (bytes, _, lossy) = encoding_rs::WINDOWS_1251.encode(&text);
        assert!(!lossy);
        let got = read_bytes(&bytes);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.comment("11").author_name, "Ада Читатель");
        assert_eq!(got.comments.len(), 7);
    }

    #[test]
    fn iso_8859_1() {
        let got = read_file(&ours("iso-8859-1.xml"));
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["wxr:https://example.test"]);
        assert_eq!(got.articles[0].title, "Café du matin");
        let c = got.comment("1");
        assert_eq!(c.author_name, "José Müller");
        assert_eq!(c.body, "Ça va? Très bien - merci.");
        assert_eq!(c.created_at, stored("2023-03-02 08:30:00"));
    }

    #[test]
    fn byte_order_marks() {
        let text = std::fs::read_to_string(ours("iso-8859-1.xml").with_file_name("small-1.2.xml"))
            .unwrap();
        let mut utf8 = b"\xEF\xBB\xBF".to_vec();
        utf8.extend_from_slice(text.as_bytes());
        let got = read_bytes(&utf8);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.comments.len(), 7);

        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let got = read_bytes(&utf16);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.comments.len(), 7);
        assert_eq!(got.comment("12").author_name, "Bob & Co");
    }

    #[test]
    fn bad_records_are_skipped_and_the_rest_read() {
        let got = read_file(&ours("bad-record.xml"));
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.sites, ["wxr:https://bad.example"], "the channel link");
        let ids: Vec<_> = got
            .comments
            .iter()
            .map(|c| c.external_id.as_str())
            .collect();
        assert_eq!(ids, ["70", "74"]);
        assert_eq!(
            got.skipped,
            [
                Skip {
                    line: 25,
                    record: "comment 71 in post 7".into(),
                    field: "wp:comment_date_gmt".into(),
                    reason: "\"yesterday at noon\" is not a date (YYYY-MM-DD HH:MM:SS)".into(),
                },
                Skip {
                    line: 32,
                    record: "comment ? in post 7".into(),
                    field: "wp:comment_id".into(),
                    reason: "the comment has no id".into(),
                },
                Skip {
                    line: 37,
                    record: "comment 73 in post 7".into(),
                    field: "wp:comment_approved".into(),
                    reason: "\"post-trashed\" is not one of 1, 0, spam, trash".into(),
                },
            ]
        );
        assert_eq!(got.comment("74").body, "After the bad ones");
        assert_eq!(got.articles[0].published_at, None, "no post dates");
    }

    #[test]
    fn not_well_formed_is_one_error_with_line_and_column() {
        let got = read_file(&ours("not-well-formed.xml"));
        assert_eq!(got.errors.len(), 1);
        assert_eq!(got.order.last(), Some(&"error"), "nothing after the error");
        let (field, message) = invalid(&got.errors[0]);
        assert_eq!(field, "fixture.xml line 21 column 3");
        assert!(message.contains("wp:comment_x"), "{message}");
        assert_eq!(got.errors[0].code(), "invalid");
    }

    #[test]
    fn documents_that_are_not_wxr() {
        let cases: &[(&[u8], &str, &str)] = &[
            (b"", "test.xml line 1 column 1", "no root element"),
            (
                b"id,author\n1,Ada\n",
                "test.xml line 1 column 1",
                "not an XML document",
            ),
            (
                b"<?xml version=\"1.0\"?>\n<html><body/></html>",
                "test.xml line 2 column 1",
                "root element is <html>",
            ),
            (
                b"<rss version=\"2.0\">\n  <foo/>\n</rss>\n",
                "test.xml line 4 column 1",
                "no <channel>",
            ),
            (
                b"<rss>\n<channel>\n<item>\n",
                "test.xml line 4 column 1",
                "ends inside 3 open element(s)",
            ),
            (
                b"<rss><channel></channel></rss>\n<rss/>",
                "test.xml line 2 column 1",
                "second root element",
            ),
            (
                b"<?xml version='1.0' encoding='iso-2022-kr'?><rss/>",
                "test.xml line 1 column 1",
                "\"iso-2022-kr\"",
            ),
            (
                b"<?xml version=\"1.0\" encoding=\"klingon\"?><rss/>",
                "test.xml line 1 column 1",
                "\"klingon\"",
            ),
            (
                b"<rss>\n<channel>\n  <title a=\"1>x</title>",
                "test.xml line 3 column 3",
                "not well-formed",
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
        // An empty channel is a (useless) export: its site and nothing else.
        let got = read_bytes(b"<rss><channel><link>https://x.example</link></channel></rss>");
        assert!(got.errors.is_empty());
        assert_eq!(got.sites, ["wxr:https://x.example"]);
        let got =
            read_bytes(b"<rss><channel><item><wp:post_id>1</wp:post_id></item></channel></rss>");
        assert_eq!(got.sites, ["wxr:unknown"]);
        assert_eq!(got.order, ["site", "article"]);
    }

    #[test]
    fn unescaped_markup_and_unknown_entities_stay_text() {
        let doc = br#"<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><title>T <em>x</em></title><wp:post_id>5</wp:post_id>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_approved>1</wp:comment_approved>
<wp:comment_date>2020-01-01 00:00:00</wp:comment_date>
<wp:comment_content>Raw <a href="https://x.example/?a=1&amp;b=2">link</a><br/> and <![CDATA[<i>cdata</i>]]> &nbsp;end</wp:comment_content>
</wp:comment></item>
<item><title>Next</title><wp:post_id>6</wp:post_id></item>
</channel></rss>"#;
        let got = read_bytes(doc);
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        assert_eq!(got.order, ["site", "article", "comment", "article"]);
        assert_eq!(got.article("5").title, "T <em>x</em>");
        assert_eq!(
            got.comment("1").body,
            r#"Raw <a href="https://x.example/?a=1&amp;b=2">link</a><br/> and <i>cdata</i> &nbsp;end"#
        );
        assert_eq!(got.comment("1").created_at, stored("2020-01-01 00:00:00"));
        assert_eq!(got.article("6").title, "Next");
    }

    const BIG_WXR_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<wp:base_site_url>https://big.example</wp:base_site_url>\n<item><title>Big</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>\n";
    const BIG_WXR_TAIL: &str = "</item>\n</channel>\n</rss>\n";

    fn big_wxr_comment(s: &mut String, i: usize) {
        use std::fmt::Write as _;
        let _ = writeln!(
            s,
            "<wp:comment><wp:comment_id>{}</wp:comment_id><wp:comment_author><![CDATA[Reader {}]]></wp:comment_author><wp:comment_date_gmt>2024-01-01 00:00:00</wp:comment_date_gmt><wp:comment_content>Comment number {} &amp; more</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{}</wp:comment_parent></wp:comment>",
            i + 1,
            i % 97,
            i + 1,
            i / 2
        );
    }

    #[test]
    fn streams_a_large_export() {
        const COMMENTS: usize = 50_000;
        let (input, produced) =
            Generated::new(BIG_WXR_HEAD, big_wxr_comment, BIG_WXR_TAIL, COMMENTS);
        let items = read(BufReader::new(input), "big.xml");
        let (count, last) = generated::read_all(items, "wxr:https://big.example", &produced);
        assert_eq!(count, COMMENTS);
        assert_eq!(last.external_id, COMMENTS.to_string());
        assert_eq!(last.body, format!("Comment number {COMMENTS} & more"));
        assert_eq!(last.parent_external_id.as_deref(), Some("24999"));
        assert!(produced.get() > 10_000_000);
    }
}
