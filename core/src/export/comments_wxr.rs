//! WordPress WXR 1.2 out: one `<item>` per article with its `<wp:comment>`s, our statuses in
//! `wp:comment_approved` (approved 1, pending 0, spam, trash). WordPress has no "rejected": a
//! rejected comment goes out as trash, which hides it on the site, with a
//! `readerdesk_status` comment meta that Readerdesk's importer reads back as rejected.
//!
//! Text is escaped rather than put in CDATA so that every character survives exactly (a CDATA
//! section would turn a carriage return into a line feed); characters XML 1.0 cannot hold at
//! all are written as U+FFFD and counted.
use std::io::{self, Write};

use chrono_tz::Tz;

use super::{Out, Sink};
use crate::time;

pub(crate) struct Writer<W: Write> {
    out: W,
    zone: Tz,
    open_item: bool,
    replaced: i64,
}

impl<W: Write> Writer<W> {
    pub fn new(mut out: W, site: &str, zone: Tz) -> io::Result<Self> {
        let mut replaced = 0;
        let site = escape(site, &mut replaced);
        write!(
            out,
            concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n",
                "<rss version=\"2.0\"\n",
                "\txmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n",
                "\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n",
                "\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n",
                "\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n",
                "\txmlns:wp=\"http://wordpress.org/export/1.2/\">\n",
                "<channel>\n",
                "\t<title>{site}</title>\n",
                "\t<link>{site}</link>\n",
                "\t<description>Comments and moderation decisions exported by Readerdesk</description>\n",
                "\t<generator>Readerdesk</generator>\n",
                "\t<wp:wxr_version>1.2</wp:wxr_version>\n",
                "\t<wp:base_site_url>{site}</wp:base_site_url>\n",
                "\t<wp:base_blog_url>{site}</wp:base_blog_url>\n",
            ),
            site = site
        )?;
        Ok(Writer {
            out,
            zone,
            open_item: false,
            replaced,
        })
    }

    fn text(&mut self, text: &str) -> String {
        escape(text, &mut self.replaced)
    }
}

/// `2026-11-01T09:00:00.000000Z` → `2026-11-01 09:00:00` (UTC), and the same in the zone.
fn dates(stored: &str, zone: Tz) -> (String, String) {
    match time::parse_stored("created_at", stored) {
        Ok(at) => (
            at.format("%Y-%m-%d %H:%M:%S").to_string(),
            at.with_timezone(&zone)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
        ),
        // Stored times are checked on the way in; pass anything else through as written.
        Err(_) => (stored.to_string(), stored.to_string()),
    }
}

fn approved(status: &str) -> &'static str {
    match status {
        "approved" => "1",
        "spam" => "spam",
        "trash" | "rejected" => "trash",
        _ => "0",
    }
}

impl<W: Write> Sink for Writer<W> {
    fn comment(&mut self, out: &Out<'_>, new_article: bool) -> io::Result<()> {
        let row = out.row;
        if new_article {
            if self.open_item {
                self.out.write_all(b"\t</item>\n")?;
            }
            self.open_item = true;
            let title = self.text(&row.article_title);
            let link = self.text(row.article_url.as_deref().unwrap_or(""));
            let id = self.text(&out.article_id);
            write!(
                self.out,
                "\t<item>\n\t\t<title>{title}</title>\n\t\t<link>{link}</link>\n\t\t<guid isPermaLink=\"false\">{}</guid>\n\t\t<wp:post_id>{id}</wp:post_id>\n",
                if link.is_empty() { &id } else { &link }
            )?;
            if let Some(published) = &row.article_published_at {
                let (gmt, local) = dates(published, self.zone);
                write!(
                    self.out,
                    "\t\t<wp:post_date>{local}</wp:post_date>\n\t\t<wp:post_date_gmt>{gmt}</wp:post_date_gmt>\n"
                )?;
            }
            self.out.write_all(
                b"\t\t<wp:comment_status>open</wp:comment_status>\n\t\t<wp:status>publish</wp:status>\n\t\t<wp:post_type>post</wp:post_type>\n",
            )?;
        }
        let (gmt, local) = dates(&row.created_at, self.zone);
        let id = self.text(&out.comment_id);
        let author = self.text(&row.author_name);
        let email = self.text(row.author_email.as_deref().unwrap_or(""));
        let url = self.text(row.author_url.as_deref().unwrap_or(""));
        let ip = self.text(row.author_ip.as_deref().unwrap_or(""));
        let body = self.text(&row.body);
        let parent = match &out.parent_id {
            Some(p) => self.text(p),
            None => "0".to_string(),
        };
        write!(
            self.out,
            concat!(
                "\t\t<wp:comment>\n",
                "\t\t\t<wp:comment_id>{id}</wp:comment_id>\n",
                "\t\t\t<wp:comment_author>{author}</wp:comment_author>\n",
                "\t\t\t<wp:comment_author_email>{email}</wp:comment_author_email>\n",
                "\t\t\t<wp:comment_author_url>{url}</wp:comment_author_url>\n",
                "\t\t\t<wp:comment_author_IP>{ip}</wp:comment_author_IP>\n",
                "\t\t\t<wp:comment_date>{local}</wp:comment_date>\n",
                "\t\t\t<wp:comment_date_gmt>{gmt}</wp:comment_date_gmt>\n",
                "\t\t\t<wp:comment_content>{body}</wp:comment_content>\n",
                "\t\t\t<wp:comment_approved>{approved}</wp:comment_approved>\n",
                "\t\t\t<wp:comment_type>{kind}</wp:comment_type>\n",
                "\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n",
                "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n",
            ),
            id = id,
            author = author,
            email = email,
            url = url,
            ip = ip,
            local = local,
            gmt = gmt,
            body = body,
            approved = approved(&row.status),
            kind = row.kind,
            parent = parent,
        )?;
        if row.status == "rejected" {
            self.out.write_all(
                b"\t\t\t<wp:commentmeta>\n\t\t\t\t<wp:meta_key>readerdesk_status</wp:meta_key>\n\t\t\t\t<wp:meta_value>rejected</wp:meta_value>\n\t\t\t</wp:commentmeta>\n",
            )?;
        }
        self.out.write_all(b"\t\t</wp:comment>\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.open_item {
            self.out.write_all(b"\t</item>\n")?;
        }
        self.out.write_all(b"</channel>\n</rss>\n")?;
        super::flush(&mut self.out)
    }

    fn replaced(&self) -> i64 {
        self.replaced
    }
}

/// XML text: markup characters escaped, a carriage return as a character reference (so it is
/// not normalised away), and characters XML 1.0 forbids replaced (and counted).
fn escape(text: &str, replaced: &mut i64) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                *replaced += 1;
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_and_impossible_characters_counted() {
        let mut replaced = 0;
        assert_eq!(
            super::escape("a<b>&c\r\n\u{7}]]>", &mut replaced),
            "a&lt;b&gt;&amp;c&#13;\n\u{FFFD}]]&gt;"
        );
        assert_eq!(replaced, 1);
    }
}
