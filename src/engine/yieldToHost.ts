// Runs a function in a new task, after whatever the host has pending: input, rendering and messages in the page;
// incoming commands in a worker. A message-channel task, not setTimeout (nested timeouts clamp to 4 ms) nor
// requestAnimationFrame (whose pace drops with every slow plot redraw and would starve the run).
const channel = typeof MessageChannel !== 'undefined' ? new MessageChannel() : null;
const queued: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => queued.shift()?.();

export function yieldToHost(fn: () => void): void {
  if (!channel) {
    setTimeout(fn, 0);
    return;
  }
  queued.push(fn);
  channel.port2.postMessage(null);
}

/** The same, awaited. */
export const nextTask = (): Promise<void> => new Promise((resolve) => yieldToHost(resolve));
