// Runs a whole experiment in frames of many steps (one read-back per frame): the papers' checks need hundreds
// of steps at sizes where reading back every step would dominate.
import { flipSymmetric, makeData, prepareRun, samplingOf, type Built } from '../../src/core/build';
import { Experiment, uploadSamples, type FrameFigures } from '../../src/core/experiment';
import { tensorArm } from '../../src/core/tensorArm';
import { DEFAULTS, reconcile, type Settings } from '../../src/core/settings';

export interface Trained {
  /** Matched error of each arm at iteration 0 and after every frame. */
  errors: Record<string, number[]>;
  iterations: number[];
  last: FrameFigures;
  messages: string[];
}

/** Only the tensor arm, where a check is about it alone and the random arms would double the cost. */
async function tensorOnly(settings: Settings): Promise<Pick<Built, 'experiment' | 'messages'>> {
  const data = makeData(settings);
  const device = uploadSamples(data.train, data.test);
  const tensor = await tensorArm(settings, data.teacher, device, flipSymmetric(settings));
  if (!tensor.arm) throw new Error(tensor.messages.join(' '));
  const experiment = new Experiment(data.teacher, device, [tensor.arm], {
    act: settings.act, slope: settings.slope, losses: [settings.loss], lr: settings.lr, allowFlip: flipSymmetric(settings),
    model: settings.model, classification: settings.task === 'classification', sampling: samplingOf(settings),
  });
  return { experiment, messages: tensor.messages };
}

export async function train(partial: Partial<Settings>, steps: number, frame = 50, arms: 'all' | 'tensor' = 'all'): Promise<Trained> {
  const settings = { ...DEFAULTS, ...partial };
  reconcile(settings);
  const built = arms === 'all' ? await prepareRun(settings) : await tensorOnly(settings);
  const { experiment } = built;
  const errors: Record<string, number[]> = {};
  const iterations: number[] = [];
  let last: FrameFigures | null = null;
  for (let done = 0; done <= steps; done += frame) {
    const count = done === 0 ? 0 : frame;
    const flat = experiment.runFrame(count);
    last = experiment.decode((await flat.data()) as Float32Array, count);
    flat.dispose();
    iterations.push(last.iteration);
    for (const arm of last.arms) (errors[arm.name] ??= []).push(arm.error);
  }
  experiment.dispose();
  return { errors, iterations, last: last!, messages: built.messages };
}
