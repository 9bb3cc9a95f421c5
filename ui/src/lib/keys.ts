// The moderation keyboard: one pure function from a key press and where it happened to what it
// means. The workspace listens on the window and only carries the result out.

/** What is on top: the list (with its card), the thread view, the dossier, or a dialog. */
export type Layer = 'list' | 'thread' | 'dossier' | 'help' | 'reason' | 'confirm';

/** What kind of element had the focus when the key was pressed. */
export type Target = 'text' | 'textarea' | 'select' | 'button' | 'none';

export type KeyContext = { layer: Layer; target: Target };

export type DecisionKey = 'approve' | 'reject' | 'spam' | 'flag' | 'trash';

export type KeyAction =
  | { type: 'move'; by: 1 | -1 }
  | { type: 'decide'; action: DecisionKey }
  | { type: 'thread' }
  | { type: 'card' }
  | { type: 'dossier' }
  | { type: 'close' }
  | { type: 'toggle' }
  | { type: 'select-all' }
  | { type: 'undo' }
  | { type: 'search' }
  | { type: 'help' }
  | { type: 'pick'; index: number }
  | { type: 'confirm' }
  /** Swallowed: the key must not reach the browser (a held Enter in a dialog). */
  | { type: 'ignore' };

/** The parts of a KeyboardEvent the mapping reads. */
export type KeyLike = {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  repeat?: boolean;
};

const DECISIONS: Record<string, DecisionKey> = {
  a: 'approve',
  r: 'reject',
  s: 'spam',
  f: 'flag',
  t: 'trash',
};

/** Every key, for the help overlay (`?`). */
export const KEYMAP: { keys: string; what: string }[] = [
  { keys: 'j  or  ↓', what: 'Next comment (loads the next page at the end of the list)' },
  { keys: 'k  or  ↑', what: 'Previous comment' },
  { keys: 'a', what: 'Approve' },
  { keys: 'r', what: 'Reject (choose a reason)' },
  { keys: 's', what: 'Mark as spam' },
  { keys: 'f', what: 'Flag (choose a reason)' },
  { keys: 't', what: 'Move to the trash' },
  { keys: 'Enter', what: 'Open the thread of the comment' },
  { keys: 'd', what: 'Open the author’s dossier' },
  { keys: 'o', what: 'Show the card (narrow window)' },
  { keys: 'x', what: 'Select or unselect the comment (Space too, on the list)' },
  { keys: 'Shift+X', what: 'Select every comment in this filter' },
  { keys: 'Ctrl+Z', what: 'Undo your last decision' },
  { keys: '/', what: 'Search' },
  { keys: 'Esc', what: 'Close the dialog, thread or dossier; clear the search or the selection' },
  { keys: '?', what: 'Show this list' },
  { keys: '1 – 9', what: 'In the reason dialog: choose that reason' },
  { keys: 'Enter', what: 'In a dialog: confirm' },
  { keys: 's', what: 'In “Changed on the site while you were away”: keep the site’s status' },
  { keys: 'm', what: 'In “Changed on the site while you were away”: send mine again' },
  { keys: 'Alt+1 … Alt+4', what: 'Moderation, Fundraising, Settings, Audit' },
];

/** Classifies the element a key press came from. */
export function targetKind(el: EventTarget | null): Target {
  if (typeof Element === 'undefined' || !(el instanceof Element)) return 'none';
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea') return 'textarea';
  if (tag === 'select') return 'select';
  if (tag === 'input') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return ['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type) ? 'button' : 'text';
  }
  if (tag === 'button') return 'button';
  if ((el as HTMLElement).isContentEditable) return 'text';
  return 'none';
}

/** What a key press means here, or null to let the browser have it. */
export function keyAction(event: KeyLike, ctx: KeyContext): KeyAction | null {
  const { layer, target } = ctx;
  const typing = target === 'text' || target === 'textarea' || target === 'select';
  const dialog = layer === 'reason' || layer === 'confirm';

  if (event.key === 'Escape') return { type: 'close' };
  if (event.altKey) return null; // Alt+1..4 belong to the window's views.

  // A held Enter must never confirm one dialog and then the next (reason, then bulk):
  // repeats are swallowed whatever has focus, buttons included.
  if (dialog && event.key === 'Enter' && event.repeat) return { type: 'ignore' };

  if (event.ctrlKey || event.metaKey) {
    if (dialog && event.key === 'Enter') return { type: 'confirm' };
    const undoable = layer === 'list' || layer === 'thread' || layer === 'dossier';
    if (undoable && !event.shiftKey && event.key.toLowerCase() === 'z' && !typing) {
      return event.repeat ? null : { type: 'undo' };
    }
    return null;
  }

  if (dialog) {
    if (event.key === 'Enter') {
      if (target === 'textarea' || target === 'button' || target === 'select') return null;
      return { type: 'confirm' };
    }
    if (layer === 'reason' && !typing) {
      if (/^[1-9]$/.test(event.key)) return { type: 'pick', index: Number(event.key) - 1 };
      if (event.key === 'ArrowDown' || event.key === 'j') return { type: 'move', by: 1 };
      if (event.key === 'ArrowUp' || event.key === 'k') return { type: 'move', by: -1 };
    }
    return null;
  }

  if (layer === 'help') return event.key === '?' ? { type: 'close' } : null;
  if (typing) return null;
  if (layer === 'dossier') return null;

  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === 'j' || key === 'ArrowDown') return { type: 'move', by: 1 };
  if (key === 'k' || key === 'ArrowUp') return { type: 'move', by: -1 };
  if (event.repeat) return null; // Holding a key moves; it never decides twice.
  if (event.key === '?') return { type: 'help' };
  if (key in DECISIONS) return { type: 'decide', action: DECISIONS[key] };
  if (layer === 'thread') return null;
  if (key === 'd') return { type: 'dossier' };

  if (key === 'Enter') return target === 'button' ? null : { type: 'thread' };
  if (key === 'x') return event.shiftKey ? { type: 'select-all' } : { type: 'toggle' };
  if (key === '/') return { type: 'search' };
  if (key === 'o') return { type: 'card' };
  return null;
}
