// The strong-convexity explorer's probes, beside the run loop (in the engine's worker, or the page's fallback). After each rebuild: λ_min and λ_max at W* and at every
// arm's initialization, rays from W* one at a time (until a time budget is spent), then the loss over the plane
// through W* and two initializations. While the run goes on: λ_min at each arm's current W, a few arms per sample,
// throttled so that sampling takes at most SAMPLE_MAX_SHARE of the time. Every job that touches the experiment's
// tensors runs through `source.between` (never during a step), one at a time, each short (one Hessian; a ray
// and the slice go a point or a batch at a time, core/gate.ts), so training frames run between them. Sizes
// whose Hessian would stall the page are left to the CLI. Results are plain data in `state`; the engine host
// sends them to the page when they change.
import { activation, type Activation } from '../core/activations';
import { eigenProbe, EXACT_MAX_DIM, type EigenProbe, type Extremes } from '../core/convexity';
import { GateClosed, type Gate } from '../core/gate';
import type { LossName } from '../core/student';
import { lossSlice, orthonormalPair } from '../core/landscape';
import { Rng } from '../core/rng';
import { alignToTeacher, band, MAX_RAYS, MIN_RAYS, positiveDefinite, probeRay, radiusGrid, type Ray } from './convexityRegion';
import type { RunSource, RunView } from './runLoop';
import { emptyState, type ArmProbe, type ConvexityState, type Plane } from './convexityState';
import { Trace } from './series';

/** Pause between two probe jobs, so that a training frame runs between them. */
const JOB_GAP_MS = 30;
/** Cost model of one λ evaluation: about 1 GFLOP/s (WASM, one core). Above HESSIAN_MAX_MS nothing is probed live. */
const FLOPS_PER_MS = 1e6;
const HESSIAN_MAX_MS = 2500;
/** Compute time the rays may take per rebuild (beyond MIN_RAYS). */
const RAYS_BUDGET_MS = 1500;
/** A ray is one job: above RAY_MAX_MS the grid of radii is coarsened, above RAY_SKIP_MS the rays are skipped. */
const RAY_MAX_MS = 700;
const RAY_SKIP_MS = 2000;
/** A sample job takes about this long: the arms beyond it wait for the next sample (round robin). */
const SAMPLE_JOB_MS = 200;
const SAMPLE_MIN_INTERVAL_MS = 1000;
const SAMPLE_MAX_SHARE = 0.08;
const LANDSCAPE_BUDGET_MS = 900;
/** The landscape's smallest grid (11²) costs about 2·121·n·d·k flops: beyond this n·d·k it is skipped. */
const LANDSCAPE_MAX_NDK = 4e7;
/** Cached per-sample moments of all eigen probes together (float32 entries). */
const PROBE_CACHE_ENTRIES = 1 << 24;
/** Above this entry size, a W is treated as diverged: its Hessian would overflow float32. */
const FINITE_LIMIT = 1e6;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
function usable(W: ArrayLike<number>): boolean {
  for (let i = 0; i < W.length; i++) if (!(Math.abs(W[i]) < FINITE_LIMIT)) return false;
  return true;
}

/** A rough cost of one λ_min/λ_max evaluation from its flop count (core/hessian.ts, core/lanczos.ts). */
export function hessianCostMs(n: number, d: number, k: number): number {
  const dim = d * k;
  // Lanczos: at most 100 Hessian-vector products of two n×d×k matrix products each.
  if (dim > EXACT_MAX_DIM) return (100 * 4 * n * dim) / FLOPS_PER_MS;
  const d2 = (d * (d + 1)) / 2;
  return (2 * n * (k * k + k) * d2 + 2 * n * d2 + 10 * dim ** 3) / FLOPS_PER_MS;
}


/** What the probe tells its host: results changed, or (`paths`) only the landscape's trajectories moved. */
export type ProbeChange = { kind: 'results' } | { kind: 'paths'; generation: number; paths: Trace[] };

export class ConvexityProbe {
  state: ConvexityState = emptyState(-1);
  private detach: (() => void) | null = null;
  private queue: Promise<void> = Promise.resolve();
  private probes = new Map<string, EigenProbe>();
  private probesGeneration = -1;
  private sampleTimer: ReturnType<typeof setTimeout> | undefined;
  /** A sample is scheduled or queued for the current generation. */
  private samplePending = false;
  private lastSample = 0;
  /** The next arm to sample (round robin). */
  private sampleCursor = 0;
  /** The fastest λ evaluation measured in this generation. */
  private hessianMs = Infinity;
  /** Whether the explorer is on screen: off it, the rays and the landscape wait (they cost seconds a rebuild). */
  private inView = true;
  /** Those jobs of generation `generation`, waiting for the explorer to come on screen. */
  private parked: { generation: number; start: () => void } | null = null;

