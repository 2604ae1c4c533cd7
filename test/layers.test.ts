// Imports run one way: ui → state → engine → core. Core is the domain (settings table and lessons included) and
// must not reach up into the store, the engine or the UI; the engine runs the maths and knows no store; the store
// knows no component.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', 'src');

/** Each layer and the layers above it, which it must not import. */
const ABOVE: Record<string, string[]> = { core: ['state', 'engine', 'ui'], engine: ['state', 'ui'], state: ['ui'] };

function importsAbove(layer: string): string[] {
  const dir = join(SRC, layer);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && /\.tsx?$/.test(f.name));
  expect(files.length).toBeGreaterThan(5);
  const pattern = new RegExp(`from\\s+'((?:\\.\\./)+(?:${ABOVE[layer].join('|')})\\b[^']*)'`, 'g');
  const offenders: string[] = [];
  for (const file of files) {
    const path = join(file.parentPath, file.name);
    for (const match of readFileSync(path, 'utf8').matchAll(pattern)) offenders.push(`${relative(SRC, path)}: ${match[1]}`);
  }
  return offenders;
}

describe('layering', () => {
  for (const layer of Object.keys(ABOVE)) {
    it(`src/${layer} (and its subfolders) imports nothing from ${ABOVE[layer].join(', ')}`, () => {
      expect(importsAbove(layer)).toEqual([]);
    });
  }
});
