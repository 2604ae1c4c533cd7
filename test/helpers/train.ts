// Runs a whole experiment in frames of many steps (one read-back per frame): the papers' checks need hundreds
// of steps at sizes where reading back every step would dominate.
import { prepareRun } from '../../src/core/build';
import type { FrameFigures } from '../../src/core/experiment';
import { DEFAULTS, reconcile, type Settings } from '../../src/state/settings';

export interface Trained {
  /** Matched error of each arm at iteration 0 and after every frame. */
  errors: Record<string, number[]>;
  iterations: number[];
  last: FrameFigures;
  messages: string[];
}

export async function train(partial: Partial<Settings>, steps: number, frame = 50): Promise<Trained> {
  const settings = { ...DEFAULTS, ...partial };
  reconcile(settings);
  const built = await prepareRun(settings);
  const { experiment } = built;
  const errors: Record<string, number[]> = {};
  const iterations: number[] = [];
  let last: FrameFigures | null = null;
  for (let done = 0; done <= steps; done += frame) {
    const count = done === 0 ? 0 : frame;
    const flat = experiment.runFrame(count);
    last = experiment.decode((await flat.data()) as Float32Array, count);
    flat.dispose();
    iterations.push(last.iteration);
    for (const arm of last.arms) (errors[arm.name] ??= []).push(arm.error);
  }
  experiment.dispose();
  return { errors, iterations, last: last!, messages: built.messages };
}
