import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SiteCheck, SiteView } from '../lib/bindings';

const mock = vi.hoisted(() => ({
  checkSite: vi.fn(),
  connectSite: vi.fn(),
  listSites: vi.fn(),
  removeSite: vi.fn(),
  setSiteAutoSync: vi.fn(),
  syncOverview: vi.fn(),
  syncNow: vi.fn(),
}));

vi.mock('../lib/api', async (original) => ({ ...(await original<typeof import('../lib/api')>()), api: mock }));

import { ApiError } from '../lib/api';
import Sites from './Sites.svelte';

const check: SiteCheck = {
  base_url: 'https://news.example',
  name: 'The <b>Daily</b> News',
  home: 'https://news.example',
  wp_version: '6.7.1',
  user_display_name: 'Olena K.',
  can_moderate: true,
  rest_route: false,
};

const site: SiteView = {
  id: 's1',
  base_url: 'https://news.example',
  name: 'The Daily News',
  wp_version: null,
  user_name: 'olena',
  password_store: 'file',
  password_file: '/home/olena/.local/share/readerdesk/site-passwords',
  auto_sync: true,
  first_sync_done: false,
  last_sync: null,
  last_ok: null,
  last_error: null,
  waiting: 1,
  failed: 0,
  conflicts: 2,
};

