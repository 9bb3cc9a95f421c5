//! The demo newsroom: the seed article with its real reader comments, a few more articles with
//! a few hundred generated comments in every status (and the decisions that put them there),
//! and a fundraising campaign exactly $5,000 short of its goal after months of one-time and
//! monthly gifts. Deterministic: the same anchor date always builds the same newsroom.
pub mod seed;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Transaction;
use serde::Serialize;
use ts_rs::TS;

use crate::db::comments::NewComment;
use crate::db::decisions::NewDecision;
use crate::db::fundraising::{NewCampaign, NewDonation, NewDonor};
use crate::db::newsroom::{NewArticle, NewAuthor};
use crate::db::{self, Store};
use crate::error::{CoreError, Result};
use crate::ids;
use crate::model::{Action, Basis, CommentKind, DonationKind, Role, Status, Trust};
use crate::moderation::intake;
use crate::roles;
use crate::settings;
use crate::time::to_stored;

const SOURCE: &str = "demo";
const SEED: u64 = 20_171_107;
pub const CAMPAIGN_NAME: &str = "Keep us online: reader drive";
pub const GOAL_MINOR: i64 = 3_000_000;
pub const SHORT_MINOR: i64 = 500_000;
const CURRENCY: &str = "USD";
const GENERATED_COMMENTS: usize = 320;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DemoReport {
    pub articles: i64,
    pub comments: i64,
    pub decisions: i64,
    pub donations: i64,
    pub campaign: String,
}

/// Builds the demo into an empty newsroom, all in one transaction. `anchor` is "today" for the
/// demo: generated articles, comments and gifts lead up to its first moment (UTC), so nothing
/// is dated in the future whenever the demo is built that day.
pub fn build(store: &Store, anchor: NaiveDate) -> Result<DemoReport> {
    let seed_article = seed::parse(seed::ARTICLE)?;
    store.write(|tx| {
        if !db::stats::is_empty(tx)? {
            return Err(CoreError::NotEmpty {
                path: store.path().to_path_buf(),
            });
        }
        let mut builder = Builder {
            tx,
            rng: ChaCha8Rng::seed_from_u64(SEED),
            anchor: day_start(anchor),
            report: DemoReport {
                articles: 0,
                comments: 0,
                decisions: 0,
                donations: 0,
                campaign: CAMPAIGN_NAME.to_owned(),
            },
        };
        builder.settings()?;
        let moderators = builder.moderators()?;
        builder.seed_article(&seed_article)?;
        builder.generated_comments(&moderators)?;
        builder.campaign()?;
        Ok(builder.report)
    })
}

fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

struct Builder<'t, 'c> {
    tx: &'t Transaction<'c>,
    rng: ChaCha8Rng,
    anchor: DateTime<Utc>,
    report: DemoReport,
}

struct Moderator {
    id: String,
}

impl Builder<'_, '_> {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn settings(&mut self) -> Result<()> {
        db::settings::set(self.tx, settings::NAME, "Demo newsroom")?;
        db::settings::set(self.tx, settings::TIME_ZONE, "Europe/Kyiv")?;
        db::settings::set(self.tx, settings::REPORTING_CURRENCY, CURRENCY)?;
        db::settings::set(self.tx, settings::SETUP, settings::SETUP_DEMO)
    }

    fn moderators(&mut self) -> Result<Vec<Moderator>> {
        let created = to_stored(self.anchor - Duration::days(400));
        let mut deciders = Vec::new();
        for (name, role) in [
            ("Olena Kovalenko", Role::Admin),
            ("Sam Okafor", Role::Moderator),
            ("Dana Reyes", Role::Editor),
        ] {
            let id = ids::from_source("moderators", SOURCE, name);
            db::newsroom::insert_moderator(self.tx, &id, name, role, &created)?;
            if roles::can_moderate(role) {
                deciders.push(Moderator { id });
            }
        }
        Ok(deciders)
    }

