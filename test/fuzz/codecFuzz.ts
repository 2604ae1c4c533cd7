// The standard properties every codec of outside input must have (a URL's query or fragment, CLI flags, a
// field's text, a file), checked with fast-check over random and adversarial inputs in one call. To add a codec,
// in a `*.test.ts` file under test/fuzz/:
//
//   import { fuzzCodec, linkInputs } from './codecFuzz';
//   import { tableViolations } from './tables';
//   describe('lecturer hide= list', () => {
//     fuzzCodec('hide=', {
//       parse: (text) => parseHideList(text),        // must return for every input
//       encode: (value) => encodeHideList(value),    // the value back in the input's form
//       violations: (value) => (value.every((key) => key in SETTINGS) ? [] : ['unknown key']),
//       problems: (value) => value.problems,         // optional: what encode writes reads back with none
//       inputs: linkInputs(['hide', 'lock'], fc.constantFrom(...SETTING_KEYS)),  // optional; default adversarialText
//     });
//   });
//
// Each input is checked for: parse returns (or throws only what `refuses` accepts: the CLI's usage error) within
// `perCallMs` (timed twice before failing, so one pause of a loaded 2-core machine does not fail it, while an
// input that is slow every time does); the value has no violations (write them from the settings table — see
// tables.ts — so keys added later are covered); encode(parse(encode(parse(x)))) equals encode(parse(x)); and
// the encoded text reads back with no problems. Runs: `runs` (default 1000) with seed 42, or FUZZ_RUNS.
import * as fc from 'fast-check';
import { expect, it } from 'vitest';

export interface Codec<I, T> {
  /** Reads outside input. */
  parse: (input: I) => T;
  /** Writes a parsed value back in the input's form. */
  encode: (value: T) => I;
  /** What is wrong with a parsed value (outside the table's ranges or options); [] when nothing. */
  violations: (value: T) => string[];
  /** The problems a parse reported: the input that `encode` writes must read back with none. */
  problems?: (value: T) => readonly unknown[];
  /** Errors that are a refusal of the input (a CLI's usage error, exit status 2); any other throw fails. */
  refuses?: (error: unknown) => boolean;
  /** The inputs to try; default: `adversarialText`. */
  inputs?: fc.Arbitrary<I>;
}

export interface FuzzOptions {
  runs?: number;
  /**
   * Longest a single parse of a short input may take (twice in a row) before it counts as slow. Longer inputs
   * get a share that grows linearly, 10 kB for another `perCallMs`, which a linear parser keeps to on a loaded
   * machine (a quadratic one on 100 kB needs thousands of times as long).
   */
  perCallMs?: number;
  /** Longest mean parse time over all inputs. */
  meanMs?: number;
}

export const FUZZ_SEED = 42;

/** Numbers and number-like texts that broke, or could break, a parser. */
export const NASTY_NUMBERS = [
  '1e-300', '*1.0000000000000002', '1.0000000000000002', '1e-9', '1e-12', '5e-324', '1e308', '1e309', '-1e309', '1e999',
  'NaN', 'Infinity', '-Infinity', '-0', '+0', '0', '-1', '0x10', '0X1F', '0b101', '0o17', '2.5', '12.5', '.5', '5.', '1e',
  'e5', '1e+21', '9007199254740993', '1'.repeat(400), `0.${'0'.repeat(400)}1`, ' 10', '10 ', '\t10', '1_000', '1,5',
  '١٢', '１２', '\u00a010', '+-1', '--1', '*', '**2', 'x2', '*-2', '*0', '*NaN', '*1e-300', '*Infinity',
];

/** Texts that are hostile as keys, separators or whole inputs. */
export const NASTY_TEXT = [
  '', ' ', '+', '&', '=', '==', '&&&', '#', '?', '%', '%%', '%zz', '%E2%80%AE', '%00', '%C0%AF', '\u202e', '\ud800', '\uffff',
  '\u0000', '💥', '<script>alert(1)</script>', '"\'`', '\\', '\n', '__proto__', 'constructor', 'toString',
  'hasOwnProperty', 'valueOf', ':', ',', '::', ',,', ':*', '=:', 'κ', 'K', 'N',
];

/** Long texts, up to 100 kB: the size of a value someone pastes by mistake. */
export const longText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', '9', '%41', '1e-300,', 'd=', '&d=', ':', '💥', ' '), fc.integer({ min: 1_000, max: 100_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

