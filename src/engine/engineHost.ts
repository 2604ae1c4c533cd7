// The engine behind the message protocol: the run loop, the convexity probes and the recovery map, all on one
// tfjs backend. The worker wraps it around postMessage; the main-thread fallback calls it directly.
import { runMap } from '../core/recoveryMap';
import type { ContextLossHooks } from './contextLoss';
import { ConvexityProbe } from './convexityProbe';
import type { EngineCommand, EngineEvent } from './protocol';
import { RunLoop, type BackendStarter } from './runLoop';
import { nextTask } from './yieldToHost';

/** A map frame's target length: the engine answers a cancel within about this. */
const MAP_FRAME_MS = 40;

export class EngineHost {
  private readonly loop: RunLoop;
  private readonly probe: ConvexityProbe;
  private detachProbe: (() => void) | null = null;
  private map: { id: number; abort: AbortController } | null = null;
  /** Maps already reported ended by a lost context: their own end, if it ever comes, is not reported again. */
  private readonly endedMaps = new WeakSet<AbortController>();
  private unwatchContext = () => {};

  /** `contextLoss`: the browser's WebGL hooks (none in Node, where no backend has a context to lose). */
  constructor(
    private readonly emit: (event: EngineEvent) => void,
    startBackend: BackendStarter,
    private readonly contextLoss?: ContextLossHooks,
  ) {
    this.loop = new RunLoop(emit, async (setting) => {
      const backend = await startBackend(setting);
      this.unwatchContext();
      this.unwatchContext = contextLoss && backend.name === 'webgl' ? contextLoss.watch(() => void this.contextLost()) : () => {};
      return backend;
    });
    this.probe = new ConvexityProbe(this.loop, (change) =>
      emit(change.kind === 'results' ? { type: 'probe', state: this.probe.state } : { type: 'probe-paths', generation: change.generation, paths: change.paths }));
  }

  /** Stops probes and map and frees the run's tensors (the main-thread engine; a worker is simply terminated). */
  dispose(): void {
    this.handle({ type: 'probe', attach: false });
    this.handle({ type: 'map-cancel' });
    this.unwatchContext();
    this.loop.dispose();
  }

  handle(command: EngineCommand): void {
    switch (command.type) {
      case 'build':
        void this.loop.build(command.settings, command.autoplay);
        break;
      case 'lr':
        this.loop.setLearningRate(command.lr);
        break;
      case 'iters':
        this.loop.setIters(command.iters);
        break;
      case 'play':
        this.loop.play();
        break;
      case 'pause':
        this.loop.pause();
        break;
      case 'step':
        this.loop.step();
        break;
      case 'probe':
        // Where the explorer is, before attaching: attaching to a built run plans its jobs at once.
        if (command.attach) this.probe.setInView(command.inView ?? true);
        if (command.attach && !this.detachProbe) this.detachProbe = this.probe.attach();
        if (!command.attach) {
          this.detachProbe?.();
          this.detachProbe = null;
        }
        break;
      case 'map':
        void this.runMap(command);
        break;
      case 'map-cancel':
        this.map?.abort.abort();
        break;
      case 'lose-context':
        if (!this.contextLoss?.simulate()) this.emit({ type: 'error', generation: -1, message: 'No WebGL context to lose: the backend running is not WebGL.' });
        break;
    }
  }

  /** One map at a time, between the live run's frames (the page keeps the live run paused meanwhile). */
  /** A lost context ends the map (its read-back never returns) and rebuilds the live run on a fresh backend. */
  private async contextLost(): Promise<void> {
    this.unwatchContext();
    this.unwatchContext = () => {};
    const map = this.map;
    if (map) {
      this.map = null;
      this.endedMaps.add(map.abort);
      map.abort.abort();
      this.emit({ type: 'map-end', id: map.id, status: 'error', error: 'The GPU’s WebGL context was lost while the map computed: start it again.' });
    }
    await this.loop.recover(() => this.contextLoss?.reset());
  }

  private async runMap({ id, base, spec }: Extract<EngineCommand, { type: 'map' }>): Promise<void> {
    this.map?.abort.abort();
    const mine = new AbortController();
    this.map = { id, abort: mine };
    try {
      const backend = this.loop.backend;
      if (!backend) throw new Error('No tfjs backend started.');
      await this.loop.exclusive(() => runMap(base, spec, {
        signal: mine.signal,
        maxElements: backend.maxElements,
        frameMs: MAP_FRAME_MS,
        yieldToHost: nextTask,
        onProgress: (progress) => this.emit({ type: 'map-progress', id, progress }),
        onCell: (cell, index) => this.emit({ type: 'map-cell', id, index, cell }),
      }));
      if (!this.endedMaps.has(mine)) this.emit({ type: 'map-end', id, status: 'done', error: null });
    } catch (err) {
      if (this.endedMaps.has(mine)) return;
      if (mine.signal.aborted) this.emit({ type: 'map-end', id, status: 'cancelled', error: null });
      else this.emit({ type: 'map-end', id, status: 'error', error: err instanceof Error ? err.message : String(err) });
    } finally {
      if (this.map?.abort === mine) this.map = null;
    }
  }
}
