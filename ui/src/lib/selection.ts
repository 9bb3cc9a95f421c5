// List navigation without the DOM: where the focus goes when rows leave or the list reloads,
// range selection, and whether a decided comment stays in the queue it was decided in.
import type { Decision, Queue } from './bindings';

/** The focus moved by `by` rows, kept inside the list; -1 for an empty list. */
export function moveFocus(index: number, by: number, length: number): number {
  if (length <= 0) return -1;
  if (index < 0) return by > 0 ? 0 : length - 1;
  return Math.max(0, Math.min(length - 1, index + by));
}

/**
 * Drops the `removed` rows and keeps the place: the focused row if it stays, otherwise the row
 * that followed it (the last row when it was at the end), -1 when nothing is left.
 */
export function afterRemoval<T extends { id: string }>(
  items: T[],
  focus: number,
  removed: ReadonlySet<string>,
): { items: T[]; focus: number } {
  const kept = items.filter((item) => !removed.has(item.id));
  if (kept.length === 0) return { items: kept, focus: -1 };
  const before = items.slice(0, Math.max(0, focus)).filter((item) => !removed.has(item.id)).length;
  return { items: kept, focus: Math.min(before, kept.length - 1) };
}

/** The rows with each id once (the first kept), so a keyed list never sees a repeat. */
export function uniqueById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

/** After a reload: the row with `id` if it is still there, otherwise the same position. */
export function focusAfterReload(items: { id: string }[], id: string | null, index: number): number {
  if (items.length === 0) return -1;
  if (id !== null) {
    const found = items.findIndex((item) => item.id === id);
    if (found >= 0) return found;
  }
  return Math.max(0, Math.min(index, items.length - 1));
}

/** The ids from `anchor` to `index`, both included, in list order. */
export function rangeIds(items: { id: string }[], anchor: number, index: number): string[] {
  if (items.length === 0) return [];
  const from = Math.max(0, Math.min(anchor < 0 ? index : anchor, index));
  const to = Math.min(items.length - 1, Math.max(anchor < 0 ? index : anchor, index));
  return items.slice(from, to + 1).map((item) => item.id);
}

/** A new selection with the range from `anchor` to `index` added. */
export function selectRange(
  selected: ReadonlySet<string>,
  items: { id: string }[],
  anchor: number,
  index: number,
): Set<string> {
  const out = new Set(selected);
  for (const id of rangeIds(items, anchor, index)) out.add(id);
  return out;
}

/** A new selection with `id` switched. */
export function toggle(selected: ReadonlySet<string>, id: string): Set<string> {
  const out = new Set(selected);
  if (out.has(id)) out.delete(id);
  else out.add(id);
  return out;
}

/** Only the selected ids still in the list. */
export function keepPresent(selected: ReadonlySet<string>, items: { id: string }[]): Set<string> {
  const present = new Set(items.map((item) => item.id));
  return new Set([...selected].filter((id) => present.has(id)));
}

/**
 * Whether a comment that `action` changed is still in `queue` (a flag leaves the status as it
 * was; every other decision settles open flags, so it leaves Flagged).
 */
export function staysInQueue(queue: Queue, action: Decision['action']): boolean {
  switch (action) {
    case 'flag':
      return true;
    case 'approve':
      return queue === 'approved';
    case 'reject':
      return queue === 'rejected';
    case 'spam':
      return queue === 'spam';
    case 'trash':
      return queue === 'trash';
    case 'restore':
      return false;
  }
}

const QUESTION: Record<Decision['action'], (n: string) => string> = {
  approve: (n) => `Approve ${n}?`,
  reject: (n) => `Reject ${n}?`,
  spam: (n) => `Mark ${n} as spam?`,
  flag: (n) => `Flag ${n}?`,
  trash: (n) => `Move ${n} to the trash?`,
  restore: (n) => `Restore ${n}?`,
};

export function comments(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'comment' : 'comments'}`;
}

/** The bulk confirmation, with the exact count: "Reject 37 comments?" */
export function confirmQuestion(action: Decision['action'], n: number): string {
  return QUESTION[action](comments(n));
}
