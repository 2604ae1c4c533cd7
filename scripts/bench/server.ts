// Serves the app and the bench page to the browser runner, with the project's own Vite config (its COOP/COEP
// headers give the WASM backend its threads). Default: a production build of both pages into a temporary folder
// (dist/ is left alone) served by `vite preview`; `dev`: the Vite dev server, no build.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, createServer, preview } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
const CONFIG = join(ROOT, 'vite.config.ts');
/** BENCH_PORT moves it (the next free port is taken when it is busy). */
const PORT = Number(process.env.BENCH_PORT) || 5180;

export interface Served {
  url: string;
  /** Where the built files are (null for the dev server): the profile reads the chunks' module markers there. */
  outDir: string | null;
  close(): Promise<void>;
}

/**
 * Not minified: terser takes about a minute here and changes nothing at run time, and the unminified chunks keep
 * the `// node_modules/…` markers that attribute profile samples to libraries.
 */
async function buildPages(outDir: string): Promise<void> {
  await build({
    root: ROOT,
    configFile: CONFIG,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      rolldownOptions: { input: { index: join(ROOT, 'index.html'), bench: join(ROOT, 'bench.html') } },
    },
  });
}

export async function serve(mode: 'build' | 'dev', log: (line: string) => void): Promise<Served> {
  if (mode === 'dev') {
    const server = await createServer({ root: ROOT, configFile: CONFIG, logLevel: 'warn', server: { port: PORT, strictPort: false, host: '127.0.0.1' } });
    await server.listen();
    return { url: server.resolvedUrls!.local[0].replace(/\/$/, ''), outDir: null, close: () => server.close() };
  }
  const outDir = mkdtempSync(join(tmpdir(), 'recovery-lab-bench-'));
  log(`building the app and bench.html into ${outDir} (vite build, not minified)…`);
  const started = performance.now();
  try {
    await buildPages(outDir);
  } catch (err) {
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
  log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const server = await preview({ root: ROOT, configFile: CONFIG, logLevel: 'warn', build: { outDir }, preview: { port: PORT, strictPort: false, host: '127.0.0.1' } });
  return {
    url: server.resolvedUrls!.local[0].replace(/\/$/, ''),
    outDir,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
