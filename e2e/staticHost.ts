// The production build copied under a subpath of a plain static server (sirv: no COOP/COEP headers), the way a
// lecturer hosts it (GitHub Pages, a department web space). Started and stopped by the spec that uses it.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A second port beside the suite's preview server, so both checkouts' suites can run side by side. */
export const STATIC_PORT = Number(process.env.PW_STATIC_PORT) || (Number(process.env.PW_PORT) || 4173) + 10;
export const SUBPATH = '/course/recovery-lab/';

export interface StaticHost {
  url: string;
  /** A lecturer uploading a new build: the server stops, `edit` changes the served folder, the server starts again. */
  redeploy(edit: (dir: string) => void): Promise<void>;
  stop(): Promise<void>;
}

async function waitForServer(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`sirv exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sirv did not answer at ${url}`);
}

const startSirv = (root: string) =>
  spawn(process.execPath, ['node_modules/sirv-cli/bin.js', root, '--port', String(STATIC_PORT), '--host', '127.0.0.1', '--quiet'], { stdio: 'ignore' });

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill();
  await exited;
}

/** Copies dist/ to <tmp>/course/recovery-lab/ and serves <tmp>. */
export async function startStaticHost(): Promise<StaticHost> {
  const root = mkdtempSync(join(tmpdir(), 'recovery-lab-host-'));
  const dir = join(root, SUBPATH);
  cpSync('dist', dir, { recursive: true });
  // Node on sirv-cli's script directly (not npx): the process we stop is the server itself.
  let child = startSirv(root);
  const url = `http://127.0.0.1:${STATIC_PORT}${SUBPATH}`;
  await waitForServer(url, child);
  return {
    url,
    redeploy: async (edit) => {
      // sirv reads the files' sizes once at start: a changed file needs a new server (same port, same origin).
      await kill(child);
      edit(dir);
      child = startSirv(root);
      await waitForServer(url, child);
    },
    stop: async () => {
      await kill(child);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
