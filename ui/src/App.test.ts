import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const mock = vi.hoisted(() => ({
  appStatus: vi.fn(),
  currentModerator: vi.fn(),
  listModerators: vi.fn(),
  addModerator: vi.fn(),
  signIn: vi.fn(),
  signOut: vi.fn(),
  queueCounts: vi.fn(),
  reasonsInUse: vi.fn(),
  listArticles: vi.fn(),
  cannedReasons: vi.fn(),
  queuePage: vi.fn(),
  commentCard: vi.fn(),
  articleThread: vi.fn(),
  auditPage: vi.fn(),
  stats: vi.fn(),
  watchDrops: vi.fn(),
  importHistory: vi.fn(),
  importComments: vi.fn(),
  exportSources: vi.fn(),
  syncOverview: vi.fn(),
  siteOutbox: vi.fn(),
  commentSyncState: vi.fn(),
  listSites: vi.fn(),
  integrityVerdict: vi.fn(),
  newestBackup: vi.fn(),
}));

vi.mock('./lib/api', async (original) => ({ ...(await original<typeof import('./lib/api')>()), api: mock }));

import App from './App.svelte';

const ready = { database: '/tmp/n.db', setup: 'ready', error: null, schema_version: 1, backup: null };

beforeEach(() => {
  mock.appStatus.mockResolvedValue(ready);
  mock.currentModerator.mockResolvedValue(null);
  mock.listModerators.mockResolvedValue([]);
  mock.addModerator.mockImplementation(async (name: string, role: string) => ({ id: 'm1', name, role }));
  mock.signIn.mockImplementation(async (id: string) => ({ id, name: 'Ana', role: 'admin' }));
  mock.signOut.mockResolvedValue(undefined);
  mock.queueCounts.mockResolvedValue({ pending: 0, flagged: 0, approved: 0, rejected: 0, spam: 0, trash: 0 });
  mock.reasonsInUse.mockResolvedValue([]);
  mock.listArticles.mockResolvedValue([
    { id: 'a1', title: 'NATO supports Ukraine', url: null, published_at: null, published_display: null, comments: 1, pending: 0 },
  ]);
  mock.cannedReasons.mockResolvedValue({ reject: ['Off topic'], flag: ['Check'] });
  mock.queuePage.mockResolvedValue({ items: [], next: null });
  mock.articleThread.mockResolvedValue({
    article: { id: 'a1', title: 'NATO supports Ukraine', url: null, published_at: null, published_display: null, comments: 1, pending: 0 },
    comments: [
      { id: 'c1', parent_id: null, depth: 0, author_name: 'laker\u200b48', body: 'NATO rocks.', kind: 'comment', status: 'approved', created_at: '', created_display: '', link_count: 0, open_flags: 0 },
    ],
    truncated: false,
  });
  mock.auditPage.mockResolvedValue({ entries: [], next: null });
  mock.watchDrops.mockResolvedValue(undefined);
  mock.importHistory.mockResolvedValue([]);
  mock.exportSources.mockResolvedValue([]);
  mock.syncOverview.mockResolvedValue({ sites: 0, waiting: 0, failed: 0, conflicts: 0 });
  mock.siteOutbox.mockResolvedValue([]);
  mock.commentSyncState.mockResolvedValue(null);
  mock.listSites.mockResolvedValue([]);
  mock.integrityVerdict.mockResolvedValue(undefined);
  mock.newestBackup.mockResolvedValue(null);
  mock.stats.mockResolvedValue({ comments: { pending: 0, approved: 0, rejected: 0, spam: 0, trash: 0 }, articles: 0, donations: 0, imports: 0, campaigns: [] });
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('App', () => {
  it('leaves the newsroom for the error screen when the background check finds damage', async () => {
    let report: (err: unknown) => void = () => {};
    mock.integrityVerdict.mockReturnValue(new Promise((_, reject) => (report = reject)));
    const view = render(App);
    await waitFor(() => view.getByTestId('profile-picker'));
    expect(view.queryByTestId('db-error')).toBeNull();
    report({ code: 'db_corrupt', message: '/tmp/n.db failed SQLite’s integrity check (page 7).' });
    await waitFor(() => view.getByTestId('db-error'));
    expect(view.getByTestId('db-error-code').textContent).toBe('db_corrupt');
    expect(view.queryByTestId('profile-picker')).toBeNull();
    expect(mock.newestBackup).toHaveBeenCalled();
  });

  it('says the newsroom is opening while it is upgraded, then asks who is working', async () => {
    const opening = { ...ready, setup: null, error: { code: 'db_opening', message: 'the newsroom is still opening' } };
    let open = false;
    mock.appStatus.mockImplementation(async () => (open ? ready : opening));
    const view = render(App);
    await waitFor(() => view.getByTestId('opening'));
    expect(view.getByTestId('opening').textContent).toContain('Opening the newsroom');
    expect(view.queryByTestId('db-error')).toBeNull();
    expect(mock.integrityVerdict).not.toHaveBeenCalled();
    open = true;
    await waitFor(() => view.getByTestId('profile-picker'));
    expect(view.queryByTestId('opening')).toBeNull();
    expect(mock.appStatus.mock.calls.length).toBeGreaterThan(1);
    expect(mock.integrityVerdict).toHaveBeenCalled();
  });

  it('asks who is working, adds the first profile as admin and signs in', async () => {
    const view = render(App);
    await waitFor(() => view.getByTestId('profile-add'));
    expect(view.getByTestId('nav-moderation')).toBeTruthy();
    expect(view.queryAllByTestId('profile-option')).toHaveLength(0);
    expect(view.getByTestId('profile-picker').textContent).toContain('The first profile is the admin');
    await fireEvent.input(view.getByTestId('profile-name'), { target: { value: 'Ana' } });
    await fireEvent.click(view.getByTestId('profile-add'));
    await waitFor(() => view.getByTestId('current-moderator'));
    expect(mock.addModerator).toHaveBeenCalledWith('Ana', 'admin');
    expect(mock.signIn).toHaveBeenCalledWith('m1');
    expect(view.getByTestId('current-moderator').textContent).toContain('Ana');
    expect(view.getByTestId('current-moderator').textContent).toContain('Admin');
    await waitFor(() => view.getByTestId('queue-list'));
  });

  it('lists the profiles to choose from and switches', async () => {
    mock.listModerators.mockResolvedValue([
      { id: 'm1', name: 'Ana', role: 'admin' },
      { id: 'm2', name: 'Bo', role: 'editor' },
    ]);
    mock.signIn.mockImplementation(async (id: string) => ({ id, name: id === 'm1' ? 'Ana' : 'Bo', role: id === 'm1' ? 'admin' : 'editor' }));
    const view = render(App);
    await waitFor(() => expect(view.getAllByTestId('profile-option')).toHaveLength(2));
    expect(view.getAllByTestId('profile-option')[1].textContent).toContain('Editor');
    await fireEvent.click(view.getAllByTestId('profile-option')[1]);
    await waitFor(() => expect(view.getByTestId('current-moderator').textContent).toContain('Bo'));
    await fireEvent.click(view.getByTestId('switch-moderator'));
    await waitFor(() => view.getByTestId('profile-picker'));
    expect(mock.signOut).toHaveBeenCalled();
  });

  it('keeps the article browser one click away and switches views with Alt+1..4', async () => {
    mock.currentModerator.mockResolvedValue({ id: 'm1', name: 'Ana', role: 'admin' });
    const view = render(App);
    await waitFor(() => view.getByTestId('mod-tab-queues'));
    await fireEvent.click(view.getByTestId('mod-tab-articles'));
    await waitFor(() => view.getByTestId('article'));
    await fireEvent.click(view.getByTestId('article'));
    await waitFor(() => expect(view.getByTestId('thread-title').textContent).toBe('NATO supports Ukraine'));
    const comment = view.getByTestId('comment');
    expect(comment.dataset.depth).toBe('0');
    expect(comment.querySelector('[data-testid=comment-author]')?.textContent).toBe('laker\u200b48');
    expect(comment.querySelector('[data-testid=comment-author] .hidden-char')).not.toBeNull();
    await fireEvent.keyDown(window, { key: '4', altKey: true });
    await waitFor(() => view.getByTestId('audit-export'));
    expect(view.getByTestId('nav-audit').getAttribute('aria-current')).toBe('page');
  });

  it('shows where to drop while a file is dragged over, then waits in Settings to import the dropped file', async () => {
    mock.currentModerator.mockResolvedValue({ id: 'm1', name: 'Ana', role: 'admin' });
    const view = render(App);
    await waitFor(() => view.getByTestId('mod-tab-queues'));
    await waitFor(() => expect(mock.watchDrops).toHaveBeenCalled());
    const send = mock.watchDrops.mock.calls[0][0] as (notice: unknown) => void;
    send({ kind: 'hover' });
    await waitFor(() => view.getByTestId('drop-overlay'));
    send({ kind: 'file', file_name: 'site <b>x</b>.xml', what: 'comments', format: 'wxr' });
    await waitFor(() => view.getByTestId('import-dropped'));
    expect(view.queryByTestId('drop-overlay')).toBeNull();
    const waiting = view.getByTestId('import-dropped');
    expect(waiting.textContent).toContain('site <b>x</b>.xml');
    expect(waiting.querySelector('b')).toBeNull();
    expect(waiting.textContent).toContain('WordPress export (WXR)');
    mock.importComments.mockResolvedValue(null);
    await fireEvent.click(view.getByTestId('import-dropped-start'));
    await waitFor(() => expect(mock.importComments).toHaveBeenCalled());
    expect(mock.importComments.mock.calls[0][0]).toBe(false);
    expect(mock.importComments.mock.calls[0][2]).toBe(true);
    expect(view.queryByTestId('import-dropped')).toBeNull();

    send({ kind: 'refused', file_name: 'photo.png', code: 'invalid', message: 'not a comment export' });
    await waitFor(() => expect(view.container.textContent).toContain('photo.png: not a comment export'));
  });
});
