// Generated from the Rust types by src-tauri/bindings.rs. Do not edit by hand:
// run `UPDATE_SNAPSHOTS=1 cargo test -p readerdesk bindings` after changing a type.

export type CommandError = { 
/**
 * Stable, for code: "db_not_sqlite", "db_too_new", "not_found", ...
 */
code: string, 
/**
 * For people: what happened, to which file or row, and what to do next.
 */
message: string, };

export type AppStatus = { database: string, 
/**
 * `None` when the database could not be opened; `error` says why.
 */
setup: Setup | null, error: CommandError | null, schema_version: number, 
/**
 * Where the copy made before the last migration went, if one was made at this start.
 */
backup: string | null, };

export type Setup = "needs_choice" | "ready";

export type SetupChoice = "demo" | "empty";

export type Stats = { database: string, schema_version: number, newsroom: string, time_zone: string, reporting_currency: string, comments: StatusCounts, articles: number, authors: number, moderators: number, decisions: number, donors: number, donations: number, imports: number, campaigns: Array<CampaignSummary>, };

export type StatusCounts = { pending: number, approved: number, rejected: number, spam: number, trash: number, total: number, };

export type CampaignSummary = { id: string, name: string, currency: string, basis: Basis, starts_on: string, ends_on: string, goal_minor: number, 
/**
 * On the campaign's basis, in its currency, refunds and disputes subtracted.
 */
raised_minor: number, 
/**
 * Goal minus raised; negative when the goal was passed.
 */
short_minor: number, gifts: number, fees_minor: number, refunds_minor: number, 
/**
 * Raised as a share of the goal in tenths of a percent (None for a zero goal).
 */
permille: number | null, goal_display: string, raised_display: string, percent_display: string, sentence: string, 
/**
 * Money given in other currencies, not counted until it is converted.
 */
unconverted: Array<UnconvertedMoney>, };

export type UnconvertedMoney = { currency: string, amount_minor: number, display: string, };

export type Basis = "gross" | "net";

export type ArticleSummary = { id: string, title: string, url: string | null, published_at: string | null, 
/**
 * The publication time in the newsroom's time zone.
 */
published_display: string | null, comments: number, pending: number, };

export type ArticleThread = { article: ArticleSummary, comments: Array<ThreadComment>, 
/**
 * True when the article has more comments than the thread shows.
 */
truncated: boolean, };

export type ThreadComment = { id: string, parent_id: string | null, 
/**
 * 0 for a top-level comment, 1 for a reply to it, and so on.
 */
depth: number, author_name: string, 
/**
 * Plain text exactly as the reader wrote it; the window shows it as text, never HTML.
 */
body: string, kind: CommentKind, status: Status, created_at: string, created_display: string, link_count: number, };

export type CommentKind = "comment" | "pingback" | "trackback";

export type Status = "pending" | "approved" | "rejected" | "spam" | "trash";
