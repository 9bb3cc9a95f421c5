// Plain words for the enum values the window shows.
import type { Action, Queue, Role, Sort, Status, Trust } from './bindings';

export const STATUS_LABEL: Record<Status, string> = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  spam: 'Spam',
  trash: 'Trash',
};

/** The queues, in the order the workspace lists them. */
export const QUEUES: { id: Queue; label: string }[] = [
  { id: 'pending', label: 'Pending' },
  { id: 'flagged', label: 'Flagged' },
  { id: 'approved', label: 'Approved' },
  { id: 'rejected', label: 'Rejected' },
  { id: 'spam', label: 'Spam' },
  { id: 'trash', label: 'Trash' },
];

export const SORTS: { id: Sort; label: string }[] = [
  { id: 'newest', label: 'Newest first' },
  { id: 'oldest', label: 'Oldest first' },
  { id: 'priority', label: 'Priority' },
];

export const TRUST_LABEL: Record<Trust, string> = {
  normal: 'Normal',
  trusted: 'Trusted',
  premod: 'Premoderated',
  banned: 'Banned',
};

export const ROLES: { id: Role; label: string }[] = [
  { id: 'admin', label: 'Admin' },
  { id: 'moderator', label: 'Moderator' },
  { id: 'editor', label: 'Editor' },
];

export const ROLE_LABEL: Record<Role, string> = { admin: 'Admin', moderator: 'Moderator', editor: 'Editor' };

export const ACTIONS: { id: Action; label: string }[] = [
  { id: 'approve', label: 'Approve' },
  { id: 'reject', label: 'Reject' },
  { id: 'spam', label: 'Spam' },
  { id: 'trash', label: 'Trash' },
  { id: 'restore', label: 'Restore' },
  { id: 'pending', label: 'Back to pending' },
  { id: 'flag', label: 'Flag' },
  { id: 'undo', label: 'Undo' },
];

/** Import and export formats, as people know them. */
export const FORMAT_LABEL: Record<string, string> = {
  wxr: 'WordPress export (WXR)',
  disqus: 'Disqus export',
  csv: 'CSV',
  json: 'JSON',
};

/** A count with its word, in the right number: "1 comment", "2 comments", "1,204 records". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
