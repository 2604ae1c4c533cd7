// The "Recovery map" view: axes, ranges, trials, initialization and step budget on the left; the map filling
// in cell by cell on the right, with progress, time left, cancel, exports and the numbers behind every cell.
import { useCallback, useId, useMemo, useState } from 'react';
import { ACTIVATION_LABELS } from '../../core/activations';
import {
  AXIS_SYMBOLS, formatDuration, formatRange, INIT_LABELS, MAP_AXES, SUCCESS_ERROR, type AxisRange, type CellResult, type MapAxis,
} from '../../core/recoveryMap';
import { CHECK_EVERY } from '../../core/trials';
import {
  describeMapRange, MAP_DEFAULTS, MAP_FIELDS, MAP_PRESETS, mapSpec, parseMapSettings, type MapKey, type MapSettings,
} from '../../state/mapSettings';
import { reconcile } from '../../core/settings';
import { useAppStore } from '../../state/store';
import { SeedInput, SettingSelect, SettingSlider } from '../controls';
import { PresetSelect } from '../PresetMenu';
import { ControlsDrawer } from '../a11y/ControlsDrawer';
import { ScrollBox } from '../a11y/ScrollBox';
import { AXIS_TITLES, categoryValue, formatError, formatRate, mapFigure } from './mapFigure';
import { MapPlot } from './MapPlot';
import { mapSummary } from './mapSummary';
import { cancelMap, computeMap, openCell } from './mapRunner';
import { MapExports } from './MapExports';
import { useMapStore } from './mapStore';

const PLOT_ID = 'map-plot';

/** A new axis starts from a range that makes sense for its setting. */
const AXIS_DEFAULTS: Record<MapAxis, AxisRange> = {
  n: { key: 'n', from: 1000, to: 16000, step: 2, geometric: true },
  d: { key: 'd', from: 5, to: 20, step: 5, geometric: false },
  k: { key: 'k', from: 1, to: 5, step: 1, geometric: false },
  kappa: { key: 'kappa', from: 1, to: 8, step: 2, geometric: true },
};

/**
 * Reads a field's text through the map's settings table (clamping, notices) and stores the result; a value
 * that is refused (a step too small for the cell cap, a text that is not a number) keeps the one shown.
 */
function commitField(key: MapKey, text: string): void {
  const store = useMapStore.getState();
  const { settings, problems } = parseMapSettings([[key, text]], store.settings);
  store.set(key, settings[key]);
  if (problems.length) store.notify(problems);
}

/** A text field that commits on Enter or when it loses focus, so a half-typed value is never read. */
function DraftInput({ label, value, onCommit, size = 7 }: { label: string; value: string; onCommit: (text: string) => void; size?: number }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  return (
    <span className="draft">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        size={size}
        value={draft ?? value}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </span>
  );
}

function AxisControl({ which }: { which: 'x' | 'y' }) {
  const id = useId();
  const grid = useMapStore((s) => s.settings.map);
  const range = grid[which];
  const other = grid[which === 'x' ? 'y' : 'x'];
  const commit = (next: string) => {
    const ranges = which === 'x' ? [next, formatRange(other)] : [formatRange(other), next];
    commitField('map', ranges.join(','));
  };
  const part = (field: 'from' | 'to' | 'step', text: string) => {
    const parts = { from: String(range.from), to: String(range.to), step: `${range.geometric ? '*' : ''}${range.step}`, [field]: text.trim() };
    commit(`${range.key}:${parts.from}:${parts.to}:${parts.step}`);
  };
  return (
    <fieldset className="axis">
      <legend>{which === 'x' ? 'horizontal axis' : 'vertical axis'}</legend>
      <label htmlFor={id} className="visually-hidden">{`${which} axis setting`}</label>
      <select id={id} value={range.key} onChange={(e) => commit(formatRange(AXIS_DEFAULTS[e.target.value as MapAxis]))}>
        {MAP_AXES.map((key) => (
          <option key={key} value={key} disabled={key === other.key}>{AXIS_TITLES[key]}</option>
        ))}
      </select>
      <div className="axis-range">
        <DraftInput label={`${AXIS_SYMBOLS[range.key]} from`} value={String(range.from)} onCommit={(t) => part('from', t)} />
        <DraftInput label="to" value={String(range.to)} onCommit={(t) => part('to', t)} />
        <DraftInput label="step" value={`${range.geometric ? '*' : ''}${range.step}`} onCommit={(t) => part('step', t)} size={5} />
      </div>
    </fieldset>
  );
}

function NumberField({ name }: { name: 'trials' | 'iters' }) {
  const value = useMapStore((s) => s.settings[name]);
  const field = MAP_FIELDS[name];
  return (
    <div className="control map-number" title={`${field.label}: ${describeMapRange(name)}`}>
      <DraftInput label={field.label} value={String(value)} onCommit={(t) => commitField(name, t)} />
    </div>
  );
}

