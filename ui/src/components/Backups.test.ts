import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupInfo, RestoreSummary } from '../lib/api';

const mock = vi.hoisted(() => ({
  listBackups: vi.fn(),
  backUpNow: vi.fn(),
  restoreBackup: vi.fn(),
  restoreBackupFromFile: vi.fn(),
  revealBackups: vi.fn(),
  backupRotation: vi.fn(),
  setBackupRotation: vi.fn(),
}));
const reload = vi.hoisted(() => vi.fn());

vi.mock('../lib/api', async (original) => ({ ...(await original<typeof import('../lib/api')>()), api: mock }));
vi.mock('../lib/backups', async (original) => ({
  ...(await original<typeof import('../lib/backups')>()),
  reloadSoon: reload,
}));

import { ApiError } from '../lib/api';
import Backups from './Backups.svelte';

function backup(file_name: string, extra: Partial<BackupInfo> = {}): BackupInfo {
  return {
    file_name,
    path: `/home/olena/newsroom/backups/${file_name}`,
    reason: 'daily',
    when: '4 Dec 2026, 09:00',
    size_bytes: 3_355_443,
    comments: 1234,
    decisions: 56,
    donations: 7,
    problem: null,
    ...extra,
  };
}

const daily = backup('readerdesk-20261204T070000Z-daily.db');
const beforeImport = backup('readerdesk-20261203T150000Z-before-import.db', {
  reason: 'before-import',
  when: '3 Dec 2026, 17:00',
  size_bytes: 512,
  comments: 1,
  decisions: 0,
  donations: 1,
});
const damaged = backup('readerdesk-20261101T070000Z-before-sync.db', {
  reason: 'before-sync',
  when: '1 Nov 2026, 09:00',
  problem: 'The file is not a Readerdesk database <b>',
  comments: 0,
  decisions: 0,
  donations: 0,
});

const summary: RestoreSummary = {
  restored_from: '/home/olena/newsroom/backups/readerdesk-20261203T150000Z-before-import.db',
  kept_as: '/home/olena/newsroom/backups/readerdesk-20261204T100000Z-before-restore.db',
  comments: 1,
  decisions: 0,
  donations: 1,
};

