import { describe, expect, it } from 'vitest';
import { WAIT_NOTICE_MS, backgroundText, started, waiting, waitingText } from './waiting.svelte';

describe('waitingText', () => {
  it('names a quick command only once it is late', () => {
    const running = [{ command: 'decide', since: 1000 }];
    expect(waitingText(running, 1000 + WAIT_NOTICE_MS - 1)).toBe('');
    expect(waitingText(running, 1000 + WAIT_NOTICE_MS)).toBe('Still saving your decision…');
  });

  it('says an import is why, and never names the import itself', () => {
    const running = [
      { command: 'import_comments', since: 0 },
      { command: 'decide', since: 5000 },
    ];
    expect(waitingText(running, 4000)).toBe('');
    expect(waitingText(running, 5000 + WAIT_NOTICE_MS)).toBe(
      'Still saving your decision… — waiting for the import to finish writing',
    );
  });

  it('has a plain word for commands without one', () => {
    expect(waitingText([{ command: 'list_sites', since: 0 }], 10_000)).toBe('Still answering…');
  });
});

describe('backgroundText', () => {
  it('says a comment import is running, and nothing else', () => {
    expect(backgroundText([])).toBe('');
    expect(backgroundText([{ command: 'decide' }, { command: 'import_donations' }])).toBe('');
    expect(backgroundText([{ command: 'decide' }, { command: 'import_comments' }])).toBe(
      'Importing comments in the background: they join the queues once the whole file is in',
    );
  });
});

describe('started', () => {
  it('tracks a command until it is answered', () => {
    const done = started('queue_page');
    expect(waiting.running.map((r) => r.command)).toContain('queue_page');
    done();
    expect(waiting.running.map((r) => r.command)).not.toContain('queue_page');
  });
});

describe('a command started from an effect', () => {
  it('does not make the effect run again when commands start and end', async () => {
    const { render } = await import('@testing-library/svelte');
    const { flushSync } = await import('svelte');
    const Harness = (await import('../components/WaitingHarness.svelte')).default;
    const runs: (() => void)[] = [];
    const view = render(Harness, { onrun: (done: () => void) => runs.push(done) });
    flushSync();
    runs[0]();
    const other = started('queue_page');
    flushSync();
    other();
    flushSync();
    expect(runs).toHaveLength(1);
    view.unmount();
  });
});
