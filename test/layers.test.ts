// Imports run one way: ui → state → engine → core. Core is the domain (settings table and lessons included) and
// must not reach up into the store, the engine or the UI.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(__dirname, '..', 'src', 'core');

describe('layering', () => {
  it('src/core (and its subfolders) imports nothing from state, engine or ui', () => {
    const files = readdirSync(CORE, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && /\.tsx?$/.test(f.name));
    expect(files.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const file of files) {
      const path = join(file.parentPath, file.name);
      const text = readFileSync(path, 'utf8');
      for (const match of text.matchAll(/from\s+'((?:\.\.\/)+(?:state|engine|ui)\b[^']*)'/g)) offenders.push(`${relative(CORE, path)}: ${match[1]}`);
    }
    expect(offenders).toEqual([]);
  });
});
