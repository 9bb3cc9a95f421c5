import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from './api';

describe('toApiError', () => {
  it('keeps the stable code and message from a command error', () => {
    const err = toApiError({ code: 'db_too_new', message: 'x.db was written by a newer Readerdesk' });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('db_too_new');
    expect(err.message).toBe('x.db was written by a newer Readerdesk');
  });

  it('wraps anything else as an ipc error with its text', () => {
    expect(toApiError('command stats not found').code).toBe('ipc');
    expect(toApiError(new Error('boom')).message).toBe('boom');
  });
});
