// The measured rates, which the error plot's traces do not hold, for the plot's text summary.
import { ARM_LABELS } from '../../core/arms';
import { useAppStore } from '../../state/store';

export function rateSummary(): string {
  const arms = useAppStore.getState().run.arms.filter((a) => a.rate !== null);
  if (!arms.length) return '';
  return `Measured rate per step: ${arms.map((a) => `${ARM_LABELS[a.name]} ${a.rate!.toFixed(4)}`).join('; ')}.`;
}
