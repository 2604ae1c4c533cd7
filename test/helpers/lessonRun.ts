// One run of the real engine as the page sees it (built run, frames, convexity probes through the message
// protocol), turned into the lesson checks' figures by the page's own adapter.
import { DEFAULTS, reconcile, type Settings } from '../../src/core/settings';
import type { LessonFigures } from '../../src/core/lessons/figures';
import type { ConvexityState } from '../../src/engine/convexityState';
import { EngineHost } from '../../src/engine/engineHost';
import type { BuiltRun, EngineEvent } from '../../src/engine/protocol';
import { SeriesStore } from '../../src/engine/series';
import { lessonFigures } from '../../src/state/lessonFigures';

const nodeBackend = async () => ({ name: 'wasm' as const, fallback: null, detail: 'Node WASM', maxElements: 2 ** 25 });

/** Runs `partial` over the defaults to its iteration budget; with `probe`, until the Hessians at W* and every init are in. */
export async function lessonRun(partial: Partial<Settings>, probe = false): Promise<LessonFigures> {
  const settings = { ...DEFAULTS, ...partial };
  reconcile(settings);
  const series = new SeriesStore();
  let run: BuiltRun | null = null;
  let state: ConvexityState | null = null;
  let iteration = 0;
  let stopped: (string | null)[] = [];
  let finished: () => void = () => {};
  let failed: (e: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => ((finished = resolve), (failed = reject)));
  const probed = () => !probe || (state !== null && state.star !== null && state.arms.every((a) => a.atInit !== null));
  let ended = false;
  const host = new EngineHost((raw: EngineEvent) => {
    const event = structuredClone(raw);
    if (event.type === 'built') {
      run = event;
      series.reset(event.arms.map((a) => a.name));
    } else if (event.type === 'frame') {
      series.push(event.figures, event.stoppedBefore);
      iteration = event.figures.iteration;
      stopped = event.stopped;
    } else if (event.type === 'probe') state = event.state;
    else if (event.type === 'status' && event.status === 'done') ended = true;
    else if (event.type === 'error') failed(new Error(event.message));
    if (ended && probed()) finished();
  }, nodeBackend);
  if (probe) host.handle({ type: 'probe', attach: true });
  host.handle({ type: 'build', settings, autoplay: true });
  await done;
  host.dispose();
  const built = run as BuiltRun | null;
  if (!built) throw new Error('no run was built');
  return lessonFigures({
    run: built, iteration, done: true, stopped, probe: state, lr: settings.lr,
    traces: series.arms.map((s) => ({ x: s.error.x, y: s.error.y })),
    errors: series.arms.map((s) => s.error.y.at(-1) ?? NaN),
  });
}