beforeEach(() => {
  mock.listBackups.mockResolvedValue([daily, beforeImport, damaged]);
  mock.backupRotation.mockResolvedValue({ daily: 7, weekly: 4, monthly: 12 });
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const byId = (view: { container: HTMLElement }, id: string) => view.container.querySelector<HTMLElement>(`#${id}`);
const rows = (view: { container: HTMLElement }) => Array.from(view.container.querySelectorAll<HTMLElement>('li.backup-row'));

describe('Settings → Backups', () => {
  it('says where backups go and how they rotate, and lists them with reasons, sizes and counts', async () => {
    const view = render(Backups, { canAdmin: true });
    await waitFor(() => expect(rows(view)).toHaveLength(3));
    const where = byId(view, 'backup-where')!.textContent!.replace(/\s+/g, ' ');
    expect(where).toContain('/home/olena/newsroom/backups');
    expect(where).toContain('one a day when the app is used, before big imports and a site’s first sync, and before a restore');
    expect(where).toContain(
      'kept: everything from the last day, then one a day for 7 days, one a week for 4 weeks, one a month for 12 months',
    );

    const [first, second, third] = rows(view);
    expect(first.dataset.file).toBe(daily.file_name);
    expect(first.textContent).toContain('4 Dec 2026, 09:00');
    expect(first.textContent).toContain('Daily');
    expect(first.textContent).toContain('3.2 MB');
    expect(first.textContent).toContain('1,234 comments · 56 decisions · 7 donations');
    expect(second.textContent).toContain('Before an import');
    expect(second.textContent).toContain('0.5 KB');
    expect(second.textContent).toContain('1 comment · 0 decisions · 1 donation');

    // A backup that cannot be read says why, as text, and cannot be restored.
    expect(third.textContent).toContain('Before a site’s first sync');
    expect(third.textContent).toContain('The file is not a Readerdesk database <b>');
    expect(third.querySelector('b')).toBeNull();
    expect(third.textContent).not.toContain('comments ·');
    expect(third.querySelector<HTMLButtonElement>('.backup-restore')!.disabled).toBe(true);
    expect(first.querySelector<HTMLButtonElement>('.backup-restore')!.disabled).toBe(false);
  });

  it('Back up now shows that it is working, then the new backup at the top', async () => {
    let finish!: (made: BackupInfo) => void;
    const made = backup('readerdesk-20261204T100000Z-manual.db', { reason: 'manual', when: '4 Dec 2026, 12:00' });
    mock.backUpNow.mockReturnValue(new Promise<BackupInfo>((resolve) => (finish = resolve)));
    const view = render(Backups, { canAdmin: false });
    await waitFor(() => expect(rows(view)).toHaveLength(3));

    const button = byId(view, 'backup-now') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    await fireEvent.click(button);
    await waitFor(() => expect(button.textContent).toContain('Backing up…'));
    expect(button.disabled).toBe(true);

    mock.listBackups.mockResolvedValue([made, daily, beforeImport, damaged]);
    finish(made);
    await waitFor(() => expect(rows(view)).toHaveLength(4));
    expect(rows(view)[0].dataset.file).toBe(made.file_name);
    expect(rows(view)[0].textContent).toContain('Made by hand');
    expect(button.textContent).toContain('Back up now');
    expect(button.disabled).toBe(false);
    expect(byId(view, 'backup-result')!.getAttribute('role')).toBe('status');
  });

  it('a failed backup is shown in the words the app wrote', async () => {
    mock.backUpNow.mockRejectedValue(new ApiError('io', 'The disk is full: /home/olena/newsroom/backups'));
    const view = render(Backups, { canAdmin: true });
    await waitFor(() => expect(rows(view)).toHaveLength(3));
    await fireEvent.click(byId(view, 'backup-now')!);
    await waitFor(() => expect(byId(view, 'backup-result')?.getAttribute('role')).toBe('alert'));
    expect(byId(view, 'backup-result')!.textContent).toBe('The disk is full: /home/olena/newsroom/backups');
    expect(rows(view)).toHaveLength(3);
  });

  it('restoring asks first, in plain words, then restores that file and reloads the window', async () => {
    mock.restoreBackup.mockResolvedValue(summary);
    const view = render(Backups, { canAdmin: true });
    await waitFor(() => expect(rows(view)).toHaveLength(3));
    await fireEvent.click(rows(view)[1].querySelector('.backup-restore')!);
    await waitFor(() => view.getByTestId('bulk-confirm'));
    expect(mock.restoreBackup).not.toHaveBeenCalled();
    expect(view.getByTestId('bulk-confirm').textContent).toContain(
      'The newsroom will be replaced by this backup from 3 Dec 2026, 17:00. The newsroom as it is now is backed up first, so this can be undone by restoring that backup.',
    );

    await fireEvent.click(view.getByTestId('bulk-confirm-ok'));
    await waitFor(() => expect(mock.restoreBackup).toHaveBeenCalledWith(beforeImport.file_name));
    await waitFor(() =>
      expect(byId(view, 'backup-result')?.textContent).toBe(
        'Restored the backup from 3 Dec 2026, 17:00: 1 comment, 0 decisions, 1 donation. The newsroom as it was is kept as a backup.',
      ),
    );
    expect(byId(view, 'backup-result')!.getAttribute('role')).toBe('status');
    expect(view.queryByTestId('bulk-confirm')).toBeNull();
    expect(reload).toHaveBeenCalledTimes(1);
    expect((byId(view, 'backup-now') as HTMLButtonElement).disabled).toBe(true);
  });

  it('Esc cancels a restore, and a refusal is shown as an alert without reloading', async () => {
    mock.restoreBackup.mockRejectedValue(new ApiError('forbidden', 'Only an admin can restore a backup'));
    const view = render(Backups, { canAdmin: true });
    await waitFor(() => expect(rows(view)).toHaveLength(3));
    await fireEvent.click(rows(view)[0].querySelector('.backup-restore')!);
    await waitFor(() => view.getByTestId('bulk-confirm'));
    await fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    await waitFor(() => expect(view.queryByTestId('bulk-confirm')).toBeNull());
    expect(mock.restoreBackup).not.toHaveBeenCalled();

    await fireEvent.click(rows(view)[0].querySelector('.backup-restore')!);
    await waitFor(() => view.getByTestId('bulk-confirm'));
    await fireEvent.click(view.getByTestId('bulk-confirm-ok'));
    await waitFor(() => expect(byId(view, 'backup-result')?.getAttribute('role')).toBe('alert'));
    expect(byId(view, 'backup-result')!.textContent).toBe('Only an admin can restore a backup');
    expect(reload).not.toHaveBeenCalled();
  });

  it('restores from a file chosen in the app’s dialog, and says so when it was cancelled', async () => {
    mock.restoreBackupFromFile.mockResolvedValueOnce(null).mockResolvedValueOnce(summary);
    const view = render(Backups, { canAdmin: true });
    await waitFor(() => expect(rows(view)).toHaveLength(3));
    await fireEvent.click(byId(view, 'backup-restore-file')!);
    await waitFor(() => view.getByTestId('bulk-confirm'));
    expect(view.getByTestId('bulk-confirm').textContent).toContain('The newsroom as it is now is backed up first');
    await fireEvent.click(view.getByTestId('bulk-confirm-ok'));
    await waitFor(() => expect(byId(view, 'backup-result')?.textContent).toBe('Nothing was restored.'));
    expect(reload).not.toHaveBeenCalled();

    await fireEvent.click(byId(view, 'backup-restore-file')!);
    await waitFor(() => view.getByTestId('bulk-confirm'));
    await fireEvent.click(view.getByTestId('bulk-confirm-ok'));
    await waitFor(() =>
      expect(byId(view, 'backup-result')?.textContent).toBe(
        'Restored readerdesk-20261203T150000Z-before-import.db: 1 comment, 0 decisions, 1 donation. The newsroom as it was is kept as a backup.',
      ),
    );
    expect(mock.restoreBackupFromFile).toHaveBeenCalledTimes(2);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('Reveal in folder asks the app to open the backups folder', async () => {
    mock.revealBackups.mockResolvedValue(undefined);
    const view = render(Backups, { canAdmin: false });
    await fireEvent.click(byId(view, 'backup-reveal')!);
    expect(mock.revealBackups).toHaveBeenCalledTimes(1);
  });

  it('an admin saves the rotation; the sentence follows it', async () => {
    mock.setBackupRotation.mockResolvedValue(undefined);
    const view = render(Backups, { canAdmin: true });
    await waitFor(() => expect((byId(view, 'rotation-daily') as HTMLInputElement).value).toBe('7'));
    const save = byId(view, 'rotation-save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await fireEvent.input(byId(view, 'rotation-daily')!, { target: { value: '14' } });
    await fireEvent.input(byId(view, 'rotation-monthly')!, { target: { value: '0' } });
    expect(save.disabled).toBe(false);
    await fireEvent.click(save);
    await waitFor(() => expect(mock.setBackupRotation).toHaveBeenCalledWith({ daily: 14, weekly: 4, monthly: 0 }));
    await waitFor(() => expect(byId(view, 'rotation-result')?.getAttribute('role')).toBe('status'));
    expect(byId(view, 'backup-where')!.textContent!.replace(/\s+/g, ' ')).toContain(
      'then one a day for 14 days, one a week for 4 weeks.',
    );
  });

  it('shows a refused rotation as an alert', async () => {
    mock.setBackupRotation.mockRejectedValue(new ApiError('invalid', 'keep 1 to 365 daily backups'));
    const view = render(Backups, { canAdmin: true });
    await waitFor(() => expect((byId(view, 'rotation-daily') as HTMLInputElement).value).toBe('7'));
    await fireEvent.input(byId(view, 'rotation-weekly')!, { target: { value: '600' } });
    expect((byId(view, 'rotation-save') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(byId(view, 'rotation-weekly')!, { target: { value: '52' } });
    await fireEvent.click(byId(view, 'rotation-save')!);
    await waitFor(() => expect(byId(view, 'rotation-result')?.getAttribute('role')).toBe('alert'));
    expect(byId(view, 'rotation-result')!.textContent!.trim()).toBe('keep 1 to 365 daily backups');
  });

  it('others may back up but not restore or change the rotation', async () => {
    const view = render(Backups, { canAdmin: false });
    await waitFor(() => expect(rows(view)).toHaveLength(3));
    expect((byId(view, 'backup-now') as HTMLButtonElement).disabled).toBe(false);
    expect((byId(view, 'backup-reveal') as HTMLButtonElement).disabled).toBe(false);
    expect((byId(view, 'backup-restore-file') as HTMLButtonElement).disabled).toBe(true);
    expect((byId(view, 'rotation-save') as HTMLButtonElement).disabled).toBe(true);
    expect((byId(view, 'rotation-daily') as HTMLInputElement).disabled).toBe(true);
    for (const row of rows(view)) expect(row.querySelector<HTMLButtonElement>('.backup-restore')!.disabled).toBe(true);
    expect(view.container.textContent).toContain('Only an admin can restore a backup');
  });

  it('says when there is no backup yet', async () => {
    mock.listBackups.mockResolvedValue([]);
    const view = render(Backups, { canAdmin: true });
    await waitFor(() => expect(byId(view, 'backup-none')).not.toBeNull());
    expect(byId(view, 'backup-list')).toBeNull();
  });
});
