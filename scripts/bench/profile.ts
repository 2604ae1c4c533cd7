// A Chrome CPU profile of the page's main thread, summed by origin: plotly, tfjs (core and each backend), React,
// the app's own modules, WebAssembly, garbage collection, idle. Built chunks are mapped back to their modules by
// the `// node_modules/…` and `// src/…` markers an unminified Vite build leaves before each module.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  /** Microseconds. */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** The profile's span. */
  durationMs: number;
  /** Main-thread time by origin, ms. */
  byOrigin: Record<string, number>;
  /** The modules (or native categories) that took the most time, ms, largest first. */
  topModules: [string, number][];
  /**
   * Time by the innermost app function on the stack (`src/…:name`), whatever ran below it (tfjs, WASM, plotly):
   * which of the app's own work the time was spent for. Largest first.
   */
  appCallers: [string, number][];
}

/** The library or app folder a module path belongs to, as a profile category. */
export function categoryOf(path: string): string {
  const rules: [RegExp, string][] = [
    [/plotly/, 'plotly'],
    [/tfjs-backend-webgl/, 'tfjs webgl backend'],
    [/tfjs-backend-wasm/, 'tfjs wasm backend (JS)'],
    [/tfjs-backend-webgpu/, 'tfjs webgpu backend'],
    [/tfjs-backend-cpu/, 'tfjs cpu backend'],
    [/tfjs[-_]core/, 'tfjs core'],
    [/react|scheduler|zustand/, 'react + zustand'],
    [/src\/core\//, 'app src/core'],
    [/src\/engine\//, 'app src/engine'],
    [/src\/(ui|state)\/|src\/main/, 'app src/ui+state'],
  ];
  return rules.find(([re]) => re.test(path))?.[1] ?? 'other JS';
}

/** Line (0-based) → module path, for one built chunk. */
function moduleLines(file: string): (line: number) => string {
  const starts: { line: number; path: string }[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, line) => {
    const marker = /^\/\/ ((?:node_modules|src)\/\S+)/.exec(text);
    if (marker) starts.push({ line, path: marker[1] });
  });
  return (line) => {
    let found = '';
    for (const start of starts) {
      if (start.line > line) break;
      found = start.path;
    }
    return found;
  };
}

export function attributeProfile(profile: CpuProfile, outDir: string | null): ProfileSummary {
  const chunks = new Map<string, ((line: number) => string) | null>();
  const modulePath = (url: string, line: number): string => {
    const { pathname } = new URL(url);
    if (!outDir) return pathname;
    if (!chunks.has(pathname)) {
      const file = join(outDir, pathname);
      chunks.set(pathname, existsSync(file) && pathname.endsWith('.js') ? moduleLines(file) : null);
    }
    return chunks.get(pathname)?.(line) || pathname;
  };
  const category = new Map<number, string>();
  const module = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) {
    const { functionName, url, lineNumber } = callFrame;
    let name: string;
    let path: string | null = null;
    if (functionName === '(idle)') name = 'idle';
    else if (functionName === '(garbage collector)') name = 'garbage collection';
    else if (functionName === '(program)' || functionName === '(root)') name = 'browser native (layout, paint, GPU calls…)';
    else if (url.startsWith('wasm://') || /^\$?wasm-function|^js-to-wasm|^wasm-to-js/.test(functionName)) name = 'WebAssembly (tfjs kernels)';
    else if (!url) name = `DOM/native ${functionName || 'anonymous'}()`.slice(0, 40);
    else {
      path = modulePath(url, lineNumber);
      name = categoryOf(path);
    }
    category.set(id, name);
    module.set(id, path ?? name);
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const callerCache = new Map<number, string>();
  const appCaller = (id: number): string => {
    const cached = callerCache.get(id);
    if (cached !== undefined) return cached;
    const path = module.get(id) ?? '';
    const node = byId.get(id);
    let caller: string;
    if (path.startsWith('src/') || path.startsWith('/src/')) caller = `${path.replace(/^\//, '')}:${node?.callFrame.functionName || 'anonymous'}`;
    else caller = parent.has(id) ? appCaller(parent.get(id)!) : 'no app code on the stack';
    callerCache.set(id, caller);
    return caller;
  };
  const callers: Record<string, number> = {};
  const totals: Record<string, number> = {};
  const modules: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const name = category.get(id) ?? 'other JS';
    totals[name] = (totals[name] ?? 0) + ms;
    const path = module.get(id) ?? 'other JS';
    modules[path] = (modules[path] ?? 0) + ms;
    if (name !== 'idle') {
      const caller = appCaller(id);
      callers[caller] = (callers[caller] ?? 0) + ms;
    }
  });
  const largest = (record: Record<string, number>) => Object.entries(record).sort((a, b) => b[1] - a[1]).slice(0, 6);
  delete modules.idle;
  return { durationMs: (profile.endTime - profile.startTime) / 1000, byOrigin: totals, topModules: largest(modules), appCallers: largest(callers) };
}
