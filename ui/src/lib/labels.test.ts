import { describe, expect, it } from 'vitest';
import { plural } from './labels';

describe('plural', () => {
  it('says one thing in the singular and any other count in the plural', () => {
    expect(plural(1, 'comment')).toBe('1 comment');
    expect(plural(0, 'comment')).toBe('0 comments');
    expect(plural(2, 'record')).toBe('2 records');
    expect(plural(1204, 'record')).toBe('1,204 records');
    expect(plural(1, 'reply', 'replies')).toBe('1 reply');
    expect(plural(3, 'reply', 'replies')).toBe('3 replies');
  });
});
