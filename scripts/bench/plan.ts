// Keeps a run to minutes: a cell (or its tensor initialization) whose cost, scaled from the largest size this
// backend already measured, is far past the budget is skipped with the estimate as its reason. Scaling by work
// overestimates where fixed per-op costs dominate the smaller size: the estimates are upper bounds.
import type { BenchSize, CellResult } from '../../src/bench/measure';
import { formatSize } from './format';

/** One step's work grows like n·d·k (two n×d by d×(m·k) products). */
export const work = ({ n, d, k }: BenchSize): number => n * d * k;

/** A cell is skipped when one app step would take this many budgets; a tensor initialization, this many. */
export const STEP_LIMIT = 6;
export const INIT_LIMIT = 12;

export interface Plan {
  skip?: string;
  skipInit?: string;
}

/** The measured cell to scale from: the largest one not larger than `size` (and passing `test`). */
function reference(done: CellResult[], size: BenchSize, test: (c: CellResult) => boolean = () => true): CellResult | undefined {
  return done.filter((c) => work(c.size) <= work(size) && test(c)).sort((a, b) => work(b.size) - work(a.size))[0];
}

export function planCell(done: CellResult[], size: BenchSize, budgetMs: number): Plan {
  const budget = budgetMs / 1000;
  const why = (ref: CellResult, seconds: number, what: string, limit: number) =>
    `${what} would take about ${seconds.toFixed(0)} s here (scaled from ${formatSize(ref.size)}); ` +
    `--budget ${Math.ceil((seconds / limit) * 1000)} or more includes it`;
  const ref = reference(done, size);
  if (!ref) return {};
  const step = work(size) / work(ref.size) / ref.app.stepsPerSecond;
  if (step > STEP_LIMIT * budget) return { skip: why(ref, step, 'one app step', STEP_LIMIT) };
  // A smaller size whose initialization was skipped for time: this one would take longer still.
  if (ref.init.status === 'skipped' && / would take about /.test(ref.init.reason)) return { skipInit: `skipped, as at ${formatSize(ref.size)}: ${ref.init.reason}` };
  const initRef = reference(done, size, (c) => c.init.status === 'ok');
  if (initRef?.init.status === 'ok') {
    // Only the moments pass over the samples (n·d² for P̂₂, n·k³ for R̂₃); the other stages work on d×d and k³ arrays.
    const { moments, total } = initRef.init.seconds;
    const passes = (s: BenchSize) => s.n * (s.d * s.d + s.k ** 3);
    const init = moments * (passes(size) / passes(initRef.size)) + (total - moments) * (size.d / initRef.size.d) * (size.k / initRef.size.k);
    if (init > INIT_LIMIT * budget) return { skipInit: why(initRef, init, 'the tensor initialization', INIT_LIMIT) };
  }
  return {};
}