  constructor(
    private readonly source: RunSource,
    private readonly onChange: (change: ProbeChange) => void,
  ) {}

  /**
   * The explorer came on screen or left it. What it shows at once (λ at W* and at the initializations, λ along
   * the run) is probed either way; the rays and the landscape, seconds of the engine's time after every rebuild,
   * only once it is on screen.
   */
  setInView(inView: boolean): void {
    this.inView = inView;
    const parked = this.parked;
    if (!inView || !parked) return;
    this.parked = null;
    if (parked.generation === this.state.generation) parked.start();
  }

  /** Runs `start` now if the explorer is on screen, else once it is (unless the run is rebuilt first). */
  private whenInView(generation: number, start: () => void): void {
    if (this.inView) start();
    else this.parked = { generation, start };
  }

  /** Starts probing the run; returns the stopper. One attachment at a time (the page counts its panels). */
  attach(): () => void {
    this.detach?.();
    this.detach = this.source.onRun((view, event) => (event === 'built' ? this.built(view) : this.framed(view)));
    const view = this.source.view();
    // Built but not yet announced: the 'built' event is on its way and will start the probes.
    if (view?.latest) this.built(view);
    return () => {
      this.detach?.();
      this.detach = null;
      clearTimeout(this.sampleTimer);
      this.samplePending = false;
      this.enqueue('cleanup', this.state.generation, async () => this.disposeProbes());
    };
  }

  private changed(): void {
    this.onChange({ kind: 'results' });
  }

  /**
   * Runs jobs one after another, a frame's worth of pause between them. A job that fails leaves a message
   * naming `part` (unless the run was rebuilt meanwhile); the others go on.
   */
  private enqueue(part: string, generation: number, job: () => Promise<void>): void {
    this.queue = this.queue
      .then(job)
      .catch((err: unknown) => {
        if (generation !== this.state.generation) return;
        this.state.errors = [...this.state.errors, `The ${part} failed: ${message(err)}`];
        this.changed();
      })
      .then(() => sleep(JOB_GAP_MS));
  }

  /** Runs `work` between training frames if the run is still generation `generation`; false when it is stale. */
  private async between(generation: number, work: (view: RunView) => Promise<void>): Promise<boolean> {
    const ran = await this.source.between(async (view) => {
      if (view.generation !== generation || this.state.generation !== generation) return false;
      await work(view);
      return true;
    });
    return ran === true;
  }

  /** The run, if it is still generation `generation`. */
  private current(generation: number): RunView | null {
    const view = this.source.view();
    return view && view.generation === generation && this.state.generation === generation ? view : null;
  }

