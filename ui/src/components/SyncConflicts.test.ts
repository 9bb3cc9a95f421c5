import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboxView } from '../lib/bindings';

const mock = vi.hoisted(() => ({
  siteOutbox: vi.fn(),
  settleConflict: vi.fn(),
  retryOutbox: vi.fn(),
  syncOverview: vi.fn(),
}));

vi.mock('../lib/api', async (original) => ({ ...(await original<typeof import('../lib/api')>()), api: mock }));

import { status } from '../lib/status.svelte';
import { sync } from '../lib/sync.svelte';
import SyncConflicts from './SyncConflicts.svelte';
import SyncFailed from './SyncFailed.svelte';

function entry(n: number, extra: Partial<OutboxView> = {}): OutboxView {
  return {
    seq: n,
    comment_id: `c${n}`,
    author_name: `Reader ${n}`,
    excerpt: `<img src=x onerror=alert(${n})> comment ${n}`,
    want: 'approved',
    status: 'spam',
    site_now: 'spam',
    state: 'conflict',
    error_code: null,
    error: null,
    attempts: 1,
    decided: '4 Dec 2026, 09:00',
    ...extra,
  };
}

let conflicts: OutboxView[];

beforeEach(() => {
  conflicts = [entry(1), entry(2, { want: 'trash', site_now: 'approved' })];
  mock.siteOutbox.mockImplementation(async (state: string) => (state === 'conflict' ? conflicts : []));
  mock.settleConflict.mockImplementation(async (id: string) => {
    conflicts = conflicts.filter((c) => c.comment_id !== id);
    return "kept the site's status";
  });
  mock.syncOverview.mockResolvedValue({ sites: 1, waiting: 0, failed: 0, conflicts: 0 });
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const rows = (view: { container: HTMLElement }) => Array.from(view.container.querySelectorAll<HTMLElement>('li.conflict'));

describe('Changed on the site while you were away', () => {
  it('is not there without conflicts', async () => {
    conflicts = [];
    const view = render(SyncConflicts, {});
    await waitFor(() => expect(mock.siteOutbox).toHaveBeenCalledWith('conflict'));
    expect(view.container.querySelector('#conflicts')).toBeNull();
  });

  it('lists each conflict with what you wanted and what the site has, as text', async () => {
    const view = render(SyncConflicts, {});
    await waitFor(() => expect(rows(view)).toHaveLength(2));
    expect(view.container.querySelector('#conflicts')).not.toBeNull();
    const [first, second] = rows(view);
    expect(first.dataset.comment).toBe('c1');
    expect(first.textContent).toContain('Reader 1');
    expect(first.textContent).toContain('<img src=x onerror=alert(1)> comment 1');
    expect(first.querySelector('img')).toBeNull();
    expect(first.querySelector('.keep-site')?.textContent).toContain("Keep the site’s: spam");
    expect(first.querySelector('.keep-mine')?.textContent).toContain('Send mine again: approved');
    expect(second.querySelector('.keep-site')?.textContent).toContain('approved');
    expect(second.querySelector('.keep-mine')?.textContent).toContain('trash');
  });

  it('keeps the site’s on click, then reloads the list and moves the queues on', async () => {
    const view = render(SyncConflicts, {});
    await waitFor(() => expect(rows(view)).toHaveLength(2));
    const before = sync.changed;
    await fireEvent.click(rows(view)[0].querySelector('.keep-site')!);
    await waitFor(() => expect(mock.settleConflict).toHaveBeenCalledWith('c1', 'keep_site'));
    await waitFor(() => expect(rows(view)).toHaveLength(1));
    expect(status.text).toBe("Kept the site's status");
    expect(sync.changed).toBeGreaterThan(before);
    await waitFor(() => expect(document.activeElement).toBe(rows(view)[0]));
  });

  it('m in the panel sends mine again for the conflict that has the focus, and the workspace never sees it', async () => {
    const view = render(SyncConflicts, {});
    await waitFor(() => expect(rows(view)).toHaveLength(2));
    const reached: KeyboardEvent[] = [];
    const listener = (event: KeyboardEvent) => reached.push(event);
    window.addEventListener('keydown', listener);
    try {
      const button = rows(view)[1].querySelector<HTMLButtonElement>('.keep-site')!;
      button.focus();
      await fireEvent.keyDown(button, { key: 'm' });
      await waitFor(() => expect(mock.settleConflict).toHaveBeenCalledWith('c2', 'keep_ours'));
      expect(mock.settleConflict).toHaveBeenCalledTimes(1);
      expect(reached.every((e) => e.defaultPrevented)).toBe(true);

      // s keeps the site's (and is not "mark as spam" for the workspace).
      await waitFor(() => expect(rows(view)).toHaveLength(1));
      await waitFor(() => expect(rows(view)[0].querySelector<HTMLButtonElement>('.keep-site')!.disabled).toBe(false));
      rows(view)[0].focus();
      await fireEvent.keyDown(rows(view)[0], { key: 's' });
      await waitFor(() => expect(mock.settleConflict).toHaveBeenLastCalledWith('c1', 'keep_site'));
      expect(reached.length).toBe(2);
      expect(reached.every((e) => e.defaultPrevented)).toBe(true);
    } finally {
      window.removeEventListener('keydown', listener);
    }
  });

  it('lets an editor read but not settle', async () => {
    const view = render(SyncConflicts, { canModerate: false });
    await waitFor(() => expect(rows(view)).toHaveLength(2));
    expect(rows(view)[0].querySelector<HTMLButtonElement>('.keep-site')!.disabled).toBe(true);
    await fireEvent.keyDown(rows(view)[0], { key: 's' });
    expect(mock.settleConflict).not.toHaveBeenCalled();
  });
});

describe('Not sent to the site', () => {
  beforeEach(() => {
    const failed = [entry(7, { state: 'failed', site_now: null, error: 'The site refused the change: comment is closed', attempts: 3 })];
    mock.siteOutbox.mockImplementation(async (state: string) => (state === 'failed' ? failed : []));
    mock.retryOutbox.mockImplementation(async () => {
      failed.length = 0;
    });
  });

  it('retries at once', async () => {
    const view = render(SyncFailed, {});
    await waitFor(() => expect(view.container.querySelectorAll('li.failed')).toHaveLength(1));
    expect(view.container.querySelector('#sync-failed')?.textContent).toContain('comment is closed');
    await fireEvent.click(view.container.querySelector('.retry')!);
    await waitFor(() => expect(mock.retryOutbox).toHaveBeenCalledWith(7, true));
    await waitFor(() => expect(view.container.querySelector('#sync-failed')).toBeNull());
  });

  it('dismisses only after saying the decision will not reach the site', async () => {
    const view = render(SyncFailed, {});
    await waitFor(() => expect(view.container.querySelectorAll('li.failed')).toHaveLength(1));
    await fireEvent.click(view.container.querySelector('.dismiss')!);
    await waitFor(() => view.getByTestId('bulk-confirm'));
    expect(view.getByTestId('bulk-confirm').textContent).toContain('This decision will not reach the site');
    expect(mock.retryOutbox).not.toHaveBeenCalled();
    await fireEvent.click(view.getByTestId('bulk-confirm-ok'));
    await waitFor(() => expect(mock.retryOutbox).toHaveBeenCalledWith(7, false));
  });
});
