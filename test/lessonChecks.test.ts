// Every lesson step's check against the real engine (built, trained and probed as the page does it, through the
// message protocol): the step's own settings, or the task done, pass; the task not done does not.
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type Baseline, type CheckResult } from '../src/core/lessons/checks';
import { read, type LessonFigures } from '../src/core/lessons/figures';
import { LESSONS, type LessonId } from '../src/core/lessons';
import type { Settings } from '../src/core/settings';
import { initNodeBackend } from '../src/engine/nodeBackend';
import { lessonRun } from './helpers/lessonRun';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const TIMEOUT = 300_000;
const step = (lesson: LessonId, n: number) => LESSONS[lesson].steps[n - 1];

/** Each run once, shared by the checks that read it. */
const cache = new Map<string, Promise<LessonFigures>>();
function figures(lesson: LessonId, n: number, change: Partial<Settings> = {}, probe = false): Promise<LessonFigures> {
  const settings = { ...step(lesson, n).settings, ...change };
  const key = JSON.stringify([settings, probe]);
  if (!cache.has(key)) cache.set(key, lessonRun(settings, probe));
  return cache.get(key)!;
}

function check(lesson: LessonId, n: number, f: LessonFigures, baseline: Baseline | null = null): CheckResult {
  const result = evaluate(step(lesson, n).check, f, baseline);
  console.info(`${lesson} ${n} [${result.state}] ${result.message}`);
  return result;
}

/** A comparison: the first run's measurement recorded as the baseline, then the second judged against it. */
function compared(lesson: LessonId, n: number, before: LessonFigures, after: LessonFigures): CheckResult {
  const first = check(lesson, n, before);
  expect(first.state).toBe('waiting');
  expect(first.record).toBeDefined();
  return check(lesson, n, after, first.record!);
}

describe('Zhong et al.: tensor initialization and local strong convexity', () => {
  const small = () => figures('zhong', 1, {}, true);
  const large = () => figures('zhong', 1, { n: 32000 }, true);

  it('1: the tensor init starts within 0.1 at n = 32,000, not at n = 2,000', async () => {
    expect(check('zhong', 1, await small()).state).toBe('fail');
    expect(check('zhong', 1, await large()).state).toBe('pass');
  }, TIMEOUT);

  it('2: λ_min(∇²f(W₀)) > 0 at n = 32,000, ≤ 0 at n = 2,000; empty for relu', async () => {
    expect(check('zhong', 2, await small()).state).toBe('fail');
    expect(check('zhong', 2, await large()).state).toBe('pass');
    const relu = await figures('zhang', 1, { noise: 0.5 });
    expect(check('zhong', 2, relu).state).toBe('not-applicable');
  }, TIMEOUT);

  it('3: the tensor arm ends 100× closer than random signs at n = 32,000, not at n = 2,000', async () => {
    expect(step('zhong', 3).settings.n).toBe(32000);
    // Step 3 starts where step 1's task ends (n = 32,000): the same run.
    expect(check('zhong', 3, await large()).state).toBe('pass');
    expect(check('zhong', 3, await small()).state).toBe('fail');
  }, TIMEOUT);

  it('4: the measured rate follows 1 − ηλ_min at κ = 2 once converged; not 150 steps in', async () => {
    const early = await figures('zhong', 4, { kappa: 2, iters: 150 }, true);
    expect(check('zhong', 4, early).state).toBe('fail');
    // κ = 1, the step's start, is not the task: the same figures said to come from κ = 1 wait for it.
    expect(check('zhong', 4, { ...early, settings: { ...early.settings, kappa: 1 } }).state).toBe('waiting');
    expect(check('zhong', 4, await figures('zhong', 4, { kappa: 2 }, true)).state).toBe('pass');
  }, TIMEOUT);

  it('5: at η = 0.05 the far random arm diverges and the tensor arm does not; at η = 0.005 neither', async () => {
    expect(check('zhong', 5, await figures('zhong', 5)).state).not.toBe('pass');
    expect(check('zhong', 5, await figures('zhong', 5, { lr: 0.05 })).state).toBe('pass');
  }, TIMEOUT);
});

