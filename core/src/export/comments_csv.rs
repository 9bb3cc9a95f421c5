//! CSV out, in the documented column set the CSV importer reads (header row, UTF-8, every
//! cell quoted). Cells people wrote (names, titles, bodies, addresses) that begin like a
//! spreadsheet formula are made inert, so the file is safe to open in a spreadsheet.
use std::io::{self, Write};

use super::{Out, Sink};
use crate::import::rows::COLUMNS;
use crate::spreadsheet::cell;

pub(crate) struct Writer<W: Write> {
    out: csv::Writer<W>,
}

fn to_io(err: csv::Error) -> io::Error {
    io::Error::other(err.to_string())
}

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> io::Result<Self> {
        let mut out = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(out);
        out.write_record(COLUMNS).map_err(to_io)?;
        Ok(Writer { out })
    }
}

impl<W: Write> Sink for Writer<W> {
    fn comment(&mut self, out: &Out<'_>, _new_article: bool) -> io::Result<()> {
        let row = out.row;
        let opt = |v: &Option<String>| cell(v.as_deref().unwrap_or(""));
        // Same order as COLUMNS.
        self.out
            .write_record([
                out.comment_id.as_str(),
                &out.article_id,
                &cell(&row.article_title),
                &opt(&row.article_url),
                out.parent_id.as_deref().unwrap_or(""),
                &cell(&row.author_name),
                &opt(&row.author_email),
                row.author_ip.as_deref().unwrap_or(""),
                &opt(&row.author_url),
                &row.created_at,
                &row.status,
                &row.kind,
                &cell(&row.body),
            ])
            .map_err(to_io)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
