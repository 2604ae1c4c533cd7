// A finished lesson: what the student measured at each step, from their own runs (kept in the progress).
import type { Lesson } from '../../core/lessons';
import type { LessonProgress } from '../../core/lessons/progress';
import { Numbers } from './CheckBox';

export function LessonSummary({ lesson, progress }: { lesson: Lesson; progress: LessonProgress }) {
  const done = lesson.steps.every((_, i) => progress.passed[i]);
  if (!done) return null;
  return (
    <section className="lesson-summary" data-testid="lesson-summary" aria-labelledby="lesson-summary-title">
      <h3 id="lesson-summary-title">Lesson complete: what you measured</h3>
      <ol>
        {lesson.steps.map((step, i) => (
          <li key={step.title}>
            <strong>{step.title}</strong>
            <Numbers numbers={progress.passed[i]!.numbers} />
            <p>{step.takeaway}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
