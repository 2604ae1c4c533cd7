// The Hessian of the student's training loss in W, with the output weights v held fixed (SPEC §4), computed on
// the active tfjs backend from a few large matrix products, never from per-sample loops.
//
// Both losses are f(W) = 1/n Σ_s ℓ(H_s) of one output H_s = Σ_j v_j φ(w_jᵀx_s). Since ∂H/∂w_j = v_j φ′_sj x_s and
// ∂²H/∂w_j∂w_l = δ_jl v_j φ″_sj x_s x_sᵀ (φ′_sj = φ′(w_jᵀx_s)),
//   ∇²_{w_j w_l} f = 1/n Σ_s [ℓ″(H_s) g_sj g_sl + δ_jl ℓ′(H_s) v_j φ″_sj] x_s x_sᵀ,   g_sj = v_j φ′_sj,
// squared loss ℓ = ½(H − y)²: ℓ′ = H − y (the residual r_s), ℓ″ = 1, which is SPEC §4's formula;
// cross-entropy ℓ = −y log H − (1 − y) log(1 − H): ℓ′ = (H − y)/(H(1 − H)), ℓ″ = y/H² + (1 − y)/(1 − H)².
// H is clipped to [PROB_EPS, 1 − PROB_EPS] as in the loss itself, only to keep ℓ′, ℓ″ finite: for a sigmoid
// student with v = 1/k the clip acts only where every pre-activation is beyond ±13.8, far from any W* we probe.
//
// Index order is unit-major: coordinate i of unit j sits at j·d + i, so block (j, l) of the dk×dk matrix is the
// d×d coupling of units j and l, and block-diagonal terms are contiguous. W itself travels in the teacher's
// layout (d×k row-major, column j = unit j); `toUnitMajor`/`fromUnitMajor` convert.
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './activations';
import { PROB_EPS, type LossName } from './student';

export interface HessianArgs {
  /** Samples [n, d] and labels [n, 1] on the backend, as the student uses them; owned by the caller. */
  X: tf.Tensor2D;
  y: tf.Tensor2D;
  /** The point, d×k row-major (column j = unit j), the teacher's layout. */
  W: Float64Array;
  /** Output weights, length k, held fixed. */
  v: ArrayLike<number>;
  act: Activation;
  loss: LossName;
}

/** A d×k row-major matrix as one unit-major vector: entry (i, j) goes to j·d + i. */
export function toUnitMajor(W: ArrayLike<number>, d: number, k: number): Float64Array {
  const out = new Float64Array(d * k);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) out[j * d + i] = W[i * k + j];
  return out;
}

/** The inverse of `toUnitMajor`: a unit-major vector back to a d×k row-major matrix. */
export function fromUnitMajor(u: ArrayLike<number>, d: number, k: number): Float64Array {
  const out = new Float64Array(d * k);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) out[i * k + j] = u[j * d + i];
  return out;
}

// Per-sample arrays live with samples along the columns ([k, n], [1, n]): every broadcast then runs along the
// long contiguous axis, which WASM does several times faster than [n, k] ⊙ [1, k], and the products need no
// transposeA (WASM's matMul with transposeA runs about ten times slower than a plain product).

/**
 * Per-unit, per-sample curvature weights: gT = v_j φ′_sj and eT = ℓ′(H_s) v_j φ″_sj, shape [k, n];
 * aT = ℓ″(H_s), shape [1, n] (absent for squared loss, where it is 1). All the Hessian needs besides X.
 */
type Curvature = {
  gT: tf.Tensor2D;
  eT: tf.Tensor2D;
  aT?: tf.Tensor2D;
};

/** XT is Xᵀ ([d, n]), kept by the caller so that repeated calls do not transpose X again. */
function curvature({ y, W, v, act, loss }: Omit<HessianArgs, 'X'>, XT: tf.Tensor2D): Curvature {
  return tf.tidy((): Curvature => {
    const [d, n] = XT.shape;
    const k = v.length;
    const vCol = tf.tensor2d(Float32Array.from(v), [k, 1]);
    // Wᵀ is W in unit-major order.
    const ZT = tf.matMul(tf.tensor2d(Float32Array.from(toUnitMajor(W, d, k)), [k, d]), XT);
    const out = tf.matMul(tf.reshape(vCol, [1, k]), act.f(ZT));
    const yT = tf.reshape(y, [1, n]);
    const gT = tf.mul(act.df(ZT), vCol) as tf.Tensor2D;
    const vPhi2 = tf.mul(act.d2f(ZT), vCol);
    if (loss === 'squared') return { gT, eT: tf.mul(vPhi2, tf.sub(out, yT)) as tf.Tensor2D };
    const H = tf.clipByValue(out, PROB_EPS, 1 - PROB_EPS);
    const notH = tf.sub(1, H);
    const dl = tf.div(tf.sub(H, yT), tf.mul(H, notH));
    const d2l = tf.add(tf.div(yT, tf.square(H)), tf.div(tf.sub(1, yT), tf.square(notH))) as tf.Tensor2D;
    return { gT, eT: tf.mul(vPhi2, dl) as tf.Tensor2D, aT: d2l };
  });
}

