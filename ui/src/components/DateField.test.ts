import { cleanup, fireEvent, render } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import DateField from './DateField.svelte';
import DateFieldHarness from './DateFieldHarness.svelte';
import Queues from './Queues.svelte';
import type { QueueFilter } from '../lib/bindings';

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

type View = { getByTestId: (id: string) => HTMLElement; queryByTestId: (id: string) => HTMLElement | null };
const field = (view: View) => view.getByTestId('day') as HTMLInputElement;
const bound = (view: View) => view.getByTestId('bound').textContent;
const error = (view: View) => view.queryByTestId('day-error');

async function type(view: View, text: string) {
  await fireEvent.input(field(view), { target: { value: text } });
}
async function leave(view: View) {
  await fireEvent.change(field(view));
}

describe('a date field', () => {
  it('is a labelled text field with the newsroom’s format as its placeholder, not the machine’s date input', () => {
    const view = render(DateFieldHarness, { onsubmit: () => {} });
    const input = view.getByLabelText('Received on') as HTMLInputElement;
    expect(input).toBe(field(view));
    expect(input.type).toBe('text');
    expect(input.placeholder).toBe('YYYY-MM-DD');
    expect(input.getAttribute('aria-invalid')).toBeNull();
    const hint = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe('Write the date as YYYY-MM-DD, for example 2026-11-27.');
  });

  it('shows the parent’s day in the newsroom format', () => {
    const view = render(DateFieldHarness, { initial: '2026-03-05', onsubmit: () => {} });
    expect(field(view).value).toBe('2026-03-05');
    expect(bound(view)).toBe('2026-03-05');
  });

  it('gives the parent the day as YYYY-MM-DD as soon as it is one, and writes it out when left', async () => {
    const view = render(DateFieldHarness, { onsubmit: () => {} });
    await type(view, '2026-3-5');
    expect(bound(view)).toBe('2026-03-05');
    expect(field(view).value).toBe('2026-3-5');
    await leave(view);
    expect(field(view).value).toBe('2026-03-05');

    await type(view, '27 Nov 2026');
    expect(bound(view)).toBe('2026-11-27');
    await leave(view);
    expect(field(view).value).toBe('2026-11-27');
    expect(error(view)).toBeNull();
  });

  it('keeps what was typed when it is not a date, says why, and gives the parent no day', async () => {
    const view = render(DateFieldHarness, { initial: '2026-03-05', onsubmit: () => {} });
    await type(view, '2026-02-31');
    // Not while typing: the message waits until the field is left.
    expect(error(view)).toBeNull();
    expect(bound(view)).toBe('');
    await leave(view);

    const input = field(view);
    expect(input.value).toBe('2026-02-31');
    expect(error(view)?.textContent).toBe('There is no day 31 in February 2026: it has 28 days.');
    expect(error(view)?.getAttribute('role')).toBe('alert');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(error(view)?.id);
    expect(input.validity.customError).toBe(true);

    // The message follows the typing, and goes once the text is a date.
    await type(view, '03/05/2026');
    expect(error(view)?.textContent).toMatch(/^“03\/05\/2026” could be 5 March or 3 May/);
    await type(view, '2026-02-28');
    expect(error(view)).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(input.validity.valid).toBe(true);
    expect(bound(view)).toBe('2026-02-28');
  });

  it('holds its form back while the text is not a date, and sends the day once it is', async () => {
    const onsubmit = vi.fn();
    const view = render(DateFieldHarness, { initial: '2026-03-05', required: true, onsubmit });
    const form = field(view).form!;
    await type(view, '31/02/2026');
    form.requestSubmit();
    await tick();
    expect(onsubmit).not.toHaveBeenCalled();
    expect(error(view)?.textContent).toMatch(/^“31\/02\/2026” is not a date this field can read/);
    expect(field(view).value).toBe('31/02/2026');

    await type(view, '');
    expect(error(view)).toBeNull();
    form.requestSubmit();
    await tick();
    expect(onsubmit).not.toHaveBeenCalled();
    expect(error(view)?.textContent).toBe(
      'Received on: a date is needed. Write the date as YYYY-MM-DD, for example 2026-11-27.',
    );

    await type(view, '2026-02-28');
    form.requestSubmit();
    await tick();
    expect(onsubmit).toHaveBeenCalledWith('2026-02-28');
  });

  it('takes a new day from the parent over what was typed', async () => {
    const view = render(DateFieldHarness, { onsubmit: () => {} });
    await type(view, 'next week');
    await leave(view);
    expect(error(view)).not.toBeNull();
    await fireEvent.click(view.getByTestId('reset'));
    expect(field(view).value).toBe('2025-12-31');
    expect(error(view)).toBeNull();
    expect(field(view).validity.valid).toBe(true);
  });

  it('reports a changed day to onchange when left, once, and no day for a text that is not one', async () => {
    const onchange = vi.fn();
    const view = render(DateField, { label: 'From day', value: '', onchange, testid: 'day' });
    await type(view, '2026-03-05');
    expect(onchange).not.toHaveBeenCalled();
    await leave(view);
    expect(onchange).toHaveBeenLastCalledWith('2026-03-05');
    await leave(view);
    expect(onchange).toHaveBeenCalledTimes(1);

    await type(view, '2026-03-5');
    await leave(view);
    expect(onchange).toHaveBeenCalledTimes(1);
    expect(field(view).value).toBe('2026-03-05');

    await type(view, '2026-03-32');
    await leave(view);
    expect(onchange).toHaveBeenLastCalledWith('');
    expect(field(view).value).toBe('2026-03-32');

    await type(view, '');
    await leave(view);
    expect(onchange).toHaveBeenCalledTimes(2);
    expect(error(view)).toBeNull();
  });
});

describe('the day filters of the queues', () => {
  const filter: QueueFilter = { article_id: null, author_id: null, reason: null, from_day: '2026-01-10', to_day: null };

  it('show the filter’s days in the newsroom format and send what is typed as YYYY-MM-DD', async () => {
    const onfilter = vi.fn();
    const view = render(Queues, {
      queue: 'pending',
      counts: null,
      filter,
      sort: 'newest',
      articles: [],
      reasons: [],
      authorName: null,
      onqueue: () => {},
      onfilter,
      onsort: () => {},
    });
    const from = view.getByLabelText('From day') as HTMLInputElement;
    const to = view.getByLabelText('To day') as HTMLInputElement;
    expect(from.value).toBe('2026-01-10');
    expect(to.placeholder).toBe('YYYY-MM-DD');

    await fireEvent.input(to, { target: { value: '5 Mar 2026' } });
    await fireEvent.change(to);
    expect(onfilter).toHaveBeenLastCalledWith({ to_day: '2026-03-05' });
    expect(to.value).toBe('2026-03-05');

    await fireEvent.input(from, { target: { value: '2026-01-32' } });
    await fireEvent.change(from);
    expect(onfilter).toHaveBeenLastCalledWith({ from_day: null });
    expect(view.getByTestId('filter-from-error').textContent).toBe('There is no day 32 in January 2026: it has 31 days.');
  });
});

describe('the window', () => {
  it('has no date input left: every day is a DateField', () => {
    const sources = import.meta.glob<string>('./*.svelte', { query: '?raw', import: 'default', eager: true });
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    const offenders = Object.keys(sources).filter((name) => /type=["']?date/.test(sources[name]));
    expect(offenders).toEqual([]);
  });
});
