import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommentCard, Moderator, QueueItem } from '../lib/bindings';

const mock = vi.hoisted(() => ({
  queueCounts: vi.fn(),
  reasonsInUse: vi.fn(),
  listArticles: vi.fn(),
  cannedReasons: vi.fn(),
  queuePage: vi.fn(),
  filteredCount: vi.fn(),
  commentCard: vi.fn(),
  commentThread: vi.fn(),
  decide: vi.fn(),
  decideFiltered: vi.fn(),
  undo: vi.fn(),
  searchComments: vi.fn(),
  authorDossier: vi.fn(),
  rejectAllPending: vi.fn(),
  syncOverview: vi.fn(),
  siteOutbox: vi.fn(),
  commentSyncState: vi.fn(),
  listSites: vi.fn(),
}));

vi.mock('../lib/api', async (original) => ({ ...(await original<typeof import('../lib/api')>()), api: mock }));

import Workspace from './Workspace.svelte';
import { status } from '../lib/status.svelte';

const admin: Moderator = { id: 'm1', name: 'Ana', role: 'admin', has_passphrase: false };

function item(n: number): QueueItem {
  return {
    id: `c${n}`,
    article_id: 'a1',
    article_title: 'An article',
    author_id: `u${n}`,
    author_name: `Reader ${n}`,
    preview: `Comment number ${n}\nsecond line`,
    created_at: '2026-11-01T10:00:00Z',
    created_display: '1 Nov 2026, 12:00',
    status: 'pending',
    open_flags: 0,
    reasons: [{ code: 'links', label: 'Links', detail: '3 links', marks: [] }],
    link_count: 3,
  };
}

function cardOf(i: QueueItem): CommentCard {
  return {
    item: i,
    body: `Full body of ${i.id}`,
    kind: 'comment',
    parent_id: null,
    author_email: 'r@example.org',
    author_ip: '192.0.2.1',
    author_url: null,
    author_trust: 'normal',
    article_url: 'https://example.org/a1',
    flags: [],
    contact_hidden: false,
  };
}

let rows: QueueItem[];

