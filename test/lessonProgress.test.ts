// The lessons' URL fragment and the stored progress: both are outside input, read totally and boundedly.
import { describe, expect, it } from 'vitest';
import { LESSONS, LESSON_IDS } from '../src/core/lessons';
import { emptyProgress, MAX_PROGRESS_CHARS, parseProgress, serializeProgress } from '../src/core/lessons/progress';
import { SETTING_KEYS } from '../src/core/settings';
import { encodeMapSettings, mapSettingsFromHash } from '../src/state/mapSettings';
import { stepLink } from '../src/state/lessonFragment';

describe('lesson fragment', () => {
  it('reads a lecturer’s link to a step', () => {
    const { settings, problems } = mapSettingsFromHash('#view=lesson&lesson=zhang&step=3');
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ view: 'lesson', lesson: 'zhang', step: 3 });
  });

  it('clamps an unknown lesson and a step past the end, with a notice each', () => {
    const unknown = mapSettingsFromHash('#view=lesson&lesson=nope&step=2');
    expect(unknown.settings.lesson).toBe(LESSON_IDS[0]);
    expect(unknown.problems.map((p) => p.key)).toEqual(['lesson']);
    const past = mapSettingsFromHash('#view=lesson&lesson=fu&step=42');
    expect(past.settings.step).toBe(LESSONS.fu.steps.length);
    expect(past.problems).toHaveLength(1);
    expect(past.problems[0].message).toMatch(/step=42 is past the end/);
    const wild = mapSettingsFromHash(`#view=lesson&step=${'9'.repeat(5000)}`);
    // Too long to be a finite number: the default step, and the echo is clipped.
    expect(wild.settings.step).toBe(1);
    expect(wild.problems[0].message.length).toBeLessThan(300);
    expect(mapSettingsFromHash('#view=lesson&step=-4').settings.step).toBe(1);
  });

  it('writes the lesson keys with the lesson view only, and reads back what it wrote', () => {
    const lesson = mapSettingsFromHash('#view=lesson&lesson=zhong&step=1').settings;
    expect(encodeMapSettings(lesson)).toBe('view=lesson&lesson=zhong&step=1');
    expect(encodeMapSettings({ ...lesson, view: 'map' })).toBe('view=map');
    expect(mapSettingsFromHash(encodeMapSettings({ ...lesson, lesson: 'fu', step: 4 })).settings).toMatchObject({ lesson: 'fu', step: 4 });
    expect(stepLink('https://x.edu/lab/', 'zhang', 2)).toBe('https://x.edu/lab/#view=lesson&lesson=zhang&step=2');
  });
});

describe('lesson data', () => {
  it('has three lessons of 5–8 steps, each step with a task, hints and a take-away', () => {
    expect(LESSON_IDS).toHaveLength(3);
    for (const id of LESSON_IDS) {
      const { steps } = LESSONS[id];
      expect(steps.length).toBeGreaterThanOrEqual(5);
      expect(steps.length).toBeLessThanOrEqual(8);
      for (const step of steps) {
        expect(step.task && step.takeaway && step.hints.length).toBeTruthy();
        expect([...step.controls, ...step.lock].every((key) => SETTING_KEYS.includes(key))).toBe(true);
        // KaTeX spans are closed: an odd number of $ would leave a formula open.
        expect(step.text.join('').split('$').length % 2).toBe(1);
      }
    }
  });
});

describe('stored progress', () => {
  const good = () => {
    const p = emptyProgress();
    p.zhang.passed[0] = { at: 1, numbers: { 'tensor init: error floor': 0.018 } };
    p.zhang.baselines[1] = { value: 0.018, settings: { noise: 0.5, n: 4000, act: 'relu' } };
    return p;
  };

  it('round-trips', () => {
    expect(parseProgress(serializeProgress(good()))).toEqual({ progress: good(), note: null });
    expect(parseProgress(null)).toEqual({ progress: emptyProgress(), note: null });
  });

  it('resets unreadable values with a note, and drops bad entries one by one', () => {
    for (const text of ['{', '[]', '"x"', 'null', '{"v":2,"lessons":{}}', '{"v":1}', 'x'.repeat(MAX_PROGRESS_CHARS + 1)]) {
      const { progress, note } = parseProgress(text);
      expect(progress).toEqual(emptyProgress());
      expect(note).toMatch(/reset/);
    }
    const raw = JSON.parse(serializeProgress(good()));
    raw.lessons.zhang.passed['99'] = { at: 1, numbers: {} };
    raw.lessons.zhang.passed['2'] = { at: 'soon', numbers: {} };
    raw.lessons.zhang.baselines['0'] = { value: null, settings: {} };
    raw.lessons.nope = { passed: { 0: { at: 1, numbers: {} } } };
    const { progress, note } = parseProgress(JSON.stringify(raw));
    expect(progress).toEqual(good());
    expect(note).toMatch(/3 saved lesson entries/);
  });
});
