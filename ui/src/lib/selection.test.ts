import { describe, expect, it } from 'vitest';
import {
  afterRemoval,
  confirmQuestion,
  focusAfterReload,
  keepPresent,
  moveFocus,
  rangeIds,
  selectRange,
  staysInQueue,
  toggle,
  uniqueById,
} from './selection';

const rows = (...ids: string[]) => ids.map((id) => ({ id }));

describe('moveFocus', () => {
  it('stays inside the list', () => {
    expect(moveFocus(0, -1, 3)).toBe(0);
    expect(moveFocus(2, 1, 3)).toBe(2);
    expect(moveFocus(1, 1, 3)).toBe(2);
    expect(moveFocus(-1, 1, 3)).toBe(0);
    expect(moveFocus(-1, -1, 3)).toBe(2);
    expect(moveFocus(0, 1, 0)).toBe(-1);
  });
});

describe('afterRemoval', () => {
  it('focuses the next row when the focused one leaves', () => {
    const { items, focus } = afterRemoval(rows('a', 'b', 'c', 'd'), 1, new Set(['b']));
    expect(items.map((i) => i.id)).toEqual(['a', 'c', 'd']);
    expect(items[focus].id).toBe('c');
  });

  it('focuses the new last row when the last one leaves', () => {
    const { items, focus } = afterRemoval(rows('a', 'b', 'c'), 2, new Set(['c']));
    expect(items[focus].id).toBe('b');
  });

  it('keeps the focused row when others leave around it', () => {
    const { items, focus } = afterRemoval(rows('a', 'b', 'c', 'd', 'e'), 2, new Set(['a', 'b', 'e']));
    expect(items.map((i) => i.id)).toEqual(['c', 'd']);
    expect(items[focus].id).toBe('c');
  });

  it('skips a run of leaving rows to the next that stays', () => {
    const { items, focus } = afterRemoval(rows('a', 'b', 'c', 'd', 'e'), 1, new Set(['b', 'c', 'd']));
    expect(items[focus].id).toBe('e');
  });

  it('says -1 when the list empties', () => {
    expect(afterRemoval(rows('a'), 0, new Set(['a']))).toEqual({ items: [], focus: -1 });
  });
});

describe('focusAfterReload', () => {
  it('finds the same comment, or keeps the position', () => {
    expect(focusAfterReload(rows('x', 'a', 'b'), 'a', 0)).toBe(1);
    expect(focusAfterReload(rows('x', 'y'), 'gone', 5)).toBe(1);
    expect(focusAfterReload(rows('x', 'y'), null, 0)).toBe(0);
    expect(focusAfterReload([], 'a', 3)).toBe(-1);
  });
});

describe('range selection', () => {
  it('takes both ends in either direction', () => {
    const items = rows('a', 'b', 'c', 'd', 'e');
    expect(rangeIds(items, 1, 3)).toEqual(['b', 'c', 'd']);
    expect(rangeIds(items, 3, 1)).toEqual(['b', 'c', 'd']);
    expect(rangeIds(items, -1, 2)).toEqual(['c']);
    expect([...selectRange(new Set(['a']), items, 3, 4)].sort()).toEqual(['a', 'd', 'e']);
  });

  it('toggles one and forgets rows that left', () => {
    expect([...toggle(new Set(['a']), 'b')].sort()).toEqual(['a', 'b']);
    expect([...toggle(new Set(['a', 'b']), 'a')]).toEqual(['b']);
    expect([...keepPresent(new Set(['a', 'z']), rows('a', 'b'))]).toEqual(['a']);
  });
});

describe('staysInQueue', () => {
  it('knows where each decision sends a comment', () => {
    expect(staysInQueue('pending', 'approve')).toBe(false);
    expect(staysInQueue('pending', 'flag')).toBe(true);
    expect(staysInQueue('flagged', 'approve')).toBe(false);
    expect(staysInQueue('flagged', 'flag')).toBe(true);
    expect(staysInQueue('approved', 'approve')).toBe(true);
    expect(staysInQueue('rejected', 'reject')).toBe(true);
    expect(staysInQueue('rejected', 'restore')).toBe(false);
    expect(staysInQueue('spam', 'trash')).toBe(false);
    expect(staysInQueue('trash', 'trash')).toBe(true);
  });
});

describe('confirmQuestion', () => {
  it('states exactly how many comments will change', () => {
    expect(confirmQuestion('reject', 37)).toBe('Reject 37 comments?');
    expect(confirmQuestion('approve', 1)).toBe('Approve 1 comment?');
    expect(confirmQuestion('spam', 2)).toBe('Mark 2 comments as spam?');
    expect(confirmQuestion('trash', 1200)).toBe('Move 1,200 comments to the trash?');
  });
});

describe('uniqueById', () => {
  it('keeps the first of each id, in order', () => {
    expect(uniqueById(rows('a', 'b', 'a', 'c', 'b')).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