    fn author(&mut self, name: &str, at: &str) -> Result<String> {
        let email = format!("{}@example.net", slug(name));
        db::newsroom::insert_author(
            self.tx,
            &NewAuthor {
                source: SOURCE,
                external_id: name,
                name,
                email: Some(&email),
                url: None,
                first_seen_at: at,
                trust: if SPAMMERS.contains(&name) {
                    Trust::Premod
                } else {
                    Trust::Normal
                },
            },
        )
    }

    fn seed_article(&mut self, seed: &seed::SeedArticle) -> Result<()> {
        let published = Utc
            .with_ymd_and_hms(2017, 11, 7, 9, 40, 0)
            .single()
            .ok_or_else(|| CoreError::invalid("seed date", "not a valid time"))?;
        let article_id = db::newsroom::insert_article(
            self.tx,
            &NewArticle {
                source: SOURCE,
                external_id: "nato-supports-euro-atlantic-aspirations",
                title: &seed.title,
                url: Some("https://euromaidanpress.com/2017/11/07/nato-supports-ukraines-euro-atlantic-aspirations-secretary-general/"),
                published_at: Some(&to_stored(published)),
                import_id: None,
            },
        )?;
        self.report.articles += 1;
        let mut keys: Vec<String> = Vec::new();
        for (index, comment) in seed.comments.iter().enumerate() {
            let at = to_stored(published + Duration::minutes(47 + 83 * index as i64));
            let author_id = self.author(&comment.author, &at)?;
            let email = format!("{}@example.net", slug(&comment.author));
            let external_id = format!("seed-{}", index + 1);
            let (key, _) = db::comments::insert(
                self.tx,
                &NewComment {
                    source: SOURCE,
                    external_id: &external_id,
                    article_id: &article_id,
                    parent_id: comment.parent.map(|p| keys[p].as_str()),
                    author_id: Some(&author_id),
                    author_name: &comment.author,
                    author_email: Some(&email),
                    author_url: None,
                    author_ip: Some("203.0.113.7"),
                    body: &comment.body,
                    kind: CommentKind::Comment,
                    created_at: &at,
                    received_at: &at,
                    status: Status::Approved,
                    site_status: Some("approved"),
                    hold_reasons: "[]",
                    import_id: None,
                },
            )?;
            keys.push(key);
            self.report.comments += 1;
        }
        Ok(())
    }

