// The run loop, wherever the engine lives (a Web Worker, or the page as the fallback): builds an experiment from
// settings, runs many steps per frame with one read-back per frame, and reports each frame as plain figures. It
// owns the tfjs backend and the experiment's tensors; the page only ever sees `EngineEvent`s.
import { Band, bandProblem } from '../core/bands';
import { prepareRun, sizeProblem, type Built } from '../core/build';
import { stageFraction } from '../core/buildStages';
import { FLOOR_SAMPLES, measureFloat32Floor } from '../core/float32Floor';
import type { Experiment, FrameFigures } from '../core/experiment';
import type { Settings } from '../core/settings';
import type { BackendInfo } from './browserBackend';
import type { EngineEvent, LoopStatus } from './protocol';
import { StepBudget } from './stepBudget';
import { nextTask, yieldToHost } from './yieldToHost';

/** What probes (the convexity explorer) see of the run: the experiment, its settings, the latest frame. */
export interface RunView {
  experiment: Experiment;
  settings: Settings;
  /** Bumped on every rebuild: a probe's result for an older generation is stale. */
  generation: number;
  latest: FrameFigures | null;
}

/** The part of the loop probes use: read the run, hear of frames, and touch its tensors only between frames. */
export interface RunSource {
  view(): RunView | null;
  onRun(listener: RunListener): () => void;
  between<T>(work: (view: RunView) => Promise<T>): Promise<T | null>;
}

/** Starts the tfjs backend a setting asks for (the browser's choice in the app, Node's WASM in tests). */
export type BackendStarter = (setting: Settings['backend']) => Promise<BackendInfo>;

export type RunListener = (view: RunView, event: 'built' | 'frame') => void;

export class RunLoop implements RunSource {
  backend: BackendInfo | null = null;
  /** The backend starting or started, shared by builds that overlap: tfjs must not initialise one twice at once. */
  private backendStart: { setting: Settings['backend']; promise: Promise<BackendInfo> } | null = null;
  private experiment: Experiment | null = null;
  /** Seeds s+1 … s+R−1 beside the experiment (bands.ts), when settings.trials > 1. */
  private band: Band | null = null;
  /** What the float32 floor is measured on; a new measurement (rebuild, new η) makes older ones stop. */
  private floorSource: Pick<Built, 'teacher' | 'train'> | null = null;
  private floorToken = 0;
  private settings: Settings | null = null;
  private generation = 0;
  private status: LoopStatus | 'building' | 'error' = 'building';
  private iters = 0;
  /** Frames and other exclusive work (probes, the map) wait for each other through this. */
  private inFlight: Promise<void> | null = null;
  private scheduled = false;
  private budget = new StepBudget();
  private lastFigures: FrameFigures | null = null;
  private listeners = new Set<RunListener>();
  /** Why this build happens, when the engine did it on its own (a lost context): shown with the new run. */
  private recoveryNote: string | null = null;

  constructor(
    private readonly emit: (event: EngineEvent) => void,
    private readonly startBackend: BackendStarter,
  ) {}

  view(): RunView | null {
    if (!this.experiment || !this.settings) return null;
    return { experiment: this.experiment, settings: this.settings, generation: this.generation, latest: this.lastFigures };
  }

