// Files dragged over and dropped on the window. The app catches the drop (the path stays in
// Rust); the page hears only the file's name and what it holds, and starts the import itself.
import { api } from './api';
import type { DropNotice } from './bindings';

export type DroppedFile = Extract<DropNotice, { kind: 'file' }>;

export const drops = $state({
  hovering: false,
  /** A dropped file waiting for the person to import it (or dismiss it). */
  waiting: null as DroppedFile | null,
  refused: null as Extract<DropNotice, { kind: 'refused' }> | null,
});

/** Applies one notice; returns true when a file now waits to be imported. */
export function apply(notice: DropNotice): boolean {
  switch (notice.kind) {
    case 'hover':
      drops.hovering = true;
      return false;
    case 'leave':
      drops.hovering = false;
      return false;
    case 'file':
      drops.hovering = false;
      drops.waiting = notice;
      drops.refused = null;
      return true;
    case 'refused':
      drops.hovering = false;
      drops.waiting = null;
      drops.refused = notice;
      return false;
  }
}

/** Starts listening; `onfile` runs when a file is dropped that can be imported. */
export function watchDrops(onfile: () => void): Promise<void> {
  return api.watchDrops((notice) => {
    if (apply(notice)) onfile();
  });
}
