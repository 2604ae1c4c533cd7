// The engine in a Web Worker: tfjs (WASM, or WebGL on an OffscreenCanvas) steps here, off the page's main thread,
// so plot redraws and input never wait for a frame of training, nor training for a redraw.
import { startBackend } from './browserBackend';
import { browserContextLoss } from './contextLoss';
import { EngineHost } from './engineHost';
import type { EngineCommand, EngineEvent } from './protocol';

const scope = self as unknown as { postMessage(event: EngineEvent): void; onmessage: ((e: MessageEvent<EngineCommand>) => void) | null };
const host = new EngineHost((event) => scope.postMessage(event), startBackend, browserContextLoss);
scope.onmessage = (e) => host.handle(e.data);
scope.postMessage({ type: 'ready' });
