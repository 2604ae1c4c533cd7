// The report as readable tables. Pure functions of the report, tested in test/bench.test.ts.
import type { BenchSize, CellResult, InitResult } from '../../src/bench/measure';
import type { ProfileSummary } from './profile';
import type { ThreadShares } from './threads';
import type { BackendRun, BenchReport, PeerCell, RebuildPhases } from './types';

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 10000 → 10⁴, 5·10⁶ stays 5,000,000. */
export function power10(x: number): string {
  const e = Math.log10(x);
  if (x >= 1000 && Number.isInteger(e)) return `10${String(e).split('').map((c) => SUPERSCRIPT[Number(c)]).join('')}`;
  return x.toLocaleString('en-US');
}

export function formatSize({ n, d, k }: BenchSize): string {
  return `n=${power10(n)} d=${d} k=${k}`;
}

/** Three significant figures, thousands separated; '–' for nothing. */
export function formatRate(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(3);
}

export function formatRatio(a: number | null | undefined, b: number | null | undefined): string {
  if (!a || !b || !Number.isFinite(a) || !Number.isFinite(b)) return '–';
  const r = a / b;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2)}×`;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Columns padded to their widest cell; text left-aligned, numbers right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const numeric = (s: string) => /^[-–+]?[\d,.]+(×| s| ms| µs|%)?$|^–$/.test(s);
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c > 0 && numeric(cell) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(header), line(header.map((_, c) => '-'.repeat(widths[c]))), ...rows.map(line)].join('\n');
}

const backendName = (run: { runtime: string; backend: string }) => `${run.runtime} ${run.backend}`;

function peerAt(report: BenchReport, size: BenchSize): PeerCell | undefined {
  return report.peer.cells.find((c) => c.size.n === size.n && c.size.d === size.d && c.size.k === size.k);
}

/** The peer at the app's width: same n and d, k times the app's arms. */
function widePeerAt(report: BenchReport, size: BenchSize, arms: number): PeerCell | undefined {
  return report.peerWide?.cells.find((c) => c.size.n === size.n && c.size.d === size.d && c.size.k === size.k * arms);
}

/** The peer's better rate, with the BLAS threads it finds or with one (on a busy machine one thread can win). */
export function numpyBestRate(peer: PeerCell | undefined): number | null {
  const rates = [peer?.stepsPerSecond, peer?.stepsPerSecond1Thread].filter((r): r is number => typeof r === 'number');
  return rates.length ? Math.max(...rates) : null;
}

function rateRow(run: BackendRun, r: CellResult, peer: PeerCell | undefined, wide: PeerCell | undefined): string[] {
  const f = r.app.msPerFrame;
  const numpyBest = numpyBestRate(peer);
  return [
    backendName(run),
    formatRate(r.app.stepsPerSecond),
    String(r.app.arms),
    formatRate(r.app.stepsPerFrame),
    `${ms(f.dispatch)}+${ms(f.readback)}+${ms(f.decode)}+${ms(f.idle)}`,
    formatRate(r.sameStep?.stepsPerSecond),
    formatRatio(r.app.stepsPerSecond, r.sameStep?.stepsPerSecond),
    formatRatio(r.app.stepsPerSecond, numpyBestRate(wide)),
    formatRate(r.raw.stepsPerSecond),
    formatRatio(r.raw.stepsPerSecond, numpyBest),
    formatRatio(r.raw.stepsPerSecond, peer?.stepsPerSecond1Thread),
  ];
}

function wideLine(report: BenchReport, size: BenchSize): string {
  const wide = report.peerWide?.cells.find((c) => c.size.n === size.n && c.size.d === size.d && c.size.k > size.k);
  return wide ? `; at the app's width (k=${wide.size.k}): ${formatRate(wide.stepsPerSecond)} and ${formatRate(wide.stepsPerSecond1Thread)}` : '';
}

