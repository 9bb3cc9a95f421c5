import { describe, expect, it } from 'vitest';
import { KEYMAP, keyAction, targetKind, type KeyContext } from './keys';

const list: KeyContext = { layer: 'list', target: 'none' };
const thread: KeyContext = { layer: 'thread', target: 'none' };

describe('keyAction in the list', () => {
  it('moves with j/k and the arrows, also while held down', () => {
    expect(keyAction({ key: 'j' }, list)).toEqual({ type: 'move', by: 1 });
    expect(keyAction({ key: 'k' }, list)).toEqual({ type: 'move', by: -1 });
    expect(keyAction({ key: 'ArrowDown' }, list)).toEqual({ type: 'move', by: 1 });
    expect(keyAction({ key: 'ArrowUp' }, list)).toEqual({ type: 'move', by: -1 });
    expect(keyAction({ key: 'j', repeat: true }, list)).toEqual({ type: 'move', by: 1 });
  });

  it('decides with a r s f t, never on a held key', () => {
    expect(keyAction({ key: 'a' }, list)).toEqual({ type: 'decide', action: 'approve' });
    expect(keyAction({ key: 'r' }, list)).toEqual({ type: 'decide', action: 'reject' });
    expect(keyAction({ key: 's' }, list)).toEqual({ type: 'decide', action: 'spam' });
    expect(keyAction({ key: 'f' }, list)).toEqual({ type: 'decide', action: 'flag' });
    expect(keyAction({ key: 't' }, list)).toEqual({ type: 'decide', action: 'trash' });
    expect(keyAction({ key: 'A' }, list)).toEqual({ type: 'decide', action: 'approve' }); // caps lock
    expect(keyAction({ key: 'a', repeat: true }, list)).toBeNull();
  });

  it('selects with x and everything with Shift+X', () => {
    expect(keyAction({ key: 'x' }, list)).toEqual({ type: 'toggle' });
    expect(keyAction({ key: 'X', shiftKey: true }, list)).toEqual({ type: 'select-all' });
    expect(keyAction({ key: 'X' }, list)).toEqual({ type: 'toggle' }); // caps lock, no shift
  });

  it('opens the thread, search, help, card and dossier', () => {
    expect(keyAction({ key: 'Enter' }, list)).toEqual({ type: 'thread' });
    expect(keyAction({ key: '/' }, list)).toEqual({ type: 'search' });
    expect(keyAction({ key: '?', shiftKey: true }, list)).toEqual({ type: 'help' });
    expect(keyAction({ key: 'o' }, list)).toEqual({ type: 'card' });
    expect(keyAction({ key: 'd' }, list)).toEqual({ type: 'dossier' });
  });

  it('leaves Enter on a button to the button', () => {
    expect(keyAction({ key: 'Enter' }, { layer: 'list', target: 'button' })).toBeNull();
    expect(keyAction({ key: 'a' }, { layer: 'list', target: 'button' })).toEqual({ type: 'decide', action: 'approve' });
  });

  it('undoes with Ctrl+Z or Cmd+Z, but not Ctrl+Shift+Z', () => {
    expect(keyAction({ key: 'z', ctrlKey: true }, list)).toEqual({ type: 'undo' });
    expect(keyAction({ key: 'z', metaKey: true }, list)).toEqual({ type: 'undo' });
    expect(keyAction({ key: 'Z', ctrlKey: true, shiftKey: true }, list)).toBeNull();
    expect(keyAction({ key: 'z', ctrlKey: true, repeat: true }, list)).toBeNull();
    expect(keyAction({ key: 'a', ctrlKey: true }, list)).toBeNull();
  });

  it('leaves Alt to the window views and unknown keys alone', () => {
    expect(keyAction({ key: '1', altKey: true }, list)).toBeNull();
    expect(keyAction({ key: 'q' }, list)).toBeNull();
    expect(keyAction({ key: ' ' }, list)).toBeNull();
  });
});

describe('keyAction while typing', () => {
  it('ignores every key but Esc in inputs, textareas and selects', () => {
    for (const target of ['text', 'textarea', 'select'] as const) {
      const ctx: KeyContext = { layer: 'list', target };
      for (const key of ['a', 'r', 'j', 'x', '/', '?', 'Enter']) {
        expect(keyAction({ key }, ctx), `${key} in ${target}`).toBeNull();
      }
      expect(keyAction({ key: 'z', ctrlKey: true }, ctx)).toBeNull(); // the field's own undo
      expect(keyAction({ key: 'Escape' }, ctx)).toEqual({ type: 'close' });
    }
  });
});

describe('keyAction in the thread view', () => {
  it('moves and decides on the thread, closes with Esc', () => {
    expect(keyAction({ key: 'j' }, thread)).toEqual({ type: 'move', by: 1 });
    expect(keyAction({ key: 'r' }, thread)).toEqual({ type: 'decide', action: 'reject' });
    expect(keyAction({ key: 'Escape' }, thread)).toEqual({ type: 'close' });
    expect(keyAction({ key: 'z', ctrlKey: true }, thread)).toEqual({ type: 'undo' });
  });

  it('has no selection, search or nested thread', () => {
    expect(keyAction({ key: 'x' }, thread)).toBeNull();
    expect(keyAction({ key: 'X', shiftKey: true }, thread)).toBeNull();
    expect(keyAction({ key: '/' }, thread)).toBeNull();
    expect(keyAction({ key: 'Enter' }, thread)).toBeNull();
    expect(keyAction({ key: 'd' }, thread)).toBeNull();
  });
});

