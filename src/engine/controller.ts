// The run loop in the page: builds an experiment from the store's settings, runs many steps per animation
// frame with one read-back per frame, feeds the plot series and the store's readouts, and rebuilds (debounced)
// when a setting that changes the experiment moves. It never touches the DOM.
import { prepareRun, sizeProblem } from '../core/build';
import type { Experiment, FrameFigures } from '../core/experiment';
import { linearRate } from '../core/rate';
import { REBUILD_KEYS, type Settings } from '../state/settings';
import { useAppStore, type ArmReadout } from '../state/store';
import { startBackend, type BackendInfo } from './browserBackend';
import { series } from './series';
import { StepBudget } from './stepBudget';

const REBUILD_DELAY_MS = 150;

/** What probes (the convexity explorer) see of the run: the experiment, its settings, the latest frame. */
export interface RunView {
  experiment: Experiment;
  settings: Settings;
  /** Bumped on every rebuild: a probe's result for an older generation is stale. */
  generation: number;
  latest: FrameFigures | null;
}

const channel = typeof MessageChannel !== 'undefined' ? new MessageChannel() : null;
const queued: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => queued.shift()?.();

/** Runs `fn` in a new task, after the browser's pending rendering and input. */
function yieldToBrowser(fn: () => void): void {
  if (!channel) {
    setTimeout(fn, 0);
    return;
  }
  queued.push(fn);
  channel.port2.postMessage(null);
}

type RunListener = (view: RunView, event: 'built' | 'frame') => void;
const READOUT_INTERVAL_MS = 200;

export class Controller {
  private experiment: Experiment | null = null;
  private backend: BackendInfo | null = null;
  private backendSetting: Settings['backend'] | null = null;
  private generation = 0;
  private inFlight: Promise<void> | null = null;
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private scheduled = false;
  /** The user pressed Pause (or One step): a rebuild keeps the run paused. Never inferred from the status. */
  private userPaused = false;
  private budget = new StepBudget();
  private lastReadout = 0;
  private lastFigures: FrameFigures | null = null;
  private speed = { time: 0, iteration: 0 };
  private unsubscribe: (() => void) | null = null;
  private builtSettings: Settings | null = null;
  private runListeners = new Set<RunListener>();

  /** The current run, or null while none is built. */
  view(): RunView | null {
    if (!this.experiment || !this.builtSettings) return null;
    return { experiment: this.experiment, settings: this.builtSettings, generation: this.generation, latest: this.lastFigures };
  }

  /** Called after every rebuild and every frame; returns the unsubscriber. */
  onRun(listener: RunListener): () => void {
    this.runListeners.add(listener);
    return () => this.runListeners.delete(listener);
  }

  private notify(event: 'built' | 'frame'): void {
    const view = this.view();
    if (view) this.runListeners.forEach((l) => l(view, event));
  }

  /**
   * Runs `work` between frames, so it can use the experiment's tensors without racing a step; the loop waits
   * for it. Returns null when the experiment was rebuilt meanwhile.
   */
  async between<T>(work: (view: RunView) => Promise<T>): Promise<T | null> {
    await this.inFlight?.catch(() => undefined);
    const view = this.view();
    if (!view) return null;
    let release = () => {};
    this.inFlight = new Promise<void>((resolve) => (release = resolve));
    try {
      const result = await work(view);
      return view.generation === this.generation ? result : null;
    } finally {
      this.inFlight = null;
      release();
    }
  }

  start(): void {
    const store = useAppStore;
    this.unsubscribe = store.subscribe((state, prev) => {
      if (state.settings !== prev.settings) this.settingsChanged(state.settings, prev.settings);
      if (state.command !== prev.command && state.command) this.handleCommand(state.command.kind);
    });
    void this.rebuild(true);
  }

  stop(): void {
    this.unsubscribe?.();
    clearTimeout(this.rebuildTimer);
    this.generation++;
    this.experiment?.dispose();
    this.experiment = null;
  }

  private settingsChanged(next: Settings, prev: Settings): void {
    if (next.lr !== prev.lr) this.experiment?.setLearningRate(next.lr);
    if (next.iters !== prev.iters) {
      const run = useAppStore.getState().run;
      if (run.status === 'done' && run.iteration < next.iters) this.setStatus('running');
    }
    if (REBUILD_KEYS.some((key) => next[key] !== prev[key])) {
      clearTimeout(this.rebuildTimer);
      this.rebuildTimer = setTimeout(() => void this.rebuild(!this.userPaused), REBUILD_DELAY_MS);
    }
  }

  private handleCommand(kind: 'play' | 'pause' | 'step' | 'reset'): void {
    const run = useAppStore.getState().run;
    if (kind === 'reset') {
      void this.rebuild(!this.userPaused);
      return;
    }
    this.userPaused = kind === 'pause' || kind === 'step';
    if (!this.experiment || run.status === 'error' || run.status === 'building') return;
    if (kind === 'pause') this.setStatus('paused');
    if (kind === 'play') {
      const done = run.iteration >= useAppStore.getState().settings.iters || !this.experiment.anyRunning;
      if (!done) this.setStatus('running');
    }
    if (kind === 'step') {
      this.setStatus('paused');
      void this.frame(1);
    }
  }

