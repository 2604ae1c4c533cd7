// Runs one experiment for the CLI and formats the report: a per-arm summary, or one run file (src/core/runFile.ts,
// the schema the app's "Download run" writes and its "Open run" reads).
import * as tf from '@tensorflow/tfjs-core';
import { recordBand, type ArmBandHistory } from '../core/bandRecord';
import { Band, bandProblem } from '../core/bands';
import { prepareRun } from '../core/build';
import { measureFloat32Floor, type Float32Floor } from '../core/float32Floor';
import { trialSeed } from '../core/recoveryMap';
import { linearRate } from '../core/rate';
import { recordRun, type ArmHistory } from '../core/record';
import { finiteOrNull, runFileHeader, type RunFile } from '../core/runFile';
import { encodeSettings } from '../core/settings';
import { initAdvice } from '../core/initAdvice';
import { describeSubspaceAngle, type TensorReport } from '../core/tensorArm';
import type { CliOptions } from './args';
import { convexityLine, convexityReport } from './convexityReport';

export interface CliReport {
  ok: boolean;
  text: string;
  json: Record<string, unknown>;
  /** What reading the input changed, for stderr (the JSON on stdout stays the document alone). */
  notes?: string[];
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toExponential(3) : String(x));

function summary(h: ArmHistory): string {
  const last = h.error.length - 1;
  const rate = linearRate(h.error.map((_, t) => t), h.error);
  return [
    h.name.padEnd(13),
    `init error ${fmt(h.initError)} (max unit ${fmt(h.maxUnitError[0] ?? NaN)})`,
    `final error ${fmt(h.error[last])} (max unit ${fmt(h.maxUnitError[last] ?? NaN)})`,
    `loss ${fmt(h.loss[last])}`,
    `test loss ${fmt(h.testLoss[last])}`,
    `rate ${rate === null ? '–' : rate.toFixed(5)}/step`,
    h.stopped ? `STOPPED: ${h.stopped}` : '',
  ].join('  ');
}

/** The init panel's advice (worse or hardly better than random, too few samples), as the app words it. */
function tensorAdvice(t: TensorReport, histories: { name: string; initError: number }[]): string[] {
  const error = (name: string) => histories.find((h) => h.name === name)?.initError ?? NaN;
  return initAdvice({ ...t.at, needed: t.samplesNeeded, tensorError: error('tensor'), randomError: error('random') }).map((line) => `  ${line}`);
}

function tensorLine(t: TensorReport): string {
  const angle = t.subspaceAngle === null ? '' : `subspace angle ${describeSubspaceAngle(t)}, `;
  const signs = t.signsRecovered ? `output signs ${t.signsCorrect ? 'right' : 'WRONG'}` : 'output weights known';
  return `tensor init: ${angle}${signs}, ${t.seconds.total.toFixed(3)} s`;
}

function bandLine(b: ArmBandHistory): string {
  const last = b.success.length - 1;
  const seeds = b.seeds.length;
  return `${b.name.padEnd(13)}  ${seeds} seeds: final error median ${fmt(b.error.median[last])} (10–90%: ${fmt(b.error.lo[last])} – ${fmt(b.error.hi[last])}), recovered ${Math.round(b.success[last] * seeds)}/${seeds}`;
}

function float32Line(f: Float32Floor | null): string {
  if (!f) return '';
  return `float32 floor: ${f.reached ? '' : '≤ '}${fmt(f.error)} at η=${f.lr} (where float32 gradient descent stalls; the curves cannot go lower)`;
}

export async function runCli(options: CliOptions, backend: string): Promise<CliReport> {
  const { settings } = options;
  const started = performance.now();
  const tooMany = bandProblem(settings);
  if (tooMany) throw new Error(tooMany);
  const built = await prepareRun(settings);
  const float32Floor = await measureFloat32Floor(settings, built.teacher, built.train);
  // With --trials R > 1 the seeds s … s+R−1 train as a band (bands.ts); the arms' histories stay seed s's.
  const band = await Band.build(settings, built);
  const seeds = Array.from({ length: settings.trials }, (_, t) => trialSeed(settings, t));
  const { histories, bands } = band ? await recordBand(built, band, settings.iters, seeds) : { histories: await recordRun(built.experiment, settings.iters), bands: null };
  const convexity = options.probe.includes('convexity')
    ? await convexityReport(settings, built.experiment, Object.fromEntries(histories.map((h) => [h.name, h.initError])), {
      init: histories.map((h) => ({ name: h.name, W: h.initW, v: h.initV })),
      end: histories.map((h) => ({ name: h.name, W: h.W, v: h.v })),
    })
    : null;
  const iterations = built.experiment.iteration;
  built.experiment.dispose();
  const seconds = (performance.now() - started) / 1000;
  const json: RunFile = {
    ...runFileHeader('cli'),
    url: `?${encodeSettings(settings)}`,
    settings,
    backend,
    precision: tf.backend().floatPrecision() === 16 ? 16 : 32,
    seeds,
    messages: built.messages,
    seconds,
    iterations,
    tensorInit: built.tensor && {
      subspaceAngle: built.tensor.subspaceAngle,
      signsCorrect: built.tensor.signsCorrect,
      signsRecovered: built.tensor.signsRecovered,
      seconds: built.tensor.seconds,
    },
    teacher: { W: Array.from(built.teacher.W), v: Array.from(built.teacher.v) },
    arms: histories.map((h) => ({
      name: h.name,
      initError: h.initError,
      initMaxUnitError: h.maxUnitError[0],
      error: finiteOrNull(h.error),
      maxUnitError: finiteOrNull(h.maxUnitError),
      loss: finiteOrNull(h.loss),
      testLoss: finiteOrNull(h.testLoss),
      W: h.W,
      v: h.v,
      stopped: h.stopped,
    })),
    float32Floor,
    ...(bands && { trials: { seeds, bands } }),
    ...(convexity && { convexity }),
  };
  const text = [
    `Recovery Lab — ${settings.act}, d=${settings.d}, k=${settings.k}, n=${settings.n}, η=${settings.lr}, ${settings.iters === 0 ? 'initialization only' : `${settings.iters} iterations`}, seed ${settings.seed}, backend ${backend}`,
    ...built.messages,
    ...(built.tensor ? [tensorLine(built.tensor), ...tensorAdvice(built.tensor, histories)] : []),
    ...histories.map(summary),
    ...(bands ? bands.map((b) => bandLine(b)) : []),
    float32Line(float32Floor),
    ...(convexity ? [convexityLine(convexity)] : []),
    `${seconds.toFixed(2)} s`,
    '',
  ].join('\n');
  return { ok: true, text, json };
}
