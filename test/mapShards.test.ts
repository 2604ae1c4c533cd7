// Maps that scale out: --shard i/N runs every N-th cell, --merge joins the slices, and the join is exactly the
// map one machine makes; slices of different maps, or that miss or repeat a cell, are refused with a message.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, parseArgs } from '../src/cli/args';
import { parseMapArgs, runMapCli } from '../src/cli/map';
import { mergeCli } from '../src/cli/merge';
import { resolveShard } from '../src/cli/shard';
import { mergeMapFiles, readMapFile, shardCells, type MapFile } from '../src/core/mapFile';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const MAP = ['--act', 'sqrelu', '--k', '2', '--lr', '0.05', '--seed', '3', '--map', 'n=400:800:*2,d=3:5:1', '--trials', '2', '--iters', '20'];
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

async function mapJson(extra: string[], env: Record<string, string> = {}): Promise<MapFile> {
  const options = parseArgs([...MAP, ...extra]);
  const report = await runMapCli(options.settings, parseMapArgs(options.map!, options.settings, env), 'wasm', quiet);
  return JSON.parse(JSON.stringify(report.json)) as MapFile;
}

/** Everything but wall-clock time. */
const withoutTime = (f: MapFile) => ({ ...f, seconds: 0, cells: f.cells.map((c) => ({ ...c, seconds: 0 })) });

describe('shards', () => {
  it('takes every N-th cell', () => {
    expect(shardCells(7, { index: 1, count: 3 })).toEqual([1, 4]);
    const all = [0, 1, 2].flatMap((index) => shardCells(7, { index, count: 3 })).sort();
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
  it('comes from --shard, else Slurm, else a Kubernetes Indexed Job; the flag wins', () => {
    expect(resolveShard('2/5', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '3' })).toMatchObject({ index: 2, count: 5, source: '--shard' });
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '2' })).toMatchObject({ index: 2, count: 3 });
    expect(resolveShard(undefined, { JOB_COMPLETION_INDEX: '1', RECOVER_SHARD_COUNT: '4' })).toMatchObject({ index: 1, count: 4 });
    expect(resolveShard(undefined, {})).toBeNull();
  });
  it.each([
    ['3/3', {}, /--shard 3\/3 is not a shard/],
    ['a/b', {}, /is not a shard/],
    ['1/2/3', {}, /is not a shard/],
    [undefined, { JOB_COMPLETION_INDEX: '0' }, /RECOVER_SHARD_COUNT is not/],
    [undefined, { SLURM_ARRAY_TASK_ID: '1' }, /SLURM_ARRAY_TASK_ID\/SLURM_ARRAY_TASK_COUNT 1\/\? is not a shard/],
  ])('refuses %s %j', (flag, env, message) => {
    expect(() => resolveShard(flag, env as Record<string, string>)).toThrow(ArgumentError);
    expect(() => resolveShard(flag, env as Record<string, string>)).toThrow(message);
  });
});

describe('merging shards', () => {
  it('gives exactly the single-machine map, and the app opens it', async () => {
    const whole = await mapJson([]);
    const parts = [await mapJson(['--shard', '0/3']), await mapJson([], { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3' }), await mapJson(['--shard', '2/3'])];
    expect(parts.map((p) => p.cells.length)).toEqual([2, 2, 2]);
    expect(parts[1].shard).toEqual({ index: 1, count: 3 });
    const merged = mergeMapFiles(parts.reverse().map((file, i) => ({ name: `shard-${i}.json`, file })));
    if (!merged.ok) throw new Error(merged.message);
    expect(withoutTime(merged.file)).toEqual(withoutTime(whole));
    const opened = readMapFile(JSON.stringify(merged.file));
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.value.cells.every((c) => c !== null)).toBe(true);
    expect(opened.notes).toEqual([]);
    // One shard alone opens too, and says what it is.
    const alone = readMapFile(JSON.stringify(parts[0]));
    expect(alone.ok && alone.notes.join(' ')).toMatch(/shard 2 of 3: 2 of the map's 6 cells/);

    const dir = mkdtempSync(join(tmpdir(), 'shards-'));
    const paths = parts.map((file, i) => {
      const path = join(dir, `s${i}.json`);
      writeFileSync(path, JSON.stringify(file));
      return path;
    });
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ ...parts[0], settings: { ...parts[0].settings, seed: 4 } }));
    const merge = (files: string[]) => spawnSync('npx', ['tsx', 'src/cli/recover.ts', '--merge', ...files, '--json'], { encoding: 'utf8' });
    const ok = merge(paths);
    expect(ok.status).toBe(0);
    expect(withoutTime(JSON.parse(ok.stdout))).toEqual(withoutTime(whole));
    const cases: [string[], RegExp][] = [
      [[paths[0], paths[1]], /2 of the map's 6 cells are in none of the files .*is a shard missing/],
      [[...paths, paths[0]], /is in both .*s0\.json and .*s0\.json/],
      [[paths[1], paths[2], other], /other\.json is not a slice of the same map/],
      [[join(dir, 'nope.json')], /cannot read/],
    ];
    for (const [files, message] of cases) {
      expect(() => mergeCli(files)).toThrow(ArgumentError);
      expect(() => mergeCli(files)).toThrow(message);
    }
    const refused = merge([paths[0], paths[1]]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/is a shard missing/);

    // A shard written by `npm run` without -s starts with npm's banner: it is read, and the join says so.
    writeFileSync(paths[1], `\n> recovery-lab@0.1.0 recover\n> tsx src/cli/recover.ts --shard 2/3 --json\n\n${JSON.stringify(parts[1])}`);
    const joined = mergeCli(paths);
    expect(withoutTime(joined.json as MapFile)).toEqual(withoutTime(whole));
    expect(joined.notes).toEqual([expect.stringMatching(/s1\.json: The file began with npm's own/)]);
    const banner = merge(paths);
    expect(banner.status).toBe(0);
    expect(banner.stderr).toMatch(/recover: note: .*s1\.json: The file began with npm's own/);
    expect(withoutTime(JSON.parse(banner.stdout))).toEqual(withoutTime(whole));
  });
});
