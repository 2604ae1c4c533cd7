// From settings to a running experiment: teacher, training and test samples, and the arms' initializations.
// Shared by the app and the CLI, so a seed and the settings give the same run in both.
import { randomArms, randomFilterArm, squaredTwin, type ArmInit } from './arms';
import type { StageListener } from './buildStages';
import { Experiment, uploadSamples, type DeviceSamples } from './experiment';
import type { SamplingSpec } from './sampling';
import type { LossName } from './student';
import { tensorArm, type TensorReport } from './tensorArm';
import { makeCnnTeacher, makeSamples, makeTeacher, type Samples, type Teacher } from './teacher';
import type { Settings } from './settings';

/** The held-out test set: fresh samples from the same teacher, at most this many. */
export const MAX_TEST_SAMPLES = 10_000;

export interface Built {
  experiment: Experiment;
  teacher: Teacher;
  train: Samples;
  /** Things the user should know about this run (an arm that could not be built, a symmetry). */
  messages: string[];
  /** How the tensor initialization went, compared with the teacher (null without a tensor arm). */
  tensor: TensorReport | null;
}

/** The samples n·d that fit the device, or a message that says the limit. */
export function sizeProblem(n: number, d: number, maxElements: number): string | null {
  if (n * d <= maxElements) return null;
  return `n·d = ${(n * d).toLocaleString('en-US')} numbers do not fit this device: the limit here is ${maxElements.toLocaleString('en-US')} (n ≤ ${Math.floor(maxElements / d).toLocaleString('en-US')} at d = ${d}).`;
}

/** Output weights are ±1 and φ is odd-like: (v, w) and (−v, −w) are the same unit (SPEC §4). */
export function flipSymmetric(s: Settings): boolean {
  return s.task === 'regression' && s.vstar === 'pm1' && (s.act === 'tanh' || s.act === 'sigmoid');
}

/** How the settings' gradient descent sees the data, with the run's seed (sampling.ts). */
export function samplingOf(s: Settings): SamplingSpec & { seed: number } {
  return { mode: s.gd, batch: Math.min(s.batch, s.n), task: s.task, act: s.act, slope: s.slope, noise: s.noise, seed: s.seed };
}

export function makeData(s: Settings): { teacher: Teacher; train: Samples; test: Samples } {
  const teacher = s.model === 'cnn'
    ? makeCnnTeacher(s)
    : makeTeacher({ task: s.task, act: s.act, slope: s.slope, d: s.d, k: s.k, kappa: s.kappa, vstar: s.vstar, seed: s.seed });
  const sample = (stream: 'train' | 'test', n: number) =>
    makeSamples(teacher, { task: s.task, act: s.act, slope: s.slope, n, noise: s.noise, seed: s.seed, stream });
  return { teacher, train: sample('train', s.n), test: sample('test', Math.min(s.n, MAX_TEST_SAMPLES)) };
}

/** The arms a run trains, in order: `extraArms` (the tensor arm), the random ones, then the squared-loss twins. */
export function armInits(s: Settings, teacher: Teacher, extraArms: ArmInit[] = []): ArmInit[] {
  const signsUnknown = s.task === 'regression' && s.vstar === 'pm1';
  const random = s.model === 'cnn' ? [randomFilterArm(teacher, s.rscale, s.seed)] : randomArms(teacher, { scale: s.rscale, seed: s.seed, signsUnknown });
  const main = [...extraArms, ...random];
  const twins = s.compare === '1' ? main.map(squaredTwin).filter((arm): arm is ArmInit => arm !== null) : [];
  return [...main, ...twins];
}

/** The loss each arm trains on: the twins the squared loss, the others the settings' loss. */
export function armLosses(s: Settings, inits: ArmInit[]): LossName[] {
  return inits.map((arm) => (arm.name.endsWith('-squared') ? 'squared' : s.loss));
}

/** Builds the experiment on the active tfjs backend. `extraArms` come first (the tensor arm). */
export function buildExperiment(
  s: Settings,
  data = makeData(s),
  device: DeviceSamples = uploadSamples(data.train, data.test),
  extraArms: ArmInit[] = [],
): Built {
  const { teacher, train } = data;
  const messages: string[] = [];
  const inits = armInits(s, teacher, extraArms);
  if (flipSymmetric(s)) {
    messages.push(`With ±1 output weights, ${s.act} units are identifiable only up to sign flips (v, w) → (−v, −w); errors are measured modulo those flips.`);
  }
  const experiment = new Experiment(teacher, device, inits, {
    act: s.act,
    slope: s.slope,
    losses: armLosses(s, inits),
    lr: s.lr,
    allowFlip: flipSymmetric(s),
    model: s.model,
    classification: s.task === 'classification',
    sampling: samplingOf(s),
  });
  return { experiment, teacher, train, messages, tensor: null };
}

/**
 * Everything a run needs, tensor arm included: data, upload, the tensor initialization from the device
 * samples, then the batched experiment. The app and the CLI both start here.
 */
export async function prepareRun(s: Settings, onStage: StageListener = () => {}): Promise<Built> {
  onStage('sampling');
  const data = makeData(s);
  onStage('upload');
  const device = uploadSamples(data.train, data.test);
  try {
    const tensor = await tensorArm(s, data.teacher, device, flipSymmetric(s), onStage);
    onStage('arms');
    const built = buildExperiment(s, data, device, tensor.arm ? [tensor.arm] : []);
    return { ...built, messages: [...tensor.messages, ...built.messages], tensor: tensor.report };
  } catch (err) {
    Object.values(device).forEach((t) => t.dispose());
    throw err;
  }
}
