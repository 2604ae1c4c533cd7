// Fu, Chi, Liang (IEEE TSP 2020), through the CLI's own code path: the non-overlapping CNN's filter is
// recovered to under 1e-2 at the sample size the README states (n = 800,000, d = 8, k = 4).
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args';
import { runCli } from '../src/cli/run';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

type ArmJson = { name: string; initError: number; error: number[]; stopped: string | null };

describe('non-overlapping CNN (Fu et al.)', () => {
  it('recovers the filter to under 1e-2 at n = 800,000', async () => {
    const args = ['--task', 'classification', '--model', 'cnn', '--loss', 'cross-entropy', '--d', '8', '--k', '4', '--n', '800000', '--lr', '10', '--iters', '20', '--seed', '1'];
    const report = await runCli(parseArgs(args), 'wasm');
    const tensor = (report.json.arms as ArmJson[]).find((a) => a.name === 'tensor')!;
    const random = (report.json.arms as ArmJson[]).find((a) => a.name === 'random')!;
    expect(tensor.initError).toBeLessThan(0.05);
    expect(tensor.error[tensor.error.length - 1]).toBeLessThan(1e-2);
    // Random init reaches the same filter: the loss of one shared filter is benign.
    expect(random.error[random.error.length - 1]).toBeLessThan(2e-2);
    expect(random.initError).toBeGreaterThan(10 * tensor.initError);
  });
});
