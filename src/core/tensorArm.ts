// The tensor arm: runs the tensor-method initialization on the device samples (never the teacher), then, for
// the app and the CLI only, compares what it found with the teacher: the subspace angle, the output signs.
import * as tf from '@tensorflow/tfjs-core';
import type { ArmInit } from './arms';
import type { StageListener } from './buildStages';
import { blockDiagonal } from './cnn';
import { cnnInit } from './cnnInit';
import { samplesNeeded } from './initAdvice';
import type { DeviceSamples } from './experiment';
import { matchedOutputs, matchUnits } from './matching';
import { subspaceAngle } from './subspace';
import type { Teacher } from './teacher';
import { tensorInit, TensorInitError, type TensorInitResult } from './tensorInit';
import type { Settings } from './settings';

export interface TensorReport {
  /** Largest principal angle between span(V) and span(W*), radians (null for the CNN: no subspace step). */
  subspaceAngle: number | null;
  /** The recovered output weights equal v* after matching (true where v* was known to the algorithm). */
  signsCorrect: boolean;
  /** Whether the output signs were recovered (±1 teacher) or given (all ones, 1/k). */
  signsRecovered: boolean;
  /** Recovered output weights, in the teacher's unit order. */
  matchedV: number[];
  seconds: TensorInitResult['diagnostics']['seconds'];
  /** The fully connected method's intermediate results (null for the CNN's one-moment method). */
  diagnostics: TensorInitResult['diagnostics'] | null;
  /** The n the method needs at these settings, from a measured table (null where none was measured). */
  samplesNeeded: number | null;
  /** The settings it ran at, for the advice the panel words. */
  at: Pick<Settings, 'task' | 'act' | 'd' | 'k' | 'n'>;
}

const reportAt = ({ task, act, d, k, n }: Settings) => ({ task, act, d, k, n });

export interface TensorArmResult {
  arm: ArmInit | null;
  report: TensorReport | null;
  /** Why there is no tensor arm (a clear message from the algorithm), or its warnings. */
  messages: string[];
}

/** Output weights the problem fixes (all ones, all 1/k), or null when their signs must be recovered. */
export function knownOutputs(s: Settings, teacher: Teacher): Float64Array | null {
  if (s.task === 'classification' || s.vstar === 'ones') return teacher.v.slice();
  return null;
}

/** The CNN's arm: one filter from the mean of the per-patch first moments (SPEC §3.7). */
async function cnnArm(s: Settings, teacher: Teacher, X: tf.Tensor2D, y: tf.Tensor1D): Promise<TensorArmResult> {
  const { w, seconds } = await cnnInit(X, y, s.k, s.act, s.slope);
  return {
    arm: { name: 'tensor', W: blockDiagonal(w, s.k), v: teacher.v.slice(), trainV: false },
    report: {
      subspaceAngle: null,
      signsCorrect: true,
      signsRecovered: false,
      matchedV: Array.from(teacher.v),
      seconds: { moments: seconds, eigen: 0, decomposition: 0, magnitudes: 0, total: seconds },
      diagnostics: null,
      samplesNeeded: samplesNeeded(s),
      at: reportAt(s),
    },
    messages: [],
  };
}

export async function tensorArm(
  s: Settings, teacher: Teacher, device: DeviceSamples, allowFlip: boolean, onStage?: StageListener,
): Promise<TensorArmResult> {
  const y = tf.reshape(device.y, [-1]) as tf.Tensor1D;
  try {
    onStage?.('moments');
    if (s.model === 'cnn') return await cnnArm(s, teacher, device.X, y);
    const knownV = knownOutputs(s, teacher);
    const result = await tensorInit({
      X: device.X, y, act: s.act, slope: s.slope, k: s.k, split: s.split === '1', knownV, seed: s.seed, onStage,
    });
    const { d, k } = teacher;
    const match = matchUnits(result.W, teacher.W, d, k, allowFlip);
    const matchedV = matchedOutputs(result.v, match);
    const report: TensorReport = {
      subspaceAngle: subspaceAngle(result.diagnostics.V, teacher.W, d, k),
      signsCorrect: matchedV.every((vi, j) => Math.sign(vi) === Math.sign(teacher.v[j])),
      signsRecovered: knownV === null,
      matchedV,
      seconds: result.diagnostics.seconds,
      diagnostics: result.diagnostics,
      samplesNeeded: samplesNeeded(s),
      at: reportAt(s),
    };
    return {
      arm: { name: 'tensor', W: result.W, v: result.v, trainV: false },
      report,
      messages: result.diagnostics.warnings.map((w) => `Tensor initialization: ${w}`),
    };
  } catch (err) {
    if (err instanceof TensorInitError) return { arm: null, report: null, messages: [`No tensor arm: ${err.message}`] };
    throw err;
  } finally {
    y.dispose();
  }
}

/** The subspace angle in degrees, in words; at k = d every k-subspace is all of ℝᵈ, so it is 0 and says nothing. */
export function describeSubspaceAngle(report: Pick<TensorReport, 'subspaceAngle' | 'at'>): string {
  if (report.subspaceAngle === null) return '–';
  const degrees = `${((report.subspaceAngle * 180) / Math.PI).toFixed(2)}°`;
  return report.at && report.at.k === report.at.d ? `${degrees} (k = d: every subspace is all of ℝᵈ)` : degrees;
}
