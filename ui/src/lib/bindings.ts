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

export type DropNotice = { "kind": "hover" } | { "kind": "leave" } | { "kind": "file", file_name: string, what: string, format: string, } | { "kind": "refused", file_name: string, code: string, message: string, };

export type ExportFormat = "wxr" | "csv" | "json";

export type ExportSource = { source: string, comments: number, };

export type ExportSummary = { path: string, format: ExportFormat, articles: number, comments: number, 
/**
 * Characters XML 1.0 cannot carry (control characters), written as U+FFFD in a WXR file.
 */
replaced_characters: number, };

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
body: string, kind: CommentKind, status: Status, created_at: string, created_display: string, link_count: number, open_flags: number, };

export type CommentKind = "comment" | "pingback" | "trackback";

export type Status = "pending" | "approved" | "rejected" | "spam" | "trash";

export type Moderator = { id: string, name: string, role: Role, };

export type Role = "admin" | "moderator" | "editor";

export type Queue = "pending" | "flagged" | "approved" | "rejected" | "spam" | "trash";

export type Sort = "newest" | "oldest" | "priority";

export type Trust = "normal" | "trusted" | "premod" | "banned";

export type Action = "approve" | "reject" | "spam" | "trash" | "restore" | "pending" | "flag" | "undo";

export type QueueCounts = { pending: number, flagged: number, approved: number, rejected: number, spam: number, trash: number, };

export type QueueFilter = { article_id: string | null, author_id: string | null, 
/**
 * A hold reason code ("links") or a flag reason ("flag:Check the facts").
 */
reason: string | null, 
/**
 * Days (YYYY-MM-DD) in the newsroom's time zone, both included.
 */
from_day: string | null, to_day: string | null, };

export type Cursor = { priority: number, created_at: string, seq: number, };

export type Reason = { 
/**
 * "links", "author_premod", "flag:Check the facts" (what the reason filter takes).
 */
code: string, 
/**
 * What the card and the badge say.
 */
label: string, detail: string, };

export type QueueItem = { id: string, article_id: string, article_title: string, author_id: string | null, author_name: string, 
/**
 * The start of the body (the card has all of it).
 */
preview: string, created_at: string, created_display: string, status: Status, open_flags: number, reasons: Array<Reason>, link_count: number, };

export type QueuePage = { items: Array<QueueItem>, 
/**
 * Present when there is more: ask again with it.
 */
next: Cursor | null, };

export type ReasonCount = { code: string, label: string, comments: number, };

export type FlagView = { reason: string, note: string | null, 
/**
 * "moderator", "reader" or "rules".
 */
source: string, by: string | null, at_display: string, open: boolean, };

export type CommentCard = { item: QueueItem, 
/**
 * The whole body, as the reader wrote it (shown as text, never HTML).
 */
body: string, kind: CommentKind, parent_id: string | null, author_email: string | null, author_ip: string | null, author_url: string | null, author_trust: Trust | null, article_url: string | null, flags: Array<FlagView>, };

export type CommentThread = { focus_id: string, article_id: string, article_title: string, comments: Array<ThreadComment>, truncated: boolean, };

export type Decision = { "action": "approve" } | { "action": "reject", reason: string, note: string | null, } | { "action": "spam" } | { "action": "flag", reason: string, note: string | null, } | { "action": "trash" } | { "action": "restore" };

export type Outcome = { batch_id: string | null, changed: number, 
/**
 * Comments left as they were (already in that state, or changed since, for undo).
 */
unchanged: number, message: string, };

export type SearchPage = { items: Array<QueueItem>, 
/**
 * Pass back as `before` for the next page.
 */
next: number | null, 
/**
 * The query as understood, for the window to echo.
 */
understood: string, };

export type Dossier = { id: string, name: string, email: string | null, url: string | null, trust: Trust, notes: string, counts: StatusCounts, 
/**
 * Rejected and spam as a share of decided comments, e.g. "12.5%" ("none decided yet").
 */
rejection_rate: string, first_seen: string | null, last_seen: string | null, 
/**
 * E-mail addresses and IPs as the comments recorded them, most used first.
 */
emails: Array<string>, ips: Array<string>, comments: AuthorComments, };

export type AuthorComments = { items: Array<QueueItem>, next: Cursor | null, };

export type CannedReasons = { reject: Array<string>, flag: Array<string>, };

export type AuditQuery = { moderator_id: string | null, action: Action | null, 
/**
 * Days (YYYY-MM-DD) in the newsroom's time zone, both included.
 */
from_day: string | null, to_day: string | null, };

export type AuditEntry = { id: string, at: string, at_display: string, moderator: string, device_id: string, action: string, from_status: string, to_status: string, reason: string | null, note: string | null, comment_id: string, author_name: string, article_title: string, batch_id: string, };

export type AuditPage = { entries: Array<AuditEntry>, 
/**
 * (at, id) of the last entry, to ask for the next page.
 */
next: [string, string] | null, };

export type AuditExport = { path: string, rows: number, };

export type CommentFormat = "wxr" | "disqus" | "csv" | "json";

export type ImportProgress = { bytes_done: number, bytes_total: number, records: number, skipped: number, };

export type ImportSummary = { import_id: string, file_name: string, format: CommentFormat, sha256: string, source: string, articles_new: number, comments_new: number, 
/**
 * Comments the database already had (their site state refreshed, our decisions kept).
 */
comments_known: number, 
/**
 * Where the new comments landed, after routing by author trust.
 */
new_by_status: StatusCounts, skipped: Array<Skip>, };

export type ImportRecord = { id: string, kind: string, format: string, file_name: string, records: number, imported: number, skipped: Array<Skip>, when: string, };

export type Skip = { line: number, record: string, field: string, reason: string, };
