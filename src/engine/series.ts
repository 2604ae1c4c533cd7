// Plot data, kept outside React: the loop appends each frame, the plots subscribe and redraw in place.
// Every trace is decimated to at most MAX_POINTS by dropping every other point of the older half, so a
// 100k-step run stays as light to draw as a short one.
import type { ArmName } from '../core/arms';
import { summarizeArm, type ArmBand, type BandFrame } from '../core/bands';
import type { FrameFigures } from '../core/experiment';
import type { Float32Floor } from '../core/float32Floor';
import type { Spread } from '../core/quantiles';
import type { RunFile } from '../core/runFile';
import type { Settings } from '../core/settings';

export const MAX_POINTS = 1500;

export class Trace {
  x: number[] = [];
  y: number[] = [];

  static from(x: readonly number[], y: readonly number[]): Trace {
    const trace = new Trace();
    x.forEach((xi, i) => trace.push(xi, y[i]));
    return trace;
  }

  push(x: number, y: number): void {
    if (!Number.isFinite(y)) return;
    this.x.push(x);
    this.y.push(y);
    if (this.x.length > MAX_POINTS) this.thin();
  }

  /** Halves the older half of the points: recent dynamics stay at full resolution. */
  private thin(): void {
    const half = Math.floor(this.x.length / 2);
    const keep = (_: number, i: number) => i >= half || i % 2 === 0;
    this.x = this.x.filter(keep);
    this.y = this.y.filter(keep);
  }
}

export interface ArmSeries {
  name: ArmName;
  error: Trace;
  /** max_j ‖w_j − w*_j‖/‖w*_j‖, the map's metric (not plotted; saved in run files). */
  maxUnitError: Trace;
  loss: Trace;
  testLoss: Trace;
}

/** Median and 10–90% band of one figure over the seeds, as three traces of the same iterations. */
export class SpreadTraces {
  median = new Trace();
  lo = new Trace();
  hi = new Trace();

  push(x: number, s: Spread): void {
    this.median.push(x, s.median);
    this.lo.push(x, s.lo);
    this.hi.push(x, s.hi);
  }
}

/** One arm over the seeds of a band (settings.trials > 1). */
export interface BandSeries {
  name: ArmName;
  error: SpreadTraces;
  loss: SpreadTraces;
  testLoss: SpreadTraces;
  /** Fraction of the seeds recovered (SPEC §5's rule), per frame. */
  success: Trace;
  /** Every seed's own curves, seed s + t at index t (trial 0: the live run); a run file can save them. */
  seeds: { error: Trace; loss: Trace; testLoss: Trace }[];
  /** The latest frame's summary (the readouts). */
  latest: ArmBand | null;
}

/** A saved run shown instead of the live one ("Open run"): nothing is computed, the curves come from the file. */
export interface Replay {
  file: RunFile;
  /** The file's name, and its settings read through the settings table. */
  name: string;
  settings: Settings;
}

/** `urgent`: the run's first point, which the plots draw at once (a slider change should show without delay). */
type Listener = (urgent: boolean) => void;

export class SeriesStore {
  arms: ArmSeries[] = [];
  /** Per arm, when the run trains many seeds; empty for one seed (today's view). */
  bands: BandSeries[] = [];
  /** The float32 floor measured for this run (float32Floor.ts), null until measured. */
  floor: Float32Floor | null = null;
  /** The saved run the series show, or null while they follow the live run. */
  replay: Replay | null = null;
  /** Bumped on every change: plotly's datarevision. */
  revision = 0;
  private listeners = new Set<Listener>();

  /** A new run of `seeds` seeds (settings.trials). */
  reset(names: ArmName[], seeds = 1): void {
    this.replay = null;
    this.arms = names.map((name) => ({ name, error: new Trace(), maxUnitError: new Trace(), loss: new Trace(), testLoss: new Trace() }));
    this.bands = seeds > 1 ? names.map((name) => ({
      name, error: new SpreadTraces(), loss: new SpreadTraces(), testLoss: new SpreadTraces(), success: new Trace(), latest: null,
      seeds: Array.from({ length: seeds }, () => ({ error: new Trace(), loss: new Trace(), testLoss: new Trace() })),
    })) : [];
    this.floor = null;
    this.changed(false);
  }

  /** Shows a saved run's curves until the next reset (a rebuild of the live run). */
  load(arms: ArmSeries[], replay: Replay): void {
    this.replay = replay;
    this.arms = arms;
    this.bands = [];
    this.floor = null;
    this.changed(true);
  }

  setFloor(floor: Float32Floor): void {
    this.floor = floor;
    this.changed(false);
  }

  /** Every seed's figures at the frame's end, and each arm's median, band and success fraction. */
  private pushBand(band: BandFrame): void {
    const x = band.iteration;
    this.bands.forEach((series, a) => {
      const summary = summarizeArm(band, a);
      series.latest = summary;
      series.error.push(x, summary.error);
      series.loss.push(x, summary.loss);
      series.testLoss.push(x, summary.testLoss);
      series.success.push(x, summary.success);
      band.trials.forEach((arms, t) => {
        const f = arms[a];
        const seed = series.seeds[t];
        if (!f || !seed) return;
        seed.error.push(x, f.error);
        seed.loss.push(x, f.loss);
        seed.testLoss.push(x, f.testLoss);
      });
    });
  }

  /** Appends one frame: per-step training loss, and error and test loss at the frame's end. */
  push(frame: FrameFigures, stoppedBefore: boolean[], band: BandFrame | null = null): void {
    const first = this.arms.every((arm) => arm.error.x.length === 0);
    if (band && this.bands.length) this.pushBand(band);
    const steps = frame.stepLosses.length;
    frame.arms.forEach((arm, a) => {
      const series = this.arms[a];
      if (!series || stoppedBefore[a]) return;
      frame.stepLosses.forEach((losses, s) => series.loss.push(frame.iteration - steps + s, losses[a]));
      if (steps === 0) series.loss.push(frame.iteration, arm.loss);
      series.error.push(frame.iteration, arm.error);
      series.maxUnitError.push(frame.iteration, arm.maxUnitError);
      series.testLoss.push(frame.iteration, arm.testLoss);
    });
    this.changed(first);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(urgent: boolean): void {
    this.revision++;
    this.listeners.forEach((l) => l(urgent));
  }
}

/** The app's one series store. */
export const series = new SeriesStore();
