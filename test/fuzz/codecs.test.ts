// The app's codecs of outside input under the standard fuzz properties (codecFuzz.ts): the settings query
// (as a URL and as pairs), the map's fragment, the grid text, and the CLI's arguments.
import * as fc from 'fast-check';
import { describe } from 'vitest';
import { ArgumentError, parseArgs, type CliOptions } from '../../src/cli/args';
import { parseMapArgs, type MapCliOptions } from '../../src/cli/map';
import { formatGrid, parseGrid } from '../../src/core/recoveryMap';
import { DEFAULTS, encodeSettings, parseSettings, SETTING_KEYS, SETTINGS, settingsFromSearch, type Settings } from '../../src/core/settings';
import { encodeMapSettings, MAP_DEFAULTS, MAP_FIELDS, MAP_KEYS, mapSettingsFromHash } from '../../src/state/mapSettings';
import { adversarialText, fuzzCodec, linkInputs, nastyNumber, nastyText } from './codecFuzz';
import { gridText, gridViolations, mapViolations, settingsViolations, tableValue } from './tables';

const settingValue = tableValue(SETTINGS);
const pairsOf = (query: string) => [...new URLSearchParams(query).entries()];

describe('settings query', () => {
  fuzzCodec('settingsFromSearch + encodeSettings', {
    parse: settingsFromSearch,
    encode: (r) => `?${encodeSettings(r.settings)}`,
    violations: (r) => settingsViolations(r.settings),
    problems: (r) => r.problems,
    inputs: fc.oneof(linkInputs([...SETTING_KEYS, 'v'], settingValue), linkInputs(SETTING_KEYS, settingValue).map((q) => `?${q}`)),
  }, { runs: 1500 });

  fuzzCodec('parseSettings (pairs) + encodeSettings', {
    parse: parseSettings,
    encode: (r) => pairsOf(encodeSettings(r.settings)),
    violations: (r) => settingsViolations(r.settings),
    problems: (r) => r.problems,
    inputs: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...SETTING_KEYS), nastyText), fc.oneof(settingValue, nastyNumber, adversarialText)), { maxLength: 30 }),
  });
});

describe('map fragment', () => {
  fuzzCodec('mapSettingsFromHash + encodeMapSettings', {
    parse: mapSettingsFromHash,
    encode: (r) => `#${encodeMapSettings(r.settings)}`,
    violations: (r) => mapViolations(r.settings),
    problems: (r) => r.problems,
    inputs: fc.oneof(linkInputs(MAP_KEYS, tableValue(MAP_FIELDS)), linkInputs(MAP_KEYS, tableValue(MAP_FIELDS)).map((h) => `#${h}`)),
  }, { runs: 1500 });
});

describe('grid text', () => {
  for (const sep of [':', '='] as const) {
    fuzzCodec(`parseGrid + formatGrid(${sep})`, {
      parse: (text: string) => parseGrid(text),
      encode: (r) => formatGrid(r.grid, sep),
      violations: (r) => gridViolations(r.grid),
      problems: (r) => r.problems,
      inputs: fc.oneof({ weight: 4, arbitrary: gridText }, { weight: 1, arbitrary: adversarialText }),
    }, { runs: 1500 });
  }
});

/** Arguments that set `s`: every setting not at its default, as `--key value` (iters only outside map mode). */
function settingsArgs(s: Settings, mapMode: boolean): string[] {
  return SETTING_KEYS.filter((key) => s[key] !== DEFAULTS[key] && !(mapMode && key === 'iters')).flatMap((key) => [`--${key}`, String(s[key])]);
}

function cliArgs({ options, map }: { options: CliOptions; map: MapCliOptions | null }): string[] {
  const mapArgs = map
    ? ['--map', formatGrid(map.spec.grid, '='), '--trials', String(map.spec.trials), '--init', map.spec.init, '--iters', String(map.spec.iters),
      ...(map.batch === null ? [] : ['--batch', String(map.batch)])]
    : [];
  return [...settingsArgs(options.settings, map !== null), ...mapArgs, ...(options.json ? ['--json'] : []), ...options.probe.flatMap((p) => ['--probe', p])];
}

const flag = fc.oneof(
  fc.constantFrom(...SETTING_KEYS, 'json', 'probe', 'map', 'trials', 'init', 'batch', 'iters', 'constructor', '__proto__', '').map((key) => `--${key}`),
  nastyText,
);
const argValue = fc.oneof(settingValue, gridText, fc.constantFrom('convexity', 'tensor', 'random', '1', '4'), nastyNumber, nastyText);
const argv = fc.array(fc.oneof(
  { weight: 3, arbitrary: fc.tuple(flag, argValue).map(([f, v]) => [f, v]) },
  { weight: 1, arbitrary: fc.tuple(flag, argValue).map(([f, v]) => [`${f}=${v}`]) },
  { weight: 1, arbitrary: flag.map((f) => [f]) },
), { maxLength: 8 }).map((groups) => groups.flat());

describe('CLI arguments', () => {
  fuzzCodec('parseArgs + parseMapArgs (strict: a bad argument is a usage error, exit 2)', {
    parse: (args: string[]) => {
      const options = parseArgs(args);
      return { options, map: options.map && parseMapArgs(options.map, options.settings) };
    },
    encode: cliArgs,
    violations: ({ options, map }) => [
      // `--iters 0` is the CLI's "initialization only", below the table's (the app slider's) least budget of 1.
      ...settingsViolations(options.settings.iters === 0 ? { ...options.settings, iters: 1 } : options.settings),
      ...(map ? mapViolations({ ...MAP_DEFAULTS, map: map.spec.grid, trials: map.spec.trials, init: map.spec.init, iters: map.spec.iters }) : []),
      ...(map && map.batch !== null && !(Number.isInteger(map.batch) && map.batch >= 1) ? [`batch ${map.batch}`] : []),
    ],
    refuses: (err) => err instanceof ArgumentError,
    inputs: argv,
  }, { runs: 1500 });
});