beforeEach(() => {
  rows = [1, 2, 3, 4].map(item);
  mock.queueCounts.mockResolvedValue({ pending: 4, flagged: 0, approved: 9, rejected: 1, spam: 0, trash: 0 });
  mock.reasonsInUse.mockResolvedValue([{ code: 'links', label: 'Links', comments: 4 }]);
  mock.listArticles.mockResolvedValue([]);
  mock.cannedReasons.mockResolvedValue({ reject: ['Off topic', 'Insults'], flag: ['Check the facts'] });
  mock.queuePage.mockImplementation(async () => ({ items: rows, next: null }));
  mock.commentCard.mockImplementation(async (id: string) => cardOf(rows.find((r) => r.id === id) ?? item(0)));
  mock.decide.mockImplementation(async (ids: string[]) => ({ batch_id: 'b', changed: ids.length, unchanged: 0, message: `Done ${ids.length}` }));
  mock.decideFiltered.mockResolvedValue({ batch_id: 'b', changed: 37, unchanged: 0, message: 'Rejected 37 comments' });
  mock.filteredCount.mockResolvedValue(37);
  mock.undo.mockResolvedValue(null);
  mock.syncOverview.mockResolvedValue({ sites: 0, waiting: 0, failed: 0, conflicts: 0 });
  mock.siteOutbox.mockResolvedValue([]);
  mock.commentSyncState.mockResolvedValue(null);
  mock.listSites.mockResolvedValue([]);
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const key = (k: string, extra: Record<string, unknown> = {}) =>
  fireEvent.keyDown(document.activeElement ?? document.body, { key: k, ...extra });

async function setup(moderator: Moderator = admin) {
  const view = render(Workspace, { moderator });
  await waitFor(() => expect(view.getAllByTestId('queue-row')).toHaveLength(4));
  await waitFor(() => expect(view.getByTestId('card').dataset.id).toBe('c1'));
  return view;
}

const focusedId = (view: { getAllByTestId: (id: string) => HTMLElement[] }) =>
  view.getAllByTestId('queue-row').find((r) => r.getAttribute('aria-selected') === 'true')?.dataset.id;

describe('Workspace', () => {
  it('shows the queues in order with live counts and pages of 50', async () => {
    const view = await setup();
    const names = Array.from(view.container.querySelectorAll('[data-testid^=queue-]'))
      .map((b) => b.getAttribute('data-testid'))
      .filter((t) => ['pending', 'flagged', 'approved', 'rejected', 'spam', 'trash'].some((q) => t === `queue-${q}`));
    expect(names).toEqual(['queue-pending', 'queue-flagged', 'queue-approved', 'queue-rejected', 'queue-spam', 'queue-trash']);
    expect(view.getByTestId('queue-approved').querySelector('[data-testid=queue-count]')?.textContent).toBe('9');
    expect(mock.queuePage).toHaveBeenCalledWith('pending', expect.objectContaining({ author_id: null }), 'newest', null, 50);
    expect(view.getByTestId('card-body').textContent).toContain('Full body of c1');
    expect(view.getByTestId('card-reasons').textContent).toContain('3 links');
  });

  it('moves with j and k, approves with a and focuses the next at once', async () => {
    const view = await setup();
    await key('j');
    expect(focusedId(view)).toBe('c2');
    await key('a');
    await waitFor(() => expect(mock.decide).toHaveBeenCalledWith(['c2'], { action: 'approve' }));
    await waitFor(() => expect(view.getAllByTestId('queue-row').map((r) => r.dataset.id)).toEqual(['c1', 'c3', 'c4']));
    expect(focusedId(view)).toBe('c3');
    expect(status.text).toBe('Done 1');
    await waitFor(() => expect(mock.queueCounts).toHaveBeenCalledTimes(2));
  });

  it('rejects with a reason picked by number and a note', async () => {
    const view = await setup();
    await key('r');
    await waitFor(() => view.getByTestId('reject-dialog'));
    expect(view.getAllByTestId('reason-option')).toHaveLength(2);
    await key('2');
    await fireEvent.input(view.getByTestId('reason-note'), { target: { value: 'repeat offender' } });
    view.getByTestId('reject-dialog').focus();
    await key('Enter');
    await waitFor(() =>
      expect(mock.decide).toHaveBeenCalledWith(['c1'], { action: 'reject', reason: 'Insults', note: 'repeat offender' }),
    );
    expect(view.queryByTestId('reject-dialog')).toBeNull();
  });

  it('Esc cancels the reason dialog without deciding', async () => {
    const view = await setup();
    await key('f');
    await waitFor(() => view.getByTestId('flag-dialog'));
    await key('Escape');
    await tick();
    expect(view.queryByTestId('flag-dialog')).toBeNull();
    expect(mock.decide).not.toHaveBeenCalled();
  });

  it('asks before a bulk decision on the selection, with the count', async () => {
    const view = await setup();
    await key('x');
    await key('j');
    await key('x');
    const selected = view.getAllByTestId('queue-row').filter((r) => r.dataset.selected === 'true');
    expect(selected.map((r) => r.dataset.id)).toEqual(['c1', 'c2']);
    await key('s');
    await waitFor(() => view.getByTestId('bulk-confirm'));
    expect(view.getByTestId('bulk-confirm').textContent).toContain('Mark 2 comments as spam?');
    await fireEvent.click(view.getByTestId('bulk-confirm-ok'));
    await waitFor(() => expect(mock.decide).toHaveBeenCalledWith(['c1', 'c2'], { action: 'spam' }));
  });

  it('Shift+X selects all in the filter and decides on the filter', async () => {
    const view = await setup();
    await key('X', { shiftKey: true });
    await waitFor(() => expect(view.getByTestId('select-all-banner').textContent).toContain('All 37 comments'));
    await key('r');
    await waitFor(() => view.getByTestId('reject-dialog'));
    view.getByTestId('reject-dialog').focus();
    await key('Enter');
    await waitFor(() => expect(view.getByTestId('bulk-confirm').textContent).toContain('Reject 37 comments?'));
    view.getByTestId('bulk-confirm').focus();
    await key('Enter');
    await waitFor(() =>
      expect(mock.decideFiltered).toHaveBeenCalledWith(
        'pending',
        expect.any(Object),
        { action: 'reject', reason: 'Off topic', note: null },
        37,
      ),
    );
    expect(status.text).toBe('Rejected 37 comments');
  });

  it('says when there is nothing to undo', async () => {
    await setup();
    await key('z', { ctrlKey: true });
    await waitFor(() => expect(status.text).toBe('Nothing to undo'));
  });

  it('opens the thread with Enter, moves in it, and closes it with Esc', async () => {
    mock.commentThread.mockResolvedValue({
      focus_id: 'c1',
      article_id: 'a1',
      article_title: 'An article',
      truncated: false,
      comments: [
        { id: 'p', parent_id: null, depth: 0, author_name: 'P', body: 'parent', kind: 'comment', status: 'approved', created_at: '', created_display: '', link_count: 0, open_flags: 0 },
        { id: 'c1', parent_id: 'p', depth: 1, author_name: 'R', body: 'reply', kind: 'comment', status: 'pending', created_at: '', created_display: '', link_count: 0, open_flags: 0 },
      ],
    });
    const view = await setup();
    await key('Enter');
    await waitFor(() => view.getByTestId('thread-view'));
    const items = view.getAllByTestId('thread-comment');
    expect(items.map((i) => [i.dataset.id, i.dataset.depth])).toEqual([['p', '0'], ['c1', '1']]);
    expect(items[1].getAttribute('aria-current')).toBe('true');
    await key('k');
    expect(view.getAllByTestId('thread-comment')[0].getAttribute('aria-current')).toBe('true');
    await key('a');
    await waitFor(() => expect(mock.decide).toHaveBeenCalledWith(['p'], { action: 'approve' }));
    await key('Escape');
    await tick();
    expect(view.queryByTestId('thread-view')).toBeNull();
  });

  it('loads the next page with the cursor when j reaches the end', async () => {
    const cursor = { priority: 0, created_at: 'x', seq: 4 };
    mock.queuePage.mockImplementation(async (_q, _f, _s, after) =>
      after ? { items: [item(5)], next: null } : { items: rows, next: cursor },
    );
    const view = await setup();
    for (let i = 0; i < 4; i++) await key('j');
    await waitFor(() => expect(mock.queuePage).toHaveBeenCalledWith('pending', expect.any(Object), 'newest', cursor, 50));
    await waitFor(() => expect(view.getAllByTestId('queue-row')).toHaveLength(5));
  });

  it('lets an editor read but not decide', async () => {
    const view = await setup({ id: 'e', name: 'Ed', role: 'editor', has_passphrase: false });
    expect((view.getByTestId('act-approve') as HTMLButtonElement).disabled).toBe(true);
    expect(view.getByTestId('action-bar').textContent).toContain('Editors can read but not moderate');
    await key('a');
    await tick();
    expect(mock.decide).not.toHaveBeenCalled();
    expect(status.tone).toBe('error');
  });

  it('shows the help overlay with ? and ignores keys typed in the search box', async () => {
    const view = await setup();
    await key('?');
    await waitFor(() => view.getByTestId('help-overlay'));
    await key('Escape');
    await tick();
    expect(view.queryByTestId('help-overlay')).toBeNull();
    const search = view.getByTestId('search-input');
    search.focus();
    await fireEvent.keyDown(search, { key: 'a' });
    expect(mock.decide).not.toHaveBeenCalled();
  });

  it('searches on Enter and clears with Esc', async () => {
    mock.searchComments.mockResolvedValue({ items: [item(9)], next: null, understood: 'author:x "nato"' });
    const view = await setup();
    const search = view.getByTestId('search-input') as HTMLInputElement;
    await fireEvent.input(search, { target: { value: 'author:x nato' } });
    await fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(view.getAllByTestId('queue-row').map((r) => r.dataset.id)).toEqual(['c9']));
    expect(mock.searchComments).toHaveBeenCalledWith('author:x nato', null, 50);
    expect(view.getByTestId('search-understood').textContent).toContain('author:x "nato"');
    await fireEvent.keyDown(search, { key: 'Escape' });
    await waitFor(() => expect(view.getAllByTestId('queue-row')).toHaveLength(4));
  });

  it('opens the dossier, rejects all pending after confirming the count, and shows the author in the queue', async () => {
    mock.authorDossier.mockResolvedValue({
      id: 'u1',
      name: 'Reader\u200b 1',
      email: null,
      url: null,
      trust: 'premod',
      notes: '',
      counts: { pending: 3, approved: 1, rejected: 0, spam: 0, trash: 0, total: 4 },
      rejection_rate: '0.0% of 1 decided',
      first_seen: '1 Nov 2026',
      last_seen: '2 Nov 2026',
      emails: ['r@example.org'],
      ips: ['192.0.2.1'],
      comments: { items: [item(1)], next: null },
      contact_hidden: false,
    });
    mock.rejectAllPending.mockResolvedValue({ batch_id: 'b', changed: 3, unchanged: 0, message: 'Rejected 3 comments' });
    const view = await setup();
    await fireEvent.click(view.getByTestId('open-dossier'));
    await waitFor(() => expect(view.getByTestId('dossier-trust').textContent).toBe('Premoderated'));
    expect(view.getByTestId('dossier-name').querySelector('.hidden-char')).not.toBeNull();
    await fireEvent.click(view.getByTestId('dossier-reject-all'));
    await waitFor(() => expect(view.getByTestId('bulk-confirm').textContent).toContain('Reject 3 comments?'));
    await fireEvent.click(view.getByTestId('bulk-confirm-ok'));
    await waitFor(() => expect(mock.rejectAllPending).toHaveBeenCalledWith('u1', "Author's pending comments rejected together"));
    await waitFor(() => expect(status.text).toBe('Rejected 3 comments'));
    await fireEvent.click(view.getByTestId('dossier-show-in-queue'));
    await waitFor(() => expect(view.queryByTestId('dossier')).toBeNull());
    expect(view.getByTestId('filter-author').textContent).toContain('Reader');
    await waitFor(() =>
      expect(mock.queuePage).toHaveBeenLastCalledWith('pending', expect.objectContaining({ author_id: 'u1' }), 'newest', null, 50),
    );
  });

  it('after an undo focuses the comment it brought back', async () => {
    const view = await setup();
    await key('j');
    await key('t');
    await waitFor(() => expect(focusedId(view)).toBe('c3'));
    mock.undo.mockResolvedValue({ batch_id: 'u', changed: 1, unchanged: 0, message: 'Restored 1 comment to Pending' });
    await key('z', { ctrlKey: true });
    await waitFor(() => expect(status.text).toBe('Restored 1 comment to Pending'));
    await waitFor(() => expect(focusedId(view)).toBe('c2'));
  });

  it('on a narrow window shows the card instead of the list, and Esc goes back', async () => {
    const original = window.matchMedia;
    window.matchMedia = ((query: string) => ({
      matches: true,
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    })) as unknown as typeof window.matchMedia;
    try {
      const view = await setup();
      const workspace = view.container.querySelector('.workspace') as HTMLElement;
      await waitFor(() => expect(workspace.classList.contains('narrow')).toBe(true));
      await fireEvent.click(view.getAllByTestId('queue-row')[1].querySelector('.main') as HTMLElement);
      expect(workspace.classList.contains('show-card')).toBe(true);
      await waitFor(() => expect(view.getByTestId('card').dataset.id).toBe('c2'));
      await key('Escape');
      expect(workspace.classList.contains('show-card')).toBe(false);
    } finally {
      window.matchMedia = original;
    }
  });

  it('selects a range with Shift+click and toggles with the checkbox', async () => {
    const view = await setup();
    const rowsShown = view.getAllByTestId('queue-row');
    await fireEvent.click(rowsShown[0].querySelector('.main') as HTMLElement);
    await fireEvent.click(rowsShown[2].querySelector('.main') as HTMLElement, { shiftKey: true });
    const picked = () => view.getAllByTestId('queue-row').filter((r) => r.dataset.selected === 'true').map((r) => r.dataset.id);
    expect(picked()).toEqual(['c1', 'c2', 'c3']);
    await fireEvent.click(view.getAllByTestId('row-check')[1]);
    expect(picked()).toEqual(['c1', 'c3']);
    expect(view.getByTestId('action-scope').textContent).toContain('2 comments');
  });
});
