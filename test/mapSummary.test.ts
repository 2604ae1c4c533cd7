import { describe, expect, it } from 'vitest';
import type { CellResult, MapSpec } from '../src/core/recoveryMap';
import { mapSummary } from '../src/ui/map/mapSummary';

const spec: MapSpec = {
  grid: { x: { key: 'n', from: 1000, to: 4000, step: 2, geometric: true }, y: { key: 'd', from: 4, to: 8, step: 4, geometric: false } },
  trials: 2,
  init: 'tensor',
  iters: 100,
};

const cell = (x: number, y: number, successRate: number | null, meanInitError: number | null): CellResult => ({
  x, y, trials: [], reason: null, successRate, meanInitError, meanInitErrorFro: meanInitError, meanFinalError: null,
  meanItersToSuccess: null, initSignsRight: null, seconds: 1,
});

describe('the map in words', () => {
  const cells = [cell(1000, 4, 0.5, 0.7), cell(2000, 4, 1, 0.3), null, cell(1000, 8, 0, 1.6), null, null];

  it('counts the cells done and names the best and worst success rate', () => {
    expect(mapSummary(spec, cells, 'success')).toBe('3 of 6 cells done. Best success rate: 100% at n = 2000, d = 4; worst: 0% at n = 1000, d = 8.');
  });

  it('ranks errors lowest first', () => {
    expect(mapSummary(spec, cells, 'error')).toBe('3 of 6 cells done. Best mean initialization error: 3.0e-1 at n = 2000, d = 4; worst: 1.6e+0 at n = 1000, d = 8.');
  });

  it('says only the count while no cell has a number', () => {
    expect(mapSummary(spec, [null, cell(1000, 4, null, null)], 'success')).toBe('1 of 2 cells done.');
  });
});
