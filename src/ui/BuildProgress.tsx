// A long build's stage, once it has taken more than a second (shorter builds would only flash it): a polite
// status, so a screen reader announces the stages without interrupting.
import { useEffect, useState } from 'react';
import { BUILD_STAGES, STAGE_LABELS } from '../core/buildStages';
import { useAppStore } from '../state/store';

const SHOW_AFTER_MS = 1000;

export function BuildProgress() {
  const building = useAppStore((s) => s.run.status === 'building');
  const build = useAppStore((s) => s.run.build);
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!building) return;
    const timer = setTimeout(() => setLate(true), SHOW_AFTER_MS);
    return () => {
      clearTimeout(timer);
      setLate(false);
    };
  }, [building]);
  const shown = building && late && build;
  return (
    <p role="status" aria-live="polite" className="info build-progress" data-testid="build-progress" hidden={!shown}>
      {shown && (
        <>
          Building the run: {STAGE_LABELS[build.stage]} (stage {BUILD_STAGES.indexOf(build.stage) + 1} of {BUILD_STAGES.length}){' '}
          <progress max={1} value={build.fraction} aria-label="build progress" />
        </>
      )}
    </p>
  );
}