  onRun(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private notify(event: 'built' | 'frame'): void {
    const view = this.view();
    if (view) this.listeners.forEach((l) => l(view, event));
  }

  /** Runs `work` with no frame in flight; frames wait for it. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    let release = () => {};
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.inFlight = mine;
    try {
      return await work();
    } finally {
      // After a lost context the loop moved on without this work (it may never finish): leave the new one be.
      if (this.inFlight === mine) this.inFlight = null;
      release();
    }
  }

  /**
   * Runs `work` between frames on the current run; null when there is none or it was rebuilt meanwhile. It waits
   * a task first: pieces of a long job (gate.ts) would otherwise follow each other in microtasks, and the next
   * frame and a rebuild's message, queued as tasks, would wait for the whole job.
   */
  async between<T>(work: (view: RunView) => Promise<T>): Promise<T | null> {
    await nextTask();
    return this.exclusive(async () => {
      const view = this.view();
      if (!view) return null;
      const result = await work(view);
      return view.generation === this.generation ? result : null;
    });
  }

  setLearningRate(lr: number): void {
    this.experiment?.setLearningRate(lr);
    this.band?.setLearningRate(lr);
    if (this.settings) {
      this.settings = { ...this.settings, lr };
      void this.measureFloor();
    }
  }

  /** True while an arm of the experiment or of the band's other seeds still trains. */
  private get anyRunning(): boolean {
    return !!this.experiment && (this.experiment.anyRunning || !!this.band?.anyRunning);
  }

  /** Measures the float32 floor at the current η in chunks between frames, and reports it. */
  private async measureFloor(): Promise<void> {
    const [token, generation, source, settings] = [++this.floorToken, this.generation, this.floorSource, this.settings];
    if (!source || !settings) return;
    const floor = await measureFloat32Floor(settings, source.teacher, source.train, settings.lr, (work) =>
      token === this.floorToken ? this.between(() => work()) : Promise.resolve(null));
    if (floor && token === this.floorToken && generation === this.generation) this.emit({ type: 'floor', generation, floor });
  }

  setIters(iters: number): void {
    this.iters = iters;
    if (this.status === 'done' && this.experiment && this.experiment.iteration < iters && this.anyRunning) this.setStatus('running');
  }

  play(): void {
    if (!this.experiment || (this.status !== 'paused' && this.status !== 'done')) return;
    if (this.experiment.iteration < this.iters && this.anyRunning) this.setStatus('running');
  }

  pause(): void {
    if (this.status === 'running') this.setStatus('paused');
  }

  step(): void {
    if (!this.experiment || this.status === 'building' || this.status === 'error') return;
    this.setStatus('paused');
    void this.stepWhenFree();
  }

  /** One step waits for exclusive work in flight (the float32 floor's chunks, a probe) instead of being dropped. */
  private async stepWhenFree(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    await this.frame(1);
  }

  /**
   * The backend's context was lost: the frame in flight will never finish. Drops it and the experiment, lets
   * `reset` replace the backend, and rebuilds the same settings (the same seed: the same teacher, samples and
   * initializations), playing again if it was playing. The rebuilt run's messages say what happened.
   */
  async recover(reset: () => void): Promise<void> {
    const settings = this.settings;
    const wasRunning = this.status === 'running';
    const at = this.experiment?.iteration ?? 0;
    this.generation++;
    this.inFlight = null;
    try {
      this.experiment?.dispose();
      this.band?.dispose();
    } catch {
      // Its textures went with the context.
    }
    this.experiment = null;
    this.band = null;
    this.backendStart = null;
    reset();
    if (!settings) return;
    this.recoveryNote = `The GPU's WebGL context was lost at iteration ${at} (the browser or its driver reset it). The backend was restarted and the experiment rebuilt from its seed — the same teacher, samples and initializations, from iteration 0.`;
    await this.build(settings, wasRunning);
  }

  dispose(): void {
    this.generation++;
    this.status = 'error';
    this.experiment?.dispose();
    this.experiment = null;
    this.band?.dispose();
    this.band = null;
  }

  private setStatus(status: LoopStatus): void {
    this.status = status;
    this.emit({ type: 'status', generation: this.generation, status });
    if (status === 'running') this.schedule();
  }

  /** The next frame runs as soon as the host has had a turn (messages in, rendering in the page fallback). */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    yieldToHost(() => {
      this.scheduled = false;
      void this.tick();
    });
  }

  private async tick(): Promise<void> {
    if (this.status !== 'running' || !this.experiment) return;
    const remaining = this.iters - this.experiment.iteration;
    if (remaining <= 0 || !this.anyRunning) {
      this.setStatus('done');
      return;
    }
    await this.frame(Math.min(remaining, this.budget.next(this.experiment.iteration)));
    if (this.status === 'running') this.schedule();
  }

