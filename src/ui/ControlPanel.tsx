// The control panel: every setting of the experiment, and the run buttons.
import { ACTIVATION_LABELS } from '../core/activations';
import { disabledReason } from '../core/settings';
import { useAppStore } from '../state/store';
import { SeedInput, SettingSelect, SettingSlider } from './controls';
import { PresetMenu } from './PresetMenu';
import { LecturerPanel } from './share/lecturerAccess';

const TASK_LABELS = { regression: 'regression (squared loss)', classification: 'classification (Bernoulli labels)' };
const MODEL_LABELS = { fcn: 'fully connected', cnn: 'non-overlapping CNN (one filter)' };
const COMPARE_LABELS = { '0': 'no', '1': 'yes: also train on the squared loss' };
const SPLIT_LABELS = { '0': 'no: all samples for every stage', '1': 'yes: three parts, one per stage' };
const VSTAR_LABELS = { pm1: '±1 (random signs)', ones: 'all ones' };
const BACKEND_LABELS = { auto: 'auto', webgl: 'WebGL', webgpu: 'WebGPU', wasm: 'WASM', cpu: 'CPU' };
const THREAD_LABELS = { worker: 'Web Worker', main: 'main thread' };
const GD_LABELS = { full: 'the fixed samples (full batch)', resample: 'fresh samples each step (resampling)', sgd: 'minibatches of the fixed samples (SGD)' };

export function RunButtons() {
  const status = useAppStore((s) => s.run.status);
  const send = useAppStore((s) => s.send);
  const running = status === 'running';
  const busy = status === 'building' || status === 'starting';
  return (
    <div className="buttons" role="group" aria-label="run">
      <button type="button" onClick={() => send(running ? 'pause' : 'play')} disabled={busy || status === 'error'}>
        {running ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={() => send('step')} disabled={busy || status === 'error'}>One step</button>
      <button type="button" onClick={() => send('reset')} disabled={busy}>Reset</button>
    </div>
  );
}

export function ControlPanel() {
  const settings = useAppStore((s) => s.settings);
  const why = (key: Parameters<typeof disabledReason>[1]) => disabledReason(settings, key);
  return (
    <aside className="panel" aria-label="settings">
      <RunButtons />
      <LecturerPanel name="presets"><PresetMenu /></LecturerPanel>
      <h2>Problem</h2>
      <SettingSelect name="task" labels={TASK_LABELS} />
      <SettingSelect name="model" labels={MODEL_LABELS} disabled={why('model')} />
      <SettingSelect name="loss" disabled={why('loss')} />
      <SettingSelect name="compare" labels={COMPARE_LABELS} disabled={why('compare')} />
      <h2>Teacher</h2>
      <SettingSelect name="act" labels={ACTIVATION_LABELS} disabled={why('act')} />
      {settings.act === 'leaky' && <SettingSlider name="slope" />}
      <SettingSlider name="d" />
      <SettingSlider name="k" />
      <SettingSlider name="kappa" disabled={why('kappa')} />
      <SettingSelect name="vstar" labels={VSTAR_LABELS} disabled={why('vstar')} />
      <SettingSlider name="noise" disabled={why('noise')} />
      <h2>Samples and training</h2>
      <SettingSlider name="n" />
      <SettingSlider name="lr" />
      <SettingSlider name="iters" />
      <SettingSlider name="rscale" />
      <SettingSelect name="split" labels={SPLIT_LABELS} disabled={why('split')} />
      <SettingSelect name="gd" labels={GD_LABELS} />
      <SettingSlider name="batch" disabled={why('batch')} />
      <SeedInput />
      <SettingSlider name="trials" />
      <h2>Engine</h2>
      <SettingSelect name="backend" labels={BACKEND_LABELS} />
      <SettingSelect name="thread" labels={THREAD_LABELS} />
    </aside>
  );
}
