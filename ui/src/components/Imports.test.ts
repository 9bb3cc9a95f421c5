import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportProgress, ImportSummary } from '../lib/bindings';

const mock = vi.hoisted(() => ({
  importHistory: vi.fn(),
  importComments: vi.fn(),
  cancelImport: vi.fn(),
  saveSkippedReport: vi.fn(),
}));

vi.mock('../lib/api', async (original) => ({ ...(await original<typeof import('../lib/api')>()), api: mock }));

import Imports from './Imports.svelte';

describe('an import as it runs', () => {
  let report: (p: ImportProgress) => void = () => {};
  let finish: (s: ImportSummary | null) => void = () => {};

  beforeEach(() => {
    mock.importHistory.mockResolvedValue([]);
    mock.cancelImport.mockResolvedValue(undefined);
    mock.importComments.mockImplementation(
      (_strict: boolean, onProgress: (p: ImportProgress) => void) =>
        new Promise<ImportSummary | null>((resolve) => {
          report = onProgress;
          finish = resolve;
        }),
    );
  });

  afterEach(() => {
    cleanup();
    vi.clearAllMocks();
  });

  it('says the moderator can go on, counts what it read, and cannot be cancelled once it places the comments', async () => {
    const { getByTestId } = render(Imports, { canImport: true });
    await fireEvent.click(getByTestId('import-comments'));
    await waitFor(() => expect(getByTestId('import-running')).toBeTruthy());
    expect(getByTestId('import-meanwhile').textContent).toContain('keep moderating');

    report({ bytes_done: 1000, bytes_total: 4000, records: 1500, skipped: 0 });
    await waitFor(() => expect(getByTestId('import-stage').textContent).toContain('1,500 records read'));
    const cancel = getByTestId('import-cancel') as HTMLButtonElement;
    expect(cancel.disabled).toBe(false);
    await fireEvent.click(cancel);
    expect(mock.cancelImport).toHaveBeenCalledTimes(1);

    report({ bytes_done: 4000, bytes_total: 4000, records: 6000, skipped: 2 });
    await waitFor(() =>
      expect(getByTestId('import-stage').textContent).toContain('putting the new comments in the queues'),
    );
    expect((getByTestId('import-cancel') as HTMLButtonElement).disabled).toBe(true);

    finish(null);
    await waitFor(() => expect(() => getByTestId('import-running')).toThrow());
  });
});
