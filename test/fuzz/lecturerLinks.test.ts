// The lecturer-link codec under the suite's standard properties (codecFuzz.ts: never throws, quick, only known
// names and never one both hidden and locked, what it writes reads back the same with no notices, so a link
// made from a link is the same link), and the cases of its own: caps, clipped notices, hide winning over lock.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIP_LENGTH } from '../../src/core/clip';
import {
  encodeLecturerView, LECTURER_KEYS, LINK_TARGETS, lecturerViewFromSearch, MAX_NAMES, parseLecturerView, type LecturerView,
} from '../../src/core/lecturerLinks';
import { fuzzCodec, linkInputs, nastyText } from './codecFuzz';

const runs = Number(process.env.FUZZ_RUNS) || 300;

/** hide/lock values near the real ones: comma lists of known names, with a few unknown or odd ones. */
const nameList = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...LINK_TARGETS) }, { weight: 1, arbitrary: nastyText }), { maxLength: 12 })
  .map((names) => names.join(','));

function violations(view: LecturerView): string[] {
  const found: string[] = [];
  for (const list of [view.hide, view.lock]) {
    found.push(...list.filter((n) => !LINK_TARGETS.includes(n)).map((n) => `unknown name ${n}`));
    if (new Set(list).size !== list.length) found.push('a name twice');
  }
  found.push(...view.lock.filter((n) => view.hide.includes(n)).map((n) => `${n} both hidden and locked`));
  if (typeof view.present !== 'boolean') found.push('present not a boolean');
  return found;
}

describe('lecturer links (standard codec properties)', () => {
  fuzzCodec('lecturerViewFromSearch + encodeLecturerView', {
    parse: lecturerViewFromSearch,
    encode: (r) => `?${encodeLecturerView(r.view)}`,
    violations: (r) => violations(r.view),
    problems: (r) => r.problems,
    inputs: fc.oneof(linkInputs(LECTURER_KEYS, fc.oneof(nameList, fc.constantFrom('0', '1'))), linkInputs(['hide', 'lock', 'present', 'd'], nameList).map((q) => `?${q}`)),
  });
});

describe('lecturer links: its own cases', () => {
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
