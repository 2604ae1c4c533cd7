// The non-overlapping CNN of Fu, Chi, Liang (SPEC §1): d = k·m, patch j is x[j·m : (j+1)·m], one filter w
// shared by all patches: H(w, x) = (1/k) Σ_j φ(wᵀx^{(j)}). It is the fully connected network whose W is the
// block-diagonal I_k ⊗ w, so the same forward pass serves; only the gradient is tied across the blocks.
import * as tf from '@tensorflow/tfjs-core';

/** [d, arms·k] mask, 1 where column (arm, j) meets the rows of patch j. */
export function patchMask(k: number, m: number, arms: number): tf.Tensor2D {
  const d = k * m;
  const mask = new Float32Array(d * arms * k);
  for (let j = 0; j < k; j++) {
    for (let i = j * m; i < (j + 1) * m; i++) for (let a = 0; a < arms; a++) mask[i * arms * k + a * k + j] = 1;
  }
  return tf.tensor2d(mask, [d, arms * k]);
}

/**
 * The gradient of a shared filter, spread back to the block-diagonal layout: ∂f/∂w = Σ_j (∂f/∂W)_{patch j,
 * unit j}, the same for every block, so W stays I_k ⊗ w after the step.
 */
export function tieGradient(gradW: tf.Tensor2D, mask: tf.Tensor2D, k: number, m: number, arms: number): tf.Tensor2D {
  return tf.tidy(() => {
    const perFilter = tf.sum(tf.reshape(tf.mul(gradW, mask), [k, m, arms, k]), [0, 3]);
    const spread = tf.mul(tf.reshape(perFilter, [1, m, arms, 1]), tf.reshape(mask, [k, m, arms, k]));
    return tf.reshape(spread, [k * m, arms * k]) as tf.Tensor2D;
  });
}

/** The filter w (length m) embedded as I_k ⊗ w, d×k row-major. */
export function blockDiagonal(w: ArrayLike<number>, k: number): Float64Array {
  const m = w.length;
  const W = new Float64Array(k * m * k);
  for (let j = 0; j < k; j++) for (let i = 0; i < m; i++) W[(j * m + i) * k + j] = w[i];
  return W;
}

/** The filter of a block-diagonal W: block 0 of column 0. */
export function filterOf(W: ArrayLike<number>, k: number, m: number): Float64Array {
  return Float64Array.from({ length: m }, (_, i) => W[i * k]);
}
