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

export type PrivacySettings = { 
/**
 * Minutes without use before the window locks back to the profile picker (profiles with
 * a passphrase only); 0 never locks.
 */
idle_lock_minutes: number, 
/**
 * Days after which a comment's IP address is cleared; None keeps them forever.
 */
ip_retention_days: number | null, };

export type PrivacyView = { settings: PrivacySettings, idle_lock_seconds: number, };

export type ErasureSummary = { 
/**
 * "Erased reader 7": what the person is called from now on.
 */
placeholder: string, 
/**
 * The reader's comments, or the donor's gifts, that now carry the placeholder.
 */
comments: number, texts_removed: boolean, 
/**
 * Backups (file names in the backups folder) that still hold the person.
 */
backups_holding: Array<string>, };

export type PersonExportSummary = { path: string, comments: number, decisions: number, donations: number, };

export type Setup = "needs_choice" | "ready";

export type SetupChoice = "demo" | "empty";

export type Stats = { database: string, schema_version: number, newsroom: string, time_zone: string, reporting_currency: string, comments: StatusCounts, articles: number, authors: number, moderators: number, decisions: number, donors: number, donations: number, imports: number, campaigns: Array<CampaignSummary>, };

export type StatusCounts = { pending: number, approved: number, rejected: number, spam: number, trash: number, total: number, };

