// A long computation on a run's tensors, cut into pieces that each ask to run: the run loop passes its
// `between`, so training frames (and a rebuild's message) get the worker between two pieces rather than
// waiting for the whole computation. Without a loop (the CLI, tests) every piece runs at once.

/** Runs one piece, or answers null when the run it was for is gone (rebuilt, disposed). */
export type Gate = <T>(work: () => Promise<T>) => Promise<T | null>;

export const direct: Gate = (work) => work();

/** The gate refused a piece: the computation was for a run that no longer exists. */
export class GateClosed extends Error {
  constructor() {
    super('the run changed while this was being computed');
  }
}

/** One piece through `gate`; throws GateClosed when refused, so a computation stops at its next piece. */
export async function piece<T>(gate: Gate, work: () => Promise<T>): Promise<T> {
  let ran = false;
  const result = await gate(async () => {
    ran = true;
    return work();
  });
  if (!ran) throw new GateClosed();
  return result as T;
}
