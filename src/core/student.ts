// The student network, its losses and hand-written gradients (SPEC §1), batched over arms: m students of
// k units each live side by side as one d×(m·k) weight matrix, so a step for every arm costs two matrix
// products. Hand-written gradients keep the step to a few fused ops (no gradient tape).
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './activations';

export type LossName = 'squared' | 'cross-entropy';

/** H is kept this far from 0 and 1 so the cross-entropy stays finite. */
export const PROB_EPS = 1e-6;

export interface Evaluation {
  /** Loss of each arm, shape [m]. */
  loss: tf.Tensor1D;
  /** Gradient of the loss with respect to W, shape [d, m·k]. */
  gradW: tf.Tensor2D;
  /** Gradient with respect to the output weights, shape [m, k]. */
  gradV: tf.Tensor2D;
}

/**
 * Student outputs ŷ (or H for classification), shape [n, m], φ(Z) and P, the product XW with the activation's
 * fused part applied (activations.ts, StepForm): φ′ comes from P and φ(Z), so Z itself is never made.
 */
export function forward(X: tf.Tensor2D, W: tf.Tensor2D, v: tf.Tensor2D, act: Activation, blocks?: tf.Tensor2D): { out: tf.Tensor2D; P: tf.Tensor2D; A: tf.Tensor2D } {
  const { fused, leakyreluAlpha, f } = act.step;
  const P = tf.fused.matMul({ a: X, b: W, activation: fused, leakyreluAlpha }) as tf.Tensor2D;
  const A = f(P) as tf.Tensor2D;
  // Each arm's output Σ_j v_j φ(z_j) as one product: no rank-3 broadcast (slow on WASM, many kernels on WebGL).
  const out = tf.matMul(A, blockV(v, blocks)) as tf.Tensor2D;
  return { out, P, A };
}

/**
 * E [m·k, m]: 1 where row a·k + j belongs to arm a. With it the per-arm sums and spreads of a step are matrix
 * products: out = φ(Z)·(v ⊙ E) sums each arm's units, r·(v ⊙ E)ᵀ gives every unit its arm's residual times v_j.
 */
export function armBlocks(m: number, k: number): tf.Tensor2D {
  const values = new Float32Array(m * k * m);
  for (let a = 0; a < m; a++) for (let j = 0; j < k; j++) values[(a * k + j) * m + a] = 1;
  return tf.tensor2d(values, [m * k, m]);
}

/** v [m, k] as the block-diagonal [m·k, m] (`blocks`: armBlocks(m, k), kept by a caller that steps often). */
function blockV(v: tf.Tensor2D, blocks?: tf.Tensor2D): tf.Tensor2D {
  const [m, k] = v.shape;
  if (m === 1) return tf.reshape(v, [k, 1]);
  return tf.mul(tf.reshape(v, [m * k, 1]), blocks ?? armBlocks(m, k));
}

/** Loss per arm ([m]) and dℓ/dout per sample ([n, m]) of one loss, for labels y of shape [n, 1] or [n, m]. */
function oneLoss(out: tf.Tensor2D, y: tf.Tensor2D, loss: LossName): { loss: tf.Tensor1D; residual: tf.Tensor2D } {
  if (loss === 'squared') {
    const r = tf.sub(out, y) as tf.Tensor2D;
    return { loss: tf.mul(tf.mean(tf.square(r), 0), 0.5) as tf.Tensor1D, residual: r };
  }
  const H = tf.clipByValue(out, PROB_EPS, 1 - PROB_EPS);
  const ce = tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(H)), tf.mul(tf.sub(1, y), tf.log1p(tf.neg(H)))), 0)) as tf.Tensor1D;
  return { loss: ce, residual: crossEntropyResidual(H, y) };
}

/** d/dH of the cross-entropy at clipped outputs H: (H − y) / (H (1 − H)). Shared with the map's batched trials. */
export function crossEntropyResidual<T extends tf.Tensor>(H: T, y: tf.Tensor): T {
  return tf.div(tf.sub(H, y), tf.mul(H, tf.sub(1, H)));
}

/** Arms may train on different losses (the loss comparison): one loss name for all, or one per arm. */
export type ArmLosses = LossName | readonly LossName[];

function lossAndResidual(out: tf.Tensor2D, y: tf.Tensor2D, losses: ArmLosses): { loss: tf.Tensor1D; residual: tf.Tensor2D } {
  if (typeof losses === 'string') return oneLoss(out, y, losses);
  if (losses.every((l) => l === losses[0])) return oneLoss(out, y, losses[0]);
  const ce = oneLoss(out, y, 'cross-entropy');
  const sq = oneLoss(out, y, 'squared');
  const isCe = tf.tensor1d(losses.map((l) => (l === 'cross-entropy' ? 1 : 0)));
  const blend = <T extends tf.Tensor>(a: T, b: T) => tf.add(tf.mul(a, isCe), tf.mul(b, tf.sub(1, isCe))) as T;
  return { loss: blend(ce.loss, sq.loss), residual: blend(ce.residual, sq.residual) };
}

