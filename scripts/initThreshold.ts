// Measures where the tensor initialization starts to beat a random one (the table in src/core/initAdvice.ts): for
// each n, the initial matched error of the tensor arm and of the random arm, and the subspace angle. With several
// seeds it prints, per n, the median of each arm's error and how many seeds the tensor start won; one seed is
// too noisy to place a threshold (relu d = 20, k = 10, seed 1: the tensor error went 10, 92, 15 as n doubled).
//   npx tsx scripts/initThreshold.ts <task> <d> <k> <kappa> <act> <n…> [--seeds 1,2,3]
//   npx tsx scripts/initThreshold.ts classification 10 5 2 sigmoid 10000 30000 100000 200000 300000
//   npx tsx scripts/initThreshold.ts regression 20 10 2 relu 4000 8000 16000 32000 --seeds 1,2,3
// A bad argument exits with status 2 and says which one and what is allowed.
import { prepareRun } from '../src/core/build';
import { describeRange, parseSettings, type Problem, type SettingKey, type Settings } from '../src/core/settings';
import { initNodeBackend } from '../src/engine/nodeBackend';

const USAGE = 'usage: npx tsx scripts/initThreshold.ts <task> <d> <k> <kappa> <act> <n…> [--seeds 1,2,3]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/** The arguments, checked against the settings table as strictly as the CLI: nothing is clamped or defaulted. */
function readArgs(argv: string[]): { base: Settings; ns: number[]; seeds: number[] } {
  const rest: string[] = [];
  let seedsText = '1';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--seeds' || arg.startsWith('--seeds=')) {
      const value = arg === '--seeds' ? argv[++i] : arg.slice('--seeds='.length);
      if (value === undefined || value === '') fail('--seeds needs a comma-separated list of seeds, e.g. --seeds 1,2,3.');
      seedsText = value;
    } else if (arg.startsWith('--')) {
      fail(`unknown option ${arg}.`);
    } else {
      rest.push(arg);
    }
  }
  const [task, d, k, kappa, act, ...nTexts] = rest;
  if (act === undefined || nTexts.length === 0) fail('needs a task, d, k, κ, an activation and at least one n.');
  const strict = (pairs: [string, string][]): Settings => {
    const { settings, problems } = parseSettings(pairs);
    // Refused, not clamped: the table's own notices say what a link would use instead, which is not what happens here.
    const refusal = (p: Problem) =>
      p.kind === 'combination' ? `${p.key}=${p.given} does not fit the other arguments: ${p.message}` : `${p.key}=${p.given} is not allowed: it must be ${describeRange(p.key as SettingKey)}.`;
    // A bad value first, alone: the combinations after it follow from the value a link would have used.
    const values = problems.filter((p) => p.kind !== 'combination');
    if (problems.length > 0) fail((values.length ? values : problems).map(refusal).join('\n'));
    return settings;
  };
  const base = strict([['task', task], ['d', d], ['k', k], ['kappa', kappa], ['act', act]]);
  const ns = nTexts.map((text) => strict([['n', text]]).n);
  const seedTexts = seedsText.split(',');
  const seeds = seedTexts.map((text) => strict([['seed', text]]).seed);
  if (new Set(seeds).size !== seeds.length) fail(`--seeds ${seedsText} repeats a seed (seed must be ${describeRange('seed')}, each once).`);
  return { base, ns, seeds };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const degrees = (angle: number | null | undefined) => (angle == null ? '–' : `${((angle * 180) / Math.PI).toFixed(1)}°`);

const { base, ns, seeds } = readArgs(process.argv.slice(2));
await initNodeBackend('wasm');
for (const n of ns) {
  const tensor: number[] = [];
  const random: number[] = [];
  const angles: (number | null | undefined)[] = [];
  let missing: string | undefined;
  for (const seed of seeds) {
    const built = await prepareRun({ ...base, n, seed });
    missing ??= built.tensor === null ? built.messages.find((m) => m.startsWith('No tensor arm')) ?? 'No tensor arm.' : undefined;
    const error = (name: string) => built.experiment.arms.find((arm) => arm.name === name)?.initError ?? NaN;
    tensor.push(error('tensor'));
    random.push(error('random'));
    angles.push(built.tensor?.subspaceAngle);
    built.experiment.dispose();
  }
  const wins = tensor.filter((t, i) => t < random[i]).length;
  if (missing !== undefined) {
    console.log(`n=${n}: worse: ${missing}`);
  } else if (seeds.length === 1) {
    const verdict = wins === 1 ? 'better' : 'worse';
    console.log(`n=${n}: tensor ${tensor[0].toFixed(3)}, random ${random[0].toFixed(3)} (${verdict}), subspace angle ${degrees(angles[0])}`);
  } else {
    const verdict = median(tensor) < median(random) ? 'better' : 'worse';
    console.log(
      `n=${n}: median tensor ${median(tensor).toFixed(3)}, median random ${median(random).toFixed(3)} (${verdict}); ` +
        `tensor < random in ${wins}/${seeds.length} seeds; tensor ${tensor.map((e) => e.toFixed(2)).join(' ')}, angles ${angles.map(degrees).join(' ')}`,
    );
  }
}
