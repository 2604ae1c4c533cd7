// The figures a lesson step is about, per arm: where it started, where it is, its rate and whether it stopped.
// (The live view's readout table carries test ids of its own; this one is the lesson's, smaller for a phone.)
import { ARM_LABELS } from '../../core/arms';
import { fmt } from '../../core/lessons/checks';
import { useAppStore } from '../../state/store';
import { ARM_COLORS } from '../colors';

const show = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : fmt(x));

export function LessonReadouts() {
  const arms = useAppStore((s) => s.run.arms);
  const iteration = useAppStore((s) => s.run.iteration);
  const status = useAppStore((s) => s.run.status);
  return (
    <section aria-label="lesson readouts" className="lesson-readouts">
      <p className="iteration">iteration <strong data-testid="lesson-iteration">{iteration.toLocaleString('en-US')}</strong> · {status}</p>
      <div className="lesson-table">
        <table className="readouts">
          <thead><tr><th>arm</th><th>init error</th><th>error</th><th>rate / step</th></tr></thead>
          <tbody>
            {arms.map((arm) => (
              <tr key={arm.name}>
                <th scope="row"><span className="swatch" style={{ background: ARM_COLORS[arm.name] }} />{ARM_LABELS[arm.name]}</th>
                <td>{show(arm.initError)}</td>
                <td>{arm.stopped ? 'diverged' : show(arm.error)}</td>
                <td>{arm.rate === null ? '–' : arm.rate.toFixed(4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