  /**
   * A gate whose pieces each run between training frames while the run is still `generation`, and the compute
   * time they took (without their waits): a long job (a ray, the landscape) never holds the engine for long.
   */
  private pieces(generation: number): { gate: Gate; ms: () => number } {
    let ms = 0;
    const gate: Gate = (work) => this.source.between(async (view) => {
      if (view.generation !== generation || this.state.generation !== generation) return null;
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        ms += performance.now() - t0;
      }
    });
    return { gate, ms: () => ms };
  }

  private disposeProbes(): void {
    this.probes.forEach((probe) => probe.dispose());
    this.probes.clear();
  }

  /**
   * An eigen probe for (v, loss) on this run's samples, kept while the run lasts: the exact path caches the
   * per-sample moments, so later points cost one matrix product. Kept few enough to bound their memory.
   */
  private probeFor(view: RunView, v: ArrayLike<number>, loss: LossName, act: Activation): EigenProbe {
    if (this.probesGeneration !== view.generation) {
      this.disposeProbes();
      this.probesGeneration = view.generation;
    }
    const key = `${loss}|${Array.from(v).join(',')}`;
    const cached = this.probes.get(key);
    if (cached) {
      this.probes.delete(key);
      this.probes.set(key, cached);
      return cached;
    }
    const { X, y } = view.experiment.samples;
    const [n, d] = X.shape;
    const room = Math.max(1, Math.min(4, Math.floor(PROBE_CACHE_ENTRIES / (n * ((d * (d + 1)) / 2)))));
    while (this.probes.size >= room) {
      const [oldest, probe] = this.probes.entries().next().value!;
      probe.dispose();
      this.probes.delete(oldest);
    }
    const probe = eigenProbe({ X, y, v, act, loss, method: 'auto', seed: view.settings.seed });
    this.probes.set(key, probe);
    return probe;
  }

  private built(view: RunView): void {
    if (view.generation === this.state.generation) return;
    clearTimeout(this.sampleTimer);
    this.samplePending = false;
    this.parked = null;
    const { experiment, settings, generation, latest } = view;
    this.hessianMs = Infinity;
    this.sampleCursor = 0;
    // The last run's probes hold tensors of their own (moments of its samples): free them even if none follows.
    this.enqueue('cleanup', generation, async () => {
      if (this.probesGeneration !== generation) this.disposeProbes();
    });
    const state = emptyState(generation);
    state.settings = settings;
    state.d = experiment.d;
    state.k = experiment.k;
    state.arms = experiment.arms.map((arm, a) => {
      const figures = latest?.arms[a];
      return {
        name: arm.name, initDistance: arm.initError, start: figures ? { W: figures.W, v: figures.v, iteration: latest!.iteration } : null,
        atInit: null, now: null, along: new Trace(), entered: null, note: null,
      };
    });
    this.state = state;
    if (settings.model === 'cnn') {
      state.unavailable = 'The CNN ties one filter across k patches; these probes take the Hessian over a full d×k W, so they are left out here. The overlap map still shows the units.';
    } else {
      try {
        state.plane = latest ? choosePlane(view) : null;
      } catch (err) {
        state.errors.push(`landscape plane: ${message(err)}`);
      }
      const cost = hessianCostMs(experiment.n, experiment.d, experiment.k);
      if (cost > HESSIAN_MAX_MS) {
        state.hessianSkipped = `At this size one Hessian eigenvalue problem would take about ${(cost / 1000).toFixed(0)} s and stall training, so λ is not probed live: \`npm run recover -- … --probe convexity\` measures it.`;
        this.whenInView(generation, () => this.enqueue('landscape', generation, () => this.landscapeJob(generation)));
      } else {
        this.enqueue('Hessian at W*', generation, () => this.starJob(generation));
        state.arms.forEach((_, a) => this.enqueue('Hessian at an initialization', generation, () => this.initJob(generation, a)));
        this.whenInView(generation, () => this.enqueue('ray probe', generation, () => this.planRays(generation)));
      }
    }
    this.changed();
  }

  private framed(view: RunView): void {
    const { plane } = this.state;
    const latest = view.latest;
    if (view.generation !== this.state.generation || !latest || this.state.unavailable) return;
    if (plane) {
      const { d, k } = view.experiment;
      const Wstar = view.experiment.teacher.W;
      plane.arms.forEach((a, p) => {
        const arm = latest.arms[a];
        const W = arm && !view.experiment.arms[a].stopped ? alignToTeacher(arm.W, arm.match, d, k) : null;
        if (W && usable(W)) plane.paths[p].push(...project(plane, W, Wstar));
      });
      this.onChange({ kind: 'paths', generation: this.state.generation, paths: plane.paths });
    }
    this.scheduleSample();
  }

  /** Throttled with a trailing edge: the last frame of a run is always sampled. */
  private scheduleSample(): void {
    if (this.samplePending || !this.state.star) return;
    this.samplePending = true;
    const every = this.state.sampling?.every ?? SAMPLE_MIN_INTERVAL_MS;
    const wait = Math.max(0, this.lastSample + every - performance.now());
    const generation = this.state.generation;
    this.sampleTimer = setTimeout(() => this.enqueue('λ_min along the run', generation, () => this.sampleJob(generation)), wait);
  }

  /** λ at one point, timed: the fastest evaluation so far estimates the cost of those to come. */
  private async timed(view: RunView, v: ArrayLike<number>, loss: LossName, W: Float64Array): Promise<Extremes & { ms: number }> {
    const t0 = performance.now();
    const at = await this.probeFor(view, v, loss, activation(view.settings.act, view.settings.slope)).at(W);
    const ms = performance.now() - t0;
    this.hessianMs = Math.min(this.hessianMs, ms);
    return { ...at, ms };
  }

  private async starJob(generation: number): Promise<void> {
    const ok = await this.between(generation, async (view) => {
      const { teacher } = view.experiment;
      this.state.star = await this.timed(view, teacher.v, view.settings.loss, teacher.W);
    });
    if (!ok) return;
    this.lastSample = performance.now();
    this.changed();
    this.scheduleSample();
  }

  /** λ at arm `a`'s initialization: the first point of its λ-along-the-run trace. */
  private async initJob(generation: number, a: number): Promise<void> {
    const arm = this.state.arms[a];
    const ok = await this.between(generation, async (view) => {
      const { start } = arm;
      if (!start || !usable(start.W)) {
        arm.note = 'its initialization is not finite';
        return;
      }
      const at = await this.timed(view, start.v, view.experiment.config.losses[a], start.W);
      arm.atInit = at;
      this.record(arm, start.iteration, at);
    });
    if (ok) this.changed();
  }

  /** Radii for the rays, coarser when one ray would stall training too long; none when even that would. */
  private async planRays(generation: number): Promise<void> {
    if (generation !== this.state.generation) return;
    const distances = this.state.arms.map((arm) => arm.initDistance);
    // A ray costs its radii + 1 evaluations (the first at W*) and sets up its own moments.
    const rayMs = (radii: number[]) => this.hessianMs * (radii.length + 1);
    let radii = radiusGrid(distances);
    if (rayMs(radii) > RAY_MAX_MS) radii = radiusGrid(distances, true);
    if (rayMs(radii) > RAY_SKIP_MS) {
      this.state.raysSkipped = `One Hessian takes about ${Math.round(this.hessianMs)} ms here, so the rays would stall training: \`npm run recover -- … --probe convexity\` probes them.`;
      this.changed();
      this.enqueue('landscape', generation, () => this.landscapeJob(generation));
      return;
    }
    this.state.rays = { radii, rays: [], band: band([]), ms: 0, done: false };
    this.enqueue('ray probe', generation, () => this.rayJob(generation));
  }

  private async rayJob(generation: number): Promise<void> {
    const rays = this.state.rays!;
    const view = this.current(generation);
    if (!view) return;
    const { experiment, settings } = view;
    const pieces = this.pieces(generation);
    let ray: Ray;
    try {
      ray = await probeRay(
        { X: experiment.samples.X, y: experiment.samples.y, Wstar: experiment.teacher.W, v: experiment.teacher.v,
          act: activation(settings.act, settings.slope), loss: settings.loss, radii: rays.radii, method: 'auto' },
        settings.seed,
        rays.rays.length,
        pieces.gate,
      );
    } catch (err) {
      if (err instanceof GateClosed) return;
      throw err;
    }
    rays.ms += pieces.ms();
    rays.rays = [...rays.rays, ray];
    rays.band = band(rays.rays);
    const count = rays.rays.length;
    const perRay = rays.ms / count;
    rays.done = count >= MAX_RAYS || (count >= MIN_RAYS && rays.ms + perRay > RAYS_BUDGET_MS);
    this.changed();
    if (rays.done) this.enqueue('landscape', generation, () => this.landscapeJob(generation));
    else this.enqueue('ray probe', generation, () => this.rayJob(generation));
  }

  private async landscapeJob(generation: number): Promise<void> {
    const plane = this.state.plane;
    const view = this.current(generation);
    if (!plane || !view) return;
    const { experiment, settings } = view;
    const { n, d, k } = experiment;
    if (n * d * k > LANDSCAPE_MAX_NDK) {
      this.state.landscapeSkipped = `n·d·k = ${(n * d * k).toExponential(1)}: even an 11×11 grid would stall training for seconds, so the landscape is left out at this size.`;
      this.changed();
      return;
    }
    const starts = plane.paths.map((path) => Math.max(Math.abs(path.x[0] ?? 0), Math.abs(path.y[0] ?? 0)));
    const extent = Number((1.15 * Math.max(0.2, ...starts)).toPrecision(2));
    const pieces = this.pieces(generation);
    try {
      const slice = await lossSlice({
        X: experiment.samples.X, y: experiment.samples.y, Wstar: experiment.teacher.W, v: experiment.teacher.v,
        act: activation(settings.act, settings.slope), loss: settings.loss,
        D1: plane.e1, D2: plane.e2, extent, resolution: 'auto', budgetMs: LANDSCAPE_BUDGET_MS, gate: pieces.gate,
      });
      this.state.landscape = { a: slice.a, b: slice.b, loss: slice.loss, resolution: slice.resolution, extent, ms: pieces.ms() };
    } catch (err) {
      if (err instanceof GateClosed) return;
      throw err;
    }
    this.changed();
  }

  /** λ at the current W of the next few arms (round robin), as many as fit SAMPLE_JOB_MS. */
  private async sampleJob(generation: number): Promise<void> {
    let sampled = 0;
    try {
      await this.between(generation, async (view) => {
        const { experiment, latest } = view;
        if (!latest) return;
        const { arms } = this.state;
        const perArm = this.state.sampling?.ms ?? this.hessianMs;
        const budget = Math.max(1, Math.min(arms.length, Math.floor(SAMPLE_JOB_MS / perArm)));
        const t0 = performance.now();
        let computed = 0;
        for (let visited = 0; visited < arms.length && sampled < budget; visited++) {
          const a = this.sampleCursor;
          this.sampleCursor = (a + 1) % arms.length;
          const arm = arms[a];
          const figures = latest.arms[a];
          if (arm.note || !figures || arm.now?.iteration === latest.iteration) continue;
          sampled++;
          if (experiment.arms[a].stopped || !usable(figures.W)) {
            arm.note = experiment.arms[a].stopped ?? 'its weights are no longer finite';
            continue;
          }
          this.record(arm, latest.iteration, await this.timed(view, figures.v, experiment.config.losses[a], figures.W));
          computed++;
        }
        if (computed) {
          const last = (performance.now() - t0) / computed;
          const ms = this.state.sampling ? 0.7 * this.state.sampling.ms + 0.3 * last : last;
          const per = Math.max(1, Math.min(arms.length, Math.floor(SAMPLE_JOB_MS / ms)));
          this.state.sampling = { ms, arms: per, every: Math.max(SAMPLE_MIN_INTERVAL_MS, (per * ms) / SAMPLE_MAX_SHARE) };
        }
      });
    } finally {
      if (generation === this.state.generation) {
        this.samplePending = false;
        this.lastSample = performance.now();
        if (sampled) this.changed();
      }
    }
  }

  /** Appends a λ sample to the arm's trace and updates where it entered the region. */
  private record(arm: ArmProbe, iteration: number, at: Extremes): void {
    const { along } = arm;
    const last = along.y.length - 1;
    if (!positiveDefinite(at)) arm.entered = null;
    else if (arm.entered === null) {
      const [t0, l0] = last >= 0 ? [along.x[last], along.y[last]] : [iteration, at.lambdaMin];
      arm.entered = l0 >= 0 ? t0 : t0 + ((iteration - t0) * -l0) / (at.lambdaMin - l0);
    }
    along.push(iteration, at.lambdaMin);
    arm.now = { ...at, iteration };
  }
}

