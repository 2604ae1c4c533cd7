// Plot data, kept outside React: the loop appends each frame, the plots subscribe and redraw in place.
// Every trace is decimated to at most MAX_POINTS by dropping every other point of the older half, so a
// 100k-step run stays as light to draw as a short one.
import type { ArmName } from '../core/arms';
import type { FrameFigures } from '../core/experiment';

export const MAX_POINTS = 1500;

export class Trace {
  x: number[] = [];
  y: number[] = [];

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
  loss: Trace;
  testLoss: Trace;
}

/** `urgent`: the run's first point, which the plots draw at once (a slider change should show without delay). */
type Listener = (urgent: boolean) => void;

export class SeriesStore {
  arms: ArmSeries[] = [];
  /** Bumped on every change: plotly's datarevision. */
  revision = 0;
  private listeners = new Set<Listener>();

  reset(names: ArmName[]): void {
    this.arms = names.map((name) => ({ name, error: new Trace(), loss: new Trace(), testLoss: new Trace() }));
    this.changed(false);
  }

  /** Appends one frame: per-step training loss, and error and test loss at the frame's end. */
  push(frame: FrameFigures, stoppedBefore: boolean[]): void {
    const first = this.arms.every((arm) => arm.error.x.length === 0);
    const steps = frame.stepLosses.length;
    frame.arms.forEach((arm, a) => {
      const series = this.arms[a];
      if (!series || stoppedBefore[a]) return;
      frame.stepLosses.forEach((losses, s) => series.loss.push(frame.iteration - steps + s, losses[a]));
      if (steps === 0) series.loss.push(frame.iteration, arm.loss);
      series.error.push(frame.iteration, arm.error);
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
