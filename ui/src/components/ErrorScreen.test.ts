import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupInfo } from '../lib/api';

const mock = vi.hoisted(() => ({
  newestBackup: vi.fn(),
  restoreNewestBackup: vi.fn(),
}));

vi.mock('../lib/api', async (original) => ({ ...(await original<typeof import('../lib/api')>()), api: mock }));

import { ApiError } from '../lib/api';
import ErrorScreen from './ErrorScreen.svelte';

const newest: BackupInfo = {
  file_name: 'readerdesk-20261204T070000Z-daily.db',
  path: '/home/olena/newsroom/backups/readerdesk-20261204T070000Z-daily.db',
  reason: 'daily',
  when: '4 Dec 2026, 09:00',
  size_bytes: 3_355_443,
  comments: 1234,
  decisions: 56,
  donations: 7,
  problem: null,
};

beforeEach(() => {
  mock.newestBackup.mockResolvedValue(null);
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const byId = (view: { container: HTMLElement }, id: string) => view.container.querySelector<HTMLElement>(`#${id}`);
const corrupt = { code: 'db_corrupt', message: 'newsroom.db is damaged: database disk image is malformed' };

describe('ErrorScreen', () => {
  it('promises the file is untouched only for the refusals that leave it so', () => {
    for (const code of ['db_not_sqlite', 'db_not_readerdesk', 'db_too_new', 'db_corrupt']) {
      const { getByTestId, unmount } = render(ErrorScreen, { database: '/x.db', error: { code, message: 'm' } });
      expect(getByTestId('db-error').textContent).toContain('Nothing was changed in the file');
      unmount();
    }
    for (const code of ['db_migration', 'io', 'db_open', 'db_backup', 'ipc']) {
      const { getByTestId, unmount } = render(ErrorScreen, { database: '/x.db', error: { code, message: 'm' } });
      expect(getByTestId('db-error').textContent).not.toContain('Nothing was changed');
      expect(getByTestId('db-error-code').textContent).toBe(code);
      unmount();
    }
  });

  it('looks for a backup only when the database is damaged', () => {
    const view = render(ErrorScreen, { database: '/x.db', error: { code: 'db_too_new', message: 'm' } });
    expect(mock.newestBackup).not.toHaveBeenCalled();
    expect(view.queryByTestId('db-error-backup')).toBeNull();
  });

  it('offers the newest good backup of a damaged database and restores it', async () => {
    mock.newestBackup.mockResolvedValue(newest);
    mock.restoreNewestBackup.mockResolvedValue({
      restored_from: newest.path,
      kept_as: '/home/olena/newsroom/backups/damaged-20261204T100000Z.db',
      comments: 1234,
      decisions: 56,
      donations: 7,
    });
    const view = render(ErrorScreen, { database: '/home/olena/newsroom/newsroom.db', error: corrupt });
    await waitFor(() => expect(byId(view, 'restore-newest')).not.toBeNull());
    expect(view.getByTestId('db-error-message').textContent).toBe(corrupt.message);
    expect(view.getByTestId('db-error').textContent).toContain('Nothing was changed in the file');
    expect(byId(view, 'newest-backup')!.textContent).toBe(
      'The newest good backup is from 4 Dec 2026, 09:00 (1,234 comments, 56 decisions, 7 donations).',
    );
    expect(byId(view, 'restore-newest')!.textContent!.trim()).toBe('Restore it');
    expect(mock.restoreNewestBackup).not.toHaveBeenCalled();

    await fireEvent.click(byId(view, 'restore-newest')!);
    expect(mock.restoreNewestBackup).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(byId(view, 'restore-result')?.textContent).toContain('Restored the backup from 4 Dec 2026, 09:00'));
    const result = byId(view, 'restore-result')!;
    expect(result.getAttribute('role')).toBe('status');
    expect(result.textContent).toContain('1,234 comments, 56 decisions, 7 donations.');
    expect(result.textContent).toContain('/home/olena/newsroom/backups/damaged-20261204T100000Z.db');
    expect((byId(view, 'restore-newest') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows "Restoring…" while it works, and a failure as an alert', async () => {
    mock.newestBackup.mockResolvedValue(newest);
    let refuse!: (err: unknown) => void;
    mock.restoreNewestBackup.mockReturnValue(new Promise((_, reject) => (refuse = reject)));
    const view = render(ErrorScreen, { database: '/x.db', error: corrupt });
    await waitFor(() => expect(byId(view, 'restore-newest')).not.toBeNull());
    await fireEvent.click(byId(view, 'restore-newest')!);
    await waitFor(() => expect(byId(view, 'restore-result')?.textContent).toBe('Restoring…'));
    expect((byId(view, 'restore-newest') as HTMLButtonElement).disabled).toBe(true);
    refuse(new ApiError('io', 'Permission denied: /x.db'));
    await waitFor(() => expect(byId(view, 'restore-result')?.getAttribute('role')).toBe('alert'));
    expect(byId(view, 'restore-result')!.textContent).toBe('Permission denied: /x.db');
    expect((byId(view, 'restore-newest') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says when no backup was found beside the database', async () => {
    const view = render(ErrorScreen, { database: '/x.db', error: corrupt });
    await waitFor(() => expect(byId(view, 'no-backup')).not.toBeNull());
    expect(byId(view, 'no-backup')!.textContent).toContain('No backup was found beside the database');
    expect(byId(view, 'restore-newest')).toBeNull();
  });
});
