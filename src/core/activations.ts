// The activations the app offers, each with φ, φ′, φ″ twice over: on tfjs tensors for training and the Hessian,
// and on plain numbers for quadrature (Hermite coefficients) and double-precision references in tests.
import * as tf from '@tensorflow/tfjs-core';

export const ACTIVATIONS = ['relu', 'leaky', 'sqrelu', 'sigmoid', 'tanh'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export const ACTIVATION_LABELS: Record<ActivationName, string> = {
  relu: 'ReLU',
  leaky: 'leaky ReLU',
  sqrelu: 'squared ReLU',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
};

export interface Activation {
  name: ActivationName;
  /** Degree h of positive homogeneity (φ(σt) = σ^h φ(t) for σ > 0), or null when φ has none. */
  homogeneity: 1 | 2 | null;
  /** φ is odd (tanh), so (v, w) and (−v, −w) are the same unit. */
  odd: boolean;
  f(z: tf.Tensor): tf.Tensor;
  df(z: tf.Tensor): tf.Tensor;
  d2f(z: tf.Tensor): tf.Tensor;
  /** How a gradient step computes φ and φ′ with the fewest passes over the n×(m·k) pre-activations. */
  step: StepForm;
  /** φ, φ′ and φ″ on one number, in double precision. */
  scalar(t: number): number;
  scalarD(t: number): number;
  scalarD2(t: number): number;
}

/**
 * P = fused(XW): the product with `fused` applied in the same kernel (every tfjs backend has these; WASM's
 * XNNPACK applies relu as the product's clamp, for free). φ(Z) = f(P) and φ′(Z) = dfScale · df(P), so neither
 * Z nor a second φ(Z) is made; the constant dfScale goes on the small d×(m·k) product, not on n×(m·k) arrays.
 */
export interface StepForm {
  fused: 'linear' | 'relu' | 'leakyrelu' | 'sigmoid';
  leakyreluAlpha?: number;
  f(p: tf.Tensor): tf.Tensor;
  /** φ′(Z) / dfScale from P and the φ(Z) = f(P) already made. */
  df(p: tf.Tensor, a: tf.Tensor): tf.Tensor;
  dfScale: number;
}

const same = (p: tf.Tensor) => p;

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

/** `slope` is leaky ReLU's a (φ(t) = t for t ≥ 0, a·t below); the other activations ignore it. */
export function activation(name: ActivationName, slope = 0.1): Activation {
  switch (name) {
    case 'relu':
      return {
        name,
        homogeneity: 1,
        odd: false,
        f: (z) => tf.relu(z),
        df: (z) => tf.step(z),
        d2f: (z) => tf.zerosLike(z),
        // relu(z) > 0 exactly where z > 0.
        step: { fused: 'relu', f: same, df: (p) => tf.step(p), dfScale: 1 },
        scalar: (t) => Math.max(t, 0),
        scalarD: (t) => (t > 0 ? 1 : 0),
        scalarD2: () => 0,
      };
    case 'leaky':
      return {
        name,
        homogeneity: 1,
        odd: false,
        f: (z) => tf.leakyRelu(z, slope),
        // step(z, a) gives 1 above zero and a below: exactly φ′.
        df: (z) => tf.step(z, slope),
        d2f: (z) => tf.zerosLike(z),
        // With a ≥ 0 (the setting's range) φ(z) > 0 exactly where z > 0.
        step: { fused: 'leakyrelu', leakyreluAlpha: slope, f: same, df: (p) => tf.step(p, slope), dfScale: 1 },
        scalar: (t) => (t > 0 ? t : slope * t),
        scalarD: (t) => (t > 0 ? 1 : slope),
        scalarD2: () => 0,
      };
    case 'sqrelu':
      return {
        name,
        homogeneity: 2,
        odd: false,
        f: (z) => tf.square(tf.relu(z)),
        df: (z) => tf.mul(tf.relu(z), 2),
        d2f: (z) => tf.mul(tf.step(z), 2),
        // P = relu(Z): φ = P², φ′ = 2P.
        step: { fused: 'relu', f: (p) => tf.square(p), df: same, dfScale: 2 },
        scalar: (t) => (t > 0 ? t * t : 0),
        scalarD: (t) => (t > 0 ? 2 * t : 0),
        scalarD2: (t) => (t > 0 ? 2 : 0),
      };
    case 'sigmoid':
      return {
        name,
        homogeneity: null,
        odd: false,
        f: (z) => tf.sigmoid(z),
        df: (z) => tf.tidy(() => {
          const s = tf.sigmoid(z);
          return tf.mul(s, tf.sub(1, s));
        }),
        d2f: (z) => tf.tidy(() => {
          const s = tf.sigmoid(z);
          return tf.mul(tf.mul(s, tf.sub(1, s)), tf.sub(1, tf.mul(s, 2)));
        }),
        step: { fused: 'sigmoid', f: same, df: (_p, a) => tf.mul(a, tf.sub(1, a)), dfScale: 1 },
        scalar: sigmoid,
        scalarD: (t) => sigmoid(t) * (1 - sigmoid(t)),
        scalarD2: (t) => {
          const s = sigmoid(t);
          return s * (1 - s) * (1 - 2 * s);
        },
      };
    case 'tanh':
      return {
        name,
        homogeneity: null,
        odd: true,
        f: (z) => tf.tanh(z),
        df: (z) => tf.tidy(() => tf.sub(1, tf.square(tf.tanh(z)))),
        d2f: (z) => tf.tidy(() => {
          const t = tf.tanh(z);
          return tf.mul(tf.mul(t, -2), tf.sub(1, tf.square(t)));
        }),
        // No backend fuses tanh: P = Z, and φ′ = 1 − φ² from the φ already made.
        step: { fused: 'linear', f: (p) => tf.tanh(p), df: (_p, a) => tf.sub(1, tf.square(a)), dfScale: 1 },
        scalar: Math.tanh,
        scalarD: (t) => 1 - Math.tanh(t) ** 2,
        scalarD2: (t) => -2 * Math.tanh(t) * (1 - Math.tanh(t) ** 2),
      };
  }
}
