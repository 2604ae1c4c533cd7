// A plot that redraws in place (Plotly.react on one persistent div) whenever its source changes, at most ten
// times a second, without re-rendering React. SVG traces only: WebGL traces would compete with tfjs for
// the page's few WebGL contexts.
import { useEffect, useRef, useState } from 'react';
import type { PlotlyData, PlotlyLayout } from 'plotly.js-cartesian-dist-min';
import { PlotPending, usePlotLoad } from './PlotPending';

export interface PlotSource {
  /** `urgent`: draw at once (a new run's first points), not after the throttle's wait. */
  subscribe(listener: (urgent?: boolean) => void): () => void;
  /** The traces and layout now; `revision` changes whenever they do. */
  figure(): { data: PlotlyData[]; layout: PlotlyLayout; revision: number };
}

interface Props {
  id: string;
  title: string;
  source: PlotSource;
  height?: number;
}

/**
 * Redraws at most every 100 ms (10 a second keeps the curves live), and never more than a quarter of the time:
 * where a redraw is slow (a loaded CPU, software rendering) the plot waits 3× its cost, leaving the run its share.
 */
const MIN_REDRAW_MS = 100;
const REDRAW_COST_FACTOR = 3;

const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['lasso2d', 'select2d'] };

export function LivePlot({ id, title, source, height = 300 }: Props) {
  const div = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState(false);
  const load = usePlotLoad();
  const { request, fail } = load;
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastDraw = 0;
    let lastCost = 0;
    let unsubscribe = () => {};
    void request().then((Plotly) => {
      if (cancelled || !div.current) return;
      const root = div.current;
      const draw = () => {
        timer = undefined;
        lastDraw = performance.now();
        const { data, layout, revision } = source.figure();
        // uirevision keeps the user's zoom across redraws.
        void Plotly.react(root, data, { ...layout, height, datarevision: revision, uirevision: 'keep' }, CONFIG);
        lastCost = performance.now() - lastDraw;
        // The last redraw's cost, for the benchmark and for anyone asking why the page is slow.
        root.dataset.drawMs = lastCost.toFixed(1);
      };
      draw();
      setLoaded(true);
      unsubscribe = source.subscribe((urgent) => {
        if (urgent) clearTimeout(timer);
        else if (timer !== undefined) return;
        const interval = Math.max(MIN_REDRAW_MS, REDRAW_COST_FACTOR * lastCost);
        timer = setTimeout(draw, urgent ? 0 : Math.max(0, interval - (performance.now() - lastDraw)));
      });
    }, (err: unknown) => {
      if (!cancelled) fail(err);
    });
    return () => {
      cancelled = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [source, height, request, fail]);
  return (
    <figure className="plot" aria-label={title}>
      <figcaption>{title}</figcaption>
      {!loaded && <PlotPending load={load} height={height} />}
      <div id={id} ref={div} data-testid={id} />
    </figure>
  );
}