describe('Zhang et al.: noise and the statistical floor', () => {
  const noisy = () => figures('zhang', 3);

  it('1: a floor with noise; without noise the error keeps falling and no floor is read', async () => {
    const clean = await figures('zhang', 1);
    expect(clean.settings.noise).toBe(0);
    expect(check('zhang', 1, clean).state).toBe('waiting');
    expect(read(clean, { of: 'floor', arm: 'tensor' }).value).toBeNull();
    expect(check('zhang', 1, await noisy()).state).toBe('pass');
  }, TIMEOUT);

  it('2: halving ν halves the floor; raising it instead does not pass', async () => {
    const start = await figures('zhang', 2);
    expect(start.settings.noise).toBe(0.2);
    expect(compared('zhang', 2, start, await figures('zhang', 2, { noise: 0.1 })).state).toBe('pass');
    expect(compared('zhang', 2, start, await noisy()).state).not.toBe('pass');
  }, TIMEOUT);

  it('3: four times n brings the floor down to about half; halving ν instead does not pass', async () => {
    expect(compared('zhang', 3, await noisy(), await figures('zhang', 3, { n: 16000 })).state).toBe('pass');
    expect(compared('zhang', 3, await noisy(), await figures('zhang', 2)).state).not.toBe('pass');
  }, TIMEOUT);

  it('4: four times d about doubles the floor; four times n does not pass', async () => {
    expect(compared('zhang', 4, await noisy(), await figures('zhang', 4, { d: 20 })).state).toBe('pass');
    expect(compared('zhang', 4, await noisy(), await figures('zhang', 4, { n: 16000 })).state).not.toBe('pass');
  }, TIMEOUT);

  it('5: the measured floor is within 2× of the formula at ν = 0.5; not measurable before the floor', async () => {
    expect(check('zhang', 5, await figures('zhang', 5)).state).toBe('waiting');
    expect(check('zhang', 5, await figures('zhang', 5, { noise: 0.5, iters: 60 })).state).not.toBe('pass');
    expect(check('zhang', 5, await figures('zhang', 5, { noise: 0.5 })).state).toBe('pass');
  }, TIMEOUT);
});

describe('Fu et al.: classification with cross-entropy', () => {
  const ce = () => figures('fu', 1);
  const squared = () => figures('fu', 1, { loss: 'squared' });
  const cnn = () => figures('fu', 5);

  it('1: the random arm halves its error with cross-entropy; not with the squared loss at the same η', async () => {
    expect(check('fu', 1, await ce()).state).toBe('pass');
    expect(check('fu', 1, await squared()).state).toBe('fail');
  }, TIMEOUT);

  it('2: the squared loss on the same data is slower; no change is no comparison', async () => {
    expect(compared('fu', 2, await ce(), await squared()).state).toBe('pass');
    expect(compared('fu', 2, await ce(), await ce()).state).not.toBe('pass');
  }, TIMEOUT);

  it('3: the CNN’s moment initialization starts far closer than a random filter; the FCN is not the task', async () => {
    expect(check('fu', 3, await figures('fu', 3)).state).toBe('waiting');
    expect(check('fu', 3, await cnn()).state).toBe('pass');
  }, TIMEOUT);

  it('4: the trained filter comes within 0.1 at n = 10,000, not at n = 1,000', async () => {
    expect(step('fu', 4).settings.n).toBe(1000);
    expect(check('fu', 4, await figures('fu', 4)).state).toBe('fail');
    expect(check('fu', 4, await cnn()).state).toBe('pass');
  }, TIMEOUT);

  it('5: four times n lowers the filter’s floor; the same n is no comparison', async () => {
    expect(compared('fu', 5, await cnn(), await figures('fu', 5, { n: 40000 })).state).toBe('pass');
    expect(compared('fu', 5, await cnn(), await cnn()).state).not.toBe('pass');
  }, TIMEOUT);
});
