import { cleanup, render } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import CommentBody from './CommentBody.svelte';

afterEach(cleanup);

describe('CommentBody', () => {
  it('marks the words the rules matched, by UTF-16 offsets, and keeps markup as text', () => {
    const body = 'Ти дурень <b>x</b> 😀 idiot';
    // "дурень" is 3..9; after the emoji (2 UTF-16 units) "idiot" is 22..27.
    const view = render(CommentBody, { body, marks: [[3, 9], [22, 27]] });
    const marks = view.getAllByTestId('rule-match').map((m) => m.textContent);
    expect(marks).toEqual(['дурень', 'idiot']);
    const p = view.getByTestId('comment-body');
    expect(p.textContent).toBe(body);
    expect(p.querySelector('b')).toBeNull();
  });

  it('shows the body unmarked without marks', () => {
    const view = render(CommentBody, { body: 'plain text' });
    expect(view.queryAllByTestId('rule-match')).toHaveLength(0);
    expect(view.getByTestId('comment-body').textContent).toBe('plain text');
  });
});
