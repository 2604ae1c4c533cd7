import { ControlPanel } from './ControlPanel';
import { convergence } from './convergencePlots';
import { LivePlot } from './LivePlot';
import { Readouts } from './Readouts';
import { BackendBadge, EngineBadge, Notices } from './StatusBar';
import { Teaching } from './Teaching';
import { OfflineStatus } from './OfflineStatus';
import { LecturerPanel, usePlotHeight, usePresentMode } from './share/lecturerAccess';
import { ShareDialogButton } from './share/ShareDialog';
import { ConvexityPanel } from './convexity/ConvexityPanel';
import { TensorPanel } from './TensorPanel';
import { RecoveryMapView } from './map/RecoveryMapView';
import { RunFiles } from './run/RunFiles';
import { ViewPanel, ViewTabs } from './map/ViewTabs';
import { Announcer } from './a11y/Announcer';
import { ControlsDrawer } from './a11y/ControlsDrawer';
import { rateSummary } from './a11y/runSummary';
import { Shortcuts } from './a11y/Shortcuts';
import { LessonView } from './lesson/LessonView';
import { useAppStore } from '../state/store';

export function App() {
  const status = useAppStore((s) => s.run.status);
  const present = usePresentMode();
  const plotHeight = usePlotHeight(340);
  return (
    <div className={present ? 'app present' : 'app'}>
      <header>
        <h1>Recovery Lab</h1>
        <p className="tagline">A student network recovers a teacher's weights from samples, live.</p>
        <BackendBadge />
        <EngineBadge />
        <span className="status" data-testid="status">{status}</span>
        <ShareDialogButton />
        <OfflineStatus />
        <Shortcuts />
      </header>
      <ViewTabs />
      <main>
        <Notices />
        <Announcer />
        <ViewPanel view="live">
          <div className="view-grid">
            <ControlsDrawer label="settings">
              <ControlPanel />
            </ControlsDrawer>
            <section className="figures" aria-label="figures">
              <RunFiles />
              <Readouts />
              <div className="plots">
                <LivePlot id="error-plot" title="Parameter error (log scale)" source={convergence.error} height={plotHeight} extraSummary={rateSummary} />
                <LivePlot id="loss-plot" title="Loss (log scale)" source={convergence.loss} height={plotHeight} />
              </div>
              <LecturerPanel name="tensor"><TensorPanel /></LecturerPanel>
              <LecturerPanel name="teaching"><Teaching /></LecturerPanel>
              <LecturerPanel name="convexity"><ConvexityPanel /></LecturerPanel>
            </section>
          </div>
        </ViewPanel>
        <ViewPanel view="map" lazy>
          <RecoveryMapView />
        </ViewPanel>
        <ViewPanel view="lesson" lazy>
          <LessonView />
        </ViewPanel>
      </main>
    </div>
  );
}
