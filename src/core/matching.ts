// Parameter error after the best matching of student units to teacher units (SPEC §4): a permutation of units
// is not an error, so the k×k assignment is solved with the Hungarian method (munkres).
import { munkres } from 'munkres';

export interface Match {
  /** ‖W − W*‖_F / ‖W*‖_F with student units permuted (and flipped, where allowed) to fit the teacher. */
  error: number;
  /** perm[j] = the student unit matched to teacher unit j. */
  perm: number[];
  /** flip[j] = the matched student unit enters with its sign reversed. */
  flip: boolean[];
  /** max_j ‖w_j − w*_j‖ / ‖w*_j‖ after matching: the recovery map's success criterion. */
  maxUnitError: number;
}

type Weights = ArrayLike<number>;

/** ‖a_col(ja)·s − b_col(jb)‖² for two d×k row-major matrices. */
function columnDistance2(a: Weights, ja: number, sign: number, b: Weights, jb: number, d: number, k: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) {
    const diff = sign * a[i * k + ja] - b[i * k + jb];
    sum += diff * diff;
  }
  return sum;
}

/**
 * Matches the columns of W (student, d×k row-major) to those of W* (teacher). With `allowFlip`, a unit may
 * also match with its sign reversed: the symmetry (v, w) ~ (−v, −w) of odd activations (and of sigmoid up
 * to a constant), which makes ±1-output teachers identifiable only up to those flips.
 */
export function matchUnits(W: Weights, Wstar: Weights, d: number, k: number, allowFlip = false): Match {
  const cost: number[][] = [];
  const flipBetter: boolean[][] = [];
  for (let j = 0; j < k; j++) {
    cost.push([]);
    flipBetter.push([]);
    for (let s = 0; s < k; s++) {
      const plain = columnDistance2(W, s, 1, Wstar, j, d, k);
      const flipped = allowFlip ? columnDistance2(W, s, -1, Wstar, j, d, k) : Infinity;
      cost[j].push(Math.min(plain, flipped));
      flipBetter[j].push(flipped < plain);
    }
  }
  const perm = new Array<number>(k).fill(0);
  const flip = new Array<boolean>(k).fill(false);
  for (const [j, s] of munkres(cost)) {
    perm[j] = s;
    flip[j] = flipBetter[j][s];
  }
  let total = 0;
  let norm = 0;
  let maxUnitError = 0;
  for (let j = 0; j < k; j++) {
    const dist2 = cost[j][perm[j]];
    const unitNorm2 = columnDistance2(Wstar, j, 0, Wstar, j, d, k);
    total += dist2;
    norm += unitNorm2;
    maxUnitError = Math.max(maxUnitError, Math.sqrt(dist2 / unitNorm2));
  }
  return { error: Math.sqrt(total / norm), perm, flip, maxUnitError };
}

/** Output weights of the student in the teacher's unit order (signs reversed for flipped units). */
export function matchedOutputs(v: ArrayLike<number>, match: Match): number[] {
  return match.perm.map((s, j) => (match.flip[j] ? -v[s] : v[s]));
}

/**
 * The matched error for a model: the CNN's units are its patches, in a fixed order, so none are permuted (its
 * error is plain ‖W − W*‖_F/‖W*‖_F); the fully connected network's are matched as above.
 */
export function matchModel(W: Weights, Wstar: Weights, d: number, k: number, model: 'fcn' | 'cnn', allowFlip: boolean): Match {
  if (model === 'fcn') return matchUnits(W, Wstar, d, k, allowFlip);
  let dist = 0;
  let norm = 0;
  for (let i = 0; i < d * k; i++) {
    dist += (W[i] - Wstar[i]) ** 2;
    norm += Wstar[i] ** 2;
  }
  const error = Math.sqrt(dist / norm);
  const identity = Array.from({ length: k }, (_, j) => j);
  return { error, perm: identity, flip: identity.map(() => false), maxUnitError: error };
}
