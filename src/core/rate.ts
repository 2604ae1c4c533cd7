// The linear rate of convergence: linear convergence is a straight line of log error against iteration, and
// its slope is the rate. Fitted by least squares over the most recent stretch of the run.

/** float32 floors the relative error near 1.5e-6 (PITFALLS): points below this say nothing about the rate. */
const PRECISION_FLOOR = 1e-5;

/**
 * Per-step contraction factor exp(slope of ln error vs iteration) over the points with t ≥ the window start,
 * leaving out points at float32's precision floor.
 */
export function linearRate(iters: ArrayLike<number>, errors: ArrayLike<number>, windowFraction = 0.5): number | null {
  const n = iters.length;
  if (n < 3) return null;
  const tEnd = iters[n - 1];
  const tStart = tEnd - windowFraction * (tEnd - iters[0]);
  let count = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const t = iters[i];
    const e = errors[i];
    if (t < tStart || !(e > PRECISION_FLOOR) || !Number.isFinite(e)) continue;
    const ly = Math.log(e);
    count++;
    sx += t;
    sy += ly;
    sxx += t * t;
    sxy += t * ly;
  }
  const denom = count * sxx - sx * sx;
  if (count < 3 || denom <= 0) return null;
  return Math.exp((count * sxy - sx * sy) / denom);
}
