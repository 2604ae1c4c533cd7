// The Lessons view: a step's text beside the live figures it is about, the controls the step lets the student
// move, a task and a check evaluated on what the engine measures. Each step is a link
// (#view=lesson&lesson=<id>&step=<n>) and starts from its own settings.
import { useEffect, useMemo } from 'react';
import { LESSON_IDS, LESSONS, lessonById, type LessonId, type LessonStep } from '../../core/lessons';
import { DEFAULTS, reconcile, type Settings } from '../../core/settings';
import { encodeMapSettings } from '../../state/mapSettings';
import { stepLink } from '../../state/lessonFragment';
import { useAppStore } from '../../state/store';
import { convergence } from '../convergencePlots';
import { LivePlot } from '../LivePlot';
import { useMapStore } from '../map/mapStore';
import { CheckBox } from './CheckBox';
import { LessonReadouts } from './LessonReadouts';
import { LessonSummary } from './LessonSummary';
import { useProgress } from './progressStore';
import { RichText } from './RichText';
import { StepControls } from './StepControls';
import { useLessonCheck } from './useLessonCheck';

/** A step's starting settings: defaults and the step's own; the engine choices stay the student's. */
function stepSettings(step: LessonStep): Settings {
  const current = useAppStore.getState().settings;
  const settings: Settings = { ...DEFAULTS, backend: current.backend, thread: current.thread, ...step.settings };
  reconcile(settings);
  return settings;
}

function applySettings(settings: Settings): void {
  const state = useAppStore.getState();
  state.setSettings({ ...settings }, state.notices);
}

/** The in-app address of a step: the fragment with the rest of the map's settings kept. */
function useStepHref(): (lesson: LessonId, step: number) => string {
  const map = useMapStore((s) => s.settings);
  return (lesson, step) => `#${encodeMapSettings({ ...map, view: 'lesson', lesson, step })}`;
}

function ShareStep({ lesson, step }: { lesson: LessonId; step: number }) {
  const link = stepLink(`${location.origin}${location.pathname}`, lesson, step);
  return (
    <p className="lesson-share">
      <label>Link to this step <input readOnly value={link} onFocus={(e) => e.target.select()} /></label>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(link)}>Copy</button>
    </p>
  );
}

export function LessonView() {
  const lessonId = useMapStore((s) => s.settings.lesson);
  const stepNumber = useMapStore((s) => s.settings.step);
  const setMap = useMapStore((s) => s.set);
  const lesson = lessonById(lessonId);
  const index = Math.min(stepNumber, lesson.steps.length) - 1;
  const step = lesson.steps[index];
  const progress = useProgress((s) => s.progress[lessonId]);
  const note = useProgress((s) => s.note);
  const setBaseline = useProgress((s) => s.setBaseline);
  const reset = useProgress((s) => s.reset);
  const dismissNote = useProgress((s) => s.dismissNote);
  const href = useStepHref();
  // Settings are applied once per step entered: the student's moves afterwards are theirs.
  const applied = useMemo(() => stepSettings(lessonById(lessonId).steps[index]), [lessonId, index]);
  useEffect(() => applySettings(applied), [applied]);
  const result = useLessonCheck(lessonId, index, step, applied);
  const passed = progress.passed[index];

  return (
    <section className="lesson-view" aria-label="lesson">
      <aside className="panel lesson-nav" aria-label="lessons">
        <div className="control">
          <label htmlFor="lesson-choice">lesson</label>
          <select id="lesson-choice" value={lessonId} onChange={(e) => { setMap('lesson', e.target.value as LessonId); setMap('step', 1); }}>
            {LESSON_IDS.map((id) => <option key={id} value={id}>{LESSONS[id].title}</option>)}
          </select>
        </div>
        <p className="lesson-paper">{lesson.paper}</p>
        <nav aria-label="steps">
          <ol className="lesson-steps">
            {lesson.steps.map((s, i) => (
              <li key={s.title} data-passed={progress.passed[i] ? 'true' : 'false'}>
                <a href={href(lessonId, i + 1)} aria-current={i === index ? 'step' : undefined}>
                  {s.title}{progress.passed[i] && <span aria-label=" (passed)"> ✓</span>}
                </a>
              </li>
            ))}
          </ol>
        </nav>
        <StepControls step={step} />
        <p className="buttons">
          <button type="button" onClick={() => { applySettings(applied); useAppStore.getState().send('reset'); }}>Restart this step</button>
          <button type="button" onClick={() => reset(lessonId)}>Reset lesson progress</button>
        </p>
      </aside>
      <section className="lesson-step" aria-labelledby="lesson-step-title">
        {note && <p className="notice info" role="status">{note} <button type="button" onClick={dismissNote}>Dismiss</button></p>}
        <p className="lesson-where">{lesson.title} · step {index + 1} of {lesson.steps.length}</p>
        <h2 id="lesson-step-title" data-testid="lesson-step-title">{step.title}</h2>
        {step.text.map((para) => <p key={para}><RichText text={para} /></p>)}
        <p className="lesson-task"><strong>Task:</strong> <RichText text={step.task} /></p>
        <CheckBox result={result} passed={passed} hasBaseline={!!progress.baselines[index]} onMeasureAgain={() => setBaseline(lessonId, index, null)} />
        {step.hints.length > 0 && (
          <details className="lesson-hints">
            <summary>Hints</summary>
            <ul>{step.hints.map((h) => <li key={h}><RichText text={h} /></li>)}</ul>
          </details>
        )}
        {passed && <p className="lesson-takeaway"><strong>Take-away:</strong> <RichText text={step.takeaway} /></p>}
        <p className="buttons lesson-pager">
          {index > 0 && <a className="button" href={href(lessonId, index)}>← Previous step</a>}
          {index < lesson.steps.length - 1 && <a className="button" href={href(lessonId, index + 2)}>Next step →</a>}
        </p>
        <ShareStep lesson={lessonId} step={index + 1} />
        <LessonSummary lesson={lesson} progress={progress} />
      </section>
      <section className="figures lesson-figures" aria-label="figures">
        <LessonReadouts />
        <LivePlot id="lesson-error-plot" title="Parameter error (log scale)" source={convergence.error} height={300} />
        {step.panels.includes('loss') && <LivePlot id="lesson-loss-plot" title="Loss (log scale)" source={convergence.loss} height={260} />}
      </section>
    </section>
  );
}