    fn generated_comments(&mut self, moderators: &[Moderator]) -> Result<()> {
        let mut articles = Vec::new();
        for (index, (slug_text, title)) in ARTICLES.iter().enumerate() {
            let published = self.anchor - Duration::days(3 + 11 * index as i64)
                + Duration::minutes(self.rng.random_range(0..600));
            let id = db::newsroom::insert_article(
                self.tx,
                &NewArticle {
                    source: SOURCE,
                    external_id: slug_text,
                    title,
                    url: Some(&format!("https://news.example.org/{slug_text}")),
                    published_at: Some(&to_stored(published)),
                    import_id: None,
                },
            )?;
            self.report.articles += 1;
            articles.push((id, published, Vec::<(String, DateTime<Utc>)>::new()));
        }
        for n in 0..GENERATED_COMMENTS {
            let article = self.rng.random_range(0..articles.len());
            let status = *self.pick(&[
                Status::Approved,
                Status::Approved,
                Status::Approved,
                Status::Approved,
                Status::Approved,
                Status::Pending,
                Status::Pending,
                Status::Rejected,
                Status::Spam,
                Status::Trash,
            ]);
            let author = if status == Status::Spam {
                *self.pick(SPAMMERS)
            } else {
                *self.pick(READERS)
            };
            let body = self.body(status);
            let (article_id, published, earlier) = &articles[article];
            // Comments arrive over four days, but never after the demo's "now".
            let open_minutes = (self.anchor - *published)
                .num_minutes()
                .clamp(10, 4 * 24 * 60);
            let mut created =
                *published + Duration::minutes(self.rng.random_range(5..open_minutes));
            let parent =
                if !earlier.is_empty() && status != Status::Spam && self.rng.random_bool(0.35) {
                    let (key, parent_at) = &earlier[self.rng.random_range(0..earlier.len())];
                    // A reply comes after its parent (and still before the demo's "now").
                    let latest = (self.anchor - *parent_at).num_minutes().max(2);
                    created =
                        *parent_at + Duration::minutes(self.rng.random_range(1..latest.min(600)));
                    Some(key.clone())
                } else {
                    None
                };
            let at = to_stored(created);
            let author_id = self.author(author, &at)?;
            let email = format!("{}@example.net", slug(author));
            let ip = format!("198.51.100.{}", 1 + (n * 7) % 250);
            let external_id = format!("c{:04}", n + 1);
            let article_id = article_id.clone();
            let links = db::comments::count_links(&body);
            let holds = if links >= 2 && status == Status::Pending {
                format!(r#"[{{"code":"links","detail":"{links} links"}}]"#)
            } else {
                "[]".to_owned()
            };
            let (key, _) = intake::add_comment(
                self.tx,
                &NewComment {
                    source: SOURCE,
                    external_id: &external_id,
                    article_id: &article_id,
                    parent_id: parent.as_deref(),
                    author_id: Some(&author_id),
                    author_name: author,
                    author_email: Some(&email),
                    author_url: None,
                    author_ip: Some(&ip),
                    body: &body,
                    kind: CommentKind::Comment,
                    created_at: &at,
                    received_at: &at,
                    status: Status::Pending,
                    site_status: Some("pending"),
                    hold_reasons: &holds,
                    import_id: None,
                },
            )?;
            self.report.comments += 1;
            if status != Status::Pending {
                let moderator = &moderators[n % moderators.len()];
                let decided = (created + Duration::minutes(self.rng.random_range(3..600)))
                    .min(self.anchor.max(created + Duration::minutes(1)));
                self.decide(&key, moderator, status, decided, n)?;
            }
            // Readers report some comments, published or waiting: the Flagged queue.
            if matches!(status, Status::Approved | Status::Pending) && n % 13 == 5 {
                let flag_at = (created + Duration::minutes(90)).min(self.anchor);
                let reason = *self.pick(READER_FLAGS);
                db::moderation::insert_flag(
                    self.tx,
                    &ids::from_source("flags", SOURCE, &format!("f{n:04}")),
                    &key,
                    reason,
                    Some("Reader report from the site"),
                    "reader",
                    None,
                    None,
                    &to_stored(flag_at),
                )?;
                db::queue::refresh_reasons(self.tx, &key)?;
            }
            articles[article].2.push((key, created));
        }
        Ok(())
    }

    fn decide(
        &mut self,
        comment_id: &str,
        moderator: &Moderator,
        status: Status,
        at: DateTime<Utc>,
        n: usize,
    ) -> Result<()> {
        let (action, reason) = match status {
            Status::Approved => (Action::Approve, None),
            Status::Rejected => (Action::Reject, Some(*self.pick(REJECT_REASONS))),
            Status::Spam => (Action::Spam, None),
            Status::Trash => (Action::Trash, Some("Duplicate")),
            Status::Pending => return Ok(()),
        };
        let id = ids::from_source("decisions", SOURCE, &format!("d{n:04}"));
        db::decisions::record(
            self.tx,
            &NewDecision {
                id: &id,
                comment_id,
                moderator_id: &moderator.id,
                device_id: "demo",
                action,
                to_status: status,
                reason,
                note: None,
                batch_id: &id,
                undoes_batch: None,
                at: &to_stored(at),
            },
        )?;
        self.report.decisions += 1;
        Ok(())
    }

    fn body(&mut self, status: Status) -> String {
        match status {
            Status::Spam => {
                let line = *self.pick(SPAM);
                format!("{line} {}", self.pick(SPAM_LINKS))
            }
            Status::Rejected => self.pick(REJECTED).to_string(),
            _ => {
                let sentences = self.rng.random_range(1..=3);
                (0..sentences)
                    .map(|_| *self.pick(SENTENCES))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        }
    }

    fn campaign(&mut self) -> Result<()> {
        let starts = self.anchor - Duration::days(180);
        let ends = self.anchor + Duration::days(35);
        let campaign_id = ids::from_source("campaigns", SOURCE, CAMPAIGN_NAME);
        db::fundraising::insert_campaign(
            self.tx,
            &NewCampaign {
                id: &campaign_id,
                name: CAMPAIGN_NAME,
                goal_minor: GOAL_MINOR,
                currency: CURRENCY,
                starts_on: &starts.date_naive().to_string(),
                ends_on: &ends.date_naive().to_string(),
                basis: Basis::Net,
                created_at: &to_stored(starts),
                goal_type: "total",
            },
        )?;
        let target_net = GOAL_MINOR - SHORT_MINOR;
        let mut ledger = Ledger {
            campaign_id,
            net: 0,
            count: 0,
        };

        // Monthly supporters: each starts in one of the first months; some stop.
        for donor in 0..34usize {
            let name = donor_name(donor);
            let donor_id = self.donor(&name, donor)?;
            let amount = *self.pick(&[500i64, 1_000, 1_000, 1_500, 2_000, 2_500, 5_000]);
            let first = self.rng.random_range(0..90);
            let months = if self.rng.random_bool(0.25) {
                self.rng.random_range(1..4)
            } else {
                12
            };
            for month in 0..months {
                let at = starts + Duration::days(first + 30 * month) + Duration::hours(3);
                if at > self.anchor {
                    break;
                }
                let external_id = format!("sub{donor:03}-{month:02}");
                self.gift(
                    &mut ledger,
                    &external_id,
                    &donor_id,
                    DonationKind::Recurring,
                    amount,
                    at,
                )?;
            }
        }

        // One-time gifts until the drive is within reach of its target; a pledge week in the
        // third month brings a spike. Two gifts are refunded.
        let pledge_week = starts + Duration::days(70);
        let mut gift = 0usize;
        let mut refunds = Vec::new();
        loop {
            let amount = *self.pick(&[
                1_000i64, 2_000, 2_500, 2_500, 3_500, 5_000, 5_000, 7_500, 10_000, 15_000, 25_000,
                50_000,
            ]);
            let fee = card_fee(amount);
            if ledger.net + amount - fee > target_net - 20_000 {
                break;
            }
            let at = if gift.is_multiple_of(5) {
                pledge_week + Duration::minutes(self.rng.random_range(0..7 * 24 * 60))
            } else {
                let span = (self.anchor - starts).num_minutes();
                starts + Duration::minutes(self.rng.random_range(0..span))
            };
            let donor = 100 + self.rng.random_range(0..160usize);
            let donor_id = self.donor(&donor_name(donor), donor)?;
            let external_id = format!("gift{gift:04}");
            let id = self.gift(
                &mut ledger,
                &external_id,
                &donor_id,
                DonationKind::OneTime,
                amount,
                at,
            )?;
            if gift == 17 || gift == 121 {
                refunds.push((id, donor_id, amount, at + Duration::days(2)));
            }
            gift += 1;
        }
        for (n, (original, donor_id, amount, at)) in refunds.into_iter().enumerate() {
            self.entry(
                &mut ledger,
                &format!("refund{n:02}"),
                &donor_id,
                DonationKind::Refund,
                -amount,
                0,
                Some(&original),
                at,
            )?;
        }

        // A reader's bank transfer (no fee) closes the demo exactly $5,000 short.
        let remainder = target_net - ledger.net;
        let donor_id = self.donor("Halyna Marchuk", 99)?;
        self.entry(
            &mut ledger,
            "transfer-0001",
            &donor_id,
            DonationKind::OneTime,
            remainder,
            0,
            None,
            self.anchor - Duration::days(1),
        )?;
        debug_assert_eq!(ledger.net, target_net);
        self.report.donations = ledger.count;
        Ok(())
    }

    fn donor(&mut self, name: &str, n: usize) -> Result<String> {
        let email = format!("{}@example.com", slug(name));
        let country = ["UA", "US", "GB", "DE", "PL", "CA", "NL"][n % 7];
        db::fundraising::insert_donor(
            self.tx,
            &NewDonor {
                source: SOURCE,
                external_id: &email,
                name: Some(name),
                email_normalized: Some(&email),
                country: Some(country),
            },
        )
    }

    fn gift(
        &mut self,
        ledger: &mut Ledger,
        external_id: &str,
        donor_id: &str,
        kind: DonationKind,
        gross: i64,
        at: DateTime<Utc>,
    ) -> Result<String> {
        let fee = card_fee(gross);
        self.entry(ledger, external_id, donor_id, kind, gross, fee, None, at)
    }

    #[allow(clippy::too_many_arguments)]
    fn entry(
        &mut self,
        ledger: &mut Ledger,
        external_id: &str,
        donor_id: &str,
        kind: DonationKind,
        gross: i64,
        fee: i64,
        original: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<String> {
        let at = to_stored(at);
        let id = db::fundraising::insert_donation(
            self.tx,
            &NewDonation {
                source: SOURCE,
                external_id,
                donor_id: Some(donor_id),
                campaign_id: Some(&ledger.campaign_id),
                kind,
                gross_minor: gross,
                fee_minor: fee,
                currency: CURRENCY,
                original_id: original,
                occurred_at: &at,
                import_id: None,
                created_at: &at,
                converted: None,
                method: (external_id == "transfer-0001").then_some("bank_transfer"),
                note: "",
                payments_per_year: (kind == DonationKind::Recurring).then_some(12),
                original_external_id: None,
            },
        )?;
        ledger.net += gross - fee;
        ledger.count += 1;
        Ok(id)
    }
}

struct Ledger {
    campaign_id: String,
    net: i64,
    count: i64,
}

/// A card processor's fee: 2.9% rounded half up, plus 30 cents.
fn card_fee(gross: i64) -> i64 {
    (gross * 29 + 500) / 1000 + 30
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('.') && !out.is_empty() {
            out.push('.');
        }
    }
    let out = out.trim_end_matches('.').to_owned();
    if out.is_empty() {
        // Names in Cyrillic only: a stable ASCII handle from the key.
        format!("reader.{}", &ids::from_source("slug", SOURCE, name)[..8])
    } else {
        out
    }
}

fn donor_name(n: usize) -> String {
    const FIRST: &[&str] = &[
        "Iryna",
        "Mark",
        "Sofia",
        "Taras",
        "Emma",
        "Oleksandr",
        "Laura",
        "Petro",
        "Nadia",
        "James",
        "Marta",
        "Lukas",
        "Yulia",
        "Chen",
        "Andriy",
        "Ines",
        "Bohdan",
        "Kateryna",
        "Tom",
    ];
    const LAST: &[&str] = &[
        "Shevchenko",
        "Novak",
        "Walsh",
        "Bondar",
        "Fischer",
        "Melnyk",
        "Kowalski",
        "Tkachenko",
        "Hughes",
        "Kravets",
        "Dubois",
        "Savchuk",
        "Jensen",
        "Lysenko",
    ];
    format!(
        "{} {}",
        FIRST[n % FIRST.len()],
        LAST[(n / FIRST.len() + n) % LAST.len()]
    )
}

const ARTICLES: &[(&str, &str)] = &[
    (
        "kyiv-night-buses-return",
        "Kyiv\u{2019}s night buses return as the grid holds through the cold snap",
    ),
    (
        "kharkiv-volunteer-kitchens",
        "Inside the volunteer kitchens feeding Kharkiv\u{2019}s frontline towns",
    ),
    (
        "anticorruption-court-vote",
        "Parliament passes anti-corruption court reform after an all-night session",
    ),
    (
        "zakarpattia-village-library",
        "How a village library in Zakarpattia became a shelter for 200 people",
    ),
    (
        "grain-corridor-explainer",
        "Reader Q&A: what the new grain corridor deal means for farmers",
    ),
];

const READERS: &[&str] = &[
    "Mykola Petrenko",
    "Оксана Литвин",
    "Jean-Luc Moreau",
    "Zoë Richter",
    "Søren Ødegaard",
    "anna_k",
    "TrueObserver",
    "Віктор Гнатюк",
    "Ірина Бойко",
    "Peter Hall",
    "Maria Santos",
    "kyivlocal",
    "Dmytro K.",
    "Олег Сидоренко",
    "Ewa Nowak",
    "Grandpa Joe",
    "Ліна Костенко-Фан",
    "Raj Patel",
    "history_buff",
    "Tetiana",
    "Marek Dvořák",
    "Ayşe Yılmaz",
    "Nils",
    "Світлана",
    "O'Brien",
    "Ana-María Núñez",
];

const SPAMMERS: &[&str] = &[
    "cheap-meds-online",
    "crypto_gains_2026",
    "SEO Expert Services",
];

const SENTENCES: &[&str] = &[
    "Thank you for covering this, nobody else is.",
    "Дякую за статтю, дуже важлива тема.",
    "I was in Kharkiv last spring and this matches what I saw.",
    "Could you add a source for the figures in the third paragraph?",
    "This is the kind of reporting worth paying for.",
    "The headline is a bit misleading, the article itself is fair.",
    "Слава Україні! Тримайтеся.",
    "My grandmother lived in that village; it is good to see it remembered.",
    "I disagree with the conclusion, but the facts are laid out well.",
    "Is there an English translation of the original interview?",
    "We donated last month and will again.",
    "Typo in the second line: \u{201c}their\u{201d} should be \u{201c}there\u{201d}.",
    "Це правда, але реформи йдуть надто повільно.",
    "Long-time reader, first comment. Keep going.",
    "The map is really helpful, more of these please.",
    "Wie kann man von Deutschland aus helfen?",
    "Good piece. Less good: the comment section under the last one.",
];

const REJECTED: &[&str] = &[
    "You people are idiots and this article is garbage.",
    "Everyone who believes this is a paid troll, go back where you came from.",
    "I know where the author lives. Think about it.",
    "Off topic, but has anyone seen the football results?",
    "This site is propaganda, like all of them.",
];

const READER_FLAGS: &[&str] = &["Reported by a reader", "Check the facts"];

const REJECT_REASONS: &[&str] = &["Personal attack", "Off topic", "Threat", "Hate speech"];

const SPAM: &[&str] = &[
    "Earn $500 a day from home!!! No experience needed.",
    "Best prices on meds, no prescription, fast shipping.",
    "Your site could rank #1 on Google, contact us today.",
    "Bitcoin doubled my savings in a week <script>alert('you won')</script>",
];

const SPAM_LINKS: &[&str] = &[
    "http://cheap-meds.example/buy?ref=news",
    "https://crypto-gains.example/join http://crypto-gains.example/bonus",
    "www.seo-fast.example",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_and_slugs_are_stable() {
        assert_eq!(card_fee(1_000), 59);
        assert_eq!(card_fee(10_000), 320);
        assert_eq!(slug("Jean-Luc Moreau"), "jean.luc.moreau");
        assert!(slug("Оксана Литвин").starts_with("reader."));
        assert_eq!(slug("Оксана Литвин"), slug("Оксана Литвин"));
    }
}