export type CampaignSummary = { id: string, name: string, currency: string, basis: Basis, 
/**
 * "total" or "monthly_recurring".
 */
goal_type: string, 
/**
 * The goal as typed back into the form ("30000.00").
 */
goal_text: string, starts_on: string, ends_on: string, goal_minor: number, 
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

export type CampaignInput = { 
/**
 * None for a new campaign.
 */
id: string | null, name: string, 
/**
 * As written ("30,000").
 */
goal: string, currency: string, starts_on: string, ends_on: string, basis: Basis, 
/**
 * "total" (raised in the window) or "monthly_recurring" (recurring income a month).
 */
goal_type: string, };

export type DonationChange = { at: string, at_display: string, who: string, action: string, 
/**
 * The row before and after, as JSON objects (before is null when it was created).
 */
before: string | null, after: string, };

export type LedgerEntry = { id: string, source: string, external_id: string, kind: DonationKind, gross_minor: number, fee_minor: number, net_minor: number, currency: string, gross_display: string, net_display: string, 
/**
 * The amounts as typed back into the form ("1250.00"), for corrections.
 */
gross_text: string, fee_text: string, converted_display: string | null, occurred_at: string, occurred_display: string, donor_id: string | null, donor_name: string | null, donor_email: string | null, campaign_id: string | null, campaign_name: string | null, original_id: string | null, method: string | null, note: string, 
/**
 * Gifts entered by hand can be corrected here; imported rows in their own system.
 */
editable: boolean, 
/**
 * The donor's name and e-mail are withheld from this profile (a moderator).
 */
donor_hidden: boolean, };

export type LedgerPage = { entries: Array<LedgerEntry>, 
/**
 * (occurred_at, id) of the last entry, to ask for the next page.
 */
next: [string, string] | null, };

export type LedgerQuery = { donor_id: string | null, source: string | null, 
/**
 * Days (YYYY-MM-DD) in the newsroom's time zone, both included.
 */
from_day: string | null, to_day: string | null, ids: Array<string> | null, };

export type ManualDonation = { donor_name: string, donor_email: string | null, 
/**
 * As written: "250", "1,250.00", "49,37".
 */
amount: string, 
/**
 * Any fee the bank took, as written; empty for none.
 */
fee: string | null, currency: string, 
/**
 * The day it came in (YYYY-MM-DD), in the newsroom's time zone.
 */
received_on: string, 
/**
 * cash, cheque, bank_transfer, card or other.
 */
method: string, 
/**
 * one_time or recurring.
 */
kind: DonationKind, campaign_id: string | null, note: string, };

export type CampaignMetrics = { campaign_id: string, name: string, currency: string, basis: Basis, goal_type: string, time_zone: string, window_from: string, window_to: string, period_from: string, period_to: string, as_of: string, goal_minor: number, raised_minor: number, 
/**
 * Goal minus raised; negative past the goal.
 */
remaining_minor: number, permille: number | null, percent_display: string, goal_display: string, raised_display: string, sentence: string, gross_minor: number, fees_minor: number, 
/**
 * Refunds and disputes, negative.
 */
refunds_minor: number, net_minor: number, gifts: number, refunds: number, unique_donors: number, anonymous_gifts: number, new_donors: number, returning_donors: number, average_gift_minor: number | null, median_gift_minor: number | null, recurring_share: Ratio, mrr_minor: number, churn: Ratio, retention: Ratio, lapsed_donors: number, top_donors: Array<TopDonor>, 
/**
 * The top donors' names are withheld from this profile (a moderator): they read
 * "Donor 1", "Donor 2"….
 */
donors_hidden: boolean, projection: Projection, unconverted: Array<UnconvertedMoney>, figures: Array<Figure>, };

export type Figure = { key: string, label: string, value: string, detail: string, };

export type MetricsQuery = { campaign_id: string, 
/**
 * The period (YYYY-MM-DD, both included, newsroom time zone); default: the campaign window.
 */
from_day: string | null, to_day: string | null, 
/**
 * "Today" for MRR, churn, retention and the projection; default: today, within the period.
 */
as_of: string | null, };

export type Projection = { 
/**
 * "reached", "projected", "no_pace" (nothing coming in) or "not_projected" (monthly goals).
 */
state: string, remaining_minor: number, mrr_minor: number, one_time_30_minor: number, one_time_90_minor: number, 
/**
 * Minor units a day at each pace (rounded half to even).
 */
daily_30_minor: number, daily_90_minor: number, 
/**
 * The same paces ready to show ("$105.20").
 */
daily_30_display: string, daily_90_display: string, 
/**
 * The day the goal is reached at each pace (None when that pace is zero).
 */
date_30: string | null, date_90: string | null, formula: string, 
/**
 * The projection in a sentence, with its inputs.
 */
explanation: string, };

export type Ratio = { part: number, whole: number, permille: number | null, };

export type TopDonor = { donor_id: string, name: string, total_minor: number, total_display: string, gifts: number, };

export type ExchangeRate = { base: string, quote: string, on_date: string, 
/**
 * Decimal text ("1.0842").
 */
rate: string, source: string, };

export type RatesImportSummary = { file_name: string, 
/**
 * "rows" (one rate a row: day, from, to, rate) or "ecb" (the European Central Bank's
 * history: a day a row, one column per currency, 1 EUR = the cell).
 */
layout: string, 
/**
 * Rates written (a rate the newsroom had for the same pair and day is replaced).
 */
rates: number, 
/**
 * Of those, how many replaced a rate already kept.
 */
replaced: number, 
/**
 * The pairs, "EUR/USD", sorted.
 */
pairs: Array<string>, first_day: string | null, last_day: string | null, 
/**
 * Columns of currencies ISO 4217 no longer lists (the ECB's history keeps those the euro
 * replaced), left out.
 */
columns_left_out: Array<string>, };

export type ChartRequest = { 
/**
 * progress, thermometer, monthly, mrr, donors, heatmap, comments, timeline.
 */
kind: string, 
/**
 * The campaign (fundraising charts); default: the first listed.
 */
campaign_id: string | null, 
/**
 * The span (YYYY-MM-DD, both included, newsroom time zone); default: the campaign's
 * window, or the last 90 days for comments.
 */
from_day: string | null, to_day: string | null, 
/**
 * day, week or month; default: chosen from the span.
 */
granularity: string | null, 
/**
 * Comments and the timeline: only under these articles (empty: the whole site).
 */
article_ids: Array<string>, width: number, height: number, 
/**
 * light or dark.
 */
theme: string, 
/**
 * svg or png.
 */
format: string, };

export type ClassifierQuality = { 
/**
 * Decisions it has learned from (approved; rejected or spam).
 */
learned_good: number, learned_bad: number, 
/**
 * Recent decisions scored before learning (the held-out set), and how it did on them at
 * the flag threshold.
 */
checked: number, precision: number, recall: number, f1: number, accuracy: number, 
/**
 * Whether it is in use (on, and has learned enough of both kinds).
 */
active: boolean, };

export type HoldSettings = { 
/**
 * Hold a comment with this many links or more; None: links are not counted.
 */
link_limit: number | null, 
/**
 * Other authors posting the same text within this many hours is a repeat.
 */
repeat_window_hours: number, premoderate_new_authors: boolean, 
/**
 * Flag authors whose recent decided comments were rejected more than this share
 * (percent); None: off.
 */
rejection_rate_percent: number | null, rejection_min_decisions: number, classifier_enabled: boolean, 
/**
 * Flag at or above this probability (percent).
 */
classifier_flag_percent: number, 
/**
 * Spam at or above this probability (percent); None: the classifier only flags.
 */
classifier_spam_percent: number | null, 
/**
 * Used only once it has learned this many approved and this many rejected comments.
 */
classifier_min_docs: number, };

export type RerunSummary = { checked: number, 
/**
 * Comments moved out of Pending (one undo step).
 */
moved: number, 
/**
 * Comments whose reasons changed but which stay pending.
 */
reasons_changed: number, batch_id: string | null, };

export type RulesView = { settings: HoldSettings, 
/**
 * One entry a line, as the lists are edited and exported.
 */
banned: string, suspect: string, quality: ClassifierQuality, };

export type CurrencyTotals = { currency: string, records: number, gross_minor: number, fee_minor: number, refunds_minor: number, net_minor: number, gross_display: string, fee_display: string, refunds_display: string, net_display: string, };

export type DonationImportSummary = { import_id: string, file_name: string, format: Format, format_label: string, date_order: DateOrderStatus, 
/**
 * Records written now.
 */
imported: number, 
/**
 * Records the ledger had already (left as they were).
 */
already_imported: number, skipped: Array<Skip>, 
/**
 * Per currency, of the records written now.
 */
totals: Array<CurrencyTotals>, };

export type DonationOptions = { 
/**
 * None: recognized from the header row.
 */
format: Format | null, 
/**
 * The day/month order, when the file leaves it open.
 */
date_order: DateOrder | null, 
/**
 * For a CSV no format recognizes: which column holds what. Remembered for files with
 * the same header.
 */
mapping: ColumnMapping | null, };

export type DonationPreview = { file_name: string, 
/**
 * None when no format recognizes the header: a column mapping is needed.
 */
format: Format | null, format_label: string, encoding: string, date_order: DateOrderStatus, 
/**
 * Records the file gives (a refunded payment gives two).
 */
records: number, 
/**
 * Of those, how many the ledger already has (a re-import adds only the rest).
 */
already_imported: number, first_rows: Array<PreviewRow>, skipped: Array<Skip>, totals: Array<CurrencyTotals>, 
/**
 * The header row and its signature (for a mapping to be remembered by).
 */
header: Array<string>, signature: string, 
/**
 * The mapping used, or remembered for this header.
 */
mapping: ColumnMapping | null, 
/**
 * Why the file cannot be imported as it stands (no format, no mapping), if so.
 */
problem: string | null, };

export type PreviewRow = { record: DonationRecord, gross_display: string, fee_display: string, };

export type DonationProgress = { done: number, total: number, };

export type ColumnMapping = { 
/**
 * The `source` of the records ("bank", "kofi", …): with the id, the ledger's key.
 */
source: string, date: string, 
/**
 * A separate time column, when the date column has none.
 */
time: string | null, amount: string, currency: CurrencyColumn, fee: string | null, net: string | null, id: string | null, name: string | null, email: string | null, customer_id: string | null, country: string | null, 
/**
 * one-time / recurring / refund / dispute, in the file's words.
 */
kind: string | null, 
/**
 * For refunds: the id of the gift reversed.
 */
original_id: string | null, campaign: string | null, note: string | null, };

export type Converted = { gross_minor: number, 
/**
 * The fee in that currency, when the export gives it there.
 */
fee_minor: number | null, currency: string, };

export type CurrencyColumn = { "from": "column", "value": string } | { "from": "fixed", "value": string };

export type DateOrder = "day_first" | "month_first";

export type DateOrderStatus = { "status": "not_needed" } | { "status": "inferred", order: DateOrder, } | { "status": "given", order: DateOrder, } | { "status": "ambiguous", assumed: DateOrder, };

export type DonationRecord = { 
/**
 * The file line where the row starts.
 */
line: number, 
/**
 * "stripe", "paypal", …: with `external_id`, the key that makes a second import of the
 * same export change nothing.
 */
source: string, external_id: string, 
/**
 * Stored form (UTC, RFC 3339 with microseconds), see `crate::time::to_stored`.
 */
occurred_at: string, kind: DonationKind, gross_minor: number, 
/**
 * What the provider kept; negative when a refund gave a fee back.
 */
fee_minor: number, 
/**
 * Always `gross_minor - fee_minor`.
 */
net_minor: number, 
/**
 * ISO 4217, upper case.
 */
currency: string, converted: Converted | null, 
/**
 * For refunds and disputes (and money coming back after one): the gift it reverses.
 */
original_external_id: string | null, 
/**
 * A refund stated as the payment's refunded total so far (Stripe's "Amount Refunded"),
 * not as one refund: a later export may show a larger total for the same payment, and
 * the ledger then records only what is new beyond the refunds it already holds for it.
 */
running_total: boolean, 
/**
 * For a recurring gift, how often it comes: 12 monthly, 4 quarterly, 1 yearly, 52 weekly.
 * None when the export does not say (taken as monthly).
 */
payments_per_year: number | null, donor: DonorRecord, 
/**
 * The campaign or form the export names, for the ledger to match to its campaigns.
 */
campaign: string | null, note: string | null, };

export type DonorRecord = { 
/**
 * The source's own id of the customer (Stripe `cus_…`, a GitHub handle, a Patreon user id).
 */
customer_id: string | null, name: string | null, 
/**
 * As the export wrote it (the ledger normalizes it for matching).
 */
email: string | null, 
/**
 * ISO 3166 alpha-2.
 */
country: string | null, };

export type Format = "stripe_payments" | "stripe_balance" | "paypal_activity" | "paypal_statement" | "donorbox" | "patreon" | "open_collective" | "github_sponsors" | "generic";

export type DonationKind = "one_time" | "recurring" | "refund" | "dispute";

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

export type Moderator = { id: string, name: string, role: Role, 
/**
 * Signing in as this profile asks for its passphrase (never sent: only this flag).
 */
has_passphrase: boolean, };

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
label: string, detail: string, 
/**
 * Where the evidence is in the body: [start, end) in UTF-16 code units.
 */
marks: Array<[number, number]>, };

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
body: string, kind: CommentKind, parent_id: string | null, author_email: string | null, author_ip: string | null, author_url: string | null, author_trust: Trust | null, article_url: string | null, flags: Array<FlagView>, 
/**
 * The reader's e-mail and IP are withheld from this profile (an editor): the card says
 * so instead of showing none.
 */