  private setStatus(status: 'running' | 'paused' | 'done'): void {
    useAppStore.getState().setRun({ status });
    if (status === 'running') this.schedule();
  }

  /**
   * The next frame runs as soon as the browser has had a turn (rendering, input): a message-channel task, not
   * requestAnimationFrame, whose pace drops with every slow plot redraw and would starve the run.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    yieldToBrowser(() => {
      this.scheduled = false;
      void this.tick();
    });
  }

  private async tick(): Promise<void> {
    const { run, settings } = useAppStore.getState();
    if (run.status !== 'running' || !this.experiment) return;
    const remaining = settings.iters - this.experiment.iteration;
    if (remaining <= 0 || !this.experiment.anyRunning) {
      this.publish(true);
      this.setStatus('done');
      return;
    }
    await this.frame(Math.min(remaining, this.budget.next(this.experiment.iteration)));
    if (useAppStore.getState().run.status === 'running') this.schedule();
  }

  /** One frame: `steps` steps, one read-back, figures to the series and (throttled) to the store. */
  private async frame(steps: number): Promise<void> {
    const experiment = this.experiment;
    if (!experiment || this.inFlight) return;
    const generation = this.generation;
    const run = async () => {
      const started = performance.now();
      const stoppedBefore = experiment.arms.map((arm) => arm.stopped !== null);
      const flat = experiment.runFrame(steps);
      const data = (await flat.data()) as Float32Array;
      flat.dispose();
      if (generation !== this.generation) return;
      this.budget.record(steps, performance.now() - started);
      const figures = experiment.decode(data, steps);
      this.lastFigures = figures;
      series.push(figures, stoppedBefore);
      this.publish(figures.newlyStopped.length > 0);
      this.notify('frame');
    };
    this.inFlight = run().finally(() => {
      this.inFlight = null;
    });
    try {
      await this.inFlight;
    } catch (err) {
      this.fail(err);
    }
  }

  /** Readouts to the store, at most every READOUT_INTERVAL_MS unless `force`. */
  private publish(force: boolean): void {
    const experiment = this.experiment;
    if (!experiment) return;
    const now = performance.now();
    if (!force && now - this.lastReadout < READOUT_INTERVAL_MS) return;
    const elapsed = (now - this.speed.time) / 1000;
    const itersPerSecond = elapsed > 0 ? (experiment.iteration - this.speed.iteration) / elapsed : 0;
    this.speed = { time: now, iteration: experiment.iteration };
    this.lastReadout = now;
    const arms: ArmReadout[] = series.arms.map((s, a) => {
      const last = s.error.y.length - 1;
      return {
        name: s.name,
        initError: experiment.arms[a].initError,
        error: s.error.y[last],
        loss: s.loss.y[s.loss.y.length - 1],
        testLoss: s.testLoss.y[s.testLoss.y.length - 1],
        accuracy: this.lastFigures?.arms[a]?.accuracy ?? NaN,
        testAccuracy: this.lastFigures?.arms[a]?.testAccuracy ?? NaN,
        rate: linearRate(s.error.x, s.error.y),
        stopped: experiment.arms[a].stopped,
      };
    });
    useAppStore.getState().setRun({ iteration: experiment.iteration, arms, itersPerSecond: force ? useAppStore.getState().run.itersPerSecond : itersPerSecond });
  }

  /** Disposes the current experiment and builds a new one from the store's settings. */
  private async rebuild(autoplay: boolean): Promise<void> {
    const generation = ++this.generation;
    const { setRun } = useAppStore.getState();
    setRun({ status: 'building', error: null });
    await this.inFlight?.catch(() => undefined);
    if (generation !== this.generation) return;
    this.experiment?.dispose();
    this.experiment = null;
    const settings = useAppStore.getState().settings;
    try {
      if (!this.backend || this.backendSetting !== settings.backend) {
        this.backend = await startBackend(settings.backend);
        this.backendSetting = settings.backend;
        setRun({ backend: this.backend });
      }
      const tooBig = sizeProblem(settings.n, settings.d, this.backend.maxElements);
      if (tooBig) throw new Error(tooBig);
      const built = await prepareRun(settings);
      if (generation !== this.generation) {
        built.experiment.dispose();
        return;
      }
      this.experiment = built.experiment;
      this.builtSettings = settings;
      this.lastFigures = null;
      series.reset(built.experiment.arms.map((arm) => arm.name));
      this.budget = new StepBudget();
      this.speed = { time: performance.now(), iteration: 0 };
      setRun({ iteration: 0, messages: built.messages, tensor: built.tensor });
      await this.frame(0);
      if (generation !== this.generation) return;
      this.publish(true);
      this.notify('built');
      this.setStatus(autoplay ? 'running' : 'paused');
    } catch (err) {
      this.fail(err);
    }
  }

  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    useAppStore.getState().setRun({ status: 'error', error: message });
  }
}

/** The page's one run loop. */
export const controller = new Controller();
