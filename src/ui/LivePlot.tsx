// A plot that redraws in place (Plotly.react on one persistent div) whenever its source changes, at most ten
// times a second, without re-rendering React. SVG traces only: WebGL traces would compete with tfjs for
// the page's few WebGL contexts.
import { useEffect, useRef, useState } from 'react';
import type { PlotlyData, PlotlyLayout } from 'plotly.js-cartesian-dist-min';
import { rovingToolbar } from './a11y/plotToolbar';
import { summarizeFigure } from './a11y/plotSummary';
import { PlotPending, usePlotLoad } from './PlotPending';

export interface PlotSource {
  /** `urgent`: draw at once (a new run's first points), not after the throttle's wait. */
  subscribe(listener: (urgent?: boolean) => void): () => void;
  /** The traces and layout now, for a plot `columns` pixels wide; `revision` changes whenever they do. */
  figure(columns: number): { data: PlotlyData[]; layout: PlotlyLayout; revision: number };
}

interface Props {
  id: string;
  title: string;
  source: PlotSource;
  height?: number;
  /** More for the plot's text summary than its traces hold (a measured rate), read at each redraw. */
  extraSummary?: () => string;
}

/**
 * Redraws at most every 100 ms (10 a second keeps the curves live), and never more than a ninth of the time:
 * where a redraw is slow (a loaded CPU, software rendering) the plot waits 8× its cost, so the page's plots
 * together keep the main thread mostly idle and the CPU to the engine. A plot out of sight (scrolled away, tab
 * hidden) does not redraw at all until it is back.
 */
const MIN_REDRAW_MS = 100;
const REDRAW_COST_FACTOR = 8;

const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['lasso2d', 'select2d'] };

export function LivePlot({ id, title, source, height = 300, extraSummary }: Props) {
  const div = useRef<HTMLDivElement>(null);
  const summary = useRef<HTMLParagraphElement>(null);
  const [loaded, setLoaded] = useState(false);
  const load = usePlotLoad();
  const { request, fail } = load;
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastDraw = 0;
    let lastCost = 0;
    let unsubscribe = () => {};
    let stopWatching = () => {};
    void request().then((Plotly) => {
      if (cancelled || !div.current) return;
      const root = div.current;
      let inView = true;
      let stale = false;
      const seen = () => inView && document.visibilityState !== 'hidden';
      const draw = () => {
        timer = undefined;
        if (!seen()) {
          stale = true;
          return;
        }
        stale = false;
        lastDraw = performance.now();
        const { data, layout, revision } = source.figure(root.clientWidth || 600);
        // uirevision keeps the user's zoom across redraws.
        void Plotly.react(root, data, { ...layout, height, datarevision: revision, uirevision: 'keep' }, CONFIG).then(() => rovingToolbar(root, title));
        lastCost = performance.now() - lastDraw;
        // The last redraw's cost, for the benchmark and for anyone asking why the page is slow.
        root.dataset.drawMs = lastCost.toFixed(1);
        // The text alternative, written like the plot itself: outside React, from the same figure.
        if (summary.current) summary.current.textContent = [summarizeFigure(data, layout), extraSummary?.()].filter(Boolean).join(' ');
      };
      const backInSight = () => {
        if (stale && seen() && timer === undefined) draw();
      };
      const observer = new IntersectionObserver((entries) => {
        inView = entries.some((entry) => entry.isIntersecting);
        backInSight();
      });
      observer.observe(root);
      document.addEventListener('visibilitychange', backInSight);
      stopWatching = () => {
        observer.disconnect();
        document.removeEventListener('visibilitychange', backInSight);
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
      stopWatching();
    };
  }, [source, height, title, extraSummary, request, fail]);
  return (
    <figure className="plot" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <p id={`${id}-summary`} className="visually-hidden" data-testid={`${id}-summary`} ref={summary} />
      {!loaded && <PlotPending load={load} height={height} />}
      <div id={id} ref={div} data-testid={id} />
    </figure>
  );
}
