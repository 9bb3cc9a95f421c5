//! The headless command line in the same binary: `readerdesk demo`, `readerdesk stats`, and
//! (with no subcommand) the window.
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use readerdesk_core::charts::source::{self, ChartRequest};
use readerdesk_core::export::{self, ExportFormat};
use readerdesk_core::moderation::moderators::Moderator;
use readerdesk_core::newsroom::{self, Stats};
use readerdesk_core::{demo, Store};

use crate::error::CommandError;
use crate::state;

#[derive(Debug, Parser)]
#[command(
    name = "readerdesk",
    version,
    about = "Readerdesk: comment moderation and fundraising for a newsroom, offline.",
    long_about = "Readerdesk: comment moderation and fundraising for a newsroom, offline.\n\n\
                  Without a subcommand it opens the window on the newsroom database."
)]
pub struct Cli {
    /// The newsroom database (default: readerdesk.db in the OS data folder).
    #[arg(long, global = true, env = "READERDESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the demo newsroom into an empty database.
    Demo {
        /// The demo's "today" (YYYY-MM-DD): articles and gifts lead up to it. Default: today.
        #[arg(long, value_name = "DATE")]
        anchor: Option<NaiveDate>,
    },
    /// Print the newsroom's counts: comments by status, articles, donations, campaigns.
    Stats {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Import from a file exported by another system.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Draw one chart to an SVG or PNG file (the extension decides).
    Chart {
        /// Which chart.
        #[arg(value_enum)]
        kind: ChartKindArg,
        /// The campaign, by name (default: the first).
        #[arg(long)]
        campaign: Option<String>,
        /// First day (YYYY-MM-DD, newsroom time zone); default: the campaign's start, or 90
        /// days ago for comments and the timeline.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (YYYY-MM-DD); default: the campaign's end, or today.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// The width of a bar or point (default: chosen from the span).
        #[arg(long, value_enum)]
        granularity: Option<GranularityArg>,
        /// FILE.svg or FILE.png.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, default_value_t = 1600)]
        width: u32,
        #[arg(long, default_value_t = 900)]
        height: u32,
        #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
        theme: ThemeArg,
    },
    /// Write every chart of a campaign (PNG and SVG) and a one-page summary image for a
    /// newsletter into a folder.
    Report {
        /// The folder (made if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The campaign, by name (default: the first).
        #[arg(long)]
        campaign: Option<String>,
    },
    /// Export for another system.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Connected WordPress sites: add, list, remove.
    Site {
        #[command(subcommand)]
        what: crate::cli_sites::SiteWhat,
    },
    /// Pull new and changed comments from every connected site (or one), then send the
    /// decisions waiting for it. Exits non-zero when anything failed or conflicts.
    Sync {
        /// Only this site (its address).
        #[arg(long, value_name = "URL")]
        site: Option<String>,
        /// Read again every comment still in play (waiting, flagged, or decided or written
        /// in the last week), not only the page of them least recently read.
        #[arg(long)]
        recheck_all: bool,
        /// Print what came in, what went out, what failed and the conflicts as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Decide comments by id (ours, or a connected site's own id written wp:ID), recorded like
    /// any decision and queued for the site.
    Comment {
        #[arg(value_enum)]
        action: crate::cli_sites::CommentAction,
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// The profile that decides (its name).
        #[arg(long = "as", value_name = "PROFILE")]
        as_profile: String,
        /// The site whose ids wp:ID names, when several are connected.
        #[arg(long, value_name = "URL")]
        site: Option<String>,
        /// Why (for reject).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Back the newsroom up now (checked with SQLite's integrity check), into the backups
    /// folder beside the database and its rotation, or to --out FILE.
    Backup {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List the backups beside the database with what each holds.
    Backups {
        #[arg(long)]
        json: bool,
    },
    /// Replace the newsroom with a backup, after checking it (SQLite, Readerdesk's, not newer
    /// than this version, sound). The newsroom as it was is kept as a backup first.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Print what to send when asking for help: versions, the database's size, schema version
    /// and counts, connected sites, backups, the last errors and the log's path (nothing
    /// anyone wrote).
    Diagnostics,
    /// Profiles: add one, or reset a forgotten passphrase.
    Profile {
        #[command(subcommand)]
        what: crate::cli_sites::ProfileWhat,
    },
    /// Access requests: write everything held about a person to one JSON file.
    Person {
        #[command(subcommand)]
        what: PersonWhat,
    },
    /// Erase a person: their names, e-mails, IPs and websites are replaced everywhere by a
    /// placeholder ("Erased reader 7"); counts and totals stay.
    Erase {
        #[command(subcommand)]
        what: EraseWhat,
    },
}

#[derive(Debug, Subcommand)]
pub enum PersonWhat {
    /// Everything held about a person (their records, comments, the decisions on them, their
    /// gifts, and where each came from), by e-mail address, author id or donor id.
    Export {
        /// An e-mail address (finds them as a reader and as a donor), an author id or a donor id.
        who: String,
        /// Where to write the JSON file (readable only by you).
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum EraseWhat {
    /// A reader, by e-mail address or author id.
    Reader {
        /// The reader's e-mail address, or their author id (from the dossier).
        who: String,
        /// Also replace their comments' texts by "[erased]" (by default the texts stay).
        #[arg(long)]
        remove_texts: bool,
        /// Also delete the backups that still hold them (they are listed either way).
        #[arg(long)]
        prune_backups: bool,
    },
    /// A donor, by e-mail address or donor id; their gifts and every total stay.
    Donor {
        /// The donor's e-mail address, or their donor id.
        who: String,
        /// Also delete the backups that still hold them (they are listed either way).
        #[arg(long)]
        prune_backups: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// Comments with their articles, threads and our current statuses: WordPress WXR (which a
    /// site can apply and Readerdesk can import again; rejected goes out as trash), or CSV and
    /// JSON with the documented columns (docs/IMPORT.md). The file appears whole or not at all.
    Comments {
        /// wxr, csv or json.
        #[arg(long, value_enum)]
        format: ExportFormatArg,
        /// The file to write (replaced if it exists).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Only the comments of this site, by its source key (e.g. `wxr:https://example.com`;
        /// an unknown key is refused with the list of the newsroom's sites).
        #[arg(long, value_name = "SOURCE")]
        site: Option<String>,
        /// Print the summary as one JSON object.
        #[arg(long)]
        json: bool,
    },
}

/// The charts `readerdesk chart` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartKindArg {
    Progress,
    Thermometer,
    Monthly,
    Mrr,
    Donors,
    Heatmap,
    Comments,
    Timeline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GranularityArg {
    Day,
    Week,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
}

/// The name clap gives a value (`mrr`, `week`, `dark`).
fn value_name(value: &impl clap::ValueEnum) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormatArg {
    Wxr,
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// Comments (and their articles) from a WordPress export (WXR 1.0-1.2), a Disqus export,
    /// or a CSV or JSON file with the documented columns (docs/IMPORT.md). All or nothing:
    /// a broken file writes nothing; bad records are skipped and listed (or, with --strict,
    /// abort the import). Importing the same file again changes nothing.
    Comments {
        /// The export file.
        file: PathBuf,
        /// The file's format (auto: detect it from the content).
        #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
        format: FormatArg,
        /// Abort, writing nothing, if any record would be skipped.
        #[arg(long)]
        strict: bool,
        /// Leave the automatic holds (word lists, links, repeats, classifier) out: the
        /// statuses in the file land as they are, routed only by author trust (for restoring
        /// a Readerdesk export).
        #[arg(long)]
        no_rules: bool,
        /// Print the summary as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Exchange rates from a CSV file: one rate a row (day, from, to, rate), or the European
    /// Central Bank's reference-rate history (eurofxref-hist.csv). All or nothing; a rate
    /// already kept for the same pair and day is replaced.
    Rates {
        /// The CSV file.
        file: PathBuf,
        /// Print the summary as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Donations from a payment export: Stripe (payments or balance report), PayPal (activity
    /// or statement), Donorbox, Patreon members, Open Collective, GitHub Sponsors. All or
    /// nothing; rows that are not money received (failed payments, transfers, conversions) are
    /// skipped and listed. Importing the same file again changes nothing.
    Donations {
        /// The export file (CSV).
        file: PathBuf,
        /// The file's format (auto: recognize it by its header row).
        #[arg(long, value_enum, default_value_t = DonationFormatArg::Auto)]
        format: DonationFormatArg,
        /// How dates are written, when no day above 12 settles it.
        #[arg(long, value_enum)]
        date_order: Option<DateOrderArg>,
        /// For a CSV no format recognizes: a JSON file saying which column holds what (the
        /// mapping the window's import dialog makes; see docs/DONATIONS.md). Remembered for
        /// later files with the same header row, as in the window.
        #[arg(long, value_name = "JSON_FILE")]
        mapping: Option<PathBuf>,
        /// Print the summary as one JSON object (format, rows imported, rows skipped with
        /// reasons, and per currency the gross, fees, refunds and net in minor units).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DonationFormatArg {
    Auto,
    StripePayments,
    StripeBalance,
    PaypalActivity,
    PaypalStatement,
    Donorbox,
    Patreon,
    OpenCollective,
    GithubSponsors,
    /// A CSV read through a column mapping (--mapping, or one remembered for its header).
    Generic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DateOrderArg {
    DayFirst,
    MonthFirst,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Auto,
    Wxr,
    Disqus,
    Csv,
    Json,
}

impl Cli {
    pub fn db_path(&self) -> PathBuf {
        self.db
            .clone()
            .unwrap_or_else(|| state::default_db_path(crate::IDENTIFIER))
    }
}

pub fn run(cli: &Cli, command: &Command) -> ExitCode {
    match execute(cli, command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // With --json the error is JSON too, on standard output where the answer would
            // have been, so scripts read one format; people still see it on standard error.
            // (An incomplete sync has printed its whole report as JSON already.)
            if err.code != "sync_incomplete" && std::env::args().any(|arg| arg == "--json") {
                if let Ok(json) = serde_json::to_string(&err) {
                    println!("{json}");
                }
            }
            eprintln!("readerdesk: error [{}]: {}", err.code, err.message);
            ExitCode::FAILURE
        }
    }
}

/// `readerdesk erase reader|donor ...`: as the file's owner.
fn erase(store: &Store, what: &EraseWhat) -> Result<(), CommandError> {
    let owner = Moderator::owner();
    let (summary, prune_backups) = match what {
        EraseWhat::Reader {
            who,
            remove_texts,
            prune_backups,
        } => {
            let summary =
                readerdesk_core::erasure::erase_reader(store, &owner, who, *remove_texts)?;
            let texts = match summary.texts_removed {
                true => ", their texts as [erased]",
                false => "",
            };
            println!(
                "Erased: {} comments now read as {}{texts}.",
                summary.comments, summary.placeholder
            );
            (summary, prune_backups)
        }
        EraseWhat::Donor { who, prune_backups } => {
            let summary = readerdesk_core::erasure::erase_donor(store, &owner, who)?;
            println!(
                "Erased: {} gifts now read as {}; every total stays.",
                summary.comments, summary.placeholder
            );
            (summary, prune_backups)
        }
    };
    if summary.backups_holding.is_empty() {
        println!("No backup holds them.");
    } else if *prune_backups {
        let removed = readerdesk_core::backups::prune(store, &owner, &summary.backups_holding)?;
        println!("Deleted {removed} backups that still held them.");
    } else {
        let folder = readerdesk_core::backups::folder(store.path());
        println!(
            "{} backups in {} still hold them (--prune-backups deletes them with the erasure):",
            summary.backups_holding.len(),
            folder.display()
        );
        for name in &summary.backups_holding {
            println!("  {name}");
        }
    }
    Ok(())
}

fn execute(cli: &Cli, command: &Command) -> Result<(), CommandError> {
    let path = cli.db_path();
    let store = match command {
        // Reading must not create a database where a path was mistyped.
        Command::Stats { .. }
        | Command::Export { .. }
        | Command::Chart { .. }
        | Command::Report { .. }
        | Command::Site { .. }
        | Command::Sync { .. }
        | Command::Comment { .. }
        | Command::Backup { .. }
        | Command::Erase { .. }
        | Command::Person { .. }
        | Command::Backups { .. } => Store::open_existing(&path)?,
        Command::Diagnostics => {
            let store = Store::open_existing(&path).ok();
            print!("{}", crate::logging::diagnostics(&path, store.as_ref()));
            return Ok(());
        }
        // A damaged database cannot open: restore opens (or replaces) the file itself.
        Command::Restore { file } => return crate::cli_backups::restore(&path, file),
        Command::Profile { .. } => {
            state::ensure_parent(&path)?;
            Store::open(&path)?
        }
        Command::Demo { .. } | Command::Import { .. } => {
            state::ensure_parent(&path)?;
            Store::open(&path)?
        }
    };
    // An import this program was stopped during (killed, power cut) is rolled back, or
    // published if it had been read whole, before anything else.
    let stopped = readerdesk_core::import::comments::unfinished(&store)?;
    for settled in readerdesk_core::import::comments::recover(&store, &stopped)? {
        eprintln!(
            "An import that was stopped earlier ({}) was {}.",
            settled.import_id,
            if settled.published {
                "finished"
            } else {
                "rolled back: none of it was kept"
            }
        );
    }
    let secrets = readerdesk_core::sites::Secrets::for_database(&path);
    match command {
        Command::Site { what } => crate::cli_sites::site(&store, &secrets, what)?,
        Command::Sync {
            site,
            recheck_all,
            json,
        } => crate::cli_sites::sync(&store, &secrets, site.as_deref(), *recheck_all, *json)?,
        Command::Comment {
            action,
            ids,
            as_profile,
            site,
            reason,
        } => crate::cli_sites::comment(
            &store,
            *action,
            ids,
            as_profile,
            site.as_deref(),
            reason.as_deref(),
        )?,
        Command::Profile { what } => crate::cli_sites::profile(&store, what)?,
        Command::Erase { what } => erase(&store, what)?,
        Command::Person {
            what: PersonWhat::Export { who, out },
        } => {
            let summary = readerdesk_core::person::export(&store, &Moderator::owner(), who, out)?;
            println!(
                "Wrote {}: {} comments, {} decisions on them, {} gifts.",
                summary.path, summary.comments, summary.decisions, summary.donations
            );
        }
        Command::Backup { out, json } => crate::cli_backups::backup(&store, out.as_deref(), *json)?,
        Command::Backups { json } => crate::cli_backups::list(&store, *json)?,
        Command::Restore { file } => crate::cli_backups::restore(&path, file)?,
        Command::Diagnostics => print!("{}", crate::logging::diagnostics(&path, Some(&store))),
        Command::Demo { anchor } => {
            let anchor = anchor.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let report = demo::build(&store, anchor)?;
            let stats = newsroom::stats(&store)?;
            println!(
                "Built the demo newsroom in {}: {} articles, {} comments, {} decisions, {} donations.",
                path.display(),
                report.articles,
                report.comments,
                report.decisions,
                report.donations
            );
            for campaign in &stats.campaigns {
                println!("{}: {}.", campaign.name, campaign.sentence);
            }
        }
        Command::Import {
            what:
                ImportWhat::Comments {
                    file,
                    format,
                    strict,
                    no_rules,
                    json,
                },
        } => import_comments(&store, file, *format, *strict, !*no_rules, *json)?,
        Command::Import {
            what:
                ImportWhat::Donations {
                    file,
                    format,
                    date_order,
                    mapping,
                    json,
                },
        } => import_donations(
            &store,
            file,
            *format,
            *date_order,
            mapping.as_deref(),
            *json,
        )?,
        Command::Import {
            what: ImportWhat::Rates { file, json },
        } => {
            let summary = readerdesk_core::fundraising::rates::import_file(&store, file)?;
            if *json {
                let text = serde_json::to_string_pretty(&summary)
                    .map_err(|err| CommandError::new("internal", err.to_string()))?;
                println!("{text}");
            } else {
                println!(
                    "Imported {} exchange rates from {} ({}{}); {} replaced a rate kept for the same day.",
                    summary.rates,
                    summary.file_name,
                    summary.pairs.join(", "),
                    match (&summary.first_day, &summary.last_day) {
                        (Some(first), Some(last)) => format!(", {first} to {last}"),
                        _ => String::new(),
                    },
                    summary.replaced
                );
            }
        }
        Command::Chart {
            kind,
            campaign,
            from,
            to,
            granularity,
            out,
            width,
            height,
            theme,
        } => {
            let campaign_id = campaign
                .as_deref()
                .map(|name| source::campaign_id_by_name(&store, name))
                .transpose()?;
            let format = match out
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_lowercase)
            {
                Some(e) if e == "svg" || e == "png" => e,
                _ => {
                    return Err(CommandError::new(
                        "invalid",
                        format!("{}: the file must end in .svg or .png", out.display()),
                    ))
                }
            };
            let request = ChartRequest {
                kind: value_name(kind),
                campaign_id,
                from_day: from.clone(),
                to_day: to.clone(),
                granularity: granularity.as_ref().map(value_name),
                article_ids: Vec::new(),
                width: *width,
                height: *height,
                theme: value_name(theme),
                format,
            };
            let output = source::render(&store, &request)?;
            readerdesk_core::files::write_bytes(out, output.as_bytes())?;
            println!("Wrote the {} chart to {}.", value_name(kind), out.display());
        }
        Command::Report { out, campaign } => {
            let campaign_id = campaign
                .as_deref()
                .map(|name| source::campaign_id_by_name(&store, name))
                .transpose()?;
            let files = source::report(&store, out, campaign_id.as_deref())?;
            println!("Wrote {} files to {}:", files.len(), out.display());
            for file in files {
                println!("  {}", file.display());
            }
        }
        Command::Export {
            what:
                ExportWhat::Comments {
                    format,
                    out,
                    site,
                    json,
                },
        } => {
            let format = match format {
                ExportFormatArg::Wxr => ExportFormat::Wxr,
                ExportFormatArg::Csv => ExportFormat::Csv,
                ExportFormatArg::Json => ExportFormat::Json,
            };
            let summary =
                export::export_comments(&store, &Moderator::owner(), format, out, site.as_deref())?;
            if *json {
                let text = serde_json::to_string_pretty(&summary)
                    .map_err(|err| CommandError::new("internal", err.to_string()))?;
                println!("{text}");
            } else {
                println!(
                    "Exported {} comments under {} articles to {} ({}).",
                    summary.comments,
                    summary.articles,
                    summary.path,
                    format.as_str()
                );
                if summary.replaced_characters > 0 {
                    println!(
                        "{} control characters that XML cannot hold were written as U+FFFD.",
                        summary.replaced_characters
                    );
                }
            }
        }
        Command::Stats { json } => {
            let stats = newsroom::stats(&store)?;
            if *json {
                let text = serde_json::to_string_pretty(&stats)
                    .map_err(|err| CommandError::new("internal", err.to_string()))?;
                println!("{text}");
            } else {
                print!("{}", stats_text(&stats));
            }
        }
    }
    Ok(())
}

fn stats_text(stats: &Stats) -> String {
    let c = &stats.comments;
    let mut out = format!(
        "Database:   {} (schema {})\n\
         Newsroom:   {} ({}, reports in {})\n\
         Comments:   {} ({} pending, {} approved, {} rejected, {} spam, {} trash)\n\
         Articles:   {}   Authors: {}   Moderators: {}   Decisions: {}\n\
         Donations:  {}   Donors: {}   Imports: {}\n",
        stats.database,
        stats.schema_version,
        if stats.newsroom.is_empty() {
            "unnamed"
        } else {
            &stats.newsroom
        },
        stats.time_zone,
        stats.reporting_currency,
        c.total,
        c.pending,
        c.approved,
        c.rejected,
        c.spam,
        c.trash,
        stats.articles,
        stats.authors,
        stats.moderators,
        stats.decisions,
        stats.donations,
        stats.donors,
        stats.imports,
    );
    for campaign in &stats.campaigns {
        out.push_str(&format!(
            "Campaign:   {}: {} of {} raised ({}, {} basis). {}.\n",
            campaign.name,
            campaign.raised_display,
            campaign.goal_display,
            campaign.percent_display,
            campaign.basis,
            campaign.sentence
        ));
    }
    out
}

fn import_donations(
    store: &Store,
    file: &std::path::Path,
    format: DonationFormatArg,
    date_order: Option<DateOrderArg>,
    mapping: Option<&std::path::Path>,
    json: bool,
) -> Result<(), CommandError> {
    use readerdesk_core::fundraising::donations::{self, DonationOptions};
    use readerdesk_core::fundraising::import::{ColumnMapping, DateOrder, Format};
    use std::io::IsTerminal;
    let format = match format {
        DonationFormatArg::Auto => None,
        DonationFormatArg::StripePayments => Some(Format::StripePayments),
        DonationFormatArg::StripeBalance => Some(Format::StripeBalance),
        DonationFormatArg::PaypalActivity => Some(Format::PaypalActivity),
        DonationFormatArg::PaypalStatement => Some(Format::PaypalStatement),
        DonationFormatArg::Donorbox => Some(Format::Donorbox),
        DonationFormatArg::Patreon => Some(Format::Patreon),
        DonationFormatArg::OpenCollective => Some(Format::OpenCollective),
        DonationFormatArg::GithubSponsors => Some(Format::GithubSponsors),
        DonationFormatArg::Generic => Some(Format::Generic),
    };
    let mapping = match mapping {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|err| {
                CommandError::new("io", format!("could not read {}: {err}", path.display()))
            })?;
            let mapping: ColumnMapping = serde_json::from_str(&text).map_err(|err| {
                CommandError::new(
                    "invalid",
                    format!(
                        "{} is not a column mapping: {err} (line {}, column {})",
                        path.display(),
                        err.line(),
                        err.column()
                    ),
                )
            })?;
            Some(mapping)
        }
    };
    let format = match (format, &mapping) {
        (None, Some(_)) => Some(Format::Generic),
        (format, _) => format,
    };
    let options = DonationOptions {
        format,
        date_order: date_order.map(|d| match d {
            DateOrderArg::DayFirst => DateOrder::DayFirst,
            DateOrderArg::MonthFirst => DateOrder::MonthFirst,
        }),
        mapping,
    };
    let bar = (!json && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} records · {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let cancel = std::sync::atomic::AtomicBool::new(false);
    readerdesk_core::backups::before_import(store, file)?;
    let summary = donations::import(
        store,
        &Moderator::owner(),
        file,
        &options,
        &cancel,
        &mut |p| {
            if let Some(bar) = &bar {
                bar.set_length(p.total);
                bar.set_position(p.done);
            }
        },
    )?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if json {
        let text = serde_json::to_string_pretty(&summary)
            .map_err(|err| CommandError::new("internal", err.to_string()))?;
        println!("{text}");
        return Ok(());
    }
    println!(
        "Imported {} ({}): {} records, {} already in the ledger, {} rows skipped.",
        summary.file_name,
        summary.format_label,
        summary.imported,
        summary.already_imported,
        summary.skipped.len()
    );
    for t in &summary.totals {
        println!(
            "  {}: gross {}, fees {}, refunds {}, net {}",
            t.currency, t.gross_display, t.fee_display, t.refunds_display, t.net_display
        );
    }
    if !summary.skipped.is_empty() {
        println!("Skipped:");
        for skip in &summary.skipped {
            println!(
                "  line {}, {}, {}: {}",
                skip.line, skip.record, skip.field, skip.reason
            );
        }
    }
    Ok(())
}

fn import_comments(
    store: &Store,
    file: &std::path::Path,
    format: FormatArg,
    strict: bool,
    rules: bool,
    json: bool,
) -> Result<(), CommandError> {
    use readerdesk_core::import::comments::{self, CommentFormat};
    use std::io::IsTerminal;
    let format = match format {
        FormatArg::Auto => None,
        FormatArg::Wxr => Some(CommentFormat::Wxr),
        FormatArg::Disqus => Some(CommentFormat::Disqus),
        FormatArg::Csv => Some(CommentFormat::Csv),
        FormatArg::Json => Some(CommentFormat::Json),
    };
    let bar = (!json && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} · {msg} · {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let cancel = std::sync::atomic::AtomicBool::new(false);
    readerdesk_core::backups::before_import(store, file)?;
    let summary = comments::import_with_rules(
        store,
        &Moderator::owner(),
        file,
        format,
        strict,
        rules,
        &cancel,
        &mut |p| {
            if let Some(bar) = &bar {
                bar.set_length(p.bytes_total);
                bar.set_position(p.bytes_done);
                bar.set_message(format!("{} records, {} skipped", p.records, p.skipped));
            }
        },
    )?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if json {
        let text = serde_json::to_string_pretty(&summary)
            .map_err(|err| CommandError::new("internal", err.to_string()))?;
        println!("{text}");
        return Ok(());
    }
    let by = &summary.new_by_status;
    println!(
        "Imported {} ({}, {}): {} new articles, {} new comments ({} pending, {} approved, {} rejected, {} spam, {} trash), {} already here.",
        summary.file_name,
        summary.format.as_str(),
        summary.source,
        summary.articles_new,
        summary.comments_new,
        by.pending,
        by.approved,
        by.rejected,
        by.spam,
        by.trash,
        summary.comments_known,
    );
    if !summary.skipped.is_empty() {
        println!("Skipped {} records:", summary.skipped.len());
        for skip in &summary.skipped {
            let line = if skip.line > 0 {
                format!("line {}, ", skip.line)
            } else {
                String::new()
            };
            println!("  {line}{}, {}: {}", skip.record, skip.field, skip.reason);
        }
    }
    Ok(())
}
