// The training loss over a plane through W*: W(a, b) = W* + ‖W*‖_F (a·e1 + b·e2), with e1, e2 the
// Frobenius-orthonormalized directions. Units of ‖W*‖_F make a and b the same relative scale as the
// convexity radius. Grid points are evaluated as many student "arms" at once (one d×(m·k) matrix product per
// batch), so a 61×61 slice costs a few dozen backend calls, not thousands.
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './activations';
import { direct, piece, type Gate } from './gate';
import { lossOnly, type LossName } from './student';

export interface SliceArgs {
  X: tf.Tensor2D;
  y: tf.Tensor2D;
  /** d×k row-major, column j = unit j. */
  Wstar: Float64Array;
  v: ArrayLike<number>;
  act: Activation;
  loss: LossName;
  /** Two directions in the same d×k layout; only the plane they span matters. */
  D1: Float64Array;
  D2: Float64Array;
  /** The grid spans a, b ∈ [−extent, extent] (in units of ‖W*‖_F). */
  extent: number;
  /** Points per axis, or 'auto': the largest odd count in [11, 61] that fits `budgetMs`. */
  resolution: number | 'auto';
  budgetMs?: number;
  /** Each batch of grid points is one piece (see gate.ts). */
  gate?: Gate;
}

export interface Slice {
  a: number[];
  b: number[];
  /** loss[ib][ia] at (a[ia], b[ib]): rows follow b, columns follow a (the layout of a plotly heatmap's z). */
  loss: number[][];
  resolution: number;
  /** Coordinates (a, b) of the orthogonal projection of W (d×k, units matched to W*) onto the plane. */
  project(W: Float64Array): [number, number];
}

const dot = (p: Float64Array, q: Float64Array) => p.reduce((s, x, i) => s + x * q[i], 0);

/** Gram–Schmidt in the Frobenius inner product, in double precision. */
export function orthonormalPair(D1: Float64Array, D2: Float64Array): [Float64Array, Float64Array] {
  const n1 = Math.sqrt(dot(D1, D1));
  if (!(n1 > 0)) throw new Error('lossSlice: the first direction is zero.');
  const e1 = D1.map((x) => x / n1);
  const c = dot(e1, D2);
  const rest = D2.map((x, i) => x - c * e1[i]);
  const n2 = Math.sqrt(dot(rest, rest));
  if (!(n2 > 1e-12 * Math.sqrt(dot(D2, D2)))) throw new Error('lossSlice: the two directions are parallel.');
  return [e1, rest.map((x) => x / n2)];
}

const MIN_RESOLUTION = 11;
const MAX_RESOLUTION = 61;

/** Grid points per batch: keeps the [n, m·k] activations near 4M entries (memory, texture limits). */
function batchSize(n: number, k: number): number {
  return Math.min(MAX_RESOLUTION ** 2, Math.max(1, Math.floor((1 << 22) / (n * k))));
}

/** The largest odd resolution in [11, 61] whose res² points fit `budgetMs` at `msPerPoint`. Odd: (0, 0) is a node. */
export function chooseResolution(msPerPoint: number, budgetMs = 1000): number {
  const fit = Math.floor(Math.sqrt(budgetMs / Math.max(msPerPoint, 1e-9)));
  const odd = fit % 2 ? fit : fit - 1;
  return Math.min(MAX_RESOLUTION, Math.max(MIN_RESOLUTION, odd));
}

/** Losses at the given points (each d×k), `m` per backend call; `m` copies of v ride along as arms. */
async function lossesAt(args: SliceArgs, points: Float64Array[], m: number, gate: Gate): Promise<Float64Array> {
  const { X, y, v, act, loss } = args;
  const d = X.shape[1];
  const k = v.length;
  const out = new Float64Array(points.length);
  for (let start = 0; start < points.length; start += m) {
    const batch = points.slice(start, start + m);
    const arms = batch.length;
    const W = new Float32Array(d * arms * k);
    const V = new Float32Array(arms * k);
    batch.forEach((P, arm) => {
      for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) W[i * arms * k + arm * k + j] = P[i * k + j];
      for (let j = 0; j < k; j++) V[arm * k + j] = v[j];
    });
    out.set(await piece(gate, async () => {
      const t = tf.tidy(() => lossOnly(X, y, tf.tensor2d(W, [d, arms * k]), tf.tensor2d(V, [arms, k]), act, loss));
      try {
        return await t.data();
      } finally {
        t.dispose();
      }
    }), start);
  }
  return out;
}

/** The loss on a res×res grid over the plane, evaluated in batches of grid points on the active backend. */
export async function lossSlice(args: SliceArgs): Promise<Slice> {
  const { X, Wstar, extent } = args;
  const k = args.v.length;
  const m = batchSize(X.shape[0], k);
  const [e1, e2] = orthonormalPair(args.D1, args.D2);
  const scale = Math.hypot(...Wstar);
  const gate = args.gate ?? direct;
  let resolution = args.resolution;
  if (resolution === 'auto') {
    // Time one batch of at most 11² points (copies of W*, results discarded). Its first-call overhead, and
    // per-call costs spread over fewer points than a full batch, make the estimate err on the slow side.
    // Timed inside the piece: the wait for the gate is not the batch's cost.
    const probe = Math.min(m, MIN_RESOLUTION ** 2);
    let ms = 0;
    const timed: Gate = (work) => gate(async () => {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        ms += performance.now() - t0;
      }
    });
    await lossesAt(args, Array.from({ length: probe }, () => Wstar), probe, timed);
    resolution = chooseResolution(ms / probe, args.budgetMs);
  }
  const res = resolution;
  // Written so that the axis is exactly symmetric and its middle node (odd res) is exactly 0.
  const axis = Array.from({ length: res }, (_, i) => (res === 1 ? 0 : (extent * (2 * i - (res - 1))) / (res - 1)));
  const points: Float64Array[] = [];
  for (const b of axis) for (const a of axis) points.push(Wstar.map((w, p) => w + scale * (a * e1[p] + b * e2[p])));
  const flat = await lossesAt(args, points, m, gate);
  const loss = axis.map((_, ib) => Array.from(flat.subarray(ib * res, (ib + 1) * res)));
  return {
    a: axis,
    b: axis.slice(),
    loss,
    resolution: res,
    project(W: Float64Array): [number, number] {
      const diff = W.map((w, p) => w - Wstar[p]);
      return [dot(diff, e1) / scale, dot(diff, e2) / scale];
    },
  };
}
