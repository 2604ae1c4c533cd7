import type { ArmName } from '../core/arms';

/** One colour per arm, the same in every plot and readout. */
export const ARM_COLORS: Record<ArmName, string> = {
  tensor: '#d62728',
  random: '#1f77b4',
  'random-signs': '#7f7f7f',
  'tensor-squared': '#ff9896',
  'random-squared': '#9ecae1',
};
