//! The command line's connected-site commands: `site add|list|remove`, `sync`, moderation by
//! id (`comment approve ...`, as WP-CLI's `wp comment approve`) and `profile add`. The command
//! line acts for whoever owns the database file; a decision names its profile with `--as`.
use std::io::Read;
use std::sync::atomic::AtomicBool;

use clap::Subcommand;
use readerdesk_core::model::Role;
use readerdesk_core::moderation::decisions::{self, Decision};
use readerdesk_core::moderation::moderators::{self, Moderator};
use readerdesk_core::sites::{self, Secrets, SyncKind, SyncReport};
use readerdesk_core::Store;
use serde::Serialize;

use crate::error::CommandError;

#[derive(Debug, Subcommand)]
pub enum SiteWhat {
    /// Connect a WordPress site (5.6 or newer) with a user who may moderate comments and one of
    /// their Application Passwords (Users → Profile → Application Passwords), read from
    /// standard input. The password goes to the OS keyring, or where there is none to a file
    /// beside the database that only you can read.
    Add {
        /// The site's address, e.g. https://news.example (plain http only for this computer).
        url: String,
        /// The WordPress user name.
        #[arg(long)]
        user: String,
        /// Read the Application Password from standard input (the only way to give it).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[arg(long)]
        json: bool,
    },
    /// List the connected sites with their last sync and the decisions waiting.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Disconnect a site and forget its password (its comments and decisions stay).
    Remove { url: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CommentAction {
    Approve,
    Reject,
    Spam,
    Trash,
    Restore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoleArg {
    Admin,
    Moderator,
    Editor,
}

#[derive(Debug, Subcommand)]
pub enum ProfileWhat {
    /// Create a profile (the newsroom's first is always an admin).
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Remove a profile's passphrase (a forgotten one): it signs in without one until an admin
    /// requires a new one. Works for whoever owns the database file.
    Reset { name: String },
}

fn reset_passphrase(store: &Store, name: &str) -> Result<(), CommandError> {
    let profile = moderators::list(store)?
        .into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| {
            CommandError::new("not_found", format!("there is no profile called {name:?}"))
        })?;
    moderators::set_passphrase(store, &owner(), &profile.id, None)?;
    println!(
        "{} signs in without a passphrase now; an admin can require a new one in Settings → Privacy.",
        profile.name
    );
    Ok(())
}

/// Whoever owns the file: may connect sites and add profiles, but records no decision.
fn owner() -> Moderator {
    Moderator::owner()
}

fn print_json<T: Serialize>(value: &T) -> Result<(), CommandError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|err| CommandError::new("internal", err.to_string()))?;
    println!("{text}");
    Ok(())
}