export const nastyNumber: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_NUMBERS),
  fc.double().map(String),
  fc.double().map((x) => x.toExponential()),
  fc.bigInt().map(String),
  fc.integer().map(String),
);

export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_TEXT) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

/** Any text: random, hostile, number-like, now and then long. */
export const adversarialText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nastyText },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 2, arbitrary: fc.string() },
  { weight: 1, arbitrary: longText },
);

/** encodeURIComponent, or the text as it is where it cannot be encoded (a lone surrogate). */
const escape = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Query-string-like text `key=value&…`: keys mostly known (so values reach the parsers), repeated at random,
 * values good or hostile, each pair percent-encoded or not; now and then one long value; mixed with any text.
 */
export function linkInputs(keys: readonly string[], goodValue: fc.Arbitrary<string>, sep = '&'): fc.Arbitrary<string> {
  const key = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: nastyText });
  const pair = fc.tuple(
    key,
    fc.oneof({ weight: 3, arbitrary: goodValue }, { weight: 2, arbitrary: nastyNumber }, { weight: 1, arbitrary: nastyText }),
    fc.boolean(),
  ).map(([k, value, escaped]) => (escaped ? `${escape(k)}=${escape(value)}` : `${k}=${value}`));
  return fc.oneof(
    { weight: 12, arbitrary: fc.array(pair, { maxLength: 12 }).map((pairs) => pairs.join(sep)) },
    { weight: 1, arbitrary: fc.tuple(fc.array(pair, { maxLength: 3 }), key, longText).map(([pairs, k, v]) => [...pairs, `${k}=${v}`].join(sep)) },
    { weight: 3, arbitrary: adversarialText },
  );
}

/** The size of an input for the time bound: its text's length. */
const sizeOf = (input: unknown) => (typeof input === 'string' ? input.length : JSON.stringify(input)?.length ?? 0);

/** Runs the standard properties on a codec as one vitest test. */
export function fuzzCodec<I, T>(name: string, codec: Codec<I, T>, options: FuzzOptions = {}): void {
  const runs = Number(process.env.FUZZ_RUNS) || options.runs || 1000;
  const perCallMs = options.perCallMs ?? 50;
  const meanMs = options.meanMs ?? 5;
  const inputs = codec.inputs ?? (adversarialText as unknown as fc.Arbitrary<I>);
  it(`${name}: ${runs} inputs each parse quickly without throwing, into the table's ranges; encode∘parse is stable`, () => {
    let parsed = 0;
    let accepted = 0;
    let totalMs = 0;
    /** The parse's value, or null when refused; fails on a slow parse or a throw that is not a refusal. */
    const read = (input: I): { value: T } | null => {
      const timed = () => {
        const started = performance.now();
        try {
          return { value: codec.parse(input), ms: performance.now() - started };
        } catch (error) {
          if (codec.refuses?.(error)) return { value: null, ms: performance.now() - started };
          throw error;
        }
      };
      const bound = perCallMs * (1 + sizeOf(input) / 10_000);
      let run = timed();
      parsed++;
      totalMs += run.ms;
      if (run.ms >= bound) run = timed();
      expect(run.ms, `parse of ${sizeOf(input)} characters took ${run.ms.toFixed(1)} ms twice`).toBeLessThan(bound);
      return run.value === null ? null : { value: run.value };
    };
    fc.assert(
      fc.property(inputs, (input) => {
        const first = read(input);
        if (!first) return;
        accepted++;
        expect(codec.violations(first.value)).toEqual([]);
        const encoded = codec.encode(first.value);
        const again = read(encoded);
        expect(again, 'the encoded value is refused').not.toBeNull();
        expect(codec.violations(again!.value)).toEqual([]);
        expect(codec.problems?.(again!.value) ?? []).toEqual([]);
        expect(codec.encode(again!.value)).toEqual(encoded);
      }),
      { seed: FUZZ_SEED, numRuns: runs },
    );
    expect(totalMs / parsed, 'mean parse time (ms)').toBeLessThan(meanMs);
    // A strict parser refuses most random input; enough must get through for the round trip to be tested.
    expect(accepted, 'inputs accepted').toBeGreaterThanOrEqual(runs / 20);
  });
}
