// Commands the window is waiting for: one that should answer at once but has not within
// WAIT_NOTICE_MS is named in the status bar ("Saving your decision… waiting for the import to
// finish writing"), so a slow answer never looks like a frozen window.

import { untrack } from 'svelte';

/** How long a quick command may take before the window says it is waiting. */
export const WAIT_NOTICE_MS = 600;

/** Commands that take as long as they need and show their own progress, or wait for a person
 *  (a file dialog): never named as "waiting". */
const OWN_PROGRESS = new Set([
  'import_comments',
  'import_donations',
  'import_exchange_rates',
  'preview_donations',
  'export_comments',
  'export_chart',
  'export_audit_csv',
  'save_skipped_report',
  'save_word_list',
  'load_word_list',
  'sync_now',
  'check_site',
  'connect_site',
  'back_up_now',
  'restore_backup',
  'restore_backup_from_file',
  'restore_newest_backup',
  'rerun_rules',
  'integrity_verdict',
  'watch_drops',
]);

/** What the person is waiting for, in their words. */
const DOING: Record<string, string> = {
  decide: 'saving your decision',
  decide_filtered: 'saving your decision',
  undo: 'undoing',
  reject_all_pending: 'saving your decision',
  add_manual_donation: 'saving the gift',
  edit_manual_donation: 'saving the gift',
  save_campaign: 'saving the campaign',
  queue_page: 'loading the queue',
  queue_counts: 'counting the queues',
  comment_card: 'loading the comment',
  search_comments: 'searching',
  campaign_metrics: 'working out the figures',
  render_chart: 'drawing the chart',
  ledger_page: 'loading the ledger',
};

/** Commands running now (name → when each started), and the one long import if any. */
export const waiting = $state({ running: [] as { id: number; command: string; since: number }[], now: 0 });
let next = 0;

/** Call around every command: returns the function that marks it answered. Untracked: a
 *  command called from an $effect must not make that effect depend on this list (it would run
 *  again at every command's start and end, calling the command again). */
export function started(command: string): () => void {
  const id = next++;
  untrack(() => waiting.running.push({ id, command, since: Date.now() }));
  return () =>
    untrack(() => {
      const at = waiting.running.findIndex((r) => r.id === id);
      if (at >= 0) waiting.running.splice(at, 1);
    });
}

/** The sentence for the status bar, or '' when nothing quick is late at `now`. */
export function waitingText(running: { command: string; since: number }[], now: number): string {
  const late = running.find((r) => !OWN_PROGRESS.has(r.command) && now - r.since >= WAIT_NOTICE_MS);
  if (!late) return '';
  const doing = DOING[late.command] ?? 'answering';
  const importing = running.some((r) => r.command === 'import_comments' || r.command === 'import_donations');
  const why = importing ? ' — waiting for the import to finish writing' : '';
  return `Still ${doing}…${why}`;
}

/** The line for work that goes on in the background while the person works on ('' when none):
 *  a comment import's rows are hidden until the whole file is in, so the queues not moving
 *  yet is expected, and decisions made meanwhile land at once. */
export function backgroundText(running: { command: string }[]): string {
  return running.some((r) => r.command === 'import_comments')
    ? 'Importing comments in the background: they join the queues once the whole file is in'
    : '';
}
