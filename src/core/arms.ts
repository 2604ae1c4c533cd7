// The initializations trained side by side on the same teacher and samples (SPEC §1, Zhong et al.'s three
// arms): tensor method, random W with the true v, random W with random output signs trained together.
import { blockDiagonal } from './cnn';
import type { Teacher } from './teacher';
import { Rng } from './rng';

export type ArmName = 'tensor' | 'random' | 'random-signs' | 'tensor-squared' | 'random-squared';

export const ARM_LABELS: Record<ArmName, string> = {
  tensor: 'tensor init',
  random: 'random W, true v',
  'random-signs': 'random W, random signs of v',
  'tensor-squared': 'tensor init, squared loss',
  'random-squared': 'random W, squared loss',
};

/** The twin of an arm that trains on the squared loss, for the loss comparison. */
export function squaredTwin(arm: ArmInit): ArmInit | null {
  if (arm.name === 'tensor') return { ...arm, name: 'tensor-squared' };
  if (arm.name === 'random') return { ...arm, name: 'random-squared' };
  return null;
}

export interface ArmInit {
  name: ArmName;
  /** Initial W, d×k row-major. */
  W: Float64Array;
  /** Initial output weights. */
  v: Float64Array;
  /** Output signs trained with W: v ← sign(v − η∇_v f) each step (Zhong et al.'s third arm). */
  trainV: boolean;
}

/** i.i.d. Gaussian W whose entries have `scale` times the RMS of W*'s entries. */
export function randomWeights(teacher: Teacher, scale: number, seed: number, stream: string): Float64Array {
  const { d, k, W } = teacher;
  let sumSq = 0;
  for (const w of W) sumSq += w * w;
  const rms = Math.sqrt(sumSq / (d * k));
  return new Rng(seed, stream).normals64(d * k).map((x) => x * scale * rms);
}

/** The two random arms. "random-signs" only where the signs of v are unknown (v* = ±1 regression). */
export function randomArms(teacher: Teacher, opts: { scale: number; seed: number; signsUnknown: boolean }): ArmInit[] {
  const arms: ArmInit[] = [
    { name: 'random', W: randomWeights(teacher, opts.scale, opts.seed, 'init:random'), v: teacher.v.slice(), trainV: false },
  ];
  if (opts.signsUnknown) {
    const signs = new Rng(opts.seed, 'init:random-signs:v');
    arms.push({
      name: 'random-signs',
      W: randomWeights(teacher, opts.scale, opts.seed, 'init:random-signs'),
      v: teacher.v.map(() => signs.sign()),
      trainV: true,
    });
  }
  return arms;
}

/** The CNN's random arm: one Gaussian filter of expected norm `scale`·‖w*‖ (w* has norm 1). */
export function randomFilterArm(teacher: Teacher, scale: number, seed: number): ArmInit {
  const m = teacher.d / teacher.k;
  const filter = new Rng(seed, 'init:random:cnn').normals64(m).map((x) => (x * scale) / Math.sqrt(m));
  return { name: 'random', W: blockDiagonal(filter, teacher.k), v: teacher.v.slice(), trainV: false };
}
