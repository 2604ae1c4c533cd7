// The map's heatmap: redrawn in place (Plotly.react on one persistent div) when its figure changes, that is
// when a cell finishes, not on every progress tick. A click on a cell reports the cell's axis categories.
import { useEffect, useRef, useState } from 'react';
import type { PlotlyData, PlotlyLayout } from 'plotly.js-cartesian-dist-min';
import { loadPlotly } from '../plotlyLoader';
import { rovingToolbar } from '../a11y/plotToolbar';
import { PlotPending, usePlotLoad } from '../PlotPending';

type ClickEvent = { points?: { x: string | number; y: string | number }[] };
type PlotDiv = HTMLDivElement & { on?: (event: 'plotly_click', handler: (e: ClickEvent) => void) => void };

const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['lasso2d', 'select2d', 'toImage'] };

interface Props {
  id: string;
  title: string;
  data: PlotlyData[];
  layout: PlotlyLayout;
  onCellClick: (x: string | number, y: string | number) => void;
  height?: number;
  /** The map in words, beside the plot for screen readers. */
  summary: string;
}

export function MapPlot({ id, title, data, layout, onCellClick, height = 460, summary }: Props) {
  const div = useRef<PlotDiv>(null);
  const click = useRef(onCellClick);
  const bound = useRef(false);
  const [loaded, setLoaded] = useState(false);
  const load = usePlotLoad();
  const { request, fail } = load;
  useEffect(() => {
    click.current = onCellClick;
  }, [onCellClick]);
  useEffect(() => {
    let cancelled = false;
    void request().then(async (Plotly) => {
      const root = div.current;
      if (cancelled || !root) return;
      await Plotly.react(root, data, { ...layout, height }, CONFIG);
      rovingToolbar(root, title);
      if (!bound.current && root.on) {
        root.on('plotly_click', (e) => {
          const point = e.points?.[0];
          if (point) click.current(point.x, point.y);
        });
        bound.current = true;
      }
      setLoaded(true);
    }, (err: unknown) => {
      if (!cancelled) fail(err);
    });
    return () => {
      cancelled = true;
    };
  }, [data, layout, height, title, request, fail]);
  useEffect(() => {
    const root = div.current;
    return () => {
      bound.current = false;
      if (root) loadPlotly().then((Plotly) => Plotly.purge(root), () => undefined);
    };
  }, []);
  return (
    <figure className="plot map-plot" aria-label={title} aria-describedby={`${id}-summary`}>
      <p id={`${id}-summary`} className="visually-hidden" data-testid={`${id}-summary`}>{summary}</p>
      {!loaded && <PlotPending load={load} height={height} />}
      <div id={id} ref={div} data-testid={id} />
    </figure>
  );
}
