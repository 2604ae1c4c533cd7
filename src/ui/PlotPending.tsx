// What a plot shows before it can draw: 'Loading plot…' while the plotting code loads, or, when it failed to load,
// what happened and a way out (Retry; after a failed retry also Reload, which keeps the settings: they are in the link).
import { useCallback, useState } from 'react';
import type { PlotlyStatic } from 'plotly.js-cartesian-dist-min';
import { loadPlotly } from './plotlyLoader';

export interface PlotLoad {
  /** Loads plotly; a new function after each Retry, so effects that list it load again. */
  request: () => Promise<PlotlyStatic>;
  /** Why the plotting code did not load, or null. */
  failed: string | null;
  attempt: number;
  fail: (err: unknown) => void;
  retry: () => void;
}

export function usePlotLoad(): PlotLoad {
  const [failed, setFailed] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [request, setRequest] = useState(() => () => loadPlotly());
  const fail = useCallback((err: unknown) => setFailed(err instanceof Error ? err.message : String(err)), []);
  const retry = useCallback(() => {
    setFailed(null);
    setAttempt((a) => a + 1);
    setRequest(() => () => loadPlotly());
  }, []);
  return { request, failed, attempt, fail, retry };
}

export function PlotPending({ load, height }: { load: PlotLoad; height: number }) {
  if (!load.failed) return <div className="plot-loading" style={{ height }}>Loading plot…</div>;
  return (
    <div className="plot-loading plot-failed" style={{ height }} role="alert">
      <p>The plotting code could not load ({load.failed}). The run goes on; its numbers are in the readouts.</p>
      <p>
        <button type="button" onClick={load.retry}>Retry</button>
        {load.attempt > 0 && <button type="button" onClick={() => location.reload()}>Reload the page</button>}
      </p>
    </div>
  );
}
