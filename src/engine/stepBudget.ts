// How many steps the next frame runs. Two limits: a time budget, so the page stays responsive, and a slow
// start, so the early dynamics are visible — at most one step per eight done so far, which spaces the first
// points about evenly on a log axis. A frame costs a fixed part (test loss, read-back) plus a part per step;
// both are measured, so the budget buys steps rather than being eaten by the fixed part.
const STEP_BUDGET_MS = 24;
const MAX_STEPS_PER_FRAME = 2000;

export class StepBudget {
  /** Smoothed cost of a frame with no steps, and of one step. */
  private fixedMs = 0;
  private stepMs: number | null = null;

  next(iteration: number): number {
    const slowStart = Math.max(1, Math.floor(iteration / 8));
    const byTime = this.stepMs === null ? 1 : Math.floor(STEP_BUDGET_MS / Math.max(this.stepMs, 1e-3));
    return Math.max(1, Math.min(slowStart, byTime, MAX_STEPS_PER_FRAME));
  }

  record(steps: number, ms: number): void {
    const smooth = (old: number | null, x: number) => (old === null ? x : 0.7 * old + 0.3 * x);
    if (steps === 0) {
      this.fixedMs = smooth(this.fixedMs || null, ms);
      return;
    }
    this.stepMs = smooth(this.stepMs, Math.max(ms - this.fixedMs, ms / (4 * steps)) / steps);
  }
}
