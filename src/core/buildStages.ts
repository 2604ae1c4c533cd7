// The stages of building a run, in order, so a long build (n = 10⁶ takes about a minute) can say where it is.
export const BUILD_STAGES = ['sampling', 'upload', 'moments', 'eigen', 'decomposition', 'magnitudes', 'arms'] as const;
export type BuildStage = (typeof BUILD_STAGES)[number];

/** Called as each stage begins (the tensor method's stages may come more than once: it takes moments three times). */
export type StageListener = (stage: BuildStage) => void;

export const STAGE_LABELS: Record<BuildStage, string> = {
  sampling: 'drawing the samples',
  upload: 'moving the samples to the device',
  moments: 'empirical moments of the samples',
  eigen: 'eigenvectors of P̂₂',
  decomposition: 'tensor decomposition',
  magnitudes: 'norms and signs of the units',
  arms: 'setting up the arms',
};

/** Where a stage lies in the build: its position among BUILD_STAGES as a fraction in (0, 1]. */
export function stageFraction(stage: BuildStage): number {
  return (BUILD_STAGES.indexOf(stage) + 1) / BUILD_STAGES.length;
}
