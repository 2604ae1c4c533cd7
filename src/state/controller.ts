// The page's side of the engine: starts it (in a Web Worker, or on the main thread as the fallback), turns the
// store's settings and commands into engine messages (rebuilds debounced), and turns the engine's frames into plot
// series and (throttled) store readouts. It never touches the DOM and holds no tensors.
import type { FrameFigures } from '../core/experiment';
import { linearRate } from '../core/rate';
import { REBUILD_KEYS, type Settings } from '../core/settings';
import { useAppStore, type ArmReadout } from './store';
import { convexityMirror, setProbeRequest } from '../engine/convexityMirror';
import { connectEngine, type EngineLink } from '../engine/engineLink';
import type { BuiltRun, EngineCommand, EngineEvent } from '../engine/protocol';
import { series } from '../engine/series';

/** A change after a quiet spell rebuilds at once; changes within this of the last one wait until they stop. */
const REBUILD_DELAY_MS = 150;
const READOUT_INTERVAL_MS = 200;

/** What the page knows of the current run: what it was built from and its latest frame. */
export interface PageView {
  run: BuiltRun;
  latest: FrameFigures | null;
}

type MapListener = (event: Extract<EngineEvent, { type: `map-${string}` }>) => void;

export class Controller {
  private link: EngineLink | null = null;
  /** Commands sent before the engine is up (or while it restarts), delivered once it is. */
  private pending: EngineCommand[] = [];
  private connecting: Promise<void> | null = null;
  /** The newest generation the engine announced building; older frames are dropped. */
  private generation = 0;
  private run: BuiltRun | null = null;
  private latest: FrameFigures | null = null;
  private stopped: (string | null)[] = [];
  /** Per arm, the learning rate its divergence verdict suggests. */
  private suggestedLr: (number | null)[] = [];
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  /** The user pressed Pause (or One step): a rebuild keeps the run paused. Never inferred from the status. */
  private userPaused = false;
  private lastReadout = 0;
  private speed = { time: 0, iteration: 0 };
  private unsubscribe: (() => void) | null = null;
  private frameListeners = new Set<(view: PageView) => void>();
  private mapListeners = new Set<MapListener>();

  constructor() {
    setProbeRequest((attach, inView) => this.send({ type: 'probe', attach, inView }));
  }

  view(): PageView | null {
    return this.run ? { run: this.run, latest: this.latest } : null;
  }

  /** Called after every frame of the current run; returns the unsubscriber. */
  onFrame(listener: (view: PageView) => void): () => void {
    this.frameListeners.add(listener);
    return () => void this.frameListeners.delete(listener);
  }

  /** The recovery map's progress, cells and end, as the engine reports them. */
  onMap(listener: MapListener): () => void {
    this.mapListeners.add(listener);
    return () => void this.mapListeners.delete(listener);
  }

  send(command: EngineCommand): void {
    if (this.link && !this.connecting) this.link.send(command);
    else this.pending.push(command);
  }

  start(): void {
    this.unsubscribe = useAppStore.subscribe((state, prev) => {
      if (state.settings !== prev.settings) this.settingsChanged(state.settings, prev.settings);
      if (state.command !== prev.command && state.command) this.handleCommand(state.command.kind);
    });
    void this.connect();
    this.rebuild(true);
  }

  stop(): void {
    this.unsubscribe?.();
    clearTimeout(this.rebuildTimer);
    this.link?.dispose();
    this.link = null;
  }

  /** (Re)starts the engine on the thread the settings ask for; the run is rebuilt there. */
  private connect(): Promise<void> {
    const thread = useAppStore.getState().settings.thread;
    this.link?.dispose();
    this.link = null;
    const connecting = connectEngine(thread, (event) => this.receive(event)).then((link) => {
      if (this.connecting !== connecting) return link.dispose();
      this.link = link;
      this.connecting = null;
      useAppStore.getState().setRun({ engine: { thread: link.thread, fallback: link.fallback }, fatal: false });
      const queued = this.pending;
      this.pending = [];
      queued.forEach((command) => link.send(command));
    }, (err: unknown) => {
      // Neither a worker nor the page could load the engine's code: say so, and try again on the next change.
      if (this.connecting !== connecting) return;
      this.connecting = null;
      const why = err instanceof Error ? err.message : String(err);
      useAppStore.getState().setRun({
        status: 'error', fatal: true,
        error: `The engine could not start: its code did not load (${why}). Check the connection and reload the page; your settings are kept in the link.`,
      });
    });
    this.connecting = connecting;
    // A new engine probes only when asked: ask again if the explorer is showing.
    if (convexityMirror.attached) this.send({ type: 'probe', attach: true, inView: convexityMirror.inView });
    return connecting;
  }

  private settingsChanged(next: Settings, prev: Settings): void {
    if (next.thread !== prev.thread) {
      // A new engine has no run: drop what was queued for the old one and build afresh.
      this.pending = [];
      void this.connect();
      this.rebuild(!this.userPaused);
      return;
    }
    if (next.lr !== prev.lr) this.send({ type: 'lr', lr: next.lr });
    if (next.iters !== prev.iters) this.send({ type: 'iters', iters: next.iters });
    if (REBUILD_KEYS.some((key) => next[key] !== prev[key])) this.scheduleRebuild();
  }

