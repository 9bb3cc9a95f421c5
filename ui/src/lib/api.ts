// The only place in the UI that calls tauri's invoke(): one typed wrapper per command.
import { Channel, invoke } from '@tauri-apps/api/core';
import { started } from './waiting.svelte';
import type {
  HoldSettings,
  RerunSummary,
  RulesView,
  ChartRequest,
  CampaignInput,
  CampaignMetrics,
  DonationChange,
  DonationImportSummary,
  DonationOptions,
  DonationPreview,
  DonationProgress,
  ExchangeRate,
  RatesImportSummary,
  LedgerEntry,
  LedgerPage,
  LedgerQuery,
  ManualDonation,
  MetricsQuery,
  DropNotice,
  ExportFormat,
  ExportSource,
  ExportSummary,
  AppStatus,
  PrivacySettings,
  PrivacyView,
  ErasureSummary,
  PersonExportSummary,
  ArticleSummary,
  ArticleThread,
  AuditExport,
  AuditPage,
  AuditQuery,
  AuthorComments,
  CampaignSummary,
  CannedReasons,
  CommandError,
  CommentCard,
  CommentThread,
  Cursor,
  Decision,
  Dossier,
  ImportProgress,
  ImportRecord,
  ImportSummary,
  Moderator,
  Outcome,
  Queue,
  QueueCounts,
  QueueFilter,
  QueuePage,
  ReasonCount,
  Role,
  SearchPage,
  SetupChoice,
  Settle,
  SiteCheck,
  SiteView,
  Sort,
  SyncOverview,
  SyncProgress,
  SyncReport,
  CommentSyncState,
  OutboxView,
  Stats,
  Trust,
} from './bindings';
// The backup types: the one line to point at './bindings' once they are generated there.
import type { BackupInfo, RestoreSummary, Rotation } from './bindings';

export type { BackupInfo, RestoreSummary, Rotation };

/** A failed command: the stable code from Rust and the message for people. */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CommandError).code === 'string' &&
    typeof (value as CommandError).message === 'string'
  );
}

export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (isCommandError(raw)) return new ApiError(raw.code, raw.message);
  if (raw instanceof Error) return new ApiError('ipc', raw.message);
  return new ApiError('ipc', String(raw));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  const answered = started(command);
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toApiError(raw);
  } finally {
    answered();
  }
}

