import { describe, expect, it, vi } from 'vitest';
import { lockedText, watchIdle } from './idle';

function fakeClock() {
  let t = 0;
  let tick: () => void = () => {};
  return {
    clock: { now: () => t, every: (f: () => void) => ((tick = f), () => (tick = () => {})) },
    advance(ms: number) {
      t += ms;
      tick();
    },
  };
}

describe('watchIdle', () => {
  it('locks once the time passes with nobody at the desk, and only once', () => {
    const target = new EventTarget();
    const onidle = vi.fn();
    const { clock, advance } = fakeClock();
    watchIdle(target, 60, onidle, clock);
    advance(59_000);
    expect(onidle).not.toHaveBeenCalled();
    advance(1_000);
    expect(onidle).toHaveBeenCalledTimes(1);
    advance(120_000);
    expect(onidle).toHaveBeenCalledTimes(1);
  });

  it('starts counting again at every key or click', () => {
    const target = new EventTarget();
    const onidle = vi.fn();
    const { clock, advance } = fakeClock();
    watchIdle(target, 60, onidle, clock);
    advance(50_000);
    target.dispatchEvent(new Event('keydown'));
    advance(50_000);
    expect(onidle).not.toHaveBeenCalled();
    advance(10_000);
    expect(onidle).toHaveBeenCalledTimes(1);
  });

  it('stops watching when told', () => {
    const target = new EventTarget();
    const onidle = vi.fn();
    const { clock, advance } = fakeClock();
    const stop = watchIdle(target, 60, onidle, clock);
    stop();
    advance(600_000);
    expect(onidle).not.toHaveBeenCalled();
  });
});

describe('lockedText', () => {
  it('says how long in words', () => {
    expect(lockedText(900)).toBe('Locked after 15 minutes without use. Sign in again.');
    expect(lockedText(60)).toBe('Locked after 1 minute without use. Sign in again.');
    expect(lockedText(3)).toBe('Locked after 3 seconds without use. Sign in again.');
  });
});
