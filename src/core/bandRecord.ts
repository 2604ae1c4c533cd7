// A band recorded step by step (the CLI): per arm, the median and 10–90% band of the matched error over the
// seeds after every step, the fraction recovered, and each seed's final errors.
import type { ArmName } from './arms';
import { summarizeArm, type Band, type BandFrame } from './bands';
import type { Built } from './build';
import { recordRun, type ArmHistory } from './record';

// A type, not an interface: it must fit the run file's open (loose) schema, which has an index signature.
export type ArmBandHistory = {
  name: ArmName;
  /** Seeds s … s+R−1 (trial t has seed seeds[t]). */
  seeds: number[];
  /** error.median[t] etc.: over the seeds, after t steps. */
  error: { median: number[]; lo: number[]; hi: number[] };
  /** Fraction of the seeds recovered after t steps (max-per-unit error ≤ 0.01, signs right). */
  success: number[];
  /** Each seed's ‖W − W*‖_F/‖W*‖_F and max-per-unit error at the end (null: the seed has no such arm). */
  finalError: (number | null)[];
  finalMaxUnitError: (number | null)[];
};

/** Trains `iters` steps of the live run (its histories) and its band (each arm's band history). Disposes the band. */
export async function recordBand(built: Built, band: Band, iters: number, seeds: number[]): Promise<{ histories: ArmHistory[]; bands: ArmBandHistory[] }> {
  const bands: ArmBandHistory[] = built.experiment.arms.map((arm) => ({
    name: arm.name, seeds, error: { median: [], lo: [], hi: [] }, success: [], finalError: [], finalMaxUnitError: [],
  }));
  const onFrame = (frame: BandFrame) => bands.forEach((h, a) => {
    const summary = summarizeArm(frame, a);
    h.error.median.push(summary.error.median);
    h.error.lo.push(summary.error.lo);
    h.error.hi.push(summary.error.hi);
    h.success.push(summary.success);
    h.finalError = frame.trials.map((arms) => arms[a]?.error ?? null);
    h.finalMaxUnitError = frame.trials.map((arms) => arms[a]?.maxUnitError ?? null);
  });
  try {
    return { histories: await recordRun(built.experiment, iters, { band, onFrame }), bands };
  } finally {
    band.dispose();
  }
}
