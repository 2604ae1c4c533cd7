// Measures where the tensor initialization starts to beat a random one (the table in src/core/initAdvice.ts): for
// each n, the initial matched error of the tensor arm and of the random arm, and the subspace angle.
//   npx tsx scripts/initThreshold.ts <task> <d> <k> <kappa> <act> <n…>
//   npx tsx scripts/initThreshold.ts classification 10 5 2 sigmoid 10000 30000 100000 200000 300000
import { prepareRun } from '../src/core/build';
import { DEFAULTS, reconcile, type Settings } from '../src/core/settings';
import { initNodeBackend } from '../src/engine/nodeBackend';

await initNodeBackend('wasm');
const [task, d, k, kappa, act, ...ns] = process.argv.slice(2);
for (const n of ns.map(Number)) {
  const settings: Settings = { ...DEFAULTS, task: task as Settings['task'], act: act as Settings['act'], d: Number(d), k: Number(k), kappa: Number(kappa), n, seed: 1 };
  reconcile(settings);
  const built = await prepareRun(settings);
  const error = (name: string) => built.experiment.arms.find((arm) => arm.name === name)?.initError ?? NaN;
  const angle = built.tensor?.subspaceAngle;
  const verdict = error('tensor') < error('random') ? 'better' : 'worse';
  console.log(`n=${n}: tensor ${error('tensor').toFixed(3)}, random ${error('random').toFixed(3)} (${verdict}), subspace angle ${angle == null ? '–' : ((angle * 180) / Math.PI).toFixed(1)}°`);
  built.experiment.dispose();
}
