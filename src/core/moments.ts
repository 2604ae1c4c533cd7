// Empirical Hermite moments of (X, y) (SPEC §2, §3): M̂_j = 1/n Σ_s y_s H_j(x_s), contracted with V (d×k) and a unit
// α so that no d³ tensor is ever formed. The long sums over samples run as matrix products on the active
// backend (no tf.einsum: WASM lacks it); the small results are assembled in double precision here.
//
// Variance reduction: E[H_j(x)] = 0 and E[x H_j(x)ᵀ] = 0 for j ≥ 2 (Hermite polynomials are orthogonal), so
// replacing y by y − ȳ − xᵀM̂_1 leaves every M_j, j ≥ 2, unchanged in expectation while removing y's order-0
// and order-1 parts from the noise. For sigmoid and tanh those parts are most of y (c_1 ≫ c_3), and without
// this their P̂_2 was mostly noise at n = 200,000 (d = 10, k = 5); relu's and squared relu's errors drop by
// about a third. M̂_1 itself is taken with y − ȳ only.
import * as tf from '@tensorflow/tfjs-core';

/** Rows per block: keeps each reduction short enough for the GPU watchdog and within one texture. */
const ROW_BLOCK = 65536;

interface WeightedMoments {
  /** 1/n Σ w_s */
  m0: number;
  /** 1/n Σ w_s a_s (length c) */
  m1: Float64Array;
  /** 1/n Σ w_s a_s a_sᵀ (c×c), when order ≥ 2 */
  m2: Float64Array;
  /** 1/n Σ w_s a_s^{⊗3} (c³), when order = 3 */
  m3: Float64Array;
}

/**
 * Runs `work` on y − ȳ, with `linear` also − x_sᵀM̂_1 (M̂_1 = Xᵀ(y − ȳ)/n): y without its Hermite order 0
 * (and 1). Disposes what it made.
 */
async function withResidual<T>(X: tf.Tensor2D, y: tf.Tensor1D, linear: boolean, work: (r: tf.Tensor1D) => Promise<T>): Promise<T> {
  const centred = tf.tidy(() => tf.sub(y, tf.mean(y)) as tf.Tensor1D);
  let r = centred;
  try {
    if (linear) {
      const m1 = (await weightedMoments(X, centred, null, null, 0, 1)).m1;
      r = tf.tidy(() => tf.sub(centred, tf.reshape(tf.matMul(X, tf.tensor2d(Float32Array.from(m1), [m1.length, 1])), [-1])) as tf.Tensor1D);
    }
    return await work(r);
  } finally {
    tf.dispose(r === centred ? [centred] : [centred, r]);
  }
}

/**
 * One block's unnormalised sums, flattened as [Σw, Σwa, Σwaaᵀ, Σwa⊗a⊗a]. The products take (Aw)ᵀ as an explicit
 * transpose: tfjs-wasm's matMul with transposeA was 2.5× slower than transpose + matMul at 65536×10.
 */
function blockSums(A: tf.Tensor2D, w: tf.Tensor1D, order: 1 | 2 | 3): tf.Tensor1D {
  const [rows, c] = A.shape;
  const Aw = tf.mul(A, tf.reshape(w, [rows, 1])) as tf.Tensor2D;
  const parts: tf.Tensor[] = [tf.reshape(tf.sum(w), [1]), tf.sum(Aw, 0)];
  if (order === 1) return tf.concat(parts) as tf.Tensor1D;
  const AwT = tf.transpose(Aw);
  parts.push(tf.reshape(tf.matMul(AwT, A), [-1]));
  // The third moment one slice at a time: [Σ w a_r a aᵀ]_r costs c products of n×c, never an n×c² array.
  if (order === 3) {
    const AT = tf.transpose(A);
    for (let r = 0; r < c; r++) parts.push(tf.reshape(tf.matMul(tf.mul(AwT, tf.slice(AT, [r, 0], [1, rows])), A), [-1]));
  }
  return tf.concat(parts) as tf.Tensor1D;
}

/**
 * Weighted moments up to `order` of the rows a_s of X·V (of X itself when V is null), with weights
 * w_s = y_s b_s^power, b_s = αᵀx_s. One read-back.
 */