pub fn site(store: &Store, secrets: &Secrets, what: &SiteWhat) -> Result<(), CommandError> {
    match what {
        SiteWhat::Add {
            url,
            user,
            password_stdin: _,
            json,
        } => {
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .map_err(|err| {
                    CommandError::new("io", format!("could not read the password: {err}"))
                })?;
            let password = password.trim_end_matches(['\r', '\n']);
            let view = sites::connect(store, secrets, &owner(), url, user, password)?;
            if *json {
                return print_json(&view);
            }
            println!(
                "Connected {} ({}) as {}; WordPress {}. The password is kept in {}.",
                view.name,
                view.base_url,
                view.user_name,
                view.wp_version
                    .as_deref()
                    .unwrap_or("(version not shown by the site)"),
                match &view.password_file {
                    Some(file) =>
                        format!("{file} (no keyring was available; only you can read it)"),
                    None => "the system keyring".to_owned(),
                }
            );
            println!("Run `readerdesk sync` to take in its comments.");
        }
        SiteWhat::List { json } => {
            let list = sites::list(store, secrets)?;
            if *json {
                return print_json(&list);
            }
            if list.is_empty() {
                println!("No site is connected.");
            }
            for site in list {
                println!(
                    "{}  {}  user {}  last sync {}{}  waiting {}, failed {}, conflicts {}",
                    site.base_url,
                    site.name,
                    site.user_name,
                    site.last_sync.as_deref().unwrap_or("never"),
                    site.last_error
                        .as_deref()
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default(),
                    site.waiting,
                    site.failed,
                    site.conflicts
                );
            }
        }
        SiteWhat::Remove { url } => {
            let site = sites::find(store, url)?;
            sites::remove(store, secrets, &owner(), &site.id)?;
            println!("Removed {} and its password.", site.base_url);
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct SyncOutput {
    sites: Vec<SyncReport>,
    conflicts: Vec<sites::OutboxView>,
    failed: Vec<sites::OutboxView>,
}

/// Pulls then pushes each site; fails (after printing) when anything failed or conflicts.
pub fn sync(
    store: &Store,
    secrets: &Secrets,
    site: Option<&str>,
    recheck_all: bool,
    json: bool,
) -> Result<(), CommandError> {
    let kind = if recheck_all {
        SyncKind::Thorough
    } else {
        SyncKind::Both
    };
    let ids = match site {
        Some(url) => vec![sites::find(store, url)?.id],
        None => sites::list(store, secrets)?
            .into_iter()
            .map(|s| s.id)
            .collect(),
    };
    if ids.is_empty() {
        return Err(CommandError::new(
            "not_found",
            "no site is connected: add one with `readerdesk site add URL --user NAME --password-stdin`",
        ));
    }
    let cancel = AtomicBool::new(false);
    let mut reports = Vec::new();
    for id in ids {
        reports.push(sites::sync(
            store,
            secrets,
            &id,
            kind,
            &cancel,
            &mut |_| {},
        )?);
    }
    let output = SyncOutput {
        conflicts: sites::outbox(store, "conflict", 10_000)?,
        failed: sites::outbox(store, "failed", 10_000)?,
        sites: reports,
    };
    if json {
        print_json(&output)?;
    } else {
        for r in &output.sites {
            println!(
                "{}: {} new comments ({} articles), {} changed, {} edited, {} deleted on the site; \
                 {} decisions sent, {} already there, {} conflicts, {} failed, {} waiting; {} requests.",
                r.base_url,
                r.new_comments,
                r.new_articles,
                r.changed_on_site,
                r.edited_on_site,
                r.deleted_on_site,
                r.sent,
                r.already_on_site,
                r.conflicts,
                r.failed,
                r.waiting,
                r.requests
            );
            for skip in &r.skipped {
                println!(
                    "  skipped {} ({}): {}",
                    skip.record, skip.field, skip.reason
                );
            }
            if let Some(error) = &r.error {
                println!("  stopped early [{}]: {}", error.code, error.message);
            }
        }
        for c in &output.conflicts {
            println!(
                "  conflict: {} by {}: you wanted {}, the site has {}",
                c.comment_id,
                c.author_name,
                c.want,
                c.site_now.as_deref().unwrap_or("?")
            );
        }
        for f in &output.failed {
            println!(
                "  failed: {} by {}: {}",
                f.comment_id,
                f.author_name,
                f.error.as_deref().unwrap_or("")
            );
        }
    }
    let problems = output.sites.iter().any(SyncReport::has_problems)
        || !output.conflicts.is_empty()
        || !output.failed.is_empty();
    if problems {
        return Err(CommandError::new(
            "sync_incomplete",
            "the sync did not go through cleanly: see the failures and conflicts above",
        ));
    }
    Ok(())
}

/// Decides comments named by our id or `wp:ID`, as the profile `as_name`.
pub fn comment(
    store: &Store,
    action: CommentAction,
    ids: &[String],
    as_name: &str,
    site: Option<&str>,
    reason: Option<&str>,
) -> Result<(), CommandError> {
    let moderator = moderators::list(store)?
        .into_iter()
        .find(|m| m.name.eq_ignore_ascii_case(as_name.trim()))
        .ok_or_else(|| {
            CommandError::new(
                "not_found",
                format!("there is no profile called {as_name:?} (create one with `readerdesk profile add`)"),
            )
        })?;
    let keys = ids
        .iter()
        .map(|id| sites::resolve_comment(store, site, id))
        .collect::<Result<Vec<_>, _>>()?;
    let decision = match action {
        CommentAction::Approve => Decision::Approve,
        CommentAction::Reject => Decision::Reject {
            reason: reason
                .unwrap_or("Rejected from the command line")
                .to_owned(),
            note: None,
        },
        CommentAction::Spam => Decision::Spam,
        CommentAction::Trash => Decision::Trash,
        CommentAction::Restore => Decision::Restore,
    };
    let outcome = decisions::decide(store, &moderator, &keys, &decision)?;
    println!("{}", outcome.message);
    let overview = sites::overview(store)?;
    if overview.waiting > 0 {
        println!(
            "{} decisions wait for the site; `readerdesk sync` sends them.",
            overview.waiting
        );
    }
    Ok(())
}

pub fn profile(store: &Store, what: &ProfileWhat) -> Result<(), CommandError> {
    let (name, role) = match what {
        ProfileWhat::Add { name, role } => (name, role),
        ProfileWhat::Reset { name } => return reset_passphrase(store, name),
    };
    let role = match role {
        RoleArg::Admin => Role::Admin,
        RoleArg::Moderator => Role::Moderator,
        RoleArg::Editor => Role::Editor,
    };
    let added = moderators::add(store, Some(&owner()), name, role)?;
    println!("Added the profile {} ({}).", added.name, added.role);
    Ok(())
}
