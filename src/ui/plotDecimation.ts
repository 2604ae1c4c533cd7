// Traces thinned to what a plot can show: at most a lowest and a highest point per pixel column of the x range,
// in x order, so the drawn envelope (spikes included) is the same as the full trace's, and plotly's redraw costs
// the plot's width rather than the run's length.

/** Keeps, per column of `columns` equal slices of [x₀, x_last], its lowest and highest point, and both ends. */
export function decimateToColumns(x: readonly number[], y: readonly number[], columns: number): { x: number[]; y: number[] } {
  const n = Math.min(x.length, y.length);
  const width = Math.max(1, Math.floor(columns));
  if (n <= 2 * width) return { x: x.slice(0, n), y: y.slice(0, n) };
  const x0 = x[0];
  const span = x[n - 1] - x0 || 1;
  const outX: number[] = [];
  const outY: number[] = [];
  const emit = (i: number) => {
    outX.push(x[i]);
    outY.push(y[i]);
  };
  let column = -1;
  let low = -1;
  let high = -1;
  const flush = () => {
    if (low < 0) return;
    if (low === high) emit(low);
    else if (low < high) [low, high].forEach(emit);
    else [high, low].forEach(emit);
  };
  for (let i = 0; i < n; i++) {
    const c = Math.min(width - 1, Math.floor(((x[i] - x0) / span) * width));
    if (c !== column) {
      flush();
      column = c;
      low = high = i;
    } else {
      if (y[i] < y[low]) low = i;
      if (y[i] > y[high]) high = i;
    }
  }
  flush();
  // The ends are always shown (the run's start, and its newest point), extremes of their columns or not.
  if (outX[outX.length - 1] !== x[n - 1]) emit(n - 1);
  if (outX[0] !== x0) {
    outX.unshift(x0);
    outY.unshift(y[0]);
  }
  return { x: outX, y: outY };
}
