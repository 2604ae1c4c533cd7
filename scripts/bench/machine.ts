// The machine the numbers come from.
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { Machine } from './types';

export function describeMachine(chromium: string | null): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown CPU',
    cores: cores.length,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    chromium,
    os: `${type()} ${release()}`,
    load: [loadavg()[0]],
  };
}
