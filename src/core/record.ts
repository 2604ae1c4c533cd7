// A whole run recorded step by step (the CLI and the tests): error[t], loss[t] and testLoss[t] after t steps.
import type { ArmName } from './arms';
import type { Experiment } from './experiment';

export interface ArmHistory {
  name: ArmName;
  initError: number;
  error: number[];
  loss: number[];
  testLoss: number[];
  /** Final W (d×k row-major) and v. */
  W: number[];
  v: number[];
  stopped: string | null;
}

/** Trains `iters` steps, reading back once per step; a stopped arm's history ends at its last finite point. */
export async function recordRun(experiment: Experiment, iters: number): Promise<ArmHistory[]> {
  const histories: ArmHistory[] = experiment.arms.map((arm) => ({
    name: arm.name, initError: arm.initError, error: [], loss: [], testLoss: [], W: [], v: [], stopped: null,
  }));
  for (let t = 0; t <= iters && experiment.anyRunning; t++) {
    const steps = t === 0 ? 0 : 1;
    const flat = experiment.runFrame(steps);
    const data = (await flat.data()) as Float32Array;
    flat.dispose();
    const frame = experiment.decode(data, steps);
    frame.arms.forEach((arm, a) => {
      const h = histories[a];
      if (h.stopped) return;
      const stopped = experiment.arms[a].stopped;
      if (stopped) {
        h.stopped = stopped;
        return;
      }
      h.error.push(arm.error);
      h.loss.push(arm.loss);
      h.testLoss.push(arm.testLoss);
      h.W = Array.from(arm.W);
      h.v = Array.from(arm.v);
    });
  }
  return histories;
}