function EnumSelect<K extends 'init' | 'show'>({ name, labels }: { name: K; labels: Record<MapSettings[K], string> }) {
  const id = useId();
  const value = useMapStore((s) => s.settings[name]);
  const set = useMapStore((s) => s.set);
  const options = MAP_FIELDS[name].options as readonly MapSettings[K][];
  return (
    <div className="control">
      <label htmlFor={id}>{MAP_FIELDS[name].label}</label>
      <select id={id} value={value} onChange={(e) => set(name, e.target.value as MapSettings[K])}>
        {options.map((o) => <option key={o} value={o}>{labels[o]}</option>)}
      </select>
    </div>
  );
}

function MapPresetMenu() {
  return (
    <PresetSelect
      label="preset map"
      prompt="Choose a paper's map…"
      presets={MAP_PRESETS}
      onPick={(preset) => {
        const settings = { ...useAppStore.getState().settings, ...preset.settings };
        reconcile(settings);
        useAppStore.getState().setSettings(settings);
        useMapStore.getState().setAll({ ...MAP_DEFAULTS, ...preset.map });
      }}
    />
  );
}

function RunControls() {
  const status = useMapStore((s) => s.run.status);
  const busy = status === 'running' || status === 'waiting';
  return (
    <div className="buttons" role="group" aria-label="map run">
      <button type="button" onClick={() => void computeMap()} disabled={busy}>Compute map</button>
      <button type="button" onClick={cancelMap} disabled={!busy}>Cancel</button>
    </div>
  );
}

function MapPanel() {
  const settings = useAppStore((s) => s.settings);
  const grid = useMapStore((s) => s.settings.map);
  const onAxis = (key: MapAxis) => grid.x.key === key || grid.y.key === key;
  return (
    <aside className="panel" aria-label="map settings">
      <RunControls />
      <MapPresetMenu />
      <h2>Axes</h2>
      <AxisControl which="x" />
      <AxisControl which="y" />
      <p className="hint">Step: +5, or *2 to multiply.</p>
      <h2>Trials</h2>
      <NumberField name="trials" />
      <EnumSelect name="init" labels={INIT_LABELS} />
      <NumberField name="iters" />
      <h2>Experiment (shared with the live run)</h2>
      <SettingSelect name="act" labels={ACTIVATION_LABELS} />
      {!onAxis('k') && <SettingSlider name="k" />}
      {!onAxis('kappa') && <SettingSlider name="kappa" />}
      {!onAxis('n') && <SettingSlider name="n" />}
      {!onAxis('d') && <SettingSlider name="d" />}
      <SettingSlider name="lr" />
      <SettingSlider name="noise" />
      <SeedInput />
      <p className="hint">
        {settings.task}, v* {settings.vstar === 'pm1' ? '±1' : 'all ones'}, loss {settings.loss}; every other setting as in the
        live run. Trial t uses seed {settings.seed} + t.
      </p>
    </aside>
  );
}

function ProgressBar() {
  const progress = useMapStore((s) => s.run.progress);
  const status = useMapStore((s) => s.run.status);
  const total = useMapStore((s) => s.run.cells.length);
  const done = progress?.cellsDone ?? 0;
  const fraction = status === 'done' ? 1 : progress?.fraction ?? 0;
  let time = '';
  if (status === 'done' && progress) time = ` · ${formatDuration(progress.elapsedSeconds)} in all`;
  else if (status === 'running') time = progress?.etaSeconds != null ? ` · about ${formatDuration(progress.etaSeconds)} left` : ' · estimating the time left…';
  return (
    <div className="map-progress">
      <progress max={1} value={fraction} aria-label="map progress" />
      <span data-testid="map-progress">
        <span data-testid="map-cells-done">{done}</span> / {total} cells · {Math.round(100 * fraction)}%{time}
      </span>
      <span className="status" data-testid="map-status">{status}</span>
    </div>
  );
}

function MapNotices() {
  const notices = useMapStore((s) => s.notices);
  const dismiss = useMapStore((s) => s.dismissNotices);
  const error = useMapStore((s) => s.run.error);
  const status = useMapStore((s) => s.run.status);
  const spec = useMapStore((s) => s.run.spec);
  const settings = useMapStore((s) => s.settings);
  const base = useMapStore((s) => s.run.base);
  const app = useAppStore((s) => s.settings);
  const opened = useMapStore((s) => s.run.opened);
  const stale = spec !== null && !opened && (JSON.stringify(spec) !== JSON.stringify(mapSpec(settings)) || JSON.stringify(base) !== JSON.stringify(app));
  return (
    <div className="notices">
      {notices.length > 0 && (
        <div role="alert" className="warning" data-testid="map-notice">
          <strong>Some map settings were changed:</strong>
          <ul>{notices.map((p, i) => <li key={i}>{p.message}</li>)}</ul>
          <button type="button" onClick={dismiss}>Dismiss</button>
        </div>
      )}
      {status === 'error' && error && <p role="alert" className="error" data-testid="map-error">{error}</p>}
      {opened && (
        <div className="info" role="status" data-testid="map-opened">
          <p>
            <strong>Opened from {opened.name}</strong> ({opened.provenance}): nothing was computed here. Its cells open in the
            live view with the file's settings; Compute map runs the map again with the live ones.
          </p>
          {opened.notes.map((note, i) => <p key={i}>{note}</p>)}
        </div>
      )}
      {stale && status !== 'running' && status !== 'waiting' && (
        <p className="info">The settings changed since this map was computed: it shows the last map; compute again to update it.</p>
      )}
    </div>
  );
}

