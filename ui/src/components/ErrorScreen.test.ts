import { cleanup, render } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import ErrorScreen from './ErrorScreen.svelte';

afterEach(cleanup);

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
});
