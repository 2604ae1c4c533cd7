// The page's copy of the convexity probes' state: the probes run beside the engine (worker or fallback) and send
// their state when it changes; the panel and plots read it here, as they would read the probe itself.
import { emptyState, type ConvexityState } from './convexityState';
import type { Trace } from './series';

type Listener = () => void;

/** What the page asks the engine: start or stop probing, and whether the explorer is on screen. Set by the
 * controller (no import cycle). */
let request: (attach: boolean, inView: boolean) => void = () => {};

export class ConvexityMirror {
  state: ConvexityState = emptyState(-1);
  /** Bumped when results change (the panel re-renders on it). */
  revision = 0;
  /** Bumped when only the landscape's trajectories moved (plots only). */
  frameRevision = 0;
  private listeners = new Set<Listener>();
  private frameListeners = new Set<Listener>();
  private users = 0;
  private viewers = 0;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  subscribeFrames = (listener: Listener): (() => void) => {
    this.frameListeners.add(listener);
    return () => void this.frameListeners.delete(listener);
  };

  /** Someone shows the probes: a restarted engine is asked to probe again. */
  get attached(): boolean {
    return this.users > 0;
  }

  /** Some panel of the probes is on screen. */
  get inView(): boolean {
    return this.viewers > 0;
  }

  /** Starts probing; returns the stopper. Reference-counted, so two panels share one probe. */
  attach(): () => void {
    if (this.users++ === 0) request(true, this.inView);
    return () => {
      if (--this.users === 0) request(false, this.inView);
    };
  }

  /** A panel came on screen (true) or left it (false); counted like `attach`. */
  seen(inView: boolean): void {
    const before = this.inView;
    this.viewers = Math.max(0, this.viewers + (inView ? 1 : -1));
    if (this.users > 0 && this.inView !== before) request(true, this.inView);
  }

  receive(state: ConvexityState): void {
    this.state = state;
    this.revision++;
    this.listeners.forEach((l) => l());
  }

  /** The landscape's trajectories of run `generation` moved (every training frame). */
  receivePaths(generation: number, paths: Trace[]): void {
    if (generation !== this.state.generation || !this.state.plane) return;
    this.state.plane.paths = paths;
    this.frameRevision++;
    this.frameListeners.forEach((l) => l());
  }
}

export const convexityMirror = new ConvexityMirror();

export function setProbeRequest(fn: (attach: boolean, inView: boolean) => void): void {
  request = fn;
}
