// CPU time by Chromium thread while the app page runs (Linux /proc): on a 2-core machine the engine's worker
// shares the CPU with the page's main thread, the GPU process (SwiftShader rasters and composites there) and
// the renderer's helpers; a page slower than its engine is explained by who took the cores. Elsewhere: null.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per thread group, and the machine's busy and total ticks. */
export interface TickSample {
  groups: Record<string, number>;
  machineBusy: number;
  machineTotal: number;
}

/** Share of one core per group over the window (1 = one core), and the machine's busy share of all cores. */
export interface ThreadShares {
  groups: Record<string, number>;
  /** Other processes on the machine (the shared machine's other work), in cores. */
  others: number;
  cores: number;
}

const TICKS_PER_SECOND = 100;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Fields after the `(comm)` of a /proc stat line, and the comm. */
function parseStat(stat: string): { comm: string; fields: string[] } {
  return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), fields: stat.slice(stat.lastIndexOf(')') + 2).split(' ') };
}

function children(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    const ppid = Number(parseStat(stat).fields[1]);
    kids.set(ppid, [...(kids.get(ppid) ?? []), Number(entry)]);
  }
  return kids;
}

/** Which group a thread's time goes to, from its process's --type and its thread name. */
function group(type: string, comm: string): string {
  if (type === 'renderer') {
    if (comm.startsWith('DedicatedWorker')) return 'engine worker';
    if (comm === 'chromium' || comm === 'chrome') return 'page main thread';
    return 'renderer other (compositor, GC, raster)';
  }
  if (type === 'gpu-process') return 'GPU process (SwiftShader)';
  return 'browser and utilities';
}

function machine(): [number, number] {
  const fields = (read('/proc/stat') ?? '').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return [total - (fields[3] ?? 0) - (fields[4] ?? 0), total];
}

/** Ticks of every thread of the Chromium processes this process started; null off Linux. */
export function sampleTicks(): TickSample | null {
  if (!read('/proc/self/stat')) return null;
  const kids = children();
  const groups: Record<string, number> = {};
  const walk = (pid: number) => {
    for (const child of kids.get(pid) ?? []) {
      const cmdline = read(`/proc/${child}/cmdline`) ?? '';
      const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
      let tids: string[] = [];
      try {
        tids = readdirSync(`/proc/${child}/task`);
      } catch {
        // The process ended meanwhile.
      }
      for (const tid of tids) {
        const stat = read(`/proc/${child}/task/${tid}/stat`);
        if (!stat) continue;
        const { comm, fields } = parseStat(stat);
        const name = group(type, comm);
        groups[name] = (groups[name] ?? 0) + Number(fields[11]) + Number(fields[12]);
      }
      walk(child);
    }
  };
  walk(process.pid);
  const self = parseStat(read('/proc/self/stat') ?? '').fields;
  groups['bench runner (Node)'] = Number(self[11]) + Number(self[12]);
  const [machineBusy, machineTotal] = machine();
  return { groups, machineBusy, machineTotal };
}

export function threadShares(before: TickSample | null, after: TickSample | null, seconds: number, cores: number): ThreadShares | null {
  if (!before || !after || !(seconds > 0)) return null;
  const groups: Record<string, number> = {};
  let ours = 0;
  for (const [name, ticks] of Object.entries(after.groups)) {
    const cpu = (ticks - (before.groups[name] ?? 0)) / TICKS_PER_SECOND / seconds;
    groups[name] = cpu;
    ours += cpu;
  }
  const busy = ((after.machineBusy - before.machineBusy) / Math.max(1, after.machineTotal - before.machineTotal)) * cores;
  return { groups, others: Math.max(0, busy - ours), cores };
}