function ratesSection(report: BenchReport): string[] {
  const header = ['backend', 'app steps/s', 'arms', 'steps/frame', 'ms/frame dispatch+read+decode+idle', 'same step/s', 'app÷same', 'app÷numpy', 'raw steps/s', 'raw÷numpy', 'raw÷numpy1'];
  const out: string[] = [];
  for (const size of report.options.sizes) {
    const rows: string[][] = [];
    const notes: string[] = [];
    const peer = peerAt(report, size);
    for (const run of report.runs) {
      const cell = run.cells.find((c) => c.size === size || (c.size.n === size.n && c.size.d === size.d && c.size.k === size.k));
      if (!cell) continue;
      if ('result' in cell) rows.push(rateRow(run, cell.result, peer, widePeerAt(report, size, cell.result.app.arms)));
      else notes.push(`  ${backendName(run)}: ${'skipped' in cell ? `skipped: ${cell.skipped}` : `failed: ${cell.failed}`}`);
    }
    const peerLine = !peer
      ? '  numpy float32: not run'
      : peer.skipped
        ? `  numpy float32: skipped: ${peer.skipped}`
        : `  numpy float32 (the raw step): ${formatRate(peer.stepsPerSecond)} steps/s with the BLAS threads found, ${formatRate(peer.stepsPerSecond1Thread)} with 1 thread` +
          wideLine(report, size);
    out.push('', `${formatSize(size)}  (X: ${power10(size.n * size.d)} numbers, ${Number(((size.n * size.d * 4) / 2 ** 20).toPrecision(2))} MiB)`);
    if (rows.length) out.push(table(header, rows));
    out.push(...notes, peerLine);
  }
  return out;
}

/** A step's time against its two products and the fixed cost of its kernels. */
function stepSection(report: BenchReport): string[] {
  const header = ['backend', 'size', 'app step ms', 'raw step ms', 'XW ms', 'XᵀG ms (transposeA)', 'XᵀG ms (Xᵀ kept)', 'gain', 'XᵀG ms (as the step)', 'kernel floor ms/step'];
  const rows: string[][] = [];
  for (const run of report.runs) {
    for (const cell of run.cells) {
      if (!('result' in cell)) continue;
      const { app, raw, products: p } = cell.result;
      const k = run.kernels;
      const floor = k && run.opOverheadUs !== undefined ? ((k.appPerStep + k.appPerFrame / app.stepsPerFrame) * run.opOverheadUs) / 1000 : NaN;
      rows.push([
        backendName(run),
        formatSize(cell.size),
        ms(1000 / app.stepsPerSecond),
        ms(1000 / raw.stepsPerSecond),
        ms(p.forward),
        ms(p.gradTransposeA),
        ms(p.gradPretransposed),
        formatRatio(p.gradTransposeA, p.gradPretransposed),
        p.gradStep === undefined ? '–' : ms(p.gradStep),
        Number.isFinite(floor) ? ms(floor) : '–',
      ]);
    }
  }
  if (!rows.length) return [];
  return [
    '',
    'Where a step\'s time goes: one app step (all arms, frame costs shared out), one raw step, the step\'s two products at the app\'s',
    'width (d × arms·k columns), Xᵀ G with matMul transposeA and with Xᵀ kept on the device (both on a fixed G), Xᵀ G as the step',
    'computes it on a fresh G each call (WASM packs a product\'s right operand once per tensor: a fixed G hides that; – in older',
    'reports), and the app\'s kernels per step times the cost of one small op (a floor that faster arithmetic does not lower).',
    table(header, rows),
  ];
}

function initSection(report: BenchReport): string[] {
  const header = ['backend', 'size', 'moments s', 'eigen s', 'decomposition s', 'magnitudes s', 'total s', 'decomposition÷moments', 'data gen s', 'upload s'];
  const rows: string[][] = [];
  const notes = new Set<string>();
  const s3 = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(3));
  const row = (run: BackendRun, size: BenchSize, init: InitResult, setup: string[]) => {
    if (init.status === 'ok') {
      const t = init.seconds;
      rows.push([backendName(run), formatSize(size), s3(t.moments), s3(t.eigen), s3(t.decomposition), s3(t.magnitudes), s3(t.total), formatRatio(t.decomposition, t.moments), ...setup]);
    } else {
      rows.push([backendName(run), formatSize(size), init.status, '', '', '', '–', '–', ...setup]);
      notes.add(`  ${backendName(run)} ${formatSize(size)}: ${init.status}: ${init.reason}`);
    }
  };
  for (const run of report.runs) {
    for (const cell of run.cells) {
      if ('result' in cell) row(run, cell.size, cell.result.init, [s3(cell.result.setupSeconds.data), s3(cell.result.setupSeconds.upload)]);
    }
    // Alone (no training at that size): the large-k decomposition against its moments (target ≤ 1×).
    for (const { size, init } of run.inits ?? []) row(run, size, init, ['(alone)', '']);
  }
  if (!rows.length) return [];
  return ['', 'Tensor initialization (tensorInit), seconds by stage; and the setup before training (teacher + samples on the CPU, upload)', table(header, rows), ...notes];
}

