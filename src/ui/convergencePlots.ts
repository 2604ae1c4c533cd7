// The two live figures of every run: matched parameter error and loss against iteration, log y, one colour
// per arm (loss: training solid, held-out test dotted).
import type { PlotlyData } from 'plotly.js-cartesian-dist-min';
import { ARM_LABELS } from '../core/arms';
import { noiseFloor } from '../core/noiseFloor';
import { controller } from '../engine/controller';
import { series } from '../engine/series';
import { ARM_COLORS } from './colors';
import type { PlotSource } from './LivePlot';
import { decimateToColumns } from './plotDecimation';

const baseLayout = (yTitle: string) => ({
  margin: { l: 60, r: 10, t: 10, b: 90 },
  xaxis: { title: { text: 'iteration', standoff: 4 } },
  yaxis: { title: { text: yTitle }, type: 'log', exponentformat: 'power' },
  legend: { orientation: 'h', y: -0.28, yanchor: 'top', font: { size: 11 } },
});

/** Zhang et al.'s statistical floor, dashed across the run, when the labels are noisy. */
function floorTrace(): PlotlyData[] {
  const s = series.replay?.settings ?? controller.view()?.run.settings;
  if (!s || s.task !== 'regression' || s.noise <= 0) return [];
  const floor = noiseFloor(s);
  const last = Math.max(1, ...series.arms.map((arm) => arm.error.x[arm.error.x.length - 1] ?? 0));
  return [{
    type: 'scatter', mode: 'lines', name: 'statistical floor 0.8·ν√(dk·ln n/n)', x: [0, last], y: [floor, floor],
    line: { color: '#2ca02c', dash: 'dash', width: 1.5 },
  }];
}

const errorPlot: PlotSource = {
  subscribe: (listener) => series.subscribe(listener),
  figure: (columns) => ({
    data: [
      ...series.arms.map((arm): PlotlyData => ({
        type: 'scatter', mode: 'lines', name: ARM_LABELS[arm.name], ...decimateToColumns(arm.error.x, arm.error.y, columns),
        line: { color: ARM_COLORS[arm.name], width: 2 },
      })),
      ...floorTrace(),
    ],
    layout: baseLayout('relative error ‖W − W*‖/‖W*‖'),
    revision: series.revision,
  }),
};

const lossPlot: PlotSource = {
  subscribe: (listener) => series.subscribe(listener),
  figure: (columns) => ({
    data: series.arms.flatMap((arm): PlotlyData[] => [
      {
        type: 'scatter', mode: 'lines', name: `${ARM_LABELS[arm.name]} (train)`, ...decimateToColumns(arm.loss.x, arm.loss.y, columns),
        line: { color: ARM_COLORS[arm.name], width: 2 },
      },
      {
        type: 'scatter', mode: 'lines', name: `${ARM_LABELS[arm.name]} (test)`, ...decimateToColumns(arm.testLoss.x, arm.testLoss.y, columns),
        line: { color: ARM_COLORS[arm.name], width: 1.5, dash: 'dot' },
      },
    ]),
    layout: baseLayout('loss'),
    revision: series.revision,
  }),
};

export const convergence = { error: errorPlot, loss: lossPlot };