contact_hidden: boolean, };

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
emails: Array<string>, ips: Array<string>, comments: AuthorComments, 
/**
 * The reader's e-mail addresses and IPs are withheld from this profile (an editor).
 */
contact_hidden: boolean, };

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

export type SiteCheck = { base_url: string, name: string, home: string, wp_version: string | null, user_display_name: string, can_moderate: boolean, 
/**
 * The site has no pretty permalinks: its API answers only at `?rest_route=`.
 */
rest_route: boolean, };

export type SiteView = { id: string, base_url: string, name: string, wp_version: string | null, user_name: string, 
/**
 * "keyring", or "file" with the file's path when no keyring was available.
 */
password_store: string, password_file: string | null, auto_sync: boolean, first_sync_done: boolean, last_sync: string | null, last_ok: string | null, last_error: string | null, waiting: number, failed: number, conflicts: number, };

export type SyncProgress = { site: string, 
/**
 * "pulling", "checking" or "pushing".
 */
phase: string, pages: number, comments: number, sent: number, errors: number, };

export type SyncError = { code: string, message: string, };

export type SyncReport = { site_id: string, base_url: string, first_sync_done: boolean, new_comments: number, new_articles: number, 
/**
 * Comments whose status was changed on the site (wp-admin, another laptop).
 */
changed_on_site: number, edited_on_site: number, deleted_on_site: number, sent: number, 
/**
 * Decisions the site already had (sent before an interruption): not sent again.
 */
already_on_site: number, conflicts: number, failed: number, 
/**
 * Decisions still waiting (the site could not be reached, or a retry is due later).
 */
waiting: number, skipped: Array<Skip>, requests: number, cancelled: boolean, 
/**
 * Why the sync stopped early, if it did.
 */
error: SyncError | null, };