  private handleCommand(kind: 'play' | 'pause' | 'step' | 'reset'): void {
    if (kind === 'reset') return this.rebuild(!this.userPaused);
    this.userPaused = kind === 'pause' || kind === 'step';
    this.send({ type: kind });
  }

  /**
   * Leading and trailing: a single change (a key press, a typed value) builds at once, its first point 150 ms
   * sooner than a plain debounce; a drag builds its first value, then its last once it stops.
   */
  private scheduleRebuild(): void {
    if (this.rebuildTimer === undefined) {
      this.rebuild(!this.userPaused);
      this.rebuildTimer = setTimeout(() => (this.rebuildTimer = undefined), REBUILD_DELAY_MS);
      return;
    }
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = setTimeout(() => this.rebuild(!this.userPaused), REBUILD_DELAY_MS);
  }

  private rebuild(autoplay: boolean): void {
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = undefined;
    if (!this.link && !this.connecting) void this.connect();
    useAppStore.getState().setRun({ status: 'building', error: null });
    this.send({ type: 'build', settings: useAppStore.getState().settings, autoplay });
  }

  private receive(event: EngineEvent): void {
    const { setRun } = useAppStore.getState();
    switch (event.type) {
      case 'backend':
        setRun({ backend: event.backend });
        break;
      case 'building':
        this.generation = event.generation;
        setRun({ status: 'building', error: null, build: null });
        break;
      case 'built':
        if (event.generation !== this.generation) return;
        this.run = event;
        this.latest = null;
        this.stopped = event.arms.map(() => null);
        this.suggestedLr = event.arms.map(() => null);
        series.reset(event.arms.map((arm) => arm.name), event.settings.trials);
        this.speed = { time: performance.now(), iteration: 0 };
        setRun({ iteration: 0, messages: event.messages, tensor: event.tensor, build: null });
        break;
      case 'frame':
        // A replayed file holds the plots (the engine is paused; a frame already on its way is dropped).
        if (event.generation !== this.generation || !this.run || series.replay) return;
        this.latest = event.figures;
        this.stopped = event.stopped;
        for (const { name, suggestedLr } of event.figures.newlyStopped) this.suggestedLr[event.figures.arms.findIndex((arm) => arm.name === name)] = suggestedLr;
        series.push(event.figures, event.stoppedBefore, event.band);
        // Not running (a step, the frame in flight at a pause): nothing follows, so this readout must show; so
        // must the last one before a pause (below).
        this.publish(event.figures.newlyStopped.length > 0 || event.figures.iteration === 0 || useAppStore.getState().run.status !== 'running');
        this.frameListeners.forEach((l) => l({ run: this.run!, latest: this.latest }));
        break;
      case 'build-progress':
        if (event.generation === this.generation) setRun({ build: { stage: event.stage, fraction: event.fraction } });
        break;
      case 'status':
        if (event.generation !== this.generation) return;
        if (event.status === 'done' || event.status === 'paused') this.publish(true);
        setRun({ status: event.status });
        break;
      case 'error':
        if (event.generation !== this.generation && event.generation !== -1) return;
        setRun({ status: 'error', error: event.message, build: null });
        break;
      case 'floor':
        if (event.generation === this.generation) series.setFloor(event.floor);
        break;
      case 'probe':
        convexityMirror.receive(event.state);
        break;
      case 'probe-paths':
        convexityMirror.receivePaths(event.generation, event.paths);
        break;
      case 'map-progress':
      case 'map-cell':
      case 'map-end':
        this.mapListeners.forEach((l) => l(event));
        break;
      case 'ready':
        break;
    }
  }

  /** Readouts to the store, at most every READOUT_INTERVAL_MS unless `force`. */
  private publish(force: boolean): void {
    const run = this.run;
    const latest = this.latest;
    if (!run || !latest) return;
    const now = performance.now();
    if (!force && now - this.lastReadout < READOUT_INTERVAL_MS) return;
    const elapsed = (now - this.speed.time) / 1000;
    const itersPerSecond = elapsed > 0 ? (latest.iteration - this.speed.iteration) / elapsed : 0;
    this.speed = { time: now, iteration: latest.iteration };
    this.lastReadout = now;
    const arms: ArmReadout[] = series.arms.map((s, a) => {
      const last = s.error.y.length - 1;
      return {
        name: s.name,
        initError: run.arms[a].initError,
        error: s.error.y[last],
        loss: s.loss.y[s.loss.y.length - 1],
        testLoss: s.testLoss.y[s.testLoss.y.length - 1],
        accuracy: latest.arms[a]?.accuracy ?? NaN,
        testAccuracy: latest.arms[a]?.testAccuracy ?? NaN,
        rate: linearRate(s.error.x, s.error.y),
        stopped: this.stopped[a] ?? null,
        suggestedLr: this.suggestedLr[a] ?? null,
        band: series.bands[a]?.latest ?? null,
      };
    });
    const state = useAppStore.getState();
    state.setRun({ iteration: latest.iteration, arms, itersPerSecond: force ? state.run.itersPerSecond : itersPerSecond });
  }
}

/** The page's one controller. */
export const controller = new Controller();
