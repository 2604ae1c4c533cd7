// A run file: one JSON document holding everything a run showed and what it was made from — settings, link,
// app version, backend and float precision, seeds, every curve per arm, final W and v, and W*. The app's
// "Download run" and the CLI's `--json` write the same schema; "Open run" and tests read it back.
import { z } from 'zod';
import { ARM_LABELS, type ArmName } from './arms';
import { readDocument, writer, writerSchema, type ReadResult, type Writer } from './jsonDocument';
import { parseSettings, SETTINGS, type Settings } from './settings';

export const RUN_FILE_KIND = 'recovery-lab/run';
export const RUN_FILE_VERSION = 1;

/** Per arm and per band: the curves a run records (the error plot, the loss plot). */
export const CURVES = ['error', 'maxUnitError', 'loss', 'testLoss'] as const;
export type CurveName = (typeof CURVES)[number];

/** Iteration budget 10⁶ plus the initialization. */
const MAX_POINTS = SETTINGS.iters.max + 1;
const MAX_ARMS = 16;
/** d·k at most 200·20. */
const MAX_WEIGHTS = 4000;

const str = (max = 2000) => z.string().max(max);
/** Curve values: JSON has no NaN or ∞, so a non-finite value is written (and read) as null. */
const values = z.array(z.number().nullable()).max(MAX_POINTS);
const iterations = z.array(z.number().int().min(0)).max(MAX_POINTS);
const weights = z.array(z.number()).max(MAX_WEIGHTS);
const armNames = Object.keys(ARM_LABELS) as [ArmName, ...ArmName[]];

const armSchema = z.object({
  name: z.enum(armNames),
  /** ‖W₀ − W*‖_F/‖W*‖_F and max_j ‖w_j − w*_j‖/‖w*_j‖ at the initialization (after matching). */
  initError: z.number(),
  initMaxUnitError: z.number().optional(),
  error: values,
  maxUnitError: values.optional(),
  loss: values,
  testLoss: values,
  /** The iteration of each point of a curve; absent: point t is iteration t (the CLI records every step). */
  at: z.partialRecord(z.enum(CURVES), iterations).optional(),
  /** Final W (d×k row-major) and v. */
  W: weights,
  v: weights,
  stopped: str().nullable(),
}).refine((arm) => CURVES.every((c) => !arm.at?.[c] || arm.at[c].length === (arm[c]?.length ?? 0)), {
  message: 'a curve and its iterations differ in length',
});

const spreadSchema = z.object({ median: values, lo: values, hi: values });

/**
 * R seeds of every arm (trials=R): per arm, the median and 10–90% band of its curves over the seeds and the
 * fraction recovered, point by point (`at`: their iterations; absent, point t is iteration t).
 */
const trialsSchema = z.object({
  seeds: z.array(z.number().int()).max(10_000),
  bands: z.array(z.object({
    name: z.enum(armNames),
    error: spreadSchema,
    loss: spreadSchema.optional(),
    testLoss: spreadSchema.optional(),
    success: values,
    at: iterations.optional(),
    /** Each seed's errors at the end (null: that seed has no such arm). */
    finalError: values.max(10_000).optional(),
    finalMaxUnitError: values.max(10_000).optional(),
  }).loose()).max(MAX_ARMS),
}).loose();

const settingsSchema = z.record(str(40), z.union([str(200), z.number()]))
  .refine((s) => Object.keys(s).length <= 200, { message: 'too many settings' });

const convexitySchema = z.object({
  lambdaMinAtStar: z.number(),
  lambdaMaxAtStar: z.number(),
  lambdaMinAtInit: z.record(str(40), z.number().nullable()).optional(),
  lambdaMinAtEnd: z.record(str(40), z.number().nullable()).optional(),
});