/** Largest origins first, as % of the profile's span; the rest folded into one entry. */
export function profileSummary({ durationMs, byOrigin }: ProfileSummary, top = 7): string {
  const entries = Object.entries(byOrigin).sort((a, b) => b[1] - a[1]);
  const pct = (x: number) => `${((x / durationMs) * 100).toFixed(0)}%`;
  const shown = entries.slice(0, top).map(([k, v]) => `${k} ${pct(v)}`);
  const rest = entries.slice(top).reduce((a, [, v]) => a + v, 0);
  if (rest > 0) shown.push(`rest ${pct(rest)}`);
  return shown.join(', ');
}

/** Main-thread time by the app function it was spent for, with seconds. */
export function appCallers({ appCallers: callers }: ProfileSummary, count = 4): string {
  return callers.slice(0, count).map(([caller, t]) => `${caller} ${(t / 1000).toFixed(2)} s`).join(', ');
}

/** The main thread's time not idle in a profile: the page's share of one core. */
export const busyMs = ({ durationMs, byOrigin }: ProfileSummary): number => Math.max(0, durationMs - (byOrigin.idle ?? 0));

const percent = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(0)}%` : '–');

/** Cores per thread group, largest first, and the machine's other work. */
function threadSummary({ groups, others, cores }: ThreadShares): string {
  const parts = Object.entries(groups).filter(([, cpu]) => cpu >= 0.005).sort((a, b) => b[1] - a[1]).map(([group, cpu]) => `${group} ${cpu.toFixed(2)}`);
  return `${parts.join(', ')}; other processes ${others.toFixed(2)} (cores, of ${cores})`;
}

function phaseSummary(p: RebuildPhases): string {
  const stages = Object.entries(p.stages).filter(([, t]) => t >= 0.5).map(([stage, t]) => `${stage} ${t.toFixed(0)}`).join(', ');
  return `engine answered ${p.answered.toFixed(0)}, built ${p.built.toFixed(0)}${stages ? ` (${stages})` : ''}, first frame ${p.firstFrame.toFixed(0)}, drawn ${p.drawn.toFixed(0)}`;
}

function uiSection(report: BenchReport): string[] {
  if (!report.ui.length) return [];
  const header = ['backend', 'size', 'engine', 'page iters/s', 'page÷same', 'frames/s', 'main thread busy', 'plotly share', 'longest frame ms', 'long tasks (count, longest ms)', 'plot redraws (count, median, max ms)', 'η→point ms', 'n→point ms', 'rebuild longest task ms'];
  const rows: string[][] = [];
  const notes: string[] = [];
  const list = (xs: number[] | undefined) => (xs?.length ? xs.map((x) => (Number.isFinite(x) ? x.toFixed(0) : 'timeout')).join(', ') : '–');
  for (const c of report.ui) {
    const name = `chromium ${c.backend}`;
    if (c.skipped || c.failed) {
      notes.push(`  ${name} ${formatSize(c.size)}: ${c.skipped ? `skipped: ${c.skipped}` : `failed: ${c.failed}`}`);
      continue;
    }
    const same = report.runs
      .find((r) => r.runtime === 'chromium' && r.backend === c.backend)
      ?.cells.find((x) => x.size.n === c.size.n && x.size.d === c.size.d && x.size.k === c.size.k);
    rows.push([
      name,
      formatSize(c.size),
      c.thread ?? '–',
      formatRate(c.itersPerSecond),
      formatRatio(c.itersPerSecond, same && 'result' in same ? same.result.sameStep?.stepsPerSecond : null),
      formatRate(c.framesPerSecond),
      c.profile ? percent(busyMs(c.profile), c.profile.durationMs) : '–',
      c.profile ? percent(c.profile.byOrigin.plotly ?? 0, c.profile.durationMs) : '–',
      c.longestFrameMs === undefined ? '–' : c.longestFrameMs.toFixed(0),
      c.longTasks ? `${c.longTasks.count}, ${c.longTasks.longestMs.toFixed(0)}` : '–',
      c.plotDrawMs ? `${c.plotDrawMs.count}, ${c.plotDrawMs.median.toFixed(0)}, ${c.plotDrawMs.max.toFixed(0)}` : '–',
      list(c.lrToPointMs),
      list(c.nToPointMs),
      c.rebuildLongestTaskMs === undefined ? '–' : c.rebuildLongestTaskMs.toFixed(0),
    ]);
    if (c.threads) notes.push(`  ${name} ${formatSize(c.size)} (${c.thread ?? '–'}), CPU by thread while running: ${threadSummary(c.threads)}`);
    if (c.rebuildPhases?.length) notes.push(`  ${name} ${formatSize(c.size)} (${c.thread ?? '–'}), n change by phase (ms): ${c.rebuildPhases.map(phaseSummary).join('; ')}`);
    for (const [what, profile] of [['running', c.profile], ['n change → first point', c.rebuildProfile]] as const) {
      if (!profile) continue;
      notes.push(`  ${name} ${formatSize(c.size)}, ${what}: ${profileSummary(profile)}`);
      notes.push(`      for the app's: ${appCallers(profile)}`);
    }
  }
  return [
    '',
    'The app page (index.html, production build) while a run goes; page÷same: its iterations/s over the same step alone on the bench page',
    '(target ≥ 0.8× on WASM at 10⁴, 10, 5); main thread busy: its non-idle share of the profile, of which plotly; n→point: a key press',
    'on the samples slider to the rebuilt run\'s first point (target ≤ 400 ms at the default size)',
    report.ui.some((c) => c.rateWindow === 'alone')
      ? 'iters/s and CPU by thread: a window with nothing of the bench\'s in the page and no input (the plots redraw ≤ 5 times a second);\n' +
        'frames/s to redraws: a second window, with a frame monitor and the sampled profiler, which take main-thread time of their own'
      : 'every column from one window, with the frame monitor and the sampled profiler running (an older report)',
    table(header, rows),
    'CPU by thread: cores each group of Chromium\'s threads used in the rate window (/proc); n change by phase: key press → the engine\'s',
    '"building" → "built" → first frame on the page → drawn (they add up to n→point). Main thread by origin, from a sampled CPU',
    'profile (% of the profile\'s span; the engine\'s worker is not on it):',
    ...notes,
  ];
}

