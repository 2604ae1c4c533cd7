// One clock for the page's live plots: the plots that changed since the last tick redraw together, in one task,
// so the browser lays out, paints, rasters and composites once per tick rather than once per plot, and the
// redraw budget holds for the plots together rather than for each. What a redraw costs is measured with the
// rendering it causes (style, layout, paint on the main thread), not only its script.

/** At most ten ticks a second keep the curves live. */
const MIN_TICK_MS = 100;
/** A tick waits this many times the last one's cost: the plots take at most about a fifth of the main thread. */
const COST_FACTOR = 4;

type Draw = () => void;

const due = new Set<Draw>();
let timer: ReturnType<typeof setTimeout> | undefined;
let lastTick = -Infinity;
let lastCost = 0;

/** The rendering that follows a tick's script: from the next animation frame to the task after it. */
function measureRendering(script: number): void {
  requestAnimationFrame(() => {
    const painted = performance.now();
    const after = new MessageChannel();
    after.port1.onmessage = () => {
      lastCost = script + (performance.now() - painted);
      after.port1.close();
    };
    after.port2.postMessage(null);
  });
}

function tick(): void {
  timer = undefined;
  lastTick = performance.now();
  const draws = [...due];
  due.clear();
  draws.forEach((draw) => draw());
  const script = performance.now() - lastTick;
  lastCost = script;
  measureRendering(script);
}

/** `draw` runs at the next tick (with every other plot due then). */
export function requestRedraw(draw: Draw): void {
  due.add(draw);
  if (timer !== undefined) return;
  const interval = Math.max(MIN_TICK_MS, COST_FACTOR * lastCost);
  timer = setTimeout(tick, Math.max(0, interval - (performance.now() - lastTick)));
}

/** `draw` ran on its own (a new run's first point) or its plot is gone: it is no longer due. */
export function cancelRedraw(draw: Draw): void {
  due.delete(draw);
}