/** (a, b) of W's orthogonal projection onto the plane, in units of ‖W*‖_F. */
function project(plane: Plane, W: Float64Array, Wstar: Float64Array): [number, number] {
  let a = 0;
  let b = 0;
  for (let p = 0; p < W.length; p++) {
    const diff = W[p] - Wstar[p];
    a += diff * plane.e1[p];
    b += diff * plane.e2[p];
  }
  return [a / plane.scale, b / plane.scale];
}

/**
 * The plane through W* spanned by the first two arms whose initial offsets (aligned to the teacher) are finite
 * and not parallel — twins of the loss comparison start at the same W, so they are skipped — or by one arm's
 * offset and a random direction when there is no second.
 */
function choosePlane(view: RunView): Plane {
  const { experiment, settings, latest } = view;
  const { d, k, teacher } = experiment;
  const offsets: { arm: number; D: Float64Array }[] = [];
  latest!.arms.forEach((arm, a) => {
    const W = alignToTeacher(arm.W, arm.match, d, k);
    if (W && usable(W)) offsets.push({ arm: a, D: W.map((w, p) => w - teacher.W[p]) });
  });
  const scale = Math.hypot(...teacher.W);
  const make = (arms: number[], e1: Float64Array, e2: Float64Array, note: string | null): Plane => {
    const plane: Plane = { e1, e2, scale, arms, paths: arms.map(() => new Trace()), note };
    arms.forEach((a, p) => {
      const W = alignToTeacher(latest!.arms[a].W, latest!.arms[a].match, d, k)!;
      plane.paths[p].push(...project(plane, W, teacher.W));
    });
    return plane;
  };
  const random = () => new Rng(settings.seed, 'landscape:plane').normals64(d * k);
  if (offsets.length === 0) {
    const [e1, e2] = orthonormalPair(random(), new Rng(settings.seed, 'landscape:plane:2').normals64(d * k));
    return make([], e1, e2, 'No finite initialization: the plane is spanned by two random directions.');
  }
  const first = offsets[0];
  for (const other of offsets.slice(1)) {
    try {
      const [e1, e2] = orthonormalPair(first.D, other.D);
      return make([first.arm, other.arm], e1, e2, null);
    } catch {
      // Parallel offsets (a squared-loss twin): try the next arm.
    }
  }
  const [e1, e2] = orthonormalPair(first.D, random());
  return make([first.arm], e1, e2, 'Only one initialization spans the plane; the second direction is random.');
}
