// How many steps the next frame runs. Two limits: a time budget, so the page stays responsive (steps are
// adapted to the measured cost of the last frames), and a slow start, so the early dynamics are visible —
// at most one step per eight done so far, which spaces the first points about evenly on a log axis.
const FRAME_BUDGET_MS = 24;
const MAX_STEPS_PER_FRAME = 2000;

export class StepBudget {
  /** Smoothed milliseconds per step. */
  private msPerStep: number | null = null;

  next(iteration: number): number {
    const slowStart = Math.max(1, Math.floor(iteration / 8));
    const byTime = this.msPerStep === null ? 1 : Math.floor(FRAME_BUDGET_MS / this.msPerStep);
    return Math.max(1, Math.min(slowStart, byTime, MAX_STEPS_PER_FRAME));
  }

  record(steps: number, ms: number): void {
    if (steps === 0) return;
    const perStep = ms / steps;
    this.msPerStep = this.msPerStep === null ? perStep : 0.7 * this.msPerStep + 0.3 * perStep;
  }
}
