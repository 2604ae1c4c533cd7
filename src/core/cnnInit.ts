// Initialization of the non-overlapping CNN (SPEC §3.7): d = k·m, patches x^{(j)} = x[(j−1)m : jm], one filter
// w ∈ R^m, E[y|x] = (1/k) Σ_j φ(wᵀx^{(j)}). Patches are independent and mean-zero, so every patch's first moment is
// E[y x^{(j)}] = (1/k) c_1(σ) w̄: their mean gives the direction, the sign (that of c_1(1)), and through c_1 the norm.
import * as tf from '@tensorflow/tfjs-core';
import { activation, type ActivationName } from './activations';
import { hermiteCoefficients, normFromMoment } from './hermite';
import { q1Moment } from './moments';

export async function cnnInit(X: tf.Tensor2D, y: tf.Tensor1D, k: number, act: ActivationName, slope: number): Promise<{ w: Float64Array; seconds: number }> {
  const started = performance.now();
  const d = X.shape[1];
  if (!Number.isInteger(k) || k < 1 || d % k !== 0) throw new Error(`d = ${d} is not k = ${k} patches of equal length.`);
  const m = d / k;
  const firstMoment = await q1Moment(X, y, 1);
  const mean = new Float64Array(m);
  for (let j = 0; j < k; j++) for (let i = 0; i < m; i++) mean[i] += firstMoment[j * m + i] / k;
  const length = Math.hypot(...mean);
  const phi = activation(act, slope);
  // |mean| = (1/k) |c_1(σ)|, so c_1(σ) = k |mean|; the direction's sign is that of c_1(1).
  const sigma = normFromMoment(phi, 1, k * length).sigma;
  const sign = Math.sign(hermiteCoefficients(phi, 1)[1]) || 1;
  const w = mean.map((x) => (length > 0 ? (sign * sigma * x) / length : 0));
  return { w, seconds: (performance.now() - started) / 1000 };
}
