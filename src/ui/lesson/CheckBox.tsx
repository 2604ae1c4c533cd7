// The step's check as the student sees it: its state (announced when it changes, so a check turning green is
// heard), what the engine measured, and "measure again" for a comparison's first measurement.
import type { CheckResult } from '../../core/lessons/checks';
import { fmt } from '../../core/lessons/checks';
import type { StepRecord } from '../../core/lessons/progress';

const HEADLINES = {
  pass: 'Check passed',
  fail: 'Not yet',
  waiting: 'Measuring…',
  'not-applicable': 'This check says nothing here',
} as const;

export function Numbers({ numbers }: { numbers: Record<string, number> }) {
  const entries = Object.entries(numbers);
  if (!entries.length) return null;
  return (
    <dl className="lesson-numbers">
      {entries.map(([name, value]) => (
        <div key={name}><dt>{name}</dt><dd>{fmt(value)}</dd></div>
      ))}
    </dl>
  );
}

interface Props {
  result: CheckResult | null;
  passed: StepRecord | undefined;
  hasBaseline: boolean;
  onMeasureAgain: () => void;
}

export function CheckBox({ result, passed, hasBaseline, onMeasureAgain }: Props) {
  const state = result?.state ?? 'waiting';
  return (
    <section className={`lesson-check lesson-check-${state}`} data-testid="lesson-check" data-state={state} data-passed={passed ? 'true' : 'false'} aria-labelledby="lesson-check-title">
      <h3 id="lesson-check-title">Check</h3>
      <p role="status" className="lesson-check-headline"><strong>{HEADLINES[state]}</strong>{passed && state !== 'pass' ? ' (passed before)' : ''}</p>
      <p className="lesson-check-message">{result?.message ?? 'Waiting for the run built from this step’s settings.'}</p>
      {result && <Numbers numbers={result.numbers} />}
      {hasBaseline && <button type="button" onClick={onMeasureAgain}>Measure again</button>}
    </section>
  );
}
