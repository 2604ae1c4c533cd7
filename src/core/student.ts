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

/** Student outputs ŷ (or H for classification), shape [n, m], and the pre-activations Z = XW. */
export function forward(X: tf.Tensor2D, W: tf.Tensor2D, v: tf.Tensor2D, act: Activation, blocks?: tf.Tensor2D): { out: tf.Tensor2D; Z: tf.Tensor2D; A: tf.Tensor2D; Vb: tf.Tensor2D } {
  const Z = tf.matMul(X, W) as tf.Tensor2D;
  const A = act.f(Z) as tf.Tensor2D;
  const Vb = blockV(v, blocks);
  // Each arm's output Σ_j v_j φ(z_j) as one product: no rank-3 broadcast (slow on WASM, many kernels on WebGL).
  const out = tf.matMul(A, Vb) as tf.Tensor2D;
  return { out, Z, A, Vb };
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

/** Loss per arm ([m]) and dℓ/dout per sample ([n, m]) of one loss, for labels y of shape [n, 1]. */
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
 * Loss and gradients for m arms at once. X: [n, d], y: [n, 1], W: [d, m·k], v: [m, k].
 * ∇_W f = Xᵀ (φ′(Z) ⊙ r ⊙ v) / n and ∇_v f = Σ_s φ(Z_s) r_s / n, with r = dℓ/dŷ.
 */
export function evaluate(
  X: tf.Tensor2D, y: tf.Tensor2D, W: tf.Tensor2D, v: tf.Tensor2D, act: Activation, loss: ArmLosses,
  /** Xᵀ kept on the device: a product with transposeA is several times slower on WASM. */
  XT?: tf.Tensor2D,
  /** `blocks`: armBlocks(m, k) kept by the caller; `gradV: false` skips ∇_v (returned as zeros) when no arm trains v. */
  options: { blocks?: tf.Tensor2D; gradV?: boolean } = {},
): Evaluation {
  return tf.tidy(() => {
    const [m, k] = v.shape;
    const n = X.shape[0];
    // Made once here when the caller keeps none: the output sum and ∇v both use it.
    const blocks = options.blocks ?? (m > 1 ? armBlocks(m, k) : undefined);
    const { out, Z, A, Vb } = forward(X, W, v, act, blocks);
    const { loss: value, residual } = lossAndResidual(out, y, loss);
    // r_a v_j in unit j of arm a: one small product instead of two rank-3 broadcasts.
    const G = tf.mul(act.df(Z), tf.matMul(residual, tf.transpose(Vb))) as tf.Tensor2D;
    const gradW = tf.mul(XT ? tf.matMul(XT, G) : tf.matMul(X, G, true, false), 1 / n) as tf.Tensor2D;
    let gradV: tf.Tensor2D;
    if (options.gradV === false) gradV = tf.zeros([m, k]);
    else {
      const spread = blocks ? tf.matMul(residual, tf.transpose(blocks)) : residual;
      gradV = tf.reshape(tf.mul(tf.sum(tf.mul(A, spread), 0), 1 / n), [m, k]) as tf.Tensor2D;
    }
    return { loss: value, gradW, gradV };
  });
}
