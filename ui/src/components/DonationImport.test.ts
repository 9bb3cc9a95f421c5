import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DonationOptions, DonationPreview } from '../lib/bindings';

const mock = vi.hoisted(() => ({
  previewDonations: vi.fn(),
  importDonations: vi.fn(),
}));

vi.mock('../lib/api', async (original) => ({ ...(await original<typeof import('../lib/api')>()), api: mock }));

import DonationImport from './DonationImport.svelte';

// A CSV no format recognizes: the preview asks which column holds what.
const unknown: DonationPreview = {
  file_name: 'bank.csv',
  format: null,
  format_label: 'Unrecognized CSV',
  encoding: '',
  date_order: { status: 'not_needed' },
  records: 0,
  already_imported: 0,
  first_rows: [],
  skipped: [],
  totals: [],
  header: ['Datum', 'Betrag', 'Währung', 'Spender'],
  signature: 'sig',
  mapping: null,
  problem: 'bank.csv: the header row matches no donation export',
};

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('the column mapping for an unknown CSV', () => {
  it('asks for the currency instead of assuming one, and sends what was chosen', async () => {
    mock.previewDonations.mockResolvedValue(unknown);
    const view = render(DonationImport, { onimported: () => {}, onclose: () => {} });
    await fireEvent.click(view.getByText('Choose a file…'));
    await waitFor(() => expect(view.getByTestId('donations-mapping')).toBeTruthy());

    const read = view.getByTestId('mapping-read') as HTMLButtonElement;
    expect(read.disabled).toBe(true);
    await fireEvent.change(view.getByTestId('mapping-date'), { target: { value: 'Datum' } });
    await fireEvent.change(view.getByTestId('mapping-amount'), { target: { value: 'Betrag' } });
    expect(read.disabled, 'no currency chosen yet').toBe(true);
    expect(view.getByText('Say which currency the amounts are in.')).toBeTruthy();

    await fireEvent.input(view.getByTestId('mapping-currency-fixed'), { target: { value: 'eu' } });
    expect(read.disabled, 'not a three-letter code').toBe(true);
    await fireEvent.input(view.getByTestId('mapping-currency-fixed'), { target: { value: 'eur' } });
    expect(read.disabled).toBe(false);
    await fireEvent.change(view.getByTestId('mapping-name'), { target: { value: 'Spender' } });
    await fireEvent.click(read);
    await waitFor(() => expect(mock.previewDonations).toHaveBeenCalledTimes(2));
    const sent = mock.previewDonations.mock.calls[1][2] as DonationOptions;
    expect(sent.mapping).toMatchObject({
      date: 'Datum',
      amount: 'Betrag',
      name: 'Spender',
      currency: { from: 'fixed', value: 'EUR' },
    });

    // Or the currency from a column of the file.
    await fireEvent.click(view.getByTestId('mapping-currency-from-column'));
    expect(read.disabled).toBe(true);
    await fireEvent.change(view.getByTestId('mapping-currency-column'), { target: { value: 'Währung' } });
    expect(read.disabled).toBe(false);
    await fireEvent.click(read);
    await waitFor(() => expect(mock.previewDonations).toHaveBeenCalledTimes(3));
    expect((mock.previewDonations.mock.calls[2][2] as DonationOptions).mapping?.currency).toEqual({
      from: 'column',
      value: 'Währung',
    });
  });
});
