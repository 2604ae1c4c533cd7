// Measures what real runs do, for the divergence rules (src/core/divergence.ts): per arm, the largest error as a
// multiple of the initial one, and the longest run of consecutive rising step losses.
//   npx tsx scripts/divergenceRuns.ts ce        cross-entropy classification at η = 30 and 100
//   npx tsx scripts/divergenceRuns.ts reg       regression (relu) at η = 0.1 … 3
//   npx tsx scripts/divergenceRuns.ts acts      regression, every other activation, at η = 0.1 and 1
//   npx tsx scripts/divergenceRuns.ts presets   the papers' presets
import { prepareRun } from '../src/core/build';
import { DEFAULTS, reconcile, type Settings } from '../src/core/settings';
import { initNodeBackend } from '../src/engine/nodeBackend';
import { PRESETS } from '../src/state/presets';

const FRAME = 10;

async function measure(partial: Partial<Settings>, steps: number): Promise<void> {
  const settings = { ...DEFAULTS, ...partial };
  reconcile(settings);
  const { experiment } = await prepareRun(settings);
  const errors: number[][] = experiment.arms.map(() => []);
  const losses: number[][] = experiment.arms.map(() => []);
  for (let done = 0; done <= steps; done += FRAME) {
    const count = done === 0 ? 0 : FRAME;
    const flat = experiment.runFrame(count, true);
    const frame = experiment.decode((await flat.data()) as Float32Array, count, true);
    flat.dispose();
    frame.arms.forEach((arm, a) => {
      errors[a].push(arm.error);
      losses[a].push(...(count === 0 ? [arm.loss] : frame.stepLosses.map((row) => row[a])));
    });
  }
  console.log(JSON.stringify(partial));
  experiment.arms.forEach((arm, a) => {
    const finite = errors[a].filter(Number.isFinite);
    let rising = 0;
    let longest = 0;
    losses[a].forEach((loss, t) => {
      rising = t > 0 && loss > losses[a][t - 1] ? rising + 1 : 0;
      longest = Math.max(longest, rising);
    });
    const stopped = arm.stopped ? `  stopped: ${arm.stopped}` : '';
    console.log(`  ${arm.name}: error ${arm.initError.toFixed(3)} → ${finite.at(-1)?.toFixed(3)}, peak ${(Math.max(...finite) / arm.initError).toFixed(2)}× start, longest rise ${longest} steps${stopped}`);
  });
  experiment.dispose();
}

await initNodeBackend('wasm');
const which = process.argv[2] ?? 'ce';
if (which === 'ce') for (const lr of [30, 100]) await measure({ task: 'classification', loss: 'cross-entropy', lr, n: 10_000 }, 2000);
if (which === 'reg') for (const lr of [0.1, 0.3, 1, 3]) await measure({ lr }, 1000);
if (which === 'acts') for (const act of ['sqrelu', 'tanh', 'sigmoid', 'leaky'] as const) for (const lr of [0.1, 1]) await measure({ act, lr }, 1000);
if (which === 'presets') for (const preset of PRESETS) await measure(preset.settings, 1000);
