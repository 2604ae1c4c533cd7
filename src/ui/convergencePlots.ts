// The two live figures of every run: matched parameter error and loss against iteration, log y, one colour
// per arm (loss: training solid, held-out test dotted). With many seeds (trials > 1) each arm is its median
// over the seeds and a 10–90% band. The error plot marks the float32 floor measured for the run.
import type { PlotlyData } from 'plotly.js-cartesian-dist-min';
import { ARM_LABELS } from '../core/arms';
import { noiseFloor } from '../core/noiseFloor';
import { controller } from '../state/controller';
import { series } from '../engine/series';
import { spreadTraces } from './bandTraces';
import { ARM_COLORS } from './colors';
import type { PlotSource } from './LivePlot';
import { decimateToColumns } from './plotDecimation';

const baseLayout = (yTitle: string) => ({
  margin: { l: 60, r: 10, t: 10, b: 90 },
  xaxis: { title: { text: 'iteration', standoff: 4 } },
  yaxis: { title: { text: yTitle }, type: 'log', exponentformat: 'power' },
  legend: { orientation: 'h', y: -0.28, yanchor: 'top', font: { size: 11 } },
});

/** The last iteration plotted: a floor is drawn across the run. */
const lastIteration = () => Math.max(1, ...series.arms.map((arm) => arm.error.x[arm.error.x.length - 1] ?? 0));

/** Zhang et al.'s statistical floor, dashed across the run, when the labels are noisy. */
function floorTrace(): PlotlyData[] {
  const s = series.replay?.settings ?? controller.view()?.run.settings;
  if (!s || s.task !== 'regression' || s.noise <= 0) return [];
  const floor = noiseFloor(s);
  const last = lastIteration();
  return [{
    type: 'scatter', mode: 'lines', name: 'statistical floor 0.8·ν√(dk·ln n/n)', x: [0, last], y: [floor, floor],
    line: { color: '#2ca02c', dash: 'dash', width: 1.5 },
  }];
}

export const FLOAT32_FLOOR_NAME = 'float32 floor (measured for this run)';
const FLOAT32_COLOR = '#9467bd';

/** Where float32 gradient descent stalls at this η (float32Floor.ts), dashed, with a note on the plot. */
function float32Floor(): { data: PlotlyData[]; annotations: object[] } {
  const floor = series.floor;
  if (!floor?.reached) return { data: [], annotations: [] };
  return {
    data: [{
      type: 'scatter', mode: 'lines', name: FLOAT32_FLOOR_NAME, x: [0, lastIteration()], y: [floor.error, floor.error],
      line: { color: FLOAT32_COLOR, dash: 'dash', width: 1.5 },
    }],
    annotations: [{
      xref: 'paper', x: 1, xanchor: 'right', yref: 'y', y: Math.log10(floor.error), yanchor: 'bottom', showarrow: false,
      text: `float32 floor ≈ ${floor.error.toExponential(1)}: tfjs computes in float32, so the curves stop here, not the method`,
      font: { size: 10, color: FLOAT32_COLOR },
    }],
  };
}

/** One seed: a line per arm. Many seeds: each arm's band and median. */
function errorTraces(columns: number): PlotlyData[] {
  if (series.bands.length) {
    const seeds = series.bands[0].seeds.length;
    return series.bands.flatMap((band) => spreadTraces(ARM_LABELS[band.name], ARM_COLORS[band.name], band.error, seeds, { columns }));
  }
  return series.arms.map((arm): PlotlyData => ({
    type: 'scatter', mode: 'lines', name: ARM_LABELS[arm.name], ...decimateToColumns(arm.error.x, arm.error.y, columns),
    line: { color: ARM_COLORS[arm.name], width: 2 },
  }));
}

const errorPlot: PlotSource = {
  subscribe: (listener) => series.subscribe(listener),
  figure: (columns) => {
    const precision = float32Floor();
    return {
      data: [...errorTraces(columns), ...floorTrace(), ...precision.data],
      layout: { ...baseLayout('relative error ‖W − W*‖/‖W*‖'), annotations: precision.annotations },
      revision: series.revision,
    };
  },
};

/** Many seeds: each arm's training loss as band and median, the test loss's median dotted. */
function bandLossTraces(columns: number): PlotlyData[] {
  const seeds = series.bands[0].seeds.length;
  return series.bands.flatMap((band) => {
    const label = ARM_LABELS[band.name];
    const color = ARM_COLORS[band.name];
    return [
      ...spreadTraces(`${label} (train)`, color, band.loss, seeds, { columns }),
      ...spreadTraces(`${label} (test)`, color, band.testLoss, seeds, { band: false, dash: 'dot', columns }),
    ];
  });
}

const lossPlot: PlotSource = {
  subscribe: (listener) => series.subscribe(listener),
  figure: (columns) => ({
    data: series.bands.length ? bandLossTraces(columns) : series.arms.flatMap((arm): PlotlyData[] => [
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
