import { cleanup, render } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import VisibleText from './VisibleText.svelte';

afterEach(cleanup);

/** What the end-to-end tests read back: text nodes, and data-raw for every marker. */
function raw(el: Element): string {
  return Array.from(el.childNodes)
    .map((n) => {
      if (n.nodeType === Node.TEXT_NODE) return (n as Text).data;
      if (n.nodeType === Node.ELEMENT_NODE) return (n as HTMLElement).dataset.raw ?? '<<unexpected element>>';
      return '';
    })
    .join('');
}

describe('VisibleText', () => {
  it('marks invisible characters in a name and keeps the name exact', () => {
    const name = 'ad\u200bmin\u202e' + String.fromCodePoint(0xe0041);
    const { getByTestId } = render(VisibleText, { text: name, testid: 'who' });
    const node = getByTestId('who');
    const markers = Array.from(node.querySelectorAll('.hidden-char')) as HTMLElement[];
    expect(markers.map((m) => m.dataset.marker)).toEqual(['⟨200B⟩', '⟨202E⟩', '⟨E0041⟩']);
    expect(markers.map((m) => m.dataset.raw)).toEqual(['\u200b', '\u202e', String.fromCodePoint(0xe0041)]);
    expect(markers[1].getAttribute('title')).toBe('U+202E RIGHT-TO-LEFT OVERRIDE');
    expect(node.textContent).toBe(name);
    expect(raw(node)).toBe(name);
    expect(node.getAttribute('dir')).toBe('auto');
  });

  it('renders markup as text', () => {
    const title = '<img src=x onerror="window.__pwned=1">Hostile';
    const { getByTestId } = render(VisibleText, { text: title, testid: 't' });
    const node = getByTestId('t');
    expect(node.textContent).toBe(title);
    expect(node.querySelector('img')).toBeNull();
    expect(node.children.length).toBe(0);
  });
});
