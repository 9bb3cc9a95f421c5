// Syncing with the connected WordPress sites as the whole window sees it: the counts for the
// status line (polled), the sync now running and its progress, its one-line result, and a
// counter that moves whenever comments may have changed here (a sync ended, a conflict was
// settled) so the queues, the list and the card reload.
import { api, toApiError } from './api';
import type { SyncOverview, SyncProgress, SyncReport } from './bindings';

export const sync = $state({
  overview: null as SyncOverview | null,
  running: false,
  cancelling: false,
  progress: null as SyncProgress | null,
  result: null as { text: string; tone: 'info' | 'error' } | null,
  /** Moves when comments here may have changed: whoever shows them reloads. */
  changed: 0,
});

import { plural } from './labels';
export { plural };

/** The status line's words for the decisions not yet on the site. */
export function waitingText(o: SyncOverview): string {
  const parts = [
    o.waiting === 0 ? 'All decisions are on the site' : `${plural(o.waiting, 'decision')} waiting for the site`,
  ];
  if (o.failed > 0) parts.push(`${o.failed.toLocaleString('en-US')} failed`);
  if (o.conflicts > 0) parts.push(plural(o.conflicts, 'conflict'));
  return parts.join(' · ');
}

const PHASE: Record<string, string> = {
  pulling: 'Pulling new comments from',
  checking: 'Checking known comments on',
  pushing: 'Pushing decisions to',
};

export function progressText(p: SyncProgress | null): string {
  if (!p) return 'Starting the sync…';
  const what = [plural(p.comments, 'new comment'), `${plural(p.sent, 'decision')} sent`];
  if (p.pages > 0) what.unshift(plural(p.pages, 'page'));
  return `${PHASE[p.phase] ?? p.phase} ${p.site}: ${what.join(', ')}`;
}

/** One line for what a sync did, or why it stopped. */
export function summary(reports: SyncReport[]): { text: string; tone: 'info' | 'error' } {
  const sum = (pick: (r: SyncReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const counts = [
    plural(sum((r) => r.new_comments), 'new comment'),
    `${plural(sum((r) => r.sent), 'decision')} sent`,
    plural(sum((r) => r.conflicts), 'conflict'),
    `${sum((r) => r.failed).toLocaleString('en-US')} failed`,
  ].join(', ');
  const errors = reports.filter((r) => r.error).map((r) => `${r.base_url}: ${r.error?.message}`);
  const cancelled = reports.some((r) => r.cancelled);
  if (reports.length === 0) return { text: 'No site is connected', tone: 'info' };
  const head = cancelled
    ? 'Sync cancelled'
    : reports.length === 1
      ? `Synced ${reports[0].base_url}`
      : `Synced ${plural(reports.length, 'site')}`;
  const text = [`${head}: ${counts}`, ...errors].join('. ');
  return { text, tone: errors.length > 0 ? 'error' : 'info' };
}

/** Fetches the counts; quiet, since it runs every few seconds. */
export async function refreshOverview(): Promise<void> {
  try {
    const now = await api.syncOverview();
    const was = sync.overview;
    // Unchanged counts leave the state alone: nothing downstream wakes up every few seconds.
    const same =
      was !== null &&
      was.sites === now.sites &&
      was.waiting === now.waiting &&
      was.failed === now.failed &&
      was.conflicts === now.conflicts;
    if (!same) sync.overview = now;
  } catch {
    // The next poll tries again; the counts shown stay the last known.
  }
}

/** Comments here may have changed: lists reload, counts refresh. */
export function commentsChanged() {
  sync.changed += 1;
  void refreshOverview();
}

/** Pulls then pushes every site (null) or one. The window stays usable meanwhile; a second
 * request while one runs is ignored. */
export async function runSync(siteId: string | null = null): Promise<void> {
  if (sync.running) return;
  sync.running = true;
  sync.cancelling = false;
  sync.progress = null;
  sync.result = null;
  try {
    const reports = await api.syncNow(siteId, (p) => {
      sync.progress = p;
    });
    sync.result = summary(reports);
  } catch (err) {
    sync.result = { text: toApiError(err).message, tone: 'error' };
  } finally {
    sync.running = false;
    sync.cancelling = false;
    sync.progress = null;
    commentsChanged();
  }
}

export async function cancelSync(): Promise<void> {
  sync.cancelling = true;
  try {
    await api.cancelSync();
  } catch (err) {
    sync.cancelling = false;
    sync.result = { text: toApiError(err).message, tone: 'error' };
  }
}

/** Polls the counts every `ms` while the window is open; returns the stop. */
export function pollOverview(ms = 5000): () => void {
  void refreshOverview();
  const timer = setInterval(() => void refreshOverview(), ms);
  return () => clearInterval(timer);
}
