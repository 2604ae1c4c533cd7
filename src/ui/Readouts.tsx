// A line per arm: error now and at initialization, losses, the measured linear rate, and why it stopped. With
// many seeds, the error is their median with its 10–90% spread, and a column gives the fraction recovered.
import { ARM_LABELS } from '../core/arms';
import type { ArmBand } from '../core/bands';
import { useAppStore } from '../state/store';
import { ARM_COLORS } from './colors';
import { ScrollBox } from './a11y/ScrollBox';
import { LecturerPanel } from './share/lecturerAccess';

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');
const sci = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toExponential(2));

/** The median and its 10–90% spread over the seeds. */
function BandError({ band }: { band: ArmBand }) {
  return <>{sci(band.error.median)} <small className="spread">(10–90%: {sci(band.error.lo)} – {sci(band.error.hi)})</small></>;
}

/** Takes a stopped arm's suggested learning rate and runs again from the start, the stopped arm included. */
function takeSuggestedLr(lr: number): void {
  const { setSetting, send } = useAppStore.getState();
  setSetting('lr', lr);
  send('reset');
}

export function Readouts() {
  const arms = useAppStore((s) => s.run.arms);
  const iteration = useAppStore((s) => s.run.iteration);
  const speed = useAppStore((s) => s.run.itersPerSecond);
  const classification = arms.some((arm) => Number.isFinite(arm.accuracy));
  const seeds = arms.find((arm) => arm.band)?.band?.seeds ?? 0;
  return (
    <section aria-label="readouts">
      <p className="iteration">
        iteration <strong data-testid="iteration">{iteration.toLocaleString('en-US')}</strong> · <span data-testid="speed">{Math.round(speed).toLocaleString('en-US')}</span> iterations/s
      </p>
      <LecturerPanel name="readouts"><ScrollBox label="readouts table">
        <table className="readouts">
          <thead>
            <tr><th>arm</th><th>init error</th><th>{seeds ? `error (median of ${seeds} seeds)` : 'error'}</th>{seeds > 0 && <th title="max-per-unit error ≤ 0.01 after matching, with the right output signs (SPEC §5)">recovered</th>}<th>train loss</th><th>test loss</th>{classification && <><th>train acc.</th><th>test acc.</th></>}<th title="per-step contraction of the error (slope of log error)">rate / step</th></tr>
          </thead>
          <tbody>
            {arms.map((arm) => (
              <tr key={arm.name} data-testid={`arm-${arm.name}`} data-error={arm.error} data-init-error={arm.initError}>
                <th scope="row"><span className="swatch" style={{ background: ARM_COLORS[arm.name] }} />{ARM_LABELS[arm.name]}</th>
                <td>{sci(arm.initError)}</td>
                {arm.band ? <>
                  <td data-testid={`band-error-${arm.name}`} data-median={arm.band.error.median} data-lo={arm.band.error.lo} data-hi={arm.band.error.hi}><BandError band={arm.band} /></td>
                  <td data-testid={`success-${arm.name}`} data-success={arm.band.success}>{Math.round(arm.band.success * arm.band.seeds)}/{arm.band.seeds} ({pct(arm.band.success)})</td>
                </> : <td>{sci(arm.error)}</td>}
                <td>{sci(arm.loss)}</td>
                <td>{sci(arm.testLoss)}</td>
                {classification && <><td data-testid={`accuracy-${arm.name}`}>{pct(arm.accuracy)}</td><td>{pct(arm.testAccuracy)}</td></>}
                <td>{arm.rate === null ? '–' : arm.rate.toFixed(4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox></LecturerPanel>
      {arms.filter((a) => a.stopped).map((a) => (
        <p key={a.name} role="alert" className="warning" data-testid={`stopped-${a.name}`}>
          {ARM_LABELS[a.name]}: {a.stopped}{' '}
          {a.suggestedLr !== null && (
            <button type="button" onClick={() => takeSuggestedLr(a.suggestedLr!)}>use η = {a.suggestedLr} and restart</button>
          )}
        </p>
      ))}
    </section>
  );
}
