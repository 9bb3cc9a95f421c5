//! CSV out, in the documented column set the CSV importer reads (header row, UTF-8, every
//! cell quoted). Every cell that came from outside (ids, names, titles, bodies, addresses, IPs,
//! URLs) and begins like a spreadsheet formula is made inert, so the file is safe to open in a
//! spreadsheet; the CSV importer takes the guard off again.
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
                &cell(&out.comment_id),
                &cell(&out.article_id),
                &cell(&row.article_title),
                &opt(&row.article_url),
                &opt(&out.parent_id),
                &cell(&row.author_name),
                &opt(&row.author_email),
                &opt(&row.author_ip),
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
