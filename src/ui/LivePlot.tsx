// A plot that redraws in place (Plotly.react on one persistent div) whenever its source changes, on the page's
// redraw clock (five times a second, ten while the user acts), without re-rendering React. SVG traces only:
// WebGL traces would compete with tfjs for the page's few WebGL contexts.
import { useEffect, useRef, useState } from 'react';
import type { PlotlyData, PlotlyLayout } from 'plotly.js-cartesian-dist-min';
import { rovingToolbar } from './a11y/plotToolbar';
import { summarizeFigure } from './a11y/plotSummary';
import { PlotPending, usePlotLoad } from './PlotPending';
import { cancelRedraw, requestRedraw } from './redrawClock';

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
 * Redraws on the page's one redraw clock (redrawClock.ts), together with the other plots that changed, so the
 * plots together keep the main thread mostly idle and the CPU to the engine. A plot out of sight (scrolled away,
 * tab hidden) does not redraw at all until it is back; its text summary is kept current.
 */
/** How often the text summary of a plot out of view is rewritten. */
const SUMMARY_MS = 1000;

const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['lasso2d', 'select2d'] };

export function LivePlot({ id, title, source, height = 300, extraSummary }: Props) {
  const div = useRef<HTMLDivElement>(null);
  const summary = useRef<HTMLParagraphElement>(null);
  const [loaded, setLoaded] = useState(false);
  const load = usePlotLoad();
  const { request, fail } = load;
  useEffect(() => {
    let cancelled = false;
    let draw = () => {};
    let summaryTimer: ReturnType<typeof setTimeout> | undefined;
    let lastSummary = -Infinity;
    let unsubscribe = () => {};
    let stopWatching = () => {};
    void request().then((Plotly) => {
      if (cancelled || !div.current) return;
      const root = div.current;
      let inView = true;
      let stale = false;
      const seen = () => inView && document.visibilityState !== 'hidden';
      // The text alternative, written like the plot itself: outside React, from the same figure.
      const describe = (figure: ReturnType<PlotSource['figure']>) => {
        lastSummary = performance.now();
        if (summary.current) summary.current.textContent = [summarizeFigure(figure.data, figure.layout), extraSummary?.()].filter(Boolean).join(' ');
      };
      // Out of view the plot is not drawn, but a screen reader reads its summary wherever it is: that stays
      // current, at most once a second, with a last update when the changes stop.
      const describeUnseen = () => {
        clearTimeout(summaryTimer);
        const wait = SUMMARY_MS - (performance.now() - lastSummary);
        if (wait <= 0) describe(source.figure(root.clientWidth || 600));
        else summaryTimer = setTimeout(describeUnseen, wait);
      };
      draw = () => {
        if (!seen()) {
          stale = true;
          if (document.visibilityState !== 'hidden') describeUnseen();
          return;
        }
        stale = false;
        clearTimeout(summaryTimer);
        const started = performance.now();
        const figure = source.figure(root.clientWidth || 600);
        const { data, layout, revision } = figure;
        // uirevision keeps the user's zoom across redraws.
        void Plotly.react(root, data, { ...layout, height, datarevision: revision, uirevision: 'keep' }, CONFIG).then(() => rovingToolbar(root, title));
        // The last redraw's cost, for the benchmark and for anyone asking why the page is slow.
        root.dataset.drawMs = (performance.now() - started).toFixed(1);
        describe(figure);
      };
      const backInSight = () => {
        if (!stale || !seen()) return;
        cancelRedraw(draw);
        draw();
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
        if (!urgent) return requestRedraw(draw);
        // A new run's first point: drawn in this task, before the React renders and other plots' redraws the
        // rebuild queued (a timer would let them go first, ~100 ms here).
        cancelRedraw(draw);
        draw();
      });
    }, (err: unknown) => {
      if (!cancelled) fail(err);
    });
    return () => {
      cancelled = true;
      cancelRedraw(draw);
      clearTimeout(summaryTimer);
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
