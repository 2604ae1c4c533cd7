// The controls a step lets the student move, and the ones it shows fixed; everything else is simply not shown.
// A step is a short list of what to show, so it is drawn from that list rather than by hiding the rest. A
// lecturer's own hide/lock (the link's `hide=`/`lock=`) still applies on top: each control asks the lecturer store.
import { ACTIVATION_LABELS } from '../../core/activations';
import { SETTINGS, type SettingKey } from '../../core/settings';
import type { LessonStep } from '../../core/lessons';
import { RunButtons } from '../ControlPanel';
import { SeedInput, SettingSelect, SettingSlider } from '../controls';

const FIXED = 'Fixed in this step: the claim it checks holds at this value.';
const LABELS: Partial<Record<SettingKey, Record<string, string>>> = { act: ACTIVATION_LABELS };

type Slider = Parameters<typeof SettingSlider>[0]['name'];
type Select = Parameters<typeof SettingSelect>[0]['name'];

function Control({ name, locked }: { name: SettingKey; locked: boolean }) {
  if (name === 'seed') return <SeedInput />;
  const reason = locked ? FIXED : null;
  if (SETTINGS[name].kind === 'enum') return <SettingSelect name={name as Select} labels={LABELS[name]} disabled={reason} />;
  return <SettingSlider name={name as Slider} disabled={reason} />;
}

export function StepControls({ step }: { step: LessonStep }) {
  return (
    <div className="lesson-controls" role="group" aria-label="this step's controls">
      <RunButtons />
      {step.controls.map((key) => <Control key={key} name={key} locked={false} />)}
      {step.lock.map((key) => <Control key={key} name={key} locked />)}
    </div>
  );
}