export const runFileSchema = z.object({
  kind: z.literal(RUN_FILE_KIND),
  version: z.literal(RUN_FILE_VERSION),
  app: writerSchema,
  /** ISO time the app saved it (the CLI leaves it out: the same command prints the same document). */
  createdAt: str(100).optional(),
  /** The app's link to this experiment (the CLI: its query string). */
  url: str(10_000),
  settings: settingsSchema,
  backend: str(100),
  /** Bits of the backend's floats. */
  precision: z.union([z.literal(16), z.literal(32), z.literal(64)]),
  seeds: z.array(z.number().int()).min(1).max(10_000),
  messages: z.array(str()).max(100),
  /** Wall-clock seconds of the whole run (the CLI; the app leaves it out: a live run pauses and resumes). */
  seconds: z.number().optional(),
  /** The iteration the run reached. */
  iterations: z.number().int().min(0),
  tensorInit: z.object({
    subspaceAngle: z.number().nullable(),
    signsCorrect: z.boolean(),
    signsRecovered: z.boolean(),
    seconds: z.record(str(40), z.number()),
  }).loose().nullable(),
  /** W* (d×k row-major) and v*. */
  teacher: z.object({ W: weights, v: weights }),
  arms: z.array(armSchema).min(1).max(MAX_ARMS),
  trials: trialsSchema.optional(),
  convexity: convexitySchema.optional(),
}).loose();

export type RunFile = z.infer<typeof runFileSchema>;

/** The fields that say what a document is and who wrote it. */
export const runFileHeader = (who: Writer['writer']) => ({ kind: RUN_FILE_KIND, version: RUN_FILE_VERSION, app: writer(who) } as const);
export type RunFileArm = z.infer<typeof armSchema>;

/** What "Open run" gets: the document, and its settings read through the settings table. */
export interface OpenedRun {
  file: RunFile;
  settings: Settings;
}

/**
 * A run file's text into a run, or a message. Its settings go through the app's settings table: an unknown key
 * is ignored and a value out of range is clamped, each with a note; `iters` 0 (the CLI's "initialization only")
 * is kept.
 */
export function readRunFile(text: string): ReadResult<OpenedRun> {
  const read = readDocument(text, RUN_FILE_KIND, RUN_FILE_VERSION, runFileSchema);
  if (!read.ok) return read;
  const raw = read.value.settings;
  const { settings, problems } = parseSettings(Object.entries(raw).map(([key, value]) => [key, String(value)]));
  const initOnly = raw.iters === 0;
  if (initOnly) settings.iters = 0;
  const notes = [...read.notes, ...problems.filter((p) => !(initOnly && p.key === 'iters')).map((p) => p.message)];
  const { d, k } = settings;
  const sized = (w: number[], n: number) => w.length === n;
  if (!sized(read.value.teacher.W, d * k) || read.value.arms.some((arm) => !sized(arm.W, d * k) && arm.W.length > 0)) {
    return { ok: false, message: `This run file's weights do not have d·k = ${d}·${k} entries: it is damaged.` };
  }
  return { ok: true, value: { file: read.value, settings }, notes };
}

/** One curve of an arm as plot points (iteration, value), non-finite values left out as the live plots do. */
export function armCurve(arm: RunFileArm, curve: CurveName): { x: number[]; y: number[] } {
  const ys = arm[curve] ?? [];
  const xs = arm.at?.[curve];
  const x: number[] = [];
  const y: number[] = [];
  ys.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) return;
    x.push(xs ? xs[i] : i);
    y.push(value);
  });
  return { x, y };
}

/** Non-finite numbers as null, the way the schema keeps them (JSON.stringify would too, silently). */
export const finiteOrNull = (xs: ArrayLike<number>): (number | null)[] => Array.from(xs, (x) => (Number.isFinite(x) ? x : null));

/** Every curve of every arm as CSV, one row per point: arm, curve, iteration, value (and the bands' rows). */
export function runFileCsv(file: RunFile): string {
  const rows = ['arm,curve,iteration,value'];
  for (const arm of file.arms) {
    for (const curve of CURVES) {
      const { x, y } = armCurve(arm, curve);
      x.forEach((it, i) => rows.push(`${arm.name},${curve},${it},${y[i]}`));
    }
  }
  for (const band of file.trials?.bands ?? []) {
    for (const curve of ['error', 'loss', 'testLoss'] as const) {
      const spread = band[curve];
      if (!spread) continue;
      for (const part of ['median', 'lo', 'hi'] as const) {
        spread[part].forEach((value, i) => {
          if (value !== null) rows.push(`${band.name},${curve}:${part},${band.at?.[i] ?? i},${value}`);
        });
      }
    }
  }
  return `${rows.join('\n')}\n`;
}