async function weightedMoments(
  X: tf.Tensor2D, y: tf.Tensor1D, V: Float64Array | null, alpha: Float64Array | null, power: 0 | 1 | 2, order: 1 | 2 | 3,
): Promise<WeightedMoments> {
  if (power > 0 && !alpha) throw new Error('weightedMoments: α is needed for weights y·b^p.');
  const [n, d] = X.shape;
  const c = V ? V.length / d : d;
  const Vt = V ? tf.tensor2d(Float32Array.from(V), [d, c]) : null;
  const alphaT = power > 0 && alpha ? tf.tensor2d(Float32Array.from(alpha), [d, 1]) : null;
  let acc: tf.Tensor1D | null = null;
  for (let start = 0; start < n; start += ROW_BLOCK) {
    const rows = Math.min(ROW_BLOCK, n - start);
    const next: tf.Tensor1D = tf.tidy(() => {
      const Xb = tf.slice(X, [start, 0], [rows, d]) as tf.Tensor2D;
      let w = tf.slice(y, [start], [rows]) as tf.Tensor1D;
      if (alphaT) {
        const b = tf.reshape(tf.matMul(Xb, alphaT), [rows]);
        w = tf.mul(w, power === 1 ? b : tf.square(b));
      }
      const sums = blockSums(Vt ? tf.matMul(Xb, Vt) : Xb, w, order);
      return acc ? tf.add(acc, sums) : sums;
    });
    acc?.dispose();
    acc = next;
  }
  Vt?.dispose();
  alphaT?.dispose();
  if (!acc) throw new Error('weightedMoments: no samples.');
  const flat = Float64Array.from(await acc.data(), (x) => x / n);
  acc.dispose();
  const m2At = 1 + c;
  const m3At = m2At + (order >= 2 ? c * c : 0);
  return {
    m0: flat[0],
    m1: flat.slice(1, m2At),
    m2: flat.slice(m2At, m3At),
    m3: flat.slice(m3At),
  };
}

/** Vᵀα: α's coordinates in the basis V (d×k row-major). */
function project(V: Float64Array, alpha: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < alpha.length; i++) for (let p = 0; p < k; p++) out[p] += V[i * k + p] * alpha[i];
  return out;
}

/** T[p,q,r] += scale · (δ_pq u_r + δ_pr u_q + δ_qr u_p): the x⊗̃I and I⊗̃I terms of the Hermite tensors. */
function addDeltaSym(T: Float64Array, u: Float64Array, k: number, scale: number): void {
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) {
      for (let r = 0; r < k; r++) {
        const value = (p === q ? u[r] : 0) + (p === r ? u[q] : 0) + (q === r ? u[p] : 0);
        T[(p * k + q) * k + r] += scale * value;
      }
    }
  }
}

/**
 * P̂_2 = M̂_{j2}(I, I, α, …), d×d row-major.
 * j2 = 2: Xᵀdiag(y)X/n − ȳ I. j2 = 3: 1/n Σ y_s [b_s x_s x_sᵀ − b_s I − x_s αᵀ − α x_sᵀ].
 */
export async function p2Moment(X: tf.Tensor2D, y: tf.Tensor1D, j2: number, alpha: Float64Array): Promise<Float64Array> {
  return (await p2Moments(X, y, j2, [alpha]))[0];
}

/** P̂_2 for j2 = 3 and each of several α (for j2 = 2, which has no α, the one matrix), sharing the work that does not involve α. */
export function p2Moments(X: tf.Tensor2D, y: tf.Tensor1D, j2: number, alphas: Float64Array[]): Promise<Float64Array[]> {
  const d = X.shape[1];
  return withResidual(X, y, true, async (r) => {
    if (j2 === 2) {
      const S = await weightedMoments(X, r, null, null, 0, 2);
      const P = S.m2.slice();
      for (let i = 0; i < d; i++) P[i * d + i] -= S.m0;
      return [P];
    }
    if (j2 !== 3) throw new Error(`P̂_2 is defined for j2 = 2 or 3, not ${j2}.`);
    const mean = (await weightedMoments(X, r, null, null, 0, 1)).m1;
    const out: Float64Array[] = [];
    for (const alpha of alphas) {
      const Sb = await weightedMoments(X, r, null, alpha, 1, 2);
      const P = Sb.m2.slice();
      for (let i = 0; i < d; i++) {
        P[i * d + i] -= Sb.m0;
        for (let j = 0; j < d; j++) P[i * d + j] -= mean[i] * alpha[j] + alpha[i] * mean[j];
      }
      out.push(P);
    }
    return out;
  });
}

/**
 * R̂_3 = P̂_3(V, V, V), k×k×k flattened as [(p·k + q)·k + r], from a_s = Vᵀx_s (SPEC §3.4).
 * j3 = 3: 1/n Σ y_s [a_s^{⊗3} − a_s⊗̃I]. j3 = 4: M̂_4(V, V, V, α), which needs VᵀV = I.
 */