beforeEach(() => {
  mock.listSites.mockResolvedValue([]);
  mock.syncOverview.mockResolvedValue({ sites: 0, waiting: 0, failed: 0, conflicts: 0 });
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

async function fill(view: { container: HTMLElement }, password = 'abcd efgh ijkl') {
  const field = (id: string) => view.container.querySelector<HTMLInputElement>(`#${id}`)!;
  await fireEvent.input(field('site-url'), { target: { value: 'https://news.example' } });
  await fireEvent.input(field('site-user'), { target: { value: 'olena' } });
  await fireEvent.input(field('site-password'), { target: { value: password } });
  return field;
}

const byId = (view: { container: HTMLElement }, id: string) => view.container.querySelector<HTMLElement>(`#${id}`);

describe('Sites: connecting a WordPress site', () => {
  it('has the fields the connect form needs, the password hidden and not remembered', () => {
    const view = render(Sites, { canModerate: true });
    const url = byId(view, 'site-url') as HTMLInputElement;
    const password = byId(view, 'site-password') as HTMLInputElement;
    expect(url.placeholder).toBe('https://news.example');
    expect(password.type).toBe('password');
    expect(password.getAttribute('autocomplete')).toBe('off');
    expect(view.container.textContent).toContain('Users → Profile → Application Passwords');
  });

  it('Test shows what the site answered, as text', async () => {
    mock.checkSite.mockResolvedValue(check);
    const view = render(Sites, { canModerate: true });
    await fill(view);
    await fireEvent.click(byId(view, 'site-test')!);
    await waitFor(() => expect(byId(view, 'site-check')).not.toBeNull());
    expect(mock.checkSite).toHaveBeenCalledWith('https://news.example', 'olena', 'abcd efgh ijkl');
    expect(mock.connectSite).not.toHaveBeenCalled();
    const shown = byId(view, 'site-check')!;
    expect(shown.textContent).toContain('The <b>Daily</b> News');
    expect(shown.querySelector('b')).toBeNull();
    expect(shown.textContent).toContain('WordPress 6.7.1');
    expect(shown.textContent).toContain('Olena K.');
    expect(shown.textContent).toContain('may moderate comments');
    expect(shown.textContent).not.toContain('rest_route');
  });

  it('warns when the account may not moderate, and says when the site answers only at ?rest_route=', async () => {
    mock.checkSite.mockResolvedValue({ ...check, wp_version: null, can_moderate: false, rest_route: true });
    const view = render(Sites, { canModerate: true });
    await fill(view);
    await fireEvent.click(byId(view, 'site-test')!);
    await waitFor(() => expect(byId(view, 'site-check')).not.toBeNull());
    const shown = byId(view, 'site-check')!;
    expect(shown.textContent).toContain('version not shown');
    expect(shown.textContent).toContain('may not moderate comments');
    expect(shown.querySelector('[role=alert]')).not.toBeNull();
    expect(shown.textContent).toContain('?rest_route=');
  });

  it('shows an error in the words the app wrote it', async () => {
    mock.checkSite.mockRejectedValue(
      new ApiError('site_auth', 'news.example refused the user name or the Application Password <check it>'),
    );
    const view = render(Sites, { canModerate: true });
    await fill(view);
    await fireEvent.click(byId(view, 'site-test')!);
    await waitFor(() => expect(byId(view, 'site-error')).not.toBeNull());
    const error = byId(view, 'site-error')!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('news.example refused the user name or the Application Password <check it>');
    expect(byId(view, 'site-check')).toBeNull();
  });

  it('Connect keeps the site, empties the password field and lists the site', async () => {
    mock.connectSite.mockResolvedValue(site);
    const view = render(Sites, { canModerate: true });
    const field = await fill(view);
    mock.listSites.mockResolvedValue([site]);
    await fireEvent.click(byId(view, 'site-connect')!);
    await waitFor(() => expect(view.container.querySelectorAll('.site-row')).toHaveLength(1));
    expect(mock.connectSite).toHaveBeenCalledWith('https://news.example', 'olena', 'abcd efgh ijkl');
    expect(field('site-password').value).toBe('');
    expect(byId(view, 'site-error')).toBeNull();
    const row = view.container.querySelector<HTMLElement>('.site-row')!;
    expect(row.dataset.url).toBe('https://news.example');
    expect(row.textContent).toContain('olena');
    expect(row.textContent).toContain('WordPress version not shown');
    expect(row.textContent).toContain('1 decision waiting');
    expect(row.textContent).toContain('2 conflicts');
    expect(row.textContent).toContain(
      'No system keyring was found: the password is kept in /home/olena/.local/share/readerdesk/site-passwords, readable only by you.',
    );
    expect(row.querySelector<HTMLInputElement>('.site-auto')!.checked).toBe(true);
  });

  it('keeps the password for another try when connecting fails', async () => {
    mock.connectSite.mockRejectedValue(new ApiError('site_unreachable', 'news.example did not answer'));
    const view = render(Sites, { canModerate: true });
    const field = await fill(view);
    await fireEvent.click(byId(view, 'site-connect')!);
    await waitFor(() => expect(byId(view, 'site-error')?.textContent).toBe('news.example did not answer'));
    expect(field('site-password').value).toBe('abcd efgh ijkl');
  });

  it('switches automatic sync and removes a site after asking', async () => {
    mock.listSites.mockResolvedValue([site]);
    mock.setSiteAutoSync.mockResolvedValue(undefined);
    mock.removeSite.mockResolvedValue(undefined);
    const view = render(Sites, { canModerate: true });
    await waitFor(() => expect(view.container.querySelectorAll('.site-row')).toHaveLength(1));
    await fireEvent.click(view.container.querySelector('.site-auto')!);
    await waitFor(() => expect(mock.setSiteAutoSync).toHaveBeenCalledWith('s1', false));

    await fireEvent.click(view.container.querySelector('.site-remove')!);
    await waitFor(() => view.getByTestId('bulk-confirm'));
    expect(mock.removeSite).not.toHaveBeenCalled();
    expect(view.getByTestId('bulk-confirm').textContent).toContain('3 decisions not yet on the site will not be sent');
    mock.listSites.mockResolvedValue([]);
    await fireEvent.click(view.getByTestId('bulk-confirm-ok'));
    await waitFor(() => expect(mock.removeSite).toHaveBeenCalledWith('s1'));
    await waitFor(() => expect(view.container.querySelectorAll('.site-row')).toHaveLength(0));
  });

  it('Esc cancels the removal', async () => {
    mock.listSites.mockResolvedValue([site]);
    const view = render(Sites, { canModerate: true });
    await waitFor(() => expect(view.container.querySelectorAll('.site-row')).toHaveLength(1));
    await fireEvent.click(view.container.querySelector('.site-remove')!);
    await waitFor(() => view.getByTestId('bulk-confirm'));
    await fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    await waitFor(() => expect(view.queryByTestId('bulk-confirm')).toBeNull());
    expect(mock.removeSite).not.toHaveBeenCalled();
  });
});
