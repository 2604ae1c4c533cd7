// A whole run recorded step by step (the CLI and the tests): error[t], maxUnitError[t], loss[t] and testLoss[t]
// after t steps.
import type { ArmName } from './arms';
import type { Band, BandFrame } from './bands';
import type { Experiment } from './experiment';

export interface ArmHistory {
  name: ArmName;
  initError: number;
  /** ‖W − W*‖_F/‖W*‖_F after matching, and the map's max_j ‖w_j − w*_j‖/‖w*_j‖ (SPEC §4–5). */
  error: number[];
  maxUnitError: number[];
  loss: number[];
  testLoss: number[];
  /** Initial and final W (d×k row-major) and v. */
  initW: number[];
  initV: number[];
  W: number[];
  v: number[];
  stopped: string | null;
}

/**
 * Trains `iters` steps, reading back once per step; a stopped arm's history ends at its last finite point.
 * With `band`, its other seeds train alongside (the same read-back) and each frame of theirs goes to `onFrame`.
 */
export async function recordRun(experiment: Experiment, iters: number, band?: { band: Band; onFrame: (frame: BandFrame) => void }): Promise<ArmHistory[]> {
  const histories: ArmHistory[] = experiment.arms.map((arm) => ({
    name: arm.name, initError: arm.initError, error: [], maxUnitError: [], loss: [], testLoss: [], initW: [], initV: [], W: [], v: [], stopped: null,
  }));
  for (let t = 0; t <= iters && experiment.anyRunning; t++) {
    const steps = t === 0 ? 0 : 1;
    const primary = experiment.runFrame(steps);
    const size = primary.size;
    const flat = band ? band.band.runFrame(steps, primary) : primary;
    const data = (await flat.data()) as Float32Array;
    flat.dispose();
    const frame = experiment.decode(data.subarray(0, size), steps);
    band?.onFrame(band.band.decode(data.subarray(size), frame, experiment.teacher, experiment.arms.map((arm) => arm.stopped !== null)));
    frame.arms.forEach((arm, a) => {
      const h = histories[a];
      if (h.stopped) return;
      const stopped = experiment.arms[a].stopped;
      if (stopped) {
        h.stopped = stopped;
        return;
      }
      h.error.push(arm.error);
      h.maxUnitError.push(arm.maxUnitError);
      h.loss.push(arm.loss);
      h.testLoss.push(arm.testLoss);
      h.W = Array.from(arm.W);
      h.v = Array.from(arm.v);
      if (t === 0) {
        h.initW = h.W;
        h.initV = h.v;
      }
    });
  }
  return histories;
}
