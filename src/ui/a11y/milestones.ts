// What the live region says about a run, without flooding it: the run starting, pausing, finishing, and each
// arm reaching an error milestone (one per decade listed, the first time only), compared with the arms that got
// there first; the map at every quarter of its work. Pure: the announcer feeds it the store's readouts.
import { ARM_LABELS, type ArmName } from '../../core/arms';
import { formatNumber } from './plotSummary';

/** Error milestones announced, one per decade: more would crowd the live region, fewer say too little. */
export const MILESTONES = [1e-1, 1e-2, 1e-3, 1e-4];

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** 1e-3 as "10⁻³". */
export function decade(x: number): string {
  const exponent = String(Math.round(Math.log10(x)));
  return `10${[...exponent].map((c) => SUPERSCRIPT[c]).join('')}`;
}

export interface ArmFigures {
  name: ArmName;
  initError: number;
  error: number;
}

export interface RunFigures {
  status: string;
  iteration: number;
  arms: ArmFigures[];
}

/** The first iteration at which an arm's error was below `threshold` (from the plotted series), if known. */
export type FirstBelow = (arm: number, threshold: number) => number | null;

const steps = (n: number) => `step ${n.toLocaleString('en-US')}`;

function ratio(later: number, earlier: number): string {
  const r = later / Math.max(1, earlier);
  return `${r < 10 ? Number(r.toPrecision(2)) : Math.round(r)}×`;
}

/**
 * Remembers which milestones each arm of the current run reached. `reset` on a new run (a rebuild), then
 * `update` with every readout: it returns the sentences the readout gives cause to say.
 */
export class RunAnnouncements {
  private reached: Map<number, { arm: number; iteration: number }[]> = new Map();
  private status = '';

  reset(): void {
    this.reached = new Map();
  }

  update(run: RunFigures, firstBelow: FirstBelow): { milestones: string[]; status: string | null } {
    const milestones = [...this.milestones(run, firstBelow)];
    const changed = run.status !== this.status;
    this.status = run.status;
    return { milestones, status: changed ? this.statusLine(run) : null };
  }

  private statusLine(run: RunFigures): string | null {
    const at = `iteration ${run.iteration.toLocaleString('en-US')}`;
    if (run.status === 'running') return run.iteration === 0 ? 'Run started.' : `Run resumed at ${at}.`;
    if (run.status === 'paused') return `Paused at ${at}.`;
    if (run.status !== 'done') return null;
    const errors = run.arms.map((a) => `${ARM_LABELS[a.name]} ${formatNumber(a.error)}`).join(', ');
    return `Run done at ${at}. Error: ${errors}.`;
  }

  private *milestones(run: RunFigures, firstBelow: FirstBelow): Generator<string> {
    for (const threshold of MILESTONES) {
      const list = this.reached.get(threshold) ?? [];
      this.reached.set(threshold, list);
      for (let a = 0; a < run.arms.length; a++) {
        const arm = run.arms[a];
        if (list.some((r) => r.arm === a) || !(arm.error < threshold)) continue;
        // Started below: nothing reached, but the arms that must climb down to it compare against step 0.
        if (arm.initError < threshold) {
          list.push({ arm: a, iteration: 0 });
          continue;
        }
        const iteration = firstBelow(a, threshold) ?? run.iteration;
        const earlier = list.filter((r) => r.iteration <= iteration);
        list.push({ arm: a, iteration });
        let line = `${ARM_LABELS[arm.name]} reached error ${decade(threshold)} at ${steps(iteration)}`;
        if (earlier.length) {
          const first = earlier.reduce((p, q) => (q.iteration < p.iteration ? q : p));
          const name = ARM_LABELS[run.arms[first.arm].name];
          line += first.iteration === 0
            ? `; ${name} started below it`
            : `; ${name} got there at ${steps(first.iteration)}, ${ratio(iteration, first.iteration)} sooner`;
        }
        yield `${line}.`;
      }
    }
  }
}

/** The quarter of the map's work done (0–4), so progress is announced at 25, 50, 75 and 100 %. */
export const quarter = (fraction: number) => Math.floor(4 * Math.min(1, Math.max(0, fraction)) + 1e-9);
