// Whatever the browser hands back as saved progress, reading it returns a valid progress value, quickly.
import * as fc from 'fast-check';
import { expect, it } from 'vitest';
import { LESSON_IDS, LESSONS } from '../../src/core/lessons';
import { parseProgress } from '../../src/core/lessons/progress';
import { mapSettingsFromHash } from '../../src/state/mapSettings';

const numRuns = Number(process.env.FUZZ_RUNS) || 300;

it('parseProgress is total on any text and any JSON', () => {
  const text = fc.oneof(fc.string({ maxLength: 2000 }), fc.json({ maxDepth: 5 }), fc.json({ maxDepth: 5 }).map((j) => `{"v":1,"lessons":${j}}`));
  fc.assert(
    fc.property(text, (raw) => {
      const { progress } = parseProgress(raw);
      for (const id of LESSON_IDS) {
        const count = LESSONS[id].steps.length;
        for (const key of [...Object.keys(progress[id].passed), ...Object.keys(progress[id].baselines)]) {
          expect(Number(key)).toBeGreaterThanOrEqual(0);
          expect(Number(key)).toBeLessThan(count);
        }
        for (const record of Object.values(progress[id].passed)) expect(Object.values(record.numbers).every(Number.isFinite)).toBe(true);
      }
    }),
    { seed: 42, numRuns },
  );
});

it('the lesson fragment always names a lesson and one of its steps', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 40 }), (lesson, step) => {
      const { settings } = mapSettingsFromHash(`#view=lesson&lesson=${encodeURIComponent(lesson)}&step=${encodeURIComponent(step)}`);
      expect(LESSON_IDS).toContain(settings.lesson);
      expect(settings.step).toBeGreaterThanOrEqual(1);
      expect(settings.step).toBeLessThanOrEqual(LESSONS[settings.lesson].steps.length);
    }),
    { seed: 42, numRuns },
  );
});