export type Settle = "keep_site" | "keep_ours";

export type CommentSyncState = { site_name: string, base_url: string, 
/**
 * "on_site", "waiting", "failed", "conflict" or "deleted".
 */
state: string, 
/**
 * In words: "On the site", "Waiting to be sent (approved)", the failure's reason, ...
 */
detail: string, edited_on_site: boolean, };

export type OutboxView = { seq: number, comment_id: string, author_name: string, excerpt: string, 
/**
 * The status we asked the site for, in WordPress's words.
 */
want: string, 
/**
 * Our status now (after a conflict: the site's).
 */
status: string, 
/**
 * For a conflict: what the site had.
 */
site_now: string | null, 
/**
 * "waiting", "failed" or "conflict".
 */
state: string, error_code: string | null, error: string | null, attempts: number, decided: string, };

export type SyncOverview = { sites: number, waiting: number, failed: number, conflicts: number, };

export type BackupInfo = { file_name: string, path: string, 
/**
 * "daily", "manual", "before-import", "before-sync", "before-restore".
 */
reason: string, when: string, size_bytes: number, comments: number, decisions: number, donations: number, 
/**
 * Why the file cannot be read, if it cannot.
 */
problem: string | null, };

export type RestoreSummary = { restored_from: string, 
/**
 * The backup of the newsroom as it was just before (None when it could not be read).
 */
kept_as: string | null, comments: number, decisions: number, donations: number, };

export type Rotation = { daily: number, weekly: number, monthly: number, };