describe('keyAction in dialogs and overlays', () => {
  const reason: KeyContext = { layer: 'reason', target: 'none' };
  const confirm: KeyContext = { layer: 'confirm', target: 'none' };

  it('picks a reason with 1-9 and moves the highlight', () => {
    expect(keyAction({ key: '1' }, reason)).toEqual({ type: 'pick', index: 0 });
    expect(keyAction({ key: '9' }, reason)).toEqual({ type: 'pick', index: 8 });
    expect(keyAction({ key: '0' }, reason)).toBeNull();
    expect(keyAction({ key: 'ArrowDown' }, reason)).toEqual({ type: 'move', by: 1 });
    expect(keyAction({ key: '3' }, { layer: 'reason', target: 'textarea' })).toBeNull();
  });

  it('confirms with Enter, with Ctrl+Enter from the note, and cancels with Esc', () => {
    expect(keyAction({ key: 'Enter' }, reason)).toEqual({ type: 'confirm' });
    expect(keyAction({ key: 'Enter' }, confirm)).toEqual({ type: 'confirm' });
    expect(keyAction({ key: 'Enter' }, { layer: 'reason', target: 'text' })).toEqual({ type: 'confirm' });
    expect(keyAction({ key: 'Enter' }, { layer: 'reason', target: 'textarea' })).toBeNull();
    expect(keyAction({ key: 'Enter', ctrlKey: true }, { layer: 'reason', target: 'textarea' })).toEqual({ type: 'confirm' });
    expect(keyAction({ key: 'Enter' }, { layer: 'confirm', target: 'button' })).toBeNull(); // the button clicks itself
    expect(keyAction({ key: 'Escape' }, confirm)).toEqual({ type: 'close' });
  });

  it('does not decide underneath a dialog', () => {
    for (const layer of ['reason', 'confirm', 'help', 'dossier'] as const) {
      expect(keyAction({ key: 'a' }, { layer, target: 'none' }), layer).toBeNull();
      expect(keyAction({ key: 't' }, { layer, target: 'none' }), layer).toBeNull();
    }
    for (const layer of ['confirm', 'help', 'dossier'] as const) {
      expect(keyAction({ key: 'j' }, { layer, target: 'none' }), layer).toBeNull();
    }
  });

  it('closes help with ? or Esc', () => {
    expect(keyAction({ key: '?' }, { layer: 'help', target: 'none' })).toEqual({ type: 'close' });
    expect(keyAction({ key: 'Escape' }, { layer: 'help', target: 'none' })).toEqual({ type: 'close' });
  });

  it('undoes from the dossier', () => {
    expect(keyAction({ key: 'z', ctrlKey: true }, { layer: 'dossier', target: 'button' })).toEqual({ type: 'undo' });
  });
});

describe('targetKind', () => {
  it('tells typing fields from buttons', () => {
    const make = (html: string) => {
      const div = document.createElement('div');
      div.innerHTML = html;
      return div.firstElementChild;
    };
    expect(targetKind(make('<input type="search">'))).toBe('text');
    expect(targetKind(make('<input type="date">'))).toBe('text');
    expect(targetKind(make('<input type="checkbox">'))).toBe('button');
    expect(targetKind(make('<textarea></textarea>'))).toBe('textarea');
    expect(targetKind(make('<select></select>'))).toBe('select');
    expect(targetKind(make('<button>x</button>'))).toBe('button');
    expect(targetKind(make('<div tabindex="0"></div>'))).toBe('none');
    expect(targetKind(null)).toBe('none');
  });
});

describe('KEYMAP', () => {
  it('lists every key the workspace answers to', () => {
    const listed = KEYMAP.map((k) => k.keys).join(' ');
    for (const key of ['j', 'k', 'a', 'r', 's', 'f', 't', 'Enter', 'Esc', 'x', 'Shift+X', 'Ctrl+Z', '/', '?', '1 – 9', 'd', 'o']) {
      expect(listed).toContain(key);
    }
  });
});

describe('held keys in dialogs', () => {
  it('swallows a repeated Enter on any target, buttons included', () => {
    for (const layer of ['reason', 'confirm'] as const) {
      for (const target of ['button', 'textarea', 'none'] as const) {
        expect(keyAction({ key: 'Enter', repeat: true }, { layer, target })).toEqual({ type: 'ignore' });
        expect(keyAction({ key: 'Enter', repeat: true, ctrlKey: true }, { layer, target })).toEqual({
          type: 'ignore',
        });
      }
    }
  });
});

describe('held selection keys', () => {
  it('does not flip the selection while x is held', () => {
    expect(keyAction({ key: 'x' }, { layer: 'list', target: 'none' })).toEqual({ type: 'toggle' });
    expect(keyAction({ key: 'x', repeat: true }, { layer: 'list', target: 'none' })).toBeNull();
  });
});
