// The lecturer-link codec against arbitrary query strings: it never throws, returns quickly, keeps only known
// names (never one both hidden and locked), quotes outside input only clipped, and what it writes reads back
// to the same view with no notices (so a link made from a link is the same link).
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIP_LENGTH } from '../../src/core/clip';
import {
  encodeLecturerView, LINK_TARGETS, lecturerViewFromSearch, MAX_NAMES, parseLecturerView, type LecturerView,
} from '../../src/core/lecturerLinks';

const runs = Number(process.env.FUZZ_RUNS) || 300;

/** Query strings near the real ones: known and unknown names, odd separators and encodings, repeated keys. */
const name = fc.oneof(fc.constantFrom(...LINK_TARGETS), fc.constantFrom('', ' ', 'D', 'hide', '%2C', 'tensor ', '1', 'x'.repeat(200)), fc.string({ maxLength: 12 }));
const value = fc.oneof(fc.array(name, { maxLength: 12 }).map((names) => names.join(',')), fc.string({ maxLength: 40 }), fc.constantFrom('0', '1', 'true', ''));
const pair = fc.tuple(fc.constantFrom('hide', 'lock', 'present', 'd', 'v', 'Hide'), value);
const search = fc.oneof(
  fc.array(pair, { maxLength: 8 }).map((pairs) => `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
  fc.array(pair, { maxLength: 8 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
  fc.string({ maxLength: 200 }),
);

function check(view: LecturerView): void {
  for (const list of [view.hide, view.lock]) {
    for (const n of list) expect(LINK_TARGETS).toContain(n);
    expect(new Set(list).size).toBe(list.length);
  }
  expect(view.lock.filter((n) => view.hide.includes(n))).toEqual([]);
  expect(typeof view.present).toBe('boolean');
}

describe('lecturer links (fuzz)', () => {
  it('read any query string into a valid view, and write it back stably', () => {
    fc.assert(
      fc.property(search, (s) => {
        const { view, problems } = lecturerViewFromSearch(s);
        check(view);
        for (const p of problems) expect(p.message.length).toBeLessThan(600 + 2 * CLIP_LENGTH);
        const written = encodeLecturerView(view);
        const again = lecturerViewFromSearch(written);
        expect(again.view).toEqual(view);
        expect(again.problems).toEqual([]);
        expect(encodeLecturerView(again.view)).toBe(written);
      }),
      { seed: 42, numRuns: runs },
    );
  });

  it('any view written and read back is itself (hide wins over lock)', () => {
    const names = fc.subarray([...LINK_TARGETS]);
    fc.assert(
      fc.property(names, names, fc.boolean(), (hide, lock, present) => {
        const view = { hide, lock: lock.filter((n) => !hide.includes(n)), present };
        expect(lecturerViewFromSearch(encodeLecturerView(view)).view).toEqual(view);
      }),
      { seed: 42, numRuns: runs },
    );
  });

  it('a huge or endlessly repeated list costs little and is cut with a notice', () => {
    const long = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? 'd' : `junk${i}`)).join(',');
    const query = `hide=${long}&lock=${'k,'.repeat(50_000)}`;
    const pairs = Array.from({ length: 100_000 }, () => ['hide', 'n'] as [string, string]);
    const started = performance.now();
    const { view, problems } = lecturerViewFromSearch(query);
    const repeated = parseLecturerView(pairs);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(view.hide).toEqual(['d']);
    expect(view.lock).toEqual(['k']);
    expect(problems.map((p) => p.key)).toEqual(['hide', 'hide', 'lock']);
    expect(problems[1].message).toContain(`first ${MAX_NAMES}`);
    expect(Math.max(...problems.map((p) => p.message.length))).toBeLessThan(600 + 2 * CLIP_LENGTH);
    expect(repeated.view.hide).toEqual(['n']);
  });

  it('names the unknown and the doubled, and keeps the rest', () => {
    const { view, problems } = lecturerViewFromSearch('?hide=d,k,noise,convexity,tensor,wobble&lock=n,d&present=1');
    expect(view).toEqual({ hide: ['d', 'k', 'noise', 'tensor', 'convexity'], lock: ['n'], present: true });
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('wobble'),
      'd is both hidden and locked; hidden.',
    ]);
    expect(encodeLecturerView(view)).toBe('hide=d,k,noise,tensor,convexity&lock=n&present=1');
    expect(lecturerViewFromSearch('present=yes').problems[0].message).toBe('present=yes is not 0 or 1; using 0.');
  });
});
