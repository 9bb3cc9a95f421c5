// The idle lock: after so long without a key, a click or a move of the pointer, a profile
// with a passphrase goes back to the profile picker. Pure timing logic, testable alone.

/** What counts as someone at the desk. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/** Starts watching `target`; calls `onidle` once `seconds` pass with no activity. Returns the
 *  function that stops watching. `now` and the timer functions are injectable for tests. */
export function watchIdle(
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
  seconds: number,
  onidle: () => void,
  clock: { now: () => number; every: (f: () => void, ms: number) => () => void } = {
    now: () => Date.now(),
    every: (f, ms) => {
      const id = setInterval(f, ms);
      return () => clearInterval(id);
    },
  },
): () => void {
  let last = clock.now();
  const seen = () => (last = clock.now());
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, seen, { passive: true });
  let stopped = false;
  const stopTimer = clock.every(() => {
    if (!stopped && clock.now() - last >= seconds * 1000) {
      stop();
      onidle();
    }
  }, Math.min(5000, Math.max(250, (seconds * 1000) / 4)));
  function stop() {
    stopped = true;
    stopTimer();
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, seen);
  }
  return stop;
}

/** "Locked after 15 minutes without use." */
export function lockedText(seconds: number): string {
  if (seconds % 60 === 0) {
    const minutes = seconds / 60;
    return `Locked after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} without use. Sign in again.`;
  }
  return `Locked after ${seconds} seconds without use. Sign in again.`;
}