export const api = {
  appStatus: () => call<AppStatus>('app_status'),
  setupNewsroom: (choice: SetupChoice) => call<AppStatus>('setup_newsroom', { choice }),
  stats: () => call<Stats>('stats'),
  listArticles: (limit?: number) => call<ArticleSummary[]>('list_articles', { limit }),
  articleThread: (articleId: string) => call<ArticleThread>('article_thread', { articleId }),
  campaignSummaries: () => call<CampaignSummary[]>('campaign_summaries'),

  // Who is working
  listModerators: () => call<Moderator[]>('list_moderators'),
  addModerator: (name: string, role: Role) => call<Moderator>('add_moderator', { name, role }),
  signIn: (moderatorId: string, passphrase: string | null = null) =>
    call<Moderator>('sign_in', { moderatorId, passphrase }),
  /** Requires a passphrase for a profile, or with null lifts it (admins, or the profile itself). */
  setPassphrase: (moderatorId: string, passphrase: string | null) =>
    call<Moderator>('set_passphrase', { moderatorId, passphrase }),
  privacySettings: () => call<PrivacyView>('privacy_settings'),
  /** Erases a reader everywhere (admins); names the backups that still hold them. */
  eraseReader: (authorId: string, removeTexts: boolean) =>
    call<ErasureSummary>('erase_reader', { authorId, removeTexts }),
  pruneBackups: (names: string[]) => call<number>('prune_backups', { names }),
  /** Erases a donor everywhere (admins); every total stays. */
  eraseDonor: (donorId: string) => call<ErasureSummary>('erase_donor', { donorId }),
  /** Saves everything held about a person (author or donor id) as JSON (admins); null when cancelled. */
  exportPerson: (who: string) => call<PersonExportSummary | null>('export_person', { who }),
  setPrivacySettings: (settings: PrivacySettings) => call<void>('set_privacy_settings', { settings }),
  signOut: () => call<void>('sign_out'),
  currentModerator: () => call<Moderator | null>('current_moderator'),

  // Queues
  queueCounts: () => call<QueueCounts>('queue_counts'),
  queuePage: (queue: Queue, filter: QueueFilter, sort: Sort, cursor: Cursor | null, limit?: number) =>
    call<QueuePage>('queue_page', { queue, filter, sort, cursor, limit }),
  filteredCount: (queue: Queue, filter: QueueFilter) =>
    call<number>('filtered_count', { queue, filter }),
  reasonsInUse: () => call<ReasonCount[]>('reasons_in_use'),
  commentCard: (commentId: string) => call<CommentCard>('comment_card', { commentId }),
  commentThread: (commentId: string) => call<CommentThread>('comment_thread', { commentId }),

  // Decisions
  decide: (commentIds: string[], decision: Decision) =>
    call<Outcome>('decide', { commentIds, decision }),
  /** `expected`: the count the person confirmed; a different count refuses, changing nothing. */
  decideFiltered: (queue: Queue, filter: QueueFilter, decision: Decision, expected: number) =>
    call<Outcome>('decide_filtered', { queue, filter, decision, expected }),
  undo: () => call<Outcome | null>('undo'),
  cannedReasons: () => call<CannedReasons>('canned_reasons'),
  setCannedReasons: (kind: 'reject' | 'flag', texts: string[]) =>
    call<CannedReasons>('set_canned_reasons', { kind, texts }),

  // Search and authors
  searchComments: (query: string, before: number | null, limit?: number) =>
    call<SearchPage>('search_comments', { query, before, limit }),
  authorDossier: (authorId: string) => call<Dossier>('author_dossier', { authorId }),
  authorComments: (authorId: string, cursor: Cursor) =>
    call<AuthorComments>('author_comments', { authorId, cursor }),
  setAuthorTrust: (authorId: string, trust: Trust) =>
    call<void>('set_author_trust', { authorId, trust }),
  setAuthorNotes: (authorId: string, notes: string) =>
    call<void>('set_author_notes', { authorId, notes }),
  rejectAllPending: (authorId: string, reason: string) =>
    call<Outcome>('reject_all_pending', { authorId, reason }),

  // Audit
  auditPage: (query: AuditQuery, before: [string, string] | null, limit?: number) =>
    call<AuditPage>('audit_page', { query, before, limit }),
  /** Asks where to save (the native dialog, opened by the app so the path never comes from
   * the page), then writes the CSV there. Null if cancelled. */
  exportAuditCsv: (query: AuditQuery) => call<AuditExport | null>('export_audit_csv', { query }),

  // Imports
  /** Opens the file dialog (in the app), imports the file, reports progress; null if cancelled
   * in the dialog. */
  importComments: (
    strict: boolean,
    onProgress: (progress: ImportProgress) => void,
    dropped = false,
    rules = true,
  ) => {
    const channel = new Channel<ImportProgress>();
    channel.onmessage = onProgress;
    return call<ImportSummary | null>('import_comments', { strict, dropped, rules, onProgress: channel });
  },

  // Automatic holds
  rulesView: () => call<RulesView>('rules_view'),
  saveRules: (settings: HoldSettings, banned: string, suspect: string) =>
    call<RulesView>('save_rules', { settings, banned, suspect }),
  rerunRules: () => call<RerunSummary>('rerun_rules'),
  undoRerun: (batchId: string) => call<Outcome>('undo_rerun', { batchId }),
  saveWordList: (name: 'banned' | 'suspect', text: string) => call<string | null>('save_word_list', { name, text }),
  loadWordList: () => call<string | null>('load_word_list'),
  /** Hears about files dragged over and dropped on the window (caught by the app). */
  watchDrops: (onDrop: (notice: DropNotice) => void) => {
    const channel = new Channel<DropNotice>();
    channel.onmessage = onDrop;
    return call<void>('watch_drops', { onDrop: channel });
  },
  exportSources: () => call<ExportSource[]>('export_sources'),
  /** Asks where to save (the app's own dialog), then writes the comments. Null if cancelled. */
  exportComments: (format: ExportFormat, source: string | null) =>
    call<ExportSummary | null>('export_comments', { format, source }),
  cancelImport: () => call<void>('cancel_import'),

  setNewsroomBasics: (name: string, timeZone: string, reportingCurrency: string) =>
    call<void>('set_newsroom_basics', { name, timeZone, reportingCurrency }),

  // Charts
  /** The chart's image bytes (SVG or PNG as asked), for a blob URL. */
  renderChart: (request: ChartRequest) => call<ArrayBuffer>('render_chart', { request }),
  /** Asks where to save (the app's own dialog) and writes the chart there. Null if cancelled. */
  exportChart: (request: ChartRequest) => call<string | null>('export_chart', { request }),

  // Fundraising
  campaignMetrics: (query: MetricsQuery) => call<CampaignMetrics>('campaign_metrics', { query }),
  /** The ledger rows behind one number of a campaign's metrics. */
  metricRows: (query: MetricsQuery, key: string, olderThan: [string, string] | null) =>
    call<LedgerPage>('metric_rows', { query, key, olderThan }),
  saveCampaign: (input: CampaignInput) => call<string>('save_campaign', { input }),
  ledgerPage: (query: LedgerQuery, olderThan: [string, string] | null) =>
    call<LedgerPage>('ledger_page', { query, olderThan }),
  addManualDonation: (input: ManualDonation) => call<LedgerEntry>('add_manual_donation', { input }),
  editManualDonation: (id: string, input: ManualDonation) =>
    call<LedgerEntry>('edit_manual_donation', { id, input }),
  assignCampaign: (ids: string[], campaignId: string | null) =>
    call<number>('assign_campaign', { ids, campaignId }),
  donationHistory: (id: string) => call<DonationChange[]>('donation_history', { id }),
  exchangeRates: () => call<ExchangeRate[]>('exchange_rates'),
  setExchangeRate: (rate: ExchangeRate) => call<void>('set_exchange_rate', { rate }),
  /** Opens the app's file dialog and imports the rates in the file; null if cancelled. */
  importExchangeRates: () => call<RatesImportSummary | null>('import_exchange_rates'),
  /** Picks the file (the app's dialog, or the one dropped on the window; `again`: the file
   * already chosen) and reads it without writing anything. Null if the dialog was cancelled. */
  previewDonations: (dropped: boolean, again: boolean, options: DonationOptions) =>
    call<DonationPreview | null>('preview_donations', { dropped, again, options }),
  importDonations: (options: DonationOptions, onProgress: (progress: DonationProgress) => void) => {
    const channel = new Channel<DonationProgress>();
    channel.onmessage = onProgress;
    return call<DonationImportSummary>('import_donations', { options, onProgress: channel });
  },
  importHistory: () => call<ImportRecord[]>('import_history'),

  // Connected WordPress sites
  /** Tests the address, user and Application Password without saving anything. */
  checkSite: (url: string, user: string, password: string) =>
    call<SiteCheck>('check_site', { url, user, password }),
  /** Checks again and keeps the site; the password goes to the keyring (or the owner-only
   * file) and never comes back to the window. */
  connectSite: (url: string, user: string, password: string) =>
    call<SiteView>('connect_site', { url, user, password }),
  listSites: () => call<SiteView[]>('list_sites'),
  removeSite: (siteId: string) => call<void>('remove_site', { siteId }),
  setSiteAutoSync: (siteId: string, on: boolean) => call<void>('set_site_auto_sync', { siteId, on }),
  /** Pulls then pushes every site (null) or one, reporting progress; one report per site. */
  syncNow: (siteId: string | null, onProgress: (progress: SyncProgress) => void) => {
    const channel = new Channel<SyncProgress>();
    channel.onmessage = onProgress;
    return call<SyncReport[]>('sync_now', { siteId, onProgress: channel });
  },
  cancelSync: () => call<void>('cancel_sync'),
  syncOverview: () => call<SyncOverview>('sync_overview'),
  siteOutbox: (outboxState: 'waiting' | 'failed' | 'conflict') =>
    call<OutboxView[]>('site_outbox', { outboxState }),
  /** Null when the comment did not come from a connected site. */
  commentSyncState: (commentId: string) =>
    call<CommentSyncState | null>('comment_sync_state', { commentId }),
  /** Returns what was done, for the status line. */
  settleConflict: (commentId: string, how: Settle) => call<string>('settle_conflict', { commentId, how }),
  /** `retry`: put a failed decision back in line; otherwise drop it (it never reaches the site). */
  retryOutbox: (seq: number, retry: boolean) => call<void>('retry_outbox', { seq, retry }),
  saveSkippedReport: (importId: string) => call<string | null>('save_skipped_report', { importId }),

  // Backups
  /** Newest first; a backup with a `problem` cannot be read. */
  listBackups: () => call<BackupInfo[]>('list_backups'),
  diagnostics: () => call<string>('diagnostics'),
  /** Resolves once the background integrity check passed; rejects with db_corrupt on damage. */
  integrityVerdict: () => call<void>('integrity_verdict'),
  /** Can take a few seconds on a big newsroom. */
  backUpNow: () => call<BackupInfo>('back_up_now'),
  /** Admins only. The newsroom as it is now is backed up first. */
  restoreBackup: (fileName: string) => call<RestoreSummary>('restore_backup', { fileName }),
  /** Opens the app's own file dialog; null if cancelled. Admins only. */
  restoreBackupFromFile: () => call<RestoreSummary | null>('restore_backup_from_file'),
  /** Opens the backups folder in the system's file manager. */
  revealBackups: () => call<void>('reveal_backups'),
  backupRotation: () => call<Rotation>('backup_rotation'),
  /** Admins only. */
  setBackupRotation: (rotation: Rotation) => call<void>('set_backup_rotation', { rotation }),
  /** For the damaged-database screen (no database open): the newest backup that passes the
   * checks, or null. */
  newestBackup: () => call<BackupInfo | null>('newest_backup'),
  /** Restores the newest good backup over the damaged database; the app restarts after. */
  restoreNewestBackup: () => call<RestoreSummary>('restore_newest_backup'),
};
