// The papers' reference experiments: choosing one sets every control at once (and so the URL).
import { useId } from 'react';
import { PRESETS, presetSettings } from '../state/presets';
import { useAppStore } from '../state/store';

export function PresetMenu() {
  const id = useId();
  const setSettings = useAppStore((s) => s.setSettings);
  return (
    <div className="control">
      <label htmlFor={id}>preset experiment</label>
      <select
        id={id}
        value=""
        onChange={(e) => {
          const preset = PRESETS.find((p) => p.id === e.target.value);
          if (preset) setSettings(presetSettings(preset));
        }}
      >
        <option value="" disabled>Choose a paper's experiment…</option>
        {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
      </select>
    </div>
  );
}
