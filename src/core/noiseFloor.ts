// The statistical error floor of noisy ReLU regression (Zhang, Yu, Wang, Gu 2019): gradient descent converges
// linearly, but to the empirical minimizer, whose distance to W* is of order ν·√(dk·log n / n).
import { singularValues } from './teacher';

/**
 * The constant in front, fitted on this engine: relu, v* = 1, d=10, k=5, κ=2, ν ∈ {0.5, 1},
 * n ∈ {2.5k, 10k, 40k}, 1,500 steps, gave ‖Ŵ − W*‖_F / (ν·√(dk·ln n / n)) between 0.77 and 0.97, except
 * 1.36 at the smallest n with ν = 1, where the noise is no longer small (README, "noise floor").
 */
export const FLOOR_CONSTANT = 0.8;

/** ‖W*‖_F = √(Σ σ_i²) for the teacher's singular values linspace(1, κ, k). */
export function teacherNorm(k: number, kappa: number): number {
  return Math.hypot(...singularValues(k, kappa));
}

/** The predicted floor of the relative error ‖W − W*‖_F / ‖W*‖_F. */
export function noiseFloor(p: { noise: number; d: number; k: number; n: number; kappa: number }): number {
  return (FLOOR_CONSTANT * p.noise * Math.sqrt((p.d * p.k * Math.log(p.n)) / p.n)) / teacherNorm(p.k, p.kappa);
}