  /** One frame: `steps` steps, one read-back, the figures out. Skipped while other exclusive work runs. */
  private async frame(steps: number): Promise<void> {
    const experiment = this.experiment;
    if (!experiment || this.inFlight) return;
    const generation = this.generation;
    try {
      await this.exclusive(async () => {
        const started = performance.now();
        const stoppedBefore = experiment.arms.map((arm) => arm.stopped !== null);
        // The plots show every step's loss: the frame's own training loss would repeat the last one, one step on.
        const primary = experiment.runFrame(steps, false);
        const size = primary.size;
        const band = this.band;
        // The band's seeds join the same read-back: still one read a frame.
        const flat = band ? band.runFrame(steps, primary) : primary;
        const data = (await flat.data()) as Float32Array;
        flat.dispose();
        if (generation !== this.generation) return;
        this.budget.record(steps, performance.now() - started);
        const figures = experiment.decode(data.subarray(0, size), steps, false);
        this.lastFigures = figures;
        const stopped = experiment.arms.map((arm) => arm.stopped);
        const bandFrame = band ? band.decode(data.subarray(size), figures, experiment.teacher, stopped.map((s) => s !== null)) : null;
        this.emit({ type: 'frame', generation, figures, stoppedBefore, stopped, band: bandFrame });
        this.notify('frame');
      });
    } catch (err) {
      if (generation === this.generation) this.fail(err);
    }
  }

  /** Disposes the current experiment and builds a new one from `settings`. */
  async build(settings: Settings, autoplay: boolean): Promise<void> {
    const generation = ++this.generation;
    this.status = 'building';
    this.emit({ type: 'building', generation });
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (generation !== this.generation) return;
    this.experiment?.dispose();
    this.experiment = null;
    this.band?.dispose();
    this.band = null;
    this.floorSource = null;
    this.iters = settings.iters;
    try {
      if (this.backendStart?.setting !== settings.backend) {
        const previous = this.backendStart?.promise.catch(() => null) ?? Promise.resolve(null);
        const promise = previous.then(() => this.startBackend(settings.backend));
        this.backendStart = { setting: settings.backend, promise };
        promise.then((backend) => this.emit({ type: 'backend', backend }), () => undefined);
      }
      const start = this.backendStart;
      try {
        this.backend = await start.promise;
      } catch (err) {
        if (this.backendStart === start) this.backendStart = null;
        throw err;
      }
      if (generation !== this.generation) return;
      const tooBig = sizeProblem(settings.n, settings.d, this.backend.maxElements);
      if (tooBig) throw new Error(tooBig);
      const tooMany = bandProblem(settings);
      if (tooMany) throw new Error(tooMany);
      const started = performance.now();
      const built = await prepareRun(settings, (stage) => {
        if (generation === this.generation) {
          this.emit({ type: 'build-progress', generation, stage, fraction: stageFraction(stage), seconds: (performance.now() - started) / 1000 });
        }
      });
      let band: Band | null = null;
      try {
        band = generation === this.generation ? await Band.build(settings, built) : null;
      } catch (err) {
        built.experiment.dispose();
        throw err;
      }
      if (generation !== this.generation) {
        built.experiment.dispose();
        band?.dispose();
        return;
      }
      const { experiment } = built;
      this.experiment = experiment;
      this.band = band;
      // Only the rows the measurement uses are kept, not the whole training set.
      const rows = Math.min(built.train.n, FLOOR_SAMPLES);
      this.floorSource = { teacher: built.teacher, train: { ...built.train, n: rows, X: built.train.X.slice(0, rows * built.train.d), y: built.train.y.slice(0, rows) } };
      this.settings = settings;
      this.lastFigures = null;
      this.budget = new StepBudget();
      this.emit({
        type: 'built', generation, settings, d: experiment.d, k: experiment.k, teacherW: experiment.teacher.W, teacherV: experiment.teacher.v,
        arms: experiment.arms.map((arm) => ({ name: arm.name, initError: arm.initError })),
        messages: [...(this.recoveryNote ? [this.recoveryNote] : []), ...built.messages, ...(band?.messages ?? [])], tensor: built.tensor,
      });
      this.recoveryNote = null;
      this.status = 'paused';
      await this.frame(0);
      if (generation !== this.generation) return;
      this.notify('built');
      this.setStatus(autoplay && this.anyRunning && settings.iters > 0 ? 'running' : 'paused');
      void this.measureFloor();
    } catch (err) {
      if (generation === this.generation) this.fail(err);
    }
  }

  private fail(err: unknown): void {
    this.status = 'error';
    this.emit({ type: 'error', generation: this.generation, message: err instanceof Error ? err.message : String(err) });
  }
}
