//! The headless command line in the same binary: `readerdesk demo`, `readerdesk stats`, and
//! (with no subcommand) the window.
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
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
            eprintln!("readerdesk: error [{}]: {}", err.code, err.message);
            ExitCode::FAILURE
        }
    }
}

fn execute(cli: &Cli, command: &Command) -> Result<(), CommandError> {
    let path = cli.db_path();
    let store = match command {
        // Reading must not create a database where a path was mistyped.
        Command::Stats { .. } => Store::open_existing(&path)?,
        Command::Demo { .. } => {
            state::ensure_parent(&path)?;
            Store::open(&path)?
        }
    };
    match command {
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