export async function r3Moment(X: tf.Tensor2D, y: tf.Tensor1D, V: Float64Array, j3: number, alpha?: Float64Array): Promise<Float64Array> {
  if (j3 === 3) return (await r3Moments(X, y, V, 3, []))[0];
  if (j3 !== 4 || !alpha) throw new Error(`R̂_3 is defined for j3 = 3, or 4 with a vector α; got j3 = ${j3}.`);
  return (await r3Moments(X, y, V, 4, [alpha]))[0];
}

/** R̂_3 for j3 = 4 and each of several α (for j3 = 3, which has no α, the one tensor), sharing the work that does not involve α. */
export function r3Moments(X: tf.Tensor2D, y: tf.Tensor1D, V: Float64Array, j3: 3 | 4, alphas: Float64Array[]): Promise<Float64Array[]> {
  const k = V.length / X.shape[1];
  return withResidual(X, y, true, async (r) => {
    if (j3 === 3) {
      const S = await weightedMoments(X, r, V, null, 0, 3);
      const R = S.m3.slice();
      addDeltaSym(R, S.m1, k, -1);
      return [R];
    }
    const S = await weightedMoments(X, r, V, null, 0, 2);
    const out: Float64Array[] = [];
    for (const alpha of alphas) {
      const Sb = await weightedMoments(X, r, V, alpha, 1, 3);
      const aBar = project(V, alpha, k);
      const R = Sb.m3.slice();
      addDeltaSym(R, Sb.m1, k, -1);
      addDeltaSym(R, aBar, k, S.m0);
      for (let p = 0; p < k; p++) {
        for (let q = 0; q < k; q++) {
          for (let t = 0; t < k; t++) {
            R[(p * k + q) * k + t] -= aBar[p] * S.m2[q * k + t] + aBar[q] * S.m2[p * k + t] + aBar[t] * S.m2[p * k + q];
          }
        }
      }
      out.push(R);
    }
    return out;
  });
}

/**
 * Q̂_1 = M̂_{l1}(I, α, …) ∈ R^d for RecMagSign (SPEC §3.6).
 * l1 = 1: Xᵀy/n. l1 = 3: 1/n Σ y_s [x_s b_s² − x_s − 2 α b_s].
 */
export function q1Moment(X: tf.Tensor2D, y: tf.Tensor1D, l1: number, alpha?: Float64Array): Promise<Float64Array> {
  if (l1 !== 1 && (l1 !== 3 || !alpha)) throw new Error(`Q̂_1 is defined for l1 = 1, or 3 with a vector α; got l1 = ${l1}.`);
  return withResidual(X, y, l1 === 3, async (r) => {
    const mean = (await weightedMoments(X, r, null, null, 0, 1)).m1;
    if (l1 === 1 || !alpha) return mean;
    const Sbb = await weightedMoments(X, r, null, alpha, 2, 1);
    let yb = 0;
    for (let i = 0; i < alpha.length; i++) yb += alpha[i] * mean[i];
    return Sbb.m1.map((value, i) => value - mean[i] - 2 * alpha[i] * yb);
  });
}

/**
 * Q̂_2 = M̂_{l2}(V, V, α, …), k×k row-major, for RecMagSign (SPEC §3.6).
 * l2 = 2: 1/n Σ y_s [a_s a_sᵀ − I]. l2 = 4: 1/n Σ y_s [a aᵀ b² − I b² − a aᵀ − 2b(ᾱaᵀ + aᾱᵀ) + I + 2ᾱᾱᵀ].
 */
export function q2Moment(X: tf.Tensor2D, y: tf.Tensor1D, V: Float64Array, l2: number, alpha: Float64Array): Promise<Float64Array> {
  const k = V.length / X.shape[1];
  return withResidual(X, y, true, async (r) => {
    const S = await weightedMoments(X, r, V, null, 0, 2);
    const Q = S.m2.slice();
    for (let p = 0; p < k; p++) Q[p * k + p] -= S.m0;
    if (l2 === 2) return Q;
    if (l2 !== 4) throw new Error(`Q̂_2 is defined for l2 = 2 or 4, not ${l2}.`);
    // So far Q = 1/n Σ y [a aᵀ − I]; l2 = 4 subtracts it (the −a aᵀ and +I terms) and adds the rest.
    const Sbb = await weightedMoments(X, r, V, alpha, 2, 2);
    const Sb = await weightedMoments(X, r, V, alpha, 1, 1);
    const aBar = project(V, alpha, k);
    for (let p = 0; p < k; p++) {
      for (let q = 0; q < k; q++) {
        const at = p * k + q;
        Q[at] = Sbb.m2[at] - (p === q ? Sbb.m0 : 0) - Q[at]
          - 2 * (aBar[p] * Sb.m1[q] + Sb.m1[p] * aBar[q]) + 2 * S.m0 * aBar[p] * aBar[q];
      }
    }
    return Q;
  });
}
