// The few Plotly functions the app uses, typed loosely: the partial bundle ships no types.
declare module 'plotly.js-cartesian-dist-min' {
  export type Datum = number | string | null;
  export interface PlotlyData {
    [key: string]: unknown;
  }
  export interface PlotlyLayout {
    [key: string]: unknown;
  }
  export interface PlotlyStatic {
    react(root: HTMLElement, data: PlotlyData[], layout: PlotlyLayout, config?: Record<string, unknown>): Promise<void>;
    purge(root: HTMLElement): void;
    Plots: { resize(root: HTMLElement): void };
    toImage(root: HTMLElement, opts: Record<string, unknown>): Promise<string>;
  }
  const Plotly: PlotlyStatic;
  export default Plotly;
}