const disposeCurvature = (c: Curvature) => tf.dispose([c.gT, c.eT, ...(c.aT ? [c.aT] : [])]);

/** Index of the pair (p, q), p ≤ q, in the row-major order of an r×r upper triangle. */
const pairIndex = (p: number, q: number, r: number) => (p * (2 * r - p + 1)) / 2 + (q - p);

/**
 * The upper triangles of x_s x_sᵀ for the columns of XT ([d, s]), as [s, d(d+1)/2] in `pairIndex` order:
 * row i of XT times rows i…d−1, one broadcast along the samples per i.
 */
function outerMoments(XT: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [d, s] = XT.shape;
    const rows: tf.Tensor2D[] = [];
    for (let i = 0; i < d; i++) rows.push(tf.mul(tf.slice(XT, [i, 0], [1, s]), tf.slice(XT, [i, 0], [d - i, s])));
    return tf.transpose(tf.concat(rows, 0));
  });
}

export interface AssemblerLimits {
  /** Samples per block: bounds the [rows, d(d+1)/2] and [k² + k, rows] matrices (memory, textures, watchdog). */
  blockEntries: number;
  /** The moments Xo are kept across points up to this many entries (64 MB in float32), rebuilt per point beyond. */
  cacheEntries: number;
}

const LIMITS: AssemblerLimits = { blockEntries: 1 << 22, cacheEntries: 1 << 24 };

/** Assembles ∇²f at many points W for the same data, labels and v; `dispose` frees what it caches. */
export interface HessianAssembler {
  at(W: Float64Array): Promise<Float64Array>;
  dispose(): void;
}

/**
 * Every block is a weighted sum of the same per-sample matrices x_s x_sᵀ:
 *   ∇²_{w_j w_l} f = 1/n Σ_s c_jl(s) x_s x_sᵀ,   c_jl = ℓ″ g_j g_l + δ_jl e_j,
 * so one product C · Xo gives all of it, with C the [k² + k, n] coefficients (rows j·k + l hold ℓ″ g_j g_l, the
 * last k rows e_j) and Xo the [n, d(d+1)/2] upper triangles of x_s x_sᵀ: n·(k² + k)·d(d+1)/2 multiply-adds, about
 * half of forming PᵀP from the n×dk matrix of weighted features, and no [n, dk] intermediate. Xo depends on X
 * alone, so it is built once and kept (up to `cacheEntries`); a probe visiting many W then pays only for C and
 * one product per point.
 */
export function hessianAssembler(args: Omit<HessianArgs, 'W'>, limits: Partial<AssemblerLimits> = {}): HessianAssembler {
  const { blockEntries, cacheEntries } = { ...LIMITS, ...limits };
  const [n, d] = args.X.shape;
  const k = args.v.length;
  const d2 = (d * (d + 1)) / 2;
  const rows = Math.max(1, Math.floor(blockEntries / Math.max(d2, k * k + k)));
  const XT = tf.transpose(args.X) as tf.Tensor2D;
  const starts = Array.from({ length: Math.ceil(n / rows) }, (_, b) => b * rows);
  const columns = (t: tf.Tensor2D, start: number) =>
    starts.length === 1 ? t : tf.slice(t, [0, start], [t.shape[0], Math.min(rows, n - start)]);
  const cached = n * d2 <= cacheEntries ? starts.map((start) => tf.tidy(() => outerMoments(columns(XT, start)))) : null;
  return {
    async at(W: Float64Array): Promise<Float64Array> {
      const c = curvature({ ...args, W }, XT);
      let sum: tf.Tensor2D | null = null;
      try {
        for (const [b, start] of starts.entries()) {
          const next = tf.tidy(() => {
            const gT = columns(c.gT, start);
            const gaT = c.aT ? tf.mul(gT, columns(c.aT, start)) : gT;
            const pairs = tf.reshape(tf.mul(tf.expandDims(gT, 1), tf.expandDims(gaT, 0)), [k * k, gT.shape[1]]);
            const moments = cached ? cached[b] : outerMoments(columns(XT, start));
            const part = tf.matMul(tf.concat([pairs, columns(c.eT, start)], 0), moments) as tf.Tensor2D;
            return sum ? (tf.add(sum, part) as tf.Tensor2D) : part;
          });
          sum?.dispose();
          sum = next;
        }
        return assemble(await sum!.data(), n, d, k);
      } finally {
        disposeCurvature(c);
        sum?.dispose();
      }
    },
    dispose(): void {
      tf.dispose([XT, ...(cached ?? [])]);
    },
  };
}

