// One clock for the page's live plots: the plots that changed since the last tick redraw together, in one task,
// so the browser lays out, paints, rasters and composites once per tick rather than once per plot, and the
// redraw budget holds for the plots together rather than for each. What a redraw costs is measured with the
// rendering it causes (style, layout, paint on the main thread), not only its script.
//
// The rate: ten ticks a second for a while after the user touches the page (a slider moved shows its effect at
// once), five otherwise. Each tick also costs raster and compositing in the GPU process, which the page cannot
// time: on the bench's 2-core machine with a software GPU that is most of the page's cost (README, Performance).

/** Ticks at most this often while the user is acting on the page. */
const ACTIVE_TICK_MS = 100;
/** …and this often otherwise: the curves still move five times a second. */
const IDLE_TICK_MS = 200;
/** "While acting": this long after the last key, pointer, wheel or input event. */
const ACTIVE_FOR_MS = 2000;
/** A tick waits this many times the last one's cost: the plots take at most about a fifth of the main thread. */
const COST_FACTOR = 4;

type Draw = () => void;

const due = new Set<Draw>();
let timer: ReturnType<typeof setTimeout> | undefined;
let lastTick = -Infinity;
let lastCost = 0;
let lastInput = -Infinity;

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

/** The shortest wait between ticks now. */
export function tickInterval(now = performance.now()): number {
  const floor = now - lastInput < ACTIVE_FOR_MS ? ACTIVE_TICK_MS : IDLE_TICK_MS;
  return Math.max(floor, COST_FACTOR * lastCost);
}

/** The next tick, one interval after the last. */
function schedule(now: number): void {
  timer = setTimeout(tick, Math.max(0, tickInterval(now) - (now - lastTick)));
}

/** `draw` runs at the next tick (with every other plot due then). */
export function requestRedraw(draw: Draw): void {
  due.add(draw);
  if (timer === undefined) schedule(performance.now());
}

/** `draw` ran on its own (a new run's first point) or its plot is gone: it is no longer due. */
export function cancelRedraw(draw: Draw): void {
  due.delete(draw);
}

/**
 * The user acted: ticks come at the faster rate for a while. A tick already waiting at the slower rate is
 * brought forward, so the first redraw after a slider move is not the slow one.
 */
export function noteUserInput(now = performance.now()): void {
  const wasIdle = now - lastInput >= ACTIVE_FOR_MS;
  lastInput = now;
  if (!wasIdle || timer === undefined) return;
  clearTimeout(timer);
  schedule(now);
}

if (typeof window !== 'undefined') {
  const onInput = () => noteUserInput();
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'input']) window.addEventListener(type, onInput, { capture: true, passive: true });
}
