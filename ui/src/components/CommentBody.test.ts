import { cleanup, render } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import CommentBody from './CommentBody.svelte';

afterEach(cleanup);

describe('CommentBody', () => {
  it('renders markup in a comment as text, creating no elements', () => {
    const body = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><b>bold</b>';
    const { getByTestId } = render(CommentBody, { body });
    const node = getByTestId('comment-body');
    expect(node.textContent).toBe(body);
    expect(node.querySelector('img, script, b')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows hidden characters as markers and keeps the original in data-raw', () => {
    const { getByTestId } = render(CommentBody, { body: 'a\u200bb' });
    const node = getByTestId('comment-body');
    const marker = node.querySelector('.hidden-char') as HTMLElement;
    expect(marker.textContent).toBe('⟨200B⟩');
    expect(marker.dataset.raw).toBe('\u200b');
    expect(marker.getAttribute('title')).toBe('U+200B ZERO WIDTH SPACE');
    const rebuilt = Array.from(node.childNodes)
      .map((n) => {
        if (n.nodeType === Node.TEXT_NODE) return (n as Text).data;
        if (n.nodeType === Node.ELEMENT_NODE) return (n as HTMLElement).dataset.raw ?? '';
        return ''; // Svelte's anchor comments
      })
      .join('');
    expect(rebuilt).toBe('a\u200bb');
  });

  it('lets the browser pick the direction of mixed scripts', () => {
    const { getByTestId } = render(CommentBody, { body: 'שלום hello' });
    expect(getByTestId('comment-body').getAttribute('dir')).toBe('auto');
  });
});
