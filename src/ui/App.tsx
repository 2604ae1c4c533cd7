import { ControlPanel } from './ControlPanel';
import { convergence } from './convergencePlots';
import { LivePlot } from './LivePlot';
import { Readouts } from './Readouts';
import { BackendBadge, EngineBadge, Notices } from './StatusBar';
import { Teaching } from './Teaching';
import { OfflineStatus } from './OfflineStatus';
import { LecturerPanel, useLecturerAccess, usePlotHeight, usePresentMode } from './share/lecturerAccess';
import { ShareDialogButton } from './share/ShareDialog';
import { ConvexityPanel } from './convexity/ConvexityPanel';
import { TensorPanel } from './TensorPanel';
import { RecoveryMapView } from './map/RecoveryMapView';
import { useMapStore } from './map/mapStore';
import { ViewTabs } from './map/ViewTabs';
import { useAppStore } from '../state/store';

export function App() {
  const status = useAppStore((s) => s.run.status);
  const view = useMapStore((s) => s.settings.view);
  const mapHidden = useLecturerAccess('map').hidden;
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
      </header>
      <ViewTabs />
      <Notices />
      <main hidden={view !== 'live' && !mapHidden}>
        <ControlPanel />
        <section className="figures" aria-label="figures">
          <Readouts />
          <div className="plots">
            <LivePlot id="error-plot" title="Parameter error (log scale)" source={convergence.error} height={plotHeight} />
            <LivePlot id="loss-plot" title="Loss (log scale)" source={convergence.loss} height={plotHeight} />
          </div>
          <LecturerPanel name="tensor"><TensorPanel /></LecturerPanel>
          <LecturerPanel name="teaching"><Teaching /></LecturerPanel>
          <LecturerPanel name="convexity"><ConvexityPanel /></LecturerPanel>
        </section>
      </main>
      {view === 'map' && !mapHidden && <RecoveryMapView />}
    </div>
  );
}
