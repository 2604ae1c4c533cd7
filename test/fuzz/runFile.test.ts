// Reading run and map files is reading outside input: whatever JSON-ish text comes in, the readers return a
// valid document or a message, and never throw.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMapFile } from '../../src/core/mapFile';
import { readRunFile, runFileSchema } from '../../src/core/runFile';
import { DEFAULTS } from '../../src/core/settings';

const RUNS = Number(process.env.FUZZ_RUNS) || 300;

const validRun = {
  kind: 'recovery-lab/run', version: 1, app: { name: 'recovery-lab', version: '0.1.0', writer: 'app' }, url: '?v=1',
  settings: { ...DEFAULTS, d: 2, k: 1 }, backend: 'wasm', precision: 32, seeds: [1], messages: [], iterations: 1, tensorInit: null,
  teacher: { W: [1, 0], v: [1] },
  arms: [{ name: 'tensor', initError: 0.1, error: [0.1, 0.05], loss: [1, 0.5], testLoss: [1, 0.6], W: [1, 0], v: [1], stopped: null }],
};

/** A valid file with one field (at any depth) replaced by arbitrary JSON. */
const mutated = fc.tuple(fc.jsonValue(), fc.nat(), fc.nat()).map(([value, a, b]) => {
  const doc = structuredClone(validRun) as Record<string, unknown>;
  const keys = Object.keys(doc);
  const key = keys[a % keys.length];
  const inner = doc[key];
  if (inner && typeof inner === 'object' && !Array.isArray(inner) && b % 2) {
    const innerKeys = Object.keys(inner);
    if (innerKeys.length) (inner as Record<string, unknown>)[innerKeys[b % innerKeys.length]] = value;
  } else {
    doc[key] = value;
  }
  return JSON.stringify(doc);
});

const texts = fc.oneof(
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  mutated,
  fc.jsonValue().map((v) => JSON.stringify({ kind: 'recovery-lab/run', version: 1, ...(v && typeof v === 'object' ? v : { v }) })),
);

describe('run file reader (fuzz)', () => {
  it('never throws: a valid run or a message', () => {
    fc.assert(fc.property(texts, (text) => {
      const read = readRunFile(text);
      if (read.ok) {
        expect(runFileSchema.safeParse(read.value.file).success).toBe(true);
        expect(read.value.settings.d * read.value.settings.k).toBe(read.value.file.teacher.W.length);
      } else {
        expect(read.message.length).toBeGreaterThan(0);
        expect(read.message.length).toBeLessThan(1000);
      }
    }), { seed: 42, numRuns: RUNS });
  });
  it('the map reader too', () => {
    fc.assert(fc.property(texts, (text) => {
      const read = readMapFile(text.replace('recovery-lab/run', 'recovery-lab/map'));
      if (!read.ok) expect(read.message.length).toBeLessThan(1000);
    }), { seed: 42, numRuns: RUNS });
  });
});
