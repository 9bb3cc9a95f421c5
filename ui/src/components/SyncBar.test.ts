import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncProgress, SyncReport } from '../lib/bindings';

const mock = vi.hoisted(() => ({
  syncOverview: vi.fn(),
  syncNow: vi.fn(),
  cancelSync: vi.fn(),
}));

vi.mock('../lib/api', async (original) => ({ ...(await original<typeof import('../lib/api')>()), api: mock }));

import { sync } from '../lib/sync.svelte';
import SyncBar from './SyncBar.svelte';

function report(extra: Partial<SyncReport> = {}): SyncReport {
  return {
    site_id: 's1',
    base_url: 'https://news.example',
    first_sync_done: true,
    new_comments: 12,
    new_articles: 1,
    changed_on_site: 0,
    edited_on_site: 0,
    deleted_on_site: 0,
    sent: 1,
    already_on_site: 0,
    conflicts: 0,
    failed: 0,
    waiting: 0,
    skipped: [],
    requests: 4,
    cancelled: false,
    error: null,
    ...extra,
  };
}

beforeEach(() => {
  sync.overview = null;
  sync.result = null;
  sync.running = false;
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const byId = (view: { container: HTMLElement }, id: string) => view.container.querySelector<HTMLElement>(`#${id}`);

describe('the status line’s sync', () => {
  it('stays away while no site is connected', async () => {
    mock.syncOverview.mockResolvedValue({ sites: 0, waiting: 0, failed: 0, conflicts: 0 });
    const view = render(SyncBar);
    await waitFor(() => expect(mock.syncOverview).toHaveBeenCalled());
    expect(byId(view, 'sync-now')).toBeNull();
    expect(byId(view, 'sync-waiting')).toBeNull();
  });

  it('counts the decisions waiting, in words', async () => {
    mock.syncOverview.mockResolvedValue({ sites: 1, waiting: 1, failed: 0, conflicts: 0 });
    const view = render(SyncBar);
    await waitFor(() => expect(byId(view, 'sync-waiting')?.textContent).toBe('1 decision waiting for the site'));
    sync.overview = { sites: 1, waiting: 3, failed: 1, conflicts: 2 };
    await waitFor(() => expect(byId(view, 'sync-waiting')?.textContent).toBe('3 decisions waiting for the site · 1 failed · 2 conflicts'));
    sync.overview = { sites: 1, waiting: 0, failed: 0, conflicts: 1 };
    await waitFor(() => expect(byId(view, 'sync-waiting')?.textContent).toBe('All decisions are on the site · 1 conflict'));
  });

  it('syncs every site with progress and Cancel, then says what it did', async () => {
    mock.syncOverview.mockResolvedValue({ sites: 2, waiting: 0, failed: 0, conflicts: 0 });
    let progress: (p: SyncProgress) => void = () => {};
    let finish: (reports: SyncReport[]) => void = () => {};
    mock.syncNow.mockImplementation((_site: string | null, onProgress: (p: SyncProgress) => void) => {
      progress = onProgress;
      return new Promise<SyncReport[]>((resolve) => (finish = resolve));
    });
    mock.cancelSync.mockResolvedValue(undefined);
    const view = render(SyncBar);
    await waitFor(() => expect(byId(view, 'sync-now')).not.toBeNull());
    await fireEvent.click(byId(view, 'sync-now')!);
    expect(mock.syncNow.mock.calls[0][0]).toBeNull();
    await waitFor(() => expect(byId(view, 'sync-progress')).not.toBeNull());
    progress({ site: 'https://news.example', phase: 'pulling', pages: 2, comments: 150, sent: 0, errors: 0 });
    await waitFor(() => expect(byId(view, 'sync-progress')?.textContent).toContain('2 pages, 150 new comments, 0 decisions sent'));
    expect(byId(view, 'sync-progress')?.dataset.phase).toBe('pulling');
    expect((byId(view, 'sync-now') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(byId(view, 'sync-cancel')!);
    expect(mock.cancelSync).toHaveBeenCalled();

    const before = sync.changed;
    finish([report(), report({ site_id: 's2', base_url: 'https://other.example', new_comments: 0, sent: 1, conflicts: 1 })]);
    await waitFor(() => expect(byId(view, 'sync-result')).not.toBeNull());
    expect(byId(view, 'sync-result')?.textContent).toBe('Synced 2 sites: 12 new comments, 2 decisions sent, 1 conflict, 0 failed');
    expect(byId(view, 'sync-progress')).toBeNull();
    expect(sync.changed).toBeGreaterThan(before);
  });

  it('says why a sync stopped', async () => {
    mock.syncOverview.mockResolvedValue({ sites: 1, waiting: 0, failed: 0, conflicts: 0 });
    mock.syncNow.mockResolvedValue([
      report({ new_comments: 1, sent: 0, error: { code: 'site_unreachable', message: 'news.example did not answer; try again later' } }),
    ]);
    const view = render(SyncBar);
    await waitFor(() => expect(byId(view, 'sync-now')).not.toBeNull());
    await fireEvent.click(byId(view, 'sync-now')!);
    await waitFor(() => expect(byId(view, 'sync-result')?.textContent).toContain('news.example did not answer; try again later'));
    expect(byId(view, 'sync-result')?.classList.contains('error')).toBe(true);
  });
});