function backendsSection(report: BenchReport): string[] {
  const rows = report.runs.map((run) => {
    const k = run.kernels;
    return [
      backendName(run),
      run.skipped ? `skipped: ${run.skipped}` : run.detail,
      k ? `${k.appPerStep} (+${k.appPerFrame}/frame)` : '–',
      k ? String(k.engine1PerStep) : '–',
      k ? String(k.rawPerStep) : '–',
      run.opOverheadUs === undefined ? '–' : `${run.opOverheadUs.toFixed(0)} µs`,
    ];
  });
  return ['', 'Backends (kernels per step; one op: dispatch, run and free of a 32×32 add, synchronised once per batch)', table(['backend', 'what ran', 'app kernels', 'eval1', 'raw', 'one op'], rows)];
}

export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const out = [
    `Recovery Lab benchmark — ${report.date}`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB; ${m.os}; Node ${m.node}; ${m.chromium ? `Chromium ${m.chromium} (headless; WebGL on SwiftShader)` : 'no Chromium run'}`,
    `Load average (1 min) at start and end: ${m.load.map((l) => l.toFixed(1)).join(' → ')} on ${m.cores} cores. The machine is shared: compare ratios within one run.`,
    `Each timed part ran about ${(report.options.budgetMs / 1000).toFixed(1)} s. ${report.peer.detail}`,
    ...backendsSection(report),
    '',
    'Gradient steps per second. app: the app\'s loop (as in its worker): Experiment.runFrame with the app\'s arms (default settings',
    'otherwise), steps per frame from the app\'s StepBudget past its slow start, one read-back + decode per frame, next frame after a',
    'message-channel task (Node: a macrotask). same step: the same runFrame with nothing around it, one read-back per batch of steps;',
    'app÷same: what the loop around the step keeps (target ≥ 0.9). app÷numpy: over NumPy float32 doing the same step at the app\'s width',
    '(d × arms·k, the better of its threaded and 1-thread runs). raw: the plain 10-kernel ReLU step, one arm, op for op the NumPy',
    'peer\'s; raw÷numpy and raw÷numpy1 (NumPy on 1 thread, like WASM\'s one thread) compare the bare arithmetic.',
    ...ratesSection(report),
    ...stepSection(report),
    ...initSection(report),
    ...uiSection(report),
  ];
  if (report.notes.length) out.push('', 'Notes', ...report.notes.map((n) => `  - ${n}`));
  return out.join('\n') + '\n';
}
