// Local strong convexity (SPEC §4): λ_min and λ_max of the Hessian in W, the linear rate they predict for
// gradient descent, and how far from W* the Hessian stays positive definite — the region a learner explores.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { direct, piece, type Gate } from './gate';
import { hessianAssembler, hessianOperator, type HessianArgs } from './hessian';
import { lanczos } from './lanczos';
import { Rng } from './rng';

export type EigenMethod = 'exact' | 'lanczos' | 'auto';

/** Up to this d·k, 'auto' decomposes the whole Hessian (≈ 0.4 s for 300×300 in ml-matrix); beyond it, Lanczos. */
export const EXACT_MAX_DIM = 300;

export interface Extremes {
  lambdaMin: number;
  lambdaMax: number;
  method: 'exact' | 'lanczos';
}

export type ProbeArgs = Omit<HessianArgs, 'W'> & { method?: EigenMethod; seed?: number };

/** λ_min and λ_max at many points W for the same data; `dispose` frees what the exact path caches. */
export interface EigenProbe {
  at(W: Float64Array): Promise<Extremes>;
  dispose(): void;
}

/**
 * 'exact' assembles the whole Hessian (reusing the per-sample moments across points) and decomposes it;
 * 'lanczos' runs Lanczos on Hessian-vector products (≤ 100 of them) and never forms the dk×dk matrix.
 */
export function eigenProbe(args: ProbeArgs): EigenProbe {
  const dim = args.X.shape[1] * args.v.length;
  const method = args.method ?? 'auto';
  if (method === 'exact' || (method === 'auto' && dim <= EXACT_MAX_DIM)) {
    const assembler = hessianAssembler(args);
    return {
      async at(W: Float64Array): Promise<Extremes> {
        const H = Matrix.from1DArray(dim, dim, await assembler.at(W));
        const values = new EigenvalueDecomposition(H, { assumeSymmetric: true }).realEigenvalues;
        return { lambdaMin: Math.min(...values), lambdaMax: Math.max(...values), method: 'exact' };
      },
      dispose: () => assembler.dispose(),
    };
  }
  return {
    async at(W: Float64Array): Promise<Extremes> {
      const op = hessianOperator({ ...args, W });
      try {
        const { lambdaMin, lambdaMax } = await lanczos((u) => op.apply(u), dim, { seed: args.seed });
        return { lambdaMin, lambdaMax, method: 'lanczos' };
      } finally {
        op.dispose();
      }
    },
    dispose: () => {},
  };
}

/** The extreme eigenvalues of ∇²f(W) (v fixed) at one point; 'auto' is exact up to d·k = EXACT_MAX_DIM. */
export async function extremeEigenvalues(args: HessianArgs & { method?: EigenMethod; seed?: number }): Promise<Extremes> {
  const probe = eigenProbe(args);
  try {
    return await probe.at(args.W);
  } finally {
    probe.dispose();
  }
}

export interface PredictedRate {
  /** Per-step contraction of ‖W − W*‖ predicted by the quadratic model at W*: 1 − η·λ_min. */
  rate: number;
  /**
   * Whether the formula applies: it needs η ≤ 1/λ_max, so that every mode contracts monotonically and the
   * slowest (λ_min) one sets the rate. Above 2/(λ_min + λ_max) the fastest mode sets it instead (|1 − ηλ_max|),
   * above 2/λ_max GD diverges. A rate ≥ 1 (λ_min ≤ 0) means the Hessian predicts no linear convergence.
   */
  valid: boolean;
}

export function predictedRate(lambdaMin: number, lambdaMax: number, lr: number): PredictedRate {
  return { rate: 1 - lr * lambdaMin, valid: lambdaMax > 0 && lr <= 1 / lambdaMax };
}

export interface RadiusArgs extends Omit<HessianArgs, 'W'> {
  /** The teacher's weights, d×k row-major. */
  Wstar: Float64Array;
  /** Number of random unit directions Δ (‖Δ‖_F = 1). */
  directions: number;
  /** Radii r, relative to ‖W*‖_F: the probe visits W* + r·‖W*‖_F·Δ. Sorted ascending here. */
  radii: number[];
  seed: number;
  method?: EigenMethod;
}

export interface RadiusProbe {
  /** One curve per direction: [r, λ_min(∇²f(W* + r‖W*‖_F Δ))] over the radii. */
  curves: [number, number][][];
  /**
   * Per direction, where λ_min first reaches ≤ 0: linearly interpolated between the last radius with
   * λ_min > 0 and the first without; null if it stays positive over all radii probed.
   */
  crossings: (number | null)[];
  /** The smallest of those: the strong convexity radius seen by this probe (null: beyond the largest radius). */
  radius: number | null;
  /** The median over directions (null when more than half never turn). */
  medianRadius: number | null;
  lambdaMinAtStar: number;
}

/** Where along a curve λ_min first reaches ≤ 0, by linear interpolation; null if it never does. */
function firstCrossing(curve: [number, number][]): number | null {
  for (let i = 0; i < curve.length; i++) {
    const [r, lam] = curve[i];
    if (lam > 0) continue;
    if (i === 0) return r;
    const [r0, lam0] = curve[i - 1];
    return r0 + ((r - r0) * lam0) / (lam0 - lam);
  }
  return null;
}

function median(xs: (number | null)[]): number | null {
  const sorted = xs.map((x) => x ?? Infinity).sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const m = sorted.length % 2 ? sorted[Math.floor(mid)] : 0.5 * (sorted[mid - 1] + sorted[mid]);
  return Number.isFinite(m) ? m : null;
}

/**
 * λ_min of the Hessian along random rays from W*, and the radius where positive definiteness is first lost.
 * For relu and leaky relu φ″ = 0, so the Hessian is a Gram matrix PᵀP/n and never indefinite: λ_min only
 * approaches 0 (units dying or aligning), where float32 rounding can land it a hair either side of 0; expect
 * no finite radius, or one that marks a dead unit rather than lost curvature.
 */
export async function radiusProbe(args: RadiusArgs, gate: Gate = direct): Promise<RadiusProbe> {
  const { Wstar, directions, seed } = args;
  const d = args.X.shape[1];
  const k = args.v.length;
  const radii = [...args.radii].sort((a, b) => a - b);
  const scale = Math.hypot(...Wstar);
  // Each evaluation is one piece (tens of ms), not the whole ray (up to a second): see gate.ts.
  const probe = await piece(gate, async () => eigenProbe(args));
  const curves: [number, number][][] = [];
  let lambdaMinAtStar: number;
  try {
    const at = async (W: Float64Array) => (await piece(gate, () => probe.at(W))).lambdaMin;
    lambdaMinAtStar = await at(Wstar);
    const rng = new Rng(seed, `radius:${d}:${k}`);
    for (let dir = 0; dir < directions; dir++) {
      const delta = rng.unitVector(d * k);
      const curve: [number, number][] = [];
      for (const r of radii) curve.push([r, r === 0 ? lambdaMinAtStar : await at(Wstar.map((w, p) => w + r * scale * delta[p]))]);
      curves.push(curve);
    }
  } finally {
    probe.dispose();
  }
  const crossings = curves.map(firstCrossing);
  const finite = crossings.filter((r): r is number => r !== null);
  return {
    curves,
    crossings,
    radius: finite.length ? Math.min(...finite) : null,
    medianRadius: median(crossings),
    lambdaMinAtStar,
  };
}
