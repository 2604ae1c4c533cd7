// The plots' redraw clock: five ticks a second when nobody is acting on the page, ten for a while after input,
// a waiting slow tick brought forward by input, and each tick's wait at least four times its last cost.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Clock = typeof import('../src/ui/redrawClock');

async function freshClock(): Promise<Clock> {
  vi.resetModules();
  return import('../src/ui/redrawClock');
}

/** Tick times (fake ms) of a plot that asks to redraw again as soon as it has drawn, for `ms`. */
function tickTimes(clock: Clock, ms: number, cost = 0): number[] {
  const times: number[] = [];
  const draw = () => {
    times.push(performance.now());
    // The draw's own cost: the fake clock moves on while it "runs" (nothing else is due then).
    if (cost) vi.advanceTimersByTime(cost);
    clock.requestRedraw(draw);
  };
  clock.requestRedraw(draw);
  vi.advanceTimersByTime(ms);
  clock.cancelRedraw(draw);
  return times;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => Math.round(t - times[i]));

describe('redrawClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    // No browser here: the rendering measurement's frame and task never come, so a tick's cost is its script.
    vi.stubGlobal('requestAnimationFrame', () => 0);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('ticks five times a second with no input', async () => {
    const clock = await freshClock();
    const times = tickTimes(clock, 2000);
    expect(gaps(times).slice(1).every((g) => g === 200)).toBe(true);
    expect(times.length).toBeGreaterThanOrEqual(10);
    expect(times.length).toBeLessThanOrEqual(11);
  });

  it('ticks ten times a second for two seconds after input, then five again', async () => {
    const clock = await freshClock();
    vi.advanceTimersByTime(5000);
    clock.noteUserInput();
    const times = tickTimes(clock, 4000);
    const early = times.filter((t) => t < performance.now() - 4000 + 2000);
    const late = times.filter((t) => t > performance.now() - 4000 + 2300);
    expect(gaps(early).slice(1).every((g) => g === 100)).toBe(true);
    expect(gaps(late).every((g) => g === 200)).toBe(true);
  });

  it('brings a waiting slow tick forward when the user acts', async () => {
    const clock = await freshClock();
    const times: number[] = [];
    const draw = () => times.push(performance.now());
    clock.requestRedraw(draw);
    vi.advanceTimersByTime(0);
    const first = times[0];
    clock.requestRedraw(draw);
    vi.advanceTimersByTime(40);
    clock.noteUserInput();
    vi.advanceTimersByTime(200);
    expect(times[1] - first).toBe(100);
  });

  it('waits four times the last tick\'s cost when that is longer', async () => {
    const clock = await freshClock();
    expect(clock.tickInterval()).toBe(200);
    const times = tickTimes(clock, 3000, 80);
    // A tick that takes 80 ms: the next one starts 320 ms after it began.
    expect(gaps(times).slice(1).every((g) => g === 320)).toBe(true);
  });
});