/** The dk×dk Hessian at one point, row-major, unit-major index order. */
export async function hessian(args: HessianArgs): Promise<Float64Array> {
  const assembler = hessianAssembler(args);
  try {
    return await assembler.at(args.W);
  } finally {
    assembler.dispose();
  }
}

/**
 * Spreads the [k² + k, d(d+1)/2] weighted moments over the dk×dk matrix. Only pairs j ≤ l are read and each
 * value is written to both triangles, so the result is exactly symmetric.
 */
function assemble(S: ArrayLike<number>, n: number, d: number, k: number): Float64Array {
  const dk = d * k;
  const d2 = (d * (d + 1)) / 2;
  const H = new Float64Array(dk * dk);
  for (let j = 0; j < k; j++) {
    for (let l = j; l < k; l++) {
      const row = (j * k + l) * d2;
      const diag = j === l ? (k * k + j) * d2 : -1;
      for (let i = 0; i < d; i++) {
        for (let i2 = i; i2 < d; i2++) {
          const p = pairIndex(i, i2, d);
          const value = (S[row + p] + (diag >= 0 ? S[diag + p] : 0)) / n;
          const a = j * d + i;
          const b = l * d + i2;
          const a2 = j * d + i2;
          const b2 = l * d + i;
          H[a * dk + b] = value;
          H[b * dk + a] = value;
          H[a2 * dk + b2] = value;
          H[b2 * dk + a2] = value;
        }
      }
    }
  }
  return H;
}

/** u ↦ ∇²f·u without forming the dk×dk matrix; holds backend tensors until `dispose`. */
export interface HessianOperator {
  dim: number;
  apply(u: Float64Array): Promise<Float64Array>;
  dispose(): void;
}

/**
 * Hessian-vector products from two n×d×k matrix products each: with Uᵀ the k×d matrix of u (unit-major) and
 * Tᵀ = Uᵀ Xᵀ, (∇²f u)_j = 1/n Σ_s x_s [ℓ″_s g_sj Σ_l g_sl T_sl + e_sj T_sj], i.e. Cᵀ X / n, which is already
 * unit-major. The curvature weights are computed once, so Lanczos pays only the two products per step.
 */
export function hessianOperator(args: HessianArgs): HessianOperator {
  const { X } = args;
  const [n, d] = X.shape;
  const k = args.v.length;
  const XT = tf.transpose(X) as tf.Tensor2D;
  const c = curvature(args, XT);
  return {
    dim: d * k,
    async apply(u: Float64Array): Promise<Float64Array> {
      const out = tf.tidy(() => {
        const TT = tf.matMul(tf.tensor2d(Float32Array.from(u), [k, d]), XT);
        const gT = tf.sum(tf.mul(c.gT, TT), 0, true);
        const CT = tf.add(tf.mul(c.gT, c.aT ? tf.mul(gT, c.aT) : gT), tf.mul(c.eT, TT)) as tf.Tensor2D;
        return tf.div(tf.matMul(CT, X), n);
      });
      const data = await out.data();
      out.dispose();
      return Float64Array.from(data);
    },
    dispose(): void {
      disposeCurvature(c);
      XT.dispose();
    },
  };
}

/** One Hessian-vector product (u and the result unit-major, length dk). */
export async function hvp(args: HessianArgs, u: Float64Array): Promise<Float64Array> {
  const op = hessianOperator(args);
  try {
    return await op.apply(u);
  } finally {
    op.dispose();
  }
}
