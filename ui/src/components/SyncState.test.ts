import { cleanup, render, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QueueItem } from '../lib/bindings';

const mock = vi.hoisted(() => ({
  commentSyncState: vi.fn(),
  syncOverview: vi.fn(),
}));

vi.mock('../lib/api', async (original) => ({ ...(await original<typeof import('../lib/api')>()), api: mock }));

import { commentsChanged } from '../lib/sync.svelte';
import SyncState from './SyncState.svelte';

const item = (id: string): QueueItem => ({
  id,
  article_id: 'a1',
  article_title: 'An article',
  author_id: null,
  author_name: 'Reader',
  preview: 'Hello',
  created_at: '2026-11-01T10:00:00Z',
  created_display: '1 Nov 2026, 12:00',
  status: 'approved',
  open_flags: 0,
  reasons: [],
  link_count: 0,
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const line = (view: { container: HTMLElement }) => view.container.querySelector<HTMLElement>('#sync-state');

describe('the card’s sync line', () => {
  it('says where the comment stands with its site, and asks again for each comment, decision and sync', async () => {
    mock.syncOverview.mockResolvedValue({ sites: 1, waiting: 1, failed: 0, conflicts: 0 });
    mock.commentSyncState.mockResolvedValue({
      site_name: 'News',
      base_url: 'https://news.example',
      state: 'waiting',
      detail: 'Waiting to be sent (approved)',
      edited_on_site: true,
    });
    const view = render(SyncState, { comment: item('c1') });
    await waitFor(() => expect(line(view)?.dataset.state).toBe('waiting'));
    expect(mock.commentSyncState).toHaveBeenCalledWith('c1');
    expect(line(view)?.textContent).toBe('Waiting to be sent (approved) · Edited on the site');

    // After a decision the card holds a fresh item for the same comment.
    mock.commentSyncState.mockResolvedValue({
      site_name: 'News',
      base_url: 'https://news.example',
      state: 'on_site',
      detail: 'On the site',
      edited_on_site: false,
    });
    await view.rerender({ comment: item('c1') });
    await waitFor(() => expect(line(view)?.dataset.state).toBe('on_site'));
    expect(line(view)?.textContent).toBe('On the site');

    commentsChanged();
    await waitFor(() => expect(mock.commentSyncState).toHaveBeenCalledTimes(3));

    // A comment that did not come from a site: nothing.
    mock.commentSyncState.mockResolvedValue(null);
    await view.rerender({ comment: item('c2') });
    await waitFor(() => expect(mock.commentSyncState).toHaveBeenLastCalledWith('c2'));
    expect(line(view)).toBeNull();
  });
});
