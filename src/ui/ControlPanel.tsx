// The control panel: every setting of the experiment, and the run buttons.
import { ACTIVATION_LABELS } from '../core/activations';
import { useAppStore } from '../state/store';
import { SeedInput, SettingSelect, SettingSlider } from './controls';

const VSTAR_LABELS = { pm1: '±1 (random signs)', ones: 'all ones' };
const BACKEND_LABELS = { auto: 'auto', webgl: 'WebGL', webgpu: 'WebGPU', wasm: 'WASM', cpu: 'CPU' };

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
  const act = useAppStore((s) => s.settings.act);
  return (
    <aside className="panel" aria-label="settings">
      <RunButtons />
      <h2>Teacher</h2>
      <SettingSelect name="act" labels={ACTIVATION_LABELS} />
      {act === 'leaky' && <SettingSlider name="slope" />}
      <SettingSlider name="d" />
      <SettingSlider name="k" />
      <SettingSlider name="kappa" />
      <SettingSelect name="vstar" labels={VSTAR_LABELS} />
      <SettingSlider name="noise" />
      <h2>Samples and training</h2>
      <SettingSlider name="n" />
      <SettingSlider name="lr" />
      <SettingSlider name="iters" />
      <SettingSlider name="rscale" />
      <SeedInput />
      <h2>Engine</h2>
      <SettingSelect name="backend" labels={BACKEND_LABELS} />
    </aside>
  );
}