function ShowChoice() {
  const show = useMapStore((s) => s.settings.show);
  const set = useMapStore((s) => s.set);
  return (
    <div className="show-choice" role="radiogroup" aria-label="cells show">
      {(['success', 'error'] as const).map((value) => (
        <label key={value}>
          <input type="radio" name="map-show" value={value} checked={show === value} onChange={() => set('show', value)} />
          {value === 'success' ? 'success rate' : 'mean initialization error'}
        </label>
      ))}
    </div>
  );
}

function CellTable({ cells }: { cells: CellResult[] }) {
  const spec = useMapStore((s) => s.run.spec);
  if (!spec) return null;
  const { x, y } = spec.grid;
  return (
    <details className="map-numbers">
      <summary>Numbers ({cells.length} cells)</summary>
      <ScrollBox label="map numbers">
        <table className="readouts" data-testid="map-table">
          <thead>
            <tr>
              <th scope="col">{AXIS_SYMBOLS[x.key]}</th>
              <th scope="col">{AXIS_SYMBOLS[y.key]}</th>
              <th scope="col">success</th>
              <th scope="col">mean init error</th>
              <th scope="col">mean error where stopped</th>
              <th scope="col">mean steps to {SUCCESS_ERROR}</th>
              <th scope="col">note</th>
              <th scope="col"><span className="visually-hidden">open</span></th>
            </tr>
          </thead>
          <tbody>
            {cells.map((c) => (
              <tr key={`${c.x}:${c.y}`}>
                <td>{c.x}</td>
                <td>{c.y}</td>
                <td>{formatRate(c.successRate)}</td>
                <td>{formatError(c.meanInitError)}</td>
                <td>{formatError(c.meanFinalError)}</td>
                <td>{c.meanItersToSuccess === null ? '—' : Math.round(c.meanItersToSuccess)}</td>
                <td className="note">{c.reason ?? ''}</td>
                <td>
                  <button type="button" onClick={() => openCell(c.x, c.y)} aria-label={`open ${x.key}=${c.x}, ${y.key}=${c.y}`}>open</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </details>
  );
}

function MapFigures() {
  const spec = useMapStore((s) => s.run.spec);
  const cells = useMapStore((s) => s.run.cells);
  const show = useMapStore((s) => s.settings.show);
  const figure = useMemo(() => (spec ? mapFigure(spec, cells, show) : null), [spec, cells, show]);
  const finished = useMemo(() => cells.filter((c): c is CellResult => c !== null), [cells]);
  const onCellClick = useCallback((x: string | number, y: string | number) => {
    const grid = useMapStore.getState().run.spec?.grid;
    if (grid) openCell(categoryValue(grid.x.key, x), categoryValue(grid.y.key, y));
  }, []);
  return (
    <>
      <ShowChoice />
      {figure ? (
        <MapPlot id={PLOT_ID} title="Recovery map" data={figure.data} layout={figure.layout} onCellClick={onCellClick} summary={spec ? mapSummary(spec, cells, show) : ''} />
      ) : (
        <p className="map-empty" data-testid="map-empty">Choose the axes and press <strong>Compute map</strong>; cells fill in as their trials finish.</p>
      )}
      <MapExports plotId={PLOT_ID} cells={finished} />
      <CellTable cells={finished} />
    </>
  );
}

function MapTeaching() {
  return (
    <section className="teaching" aria-label="about the map">
      <h2>What the map shows</h2>
      <p>
        Every cell runs its trials with the live run's settings and the cell's values; trial t uses seed s + t, so it is
        exactly the live experiment with that seed (click a cell to open trial 1 there). A trial succeeds when, after
        matching student units to teacher units, max<sub>j</sub> ‖w<sub>j</sub> − w*<sub>j</sub>‖/‖w*<sub>j</sub>‖ ≤ {SUCCESS_ERROR} with
        the right output signs, checked every {CHECK_EVERY} gradient steps up to the budget (with a budget of 0, the
        initialization alone). The error map shows the same quantity at the initialization, averaged over trials.
      </p>
      <p>
        Zhong et al. (ICML 2017, Figure 1) draw these maps over n and d: the initialization error falls as n grows, and the
        n needed grows about in proportion to d. The trials of a cell train together as one batched program (with the
        WASM backend only while cells are small: beyond n·d·k ≈ 10⁵ a product over a batch of trials is slower there
        than separate ones, so large cells run their trials one after another).
      </p>
    </section>
  );
}

export function RecoveryMapView() {
  return (
    <div className="view-grid map-view">
      <ControlsDrawer label="map settings">
        <MapPanel />
      </ControlsDrawer>
      <section className="figures" aria-label="recovery map">
        <MapNotices />
        <ProgressBar />
        <MapFigures />
        <MapTeaching />
      </section>
    </div>
  );
}
