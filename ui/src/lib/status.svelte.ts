// The status line: what the last decision, undo or action did, or what went wrong.
import { toApiError } from './api';

export const status = $state({ text: '', tone: 'info' as 'info' | 'error', seq: 0 });

/** Shows what just happened ("Rejected 12 comments"). */
export function say(text: string) {
  status.text = text;
  status.tone = 'info';
  status.seq += 1;
}

/** Shows what went wrong, in the danger colour. */
export function fail(err: unknown) {
  status.text = toApiError(err).message;
  status.tone = 'error';
  status.seq += 1;
}

export function clearStatus() {
  status.text = '';
  status.tone = 'info';
  status.seq += 1;
}