/** Fraction of samples whose label the rule 1[H > 1/2] gets right, per arm ([m]). */
export function accuracy(X: tf.Tensor2D, y: tf.Tensor2D, W: tf.Tensor2D, v: tf.Tensor2D, act: Activation): tf.Tensor1D {
  return tf.tidy(() => {
    const predicted = tf.cast(tf.greater(forward(X, W, v, act).out, 0.5), 'float32');
    return tf.mean(tf.cast(tf.equal(predicted, y), 'float32'), 0) as tf.Tensor1D;
  });
}

/** Loss of every arm without gradients (held-out test loss, landscape slices). */
export function lossOnly(X: tf.Tensor2D, y: tf.Tensor2D, W: tf.Tensor2D, v: tf.Tensor2D, act: Activation, loss: ArmLosses): tf.Tensor1D {
  return tf.tidy(() => lossAndResidual(forward(X, W, v, act).out, y, loss).loss);
}

/**
 * Xᵀ G [d, m·k]. WASM sends only untransposed products to XNNPACK, which packs the right operand into its own
 * layout and keeps it while that tensor lives: X is packed once for the whole run, a fresh G would be packed every
 * step (at n = 10⁴ that took longer than the product). So on WASM, (Gᵀ X)ᵀ: transposing G costs less than packing it.
 * The other backends transpose inside the product.
 */
export function gradProduct(X: tf.Tensor2D, G: tf.Tensor2D): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(X, G, true, false) as tf.Tensor2D;
  return tf.transpose(tf.matMul(tf.transpose(G), X)) as tf.Tensor2D;
}

/**
 * Loss and gradients for m arms at once. X: [n, d], y: [n, 1] (or [n, m], repeated per arm), W: [d, m·k], v: [m, k].
 * ∇_W f = Xᵀ (φ′(Z) ⊙ r ⊙ v) / n and ∇_v f = Σ_s φ(Z_s) r_s / n, with r = dℓ/dŷ. v and 1/n scale the columns of
 * the d×(m·k) product Xᵀ(φ′(Z) ⊙ r) rather than an n×(m·k) array. For φ homogeneous of degree h, z φ′(z) = h φ(z)
 * gives ∇_v f from that product too: Σ_s φ(Z_sj) r_s = Σ_i W_ij [Xᵀ(φ′(Z) ⊙ r)]_ij / h, no pass over n.
 */
export function evaluate(
  X: tf.Tensor2D, y: tf.Tensor2D, W: tf.Tensor2D, v: tf.Tensor2D, act: Activation, loss: ArmLosses,
  /** `blocks`: armBlocks(m, k) kept by the caller; `gradV: false` skips ∇_v (returned as zeros) when no arm trains v. */
  options: { blocks?: tf.Tensor2D; gradV?: boolean } = {},
): Evaluation {
  return tf.tidy(() => {
    const [m, k] = v.shape;
    const n = X.shape[0];
    // Made once here when the caller keeps none: the output sum and the residual's spread both use it.
    const blocks = options.blocks ?? (m > 1 ? armBlocks(m, k) : undefined);
    const { out, P, A } = forward(X, W, v, act, blocks);
    const { loss: value, residual } = lossAndResidual(out, y, loss);
    // r_a in every unit of arm a (one small product); one arm's residual column broadcasts as it is.
    const spread = blocks ? tf.matMul(residual, tf.transpose(blocks)) : residual;
    const G = tf.mul(act.step.df(P, A), spread) as tf.Tensor2D;
    const XtG = gradProduct(X, G);
    const { dfScale } = act.step;
    const gradW = tf.mul(XtG, tf.mul(tf.reshape(v, [1, m * k]), dfScale / n)) as tf.Tensor2D;
    let gradV: tf.Tensor2D;
    if (options.gradV === false) gradV = tf.zeros([m, k]);
    else {
      const sums = act.homogeneity ? tf.mul(tf.sum(tf.mul(W, XtG), 0), dfScale / (act.homogeneity * n)) : tf.mul(tf.sum(tf.mul(A, spread), 0), 1 / n);
      gradV = tf.reshape(sums, [m, k]) as tf.Tensor2D;
    }
    return { loss: value, gradW, gradV };
  });
}
