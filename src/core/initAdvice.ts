// Why the tensor initialization may be no help, in words: a random start beat it, or the samples are too few for
// the method at this d, k and activation — with the n at which it starts to work, from a measured table.
import { ACTIVATION_LABELS, type ActivationName } from './activations';
import type { Settings } from './settings';

/**
 * The smallest n at which the tensor initialization beat a random one, at d = 10, k = 5, κ = 2, seed 1, for the
 * fully connected teacher; every larger n measured beat it too. Measured with
 * `npx tsx scripts/initThreshold.ts <task> 10 5 2 <act> <n…>` (the n's below and one step either side):
 * regression relu worse at 500, better from 1,000; leaky worse at 1,000, better from 3,000; squared relu worse at
 * 500, better from 2,000; sigmoid worse at 1,000, better from 3,000; tanh worse at 3,000, better from 10,000;
 * classification (sigmoid) worse at 10⁴, 3·10⁴, 10⁵ and 2·10⁵ (errors 8.1, 6.1, 4.8, 3.6 against 1.2), better
 * at 3·10⁵ (0.45).
 */
const MEASURED: Record<Settings['task'], Partial<Record<ActivationName, number>>> = {
  regression: { relu: 1_000, leaky: 3_000, sqrelu: 2_000, sigmoid: 3_000, tanh: 10_000 },
  classification: { sigmoid: 300_000 },
};
const MEASURED_AT = { d: 10, k: 5 };

/** Why the moments are hard to estimate, by activation (SPEC §2: the Hermite coefficients c_j of φ). */
const WHY: Partial<Record<ActivationName, string>> = {
  sigmoid: 'the sigmoid’s higher Hermite moments are small, so at this n the moment estimates are mostly sampling noise',
  tanh: 'tanh’s higher Hermite moments are small, so at this n the moment estimates are mostly sampling noise',
};
const WHY_DEFAULT = 'the empirical moments are still mostly sampling noise at this n';

/**
 * The n the tensor method needs for these settings: the measured threshold scaled by d·k (the number of unknown
 * weights, as the method's own minimum of ten samples per weight assumes; the scaling itself is not measured).
 * Null where nothing was measured (the CNN, an activation without a row).
 */
export function samplesNeeded(s: Pick<Settings, 'task' | 'model' | 'act' | 'd' | 'k'>): number | null {
  if (s.model !== 'fcn') return null;
  const measured = MEASURED[s.task][s.act];
  if (measured === undefined) return null;
  const n = (measured * s.d * s.k) / (MEASURED_AT.d * MEASURED_AT.k);
  const step = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / step) * step;
}

export interface InitAdviceInput {
  task: Settings['task'];
  act: ActivationName;
  d: number;
  k: number;
  n: number;
  /** From the run's tensor report (samplesNeeded at its settings). */
  needed: number | null;
  /** The engine's matched errors at iteration 0 of the tensor arm and of the random arm. */
  tensorError: number;
  randomError: number;
}

const count = (n: number) => n.toLocaleString('en-US');

/** What the init panel should say, or an empty list when the tensor initialization did its job. */
export function initAdvice(a: InitAdviceInput): string[] {
  const lines: string[] = [];
  const worse = Number.isFinite(a.tensorError) && Number.isFinite(a.randomError) && a.tensorError > a.randomError;
  const few = a.needed !== null && a.n < a.needed;
  if (worse) {
    lines.push(`The tensor initialization is worse than a random one here: error ${a.tensorError.toPrecision(3)} against ${a.randomError.toPrecision(3)}.`);
  }
  if (few) {
    lines.push(
      `n = ${count(a.n)} is too few samples for the tensor method at d = ${a.d}, k = ${a.k} with ${ACTIVATION_LABELS[a.act]}` +
        `${a.task === 'classification' ? ' (classification labels carry little information)' : ''}: ${WHY[a.act] ?? WHY_DEFAULT}. ` +
        `It starts to beat a random start at about n = ${count(a.needed!)} (measured at d = ${MEASURED_AT.d}, k = ${MEASURED_AT.k} and scaled by d·k).`,
    );
  } else if (worse) {
    lines.push('The sample size is above the measured threshold, so this may be this seed’s bad luck: try another seed or more samples.');
  }
  return lines;
}
