//! JSON out: one array of objects keyed by the documented column set the JSON importer reads,
//! written one object at a time. Text is exactly as stored (JSON is not opened as a
//! spreadsheet, so nothing is altered).
use std::io::{self, Write};

use serde::Serialize;

use super::{Out, Sink};

pub(crate) struct Writer<W: Write> {
    out: W,
    first: bool,
}

#[derive(Serialize)]
struct Object<'a> {
    comment_id: &'a str,
    article_id: &'a str,
    article_title: &'a str,
    article_url: Option<&'a str>,
    parent_id: Option<&'a str>,
    author: &'a str,
    email: Option<&'a str>,
    ip: Option<&'a str>,
    author_url: Option<&'a str>,
    created: &'a str,
    status: &'a str,
    kind: &'a str,
    body: &'a str,
}

impl<W: Write> Writer<W> {
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(b"[")?;
        Ok(Writer { out, first: true })
    }
}

impl<W: Write> Sink for Writer<W> {
    fn comment(&mut self, out: &Out<'_>, _new_article: bool) -> io::Result<()> {
        let row = out.row;
        self.out
            .write_all(if self.first { b"\n  " } else { b",\n  " })?;
        self.first = false;
        let object = Object {
            comment_id: &out.comment_id,
            article_id: &out.article_id,
            article_title: &row.article_title,
            article_url: row.article_url.as_deref(),
            parent_id: out.parent_id.as_deref(),
            author: &row.author_name,
            email: row.author_email.as_deref(),
            ip: row.author_ip.as_deref(),
            author_url: row.author_url.as_deref(),
            created: &row.created_at,
            status: &row.status,
            kind: &row.kind,
            body: &row.body,
        };
        serde_json::to_writer(&mut self.out, &object).map_err(io::Error::other)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.write_all(b"\n]\n")?;
        super::flush(&mut self.out)
    }
}
