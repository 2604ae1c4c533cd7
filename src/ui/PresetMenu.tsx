// A menu of named experiments: choosing one applies it at once (and so the URL). Serves the live view's
// presets and the recovery map's.
import { useId } from 'react';
import { PRESETS, presetSettings } from '../state/presets';
import { useAppStore } from '../state/store';

interface Named {
  id: string;
  title: string;
}

export function PresetSelect<P extends Named>({ label, prompt, presets, onPick }: { label: string; prompt: string; presets: readonly P[]; onPick: (preset: P) => void }) {
  const id = useId();
  return (
    <div className="control">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value=""
        onChange={(e) => {
          const preset = presets.find((p) => p.id === e.target.value);
          if (preset) onPick(preset);
        }}
      >
        <option value="" disabled>{prompt}</option>
        {presets.map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
      </select>
    </div>
  );
}

/** The papers' reference experiments: choosing one sets every control at once. */
export function PresetMenu() {
  const setSettings = useAppStore((s) => s.setSettings);
  return (
    <PresetSelect label="preset experiment" prompt="Choose a paper's experiment…" presets={PRESETS} onPick={(p) => setSettings(presetSettings(p))} />
  );
}
