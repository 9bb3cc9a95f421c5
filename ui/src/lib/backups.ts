// Plain words for backups: why one was made, how big it is, what it holds, what a restore did.
import type { BackupInfo, RestoreSummary, Rotation } from './api';
import { plural } from './sync.svelte';

export const REASON_LABEL: Record<string, string> = {
  daily: 'Daily',
  manual: 'Made by hand',
  'before-import': 'Before an import',
  'before-sync': 'Before a site’s first sync',
  'before-restore': 'Before a restore',
};

export function reasonLabel(reason: string): string {
  return REASON_LABEL[reason] ?? reason;
}

const oneDecimal = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "0.5 KB", "812.3 KB", "14.2 MB". */
export function sizeText(bytes: number): string {
  const kb = bytes / 1024;
  return kb < 1024 ? `${oneDecimal(kb)} KB` : `${oneDecimal(kb / 1024)} MB`;
}

type Holdings = Pick<BackupInfo, 'comments' | 'decisions' | 'donations'>;

/** "1,234 comments · 56 decisions · 7 donations" (or joined by `separator`). */
export function holdsText(h: Holdings, separator = ' · '): string {
  return [plural(h.comments, 'comment'), plural(h.decisions, 'decision'), plural(h.donations, 'donation')].join(separator);
}

/** The last part of a path, whichever separator it uses. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** The folder a backup sits in, from its path. */
export function folderOf(backup: BackupInfo): string {
  return backup.path.endsWith(backup.file_name)
    ? backup.path.slice(0, backup.path.length - backup.file_name.length).replace(/[\\/]$/, '')
    : backup.path;
}

/** "everything from the last day, then one a day for 7 days, one a week for 4 weeks, one a month for 12 months". */
export function keptText(r: Rotation): string {
  const parts = [`one a day for ${plural(r.daily, 'day')}`];
  if (r.weekly > 0) parts.push(`one a week for ${plural(r.weekly, 'week')}`);
  if (r.monthly > 0) parts.push(`one a month for ${plural(r.monthly, 'month')}`);
  return `everything from the last day, then ${parts.join(', ')}`;
}

/** What a restore brought back: "Restored the backup from 4 Dec 2026, 19:15: 1,234 comments, …".
 * `when` names the backup if known, else its file name. */
export function restoredText(summary: RestoreSummary, when: string | null): string {
  const from = when ? `the backup from ${when}` : baseName(summary.restored_from);
  return `Restored ${from}: ${holdsText(summary, ', ')}.`;
}

/** After a restore every view must show the restored newsroom: reload the whole window. */
export function reloadSoon(ms = 1500): void {
  setTimeout(() => window.location.reload(), ms);
}
