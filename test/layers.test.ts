// Imports run one way: ui → state → engine → core. Core is the domain (settings table included) and must not
// reach up into the store, the engine or the UI.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(__dirname, '..', 'src', 'core');

describe('layering', () => {
  it('src/core imports nothing from state, engine or ui', () => {
    const offenders: string[] = [];
    for (const file of readdirSync(CORE)) {
      const text = readFileSync(join(CORE, file), 'utf8');
      for (const match of text.matchAll(/from\s+'(\.\.\/(?:state|engine|ui)[^']*)'/g)) offenders.push(`${file}: ${match[1]}`);
    }
    expect(offenders).toEqual([]);
  });
});
