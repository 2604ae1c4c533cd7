// Which slice of a map this process runs: `--shard i/N`, or what the scheduler says. Slurm job arrays set
// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (an array 0-(N−1); SLURM_ARRAY_TASK_MIN is subtracted when set);
// a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX, and its count comes from RECOVER_SHARD_COUNT (the Job's
// `completions`, which Kubernetes does not pass on). The flag wins over the environment.
import type { Shard } from '../core/mapFile';
import { clip } from '../core/clip';
import { ArgumentError } from './args';

export interface ResolvedShard extends Shard {
  /** Where it came from, for the progress line. */
  source: string;
}

const integer = (text: string | undefined) => (text !== undefined && /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : null);

function checked(index: number | null, count: number | null, source: string, given: string): ResolvedShard {
  if (index === null || count === null || count < 1 || index >= count) {
    throw new ArgumentError(`${source} ${clip(given)} is not a shard: it must be i/N with 0 ≤ i < N, e.g. --shard 0/4.`);
  }
  return { index, count, source };
}

export function resolveShard(flag: string | undefined, env: Record<string, string | undefined>): ResolvedShard | null {
  if (flag !== undefined) {
    const [i, n, ...rest] = flag.split('/');
    return checked(rest.length ? null : integer(i), integer(n), '--shard', flag);
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const id = integer(env.SLURM_ARRAY_TASK_ID);
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : integer(env.SLURM_ARRAY_TASK_MIN);
    const given = `${env.SLURM_ARRAY_TASK_ID}/${env.SLURM_ARRAY_TASK_COUNT ?? '?'}`;
    return checked(id === null || min === null ? null : id - min, integer(env.SLURM_ARRAY_TASK_COUNT), 'SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT', given);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (env.RECOVER_SHARD_COUNT === undefined) {
      throw new ArgumentError('JOB_COMPLETION_INDEX is set but RECOVER_SHARD_COUNT is not: set it to the Job\'s completions (or give --shard i/N).');
    }
    return checked(integer(env.JOB_COMPLETION_INDEX), integer(env.RECOVER_SHARD_COUNT), 'JOB_COMPLETION_INDEX/RECOVER_SHARD_COUNT', `${env.JOB_COMPLETION_INDEX}/${env.RECOVER_SHARD_COUNT}`);
  }
  return null;
}
