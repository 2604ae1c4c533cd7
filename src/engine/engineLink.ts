// Starts the engine where the settings ask: in a Web Worker (the default), or in the page itself when asked or
// when no worker can start. Either way the page talks to it with the same messages (protocol.ts).
import type { EngineCommand, EngineEvent } from './protocol';

export type EngineThread = 'worker' | 'main';

export interface EngineLink {
  thread: EngineThread;
  /** Why the engine runs on the main thread although a worker was asked for, else null. */
  fallback: string | null;
  send(command: EngineCommand): void;
  /** Stops the engine (the worker is terminated, and its tensors with it). */
  dispose(): void;
}

/** How long a worker may take to load its code (tfjs included) before the page gives up on it. */
const WORKER_START_MS = 20_000;

function startWorker(onEvent: (event: EngineEvent) => void): Promise<EngineLink> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'recovery-lab-engine' });
    let ready = false;
    const timer = setTimeout(() => fail(`it did not start within ${WORKER_START_MS / 1000} s`), WORKER_START_MS);
    function fail(why: string): void {
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(why));
    }
    worker.onerror = (e) => {
      e.preventDefault();
      const why = e.message || 'its script failed to load';
      // After the handshake an uncaught error has no run to blame it on: it ends the current one.
      if (ready) onEvent({ type: 'error', generation: -1, message: `The engine's worker failed: ${why}` });
      else fail(why);
    };
    worker.onmessage = (e: MessageEvent<EngineEvent>) => {
      if (ready) return onEvent(e.data);
      if (e.data.type !== 'ready') return;
      ready = true;
      clearTimeout(timer);
      resolve({ thread: 'worker', fallback: null, send: (command) => worker.postMessage(command), dispose: () => worker.terminate() });
    };
  });
}

async function startInPage(onEvent: (event: EngineEvent) => void, fallback: string | null): Promise<EngineLink> {
  // Loaded only here: in worker mode the page never loads tfjs's backends.
  const [{ EngineHost }, { startBackend }, { browserContextLoss }] = await Promise.all([import('./engineHost'), import('./browserBackend'), import('./contextLoss')]);
  let live = true;
  const host = new EngineHost((event) => {
    if (live) onEvent(event);
  }, startBackend, browserContextLoss);
  return {
    thread: 'main', fallback,
    send: (command) => host.handle(command),
    dispose: () => {
      live = false;
      host.dispose();
    },
  };
}

export async function connectEngine(want: EngineThread, onEvent: (event: EngineEvent) => void): Promise<EngineLink> {
  if (want === 'main') return startInPage(onEvent, null);
  if (typeof Worker === 'undefined') return startInPage(onEvent, 'This browser has no Web Workers, so the engine runs on the page’s main thread.');
  try {
    return await startWorker(onEvent);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return startInPage(onEvent, `The engine’s Web Worker could not start (${why}), so it runs on the page’s main thread: plots and input share its time.`);
  }
}
