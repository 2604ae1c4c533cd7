import { ControlPanel } from './ControlPanel';
import { convergence } from './convergencePlots';
import { LivePlot } from './LivePlot';
import { Readouts } from './Readouts';
import { BackendBadge, EngineBadge, Notices, ShareButton } from './StatusBar';
import { Teaching } from './Teaching';
import { ConvexityPanel } from './convexity/ConvexityPanel';
import { TensorPanel } from './TensorPanel';
import { RecoveryMapView } from './map/RecoveryMapView';
import { useMapStore } from './map/mapStore';
import { ViewTabs } from './map/ViewTabs';
import { LessonView } from './lesson/LessonView';
import { useAppStore } from '../state/store';

export function App() {
  const status = useAppStore((s) => s.run.status);
  const view = useMapStore((s) => s.settings.view);
  return (
    <div className="app">
      <header>
        <h1>Recovery Lab</h1>
        <p className="tagline">A student network recovers a teacher's weights from samples, live.</p>
        <BackendBadge />
        <EngineBadge />
        <span className="status" data-testid="status">{status}</span>
        <ShareButton />
      </header>
      <ViewTabs />
      <Notices />
      <main hidden={view !== 'live'}>
        <ControlPanel />
        <section className="figures" aria-label="figures">
          <Readouts />
          <div className="plots">
            <LivePlot id="error-plot" title="Parameter error (log scale)" source={convergence.error} height={340} />
            <LivePlot id="loss-plot" title="Loss (log scale)" source={convergence.loss} height={340} />
          </div>
          <TensorPanel />
          <Teaching />
          <ConvexityPanel />
        </section>
      </main>
      {view === 'map' && <RecoveryMapView />}
      {view === 'lesson' && <LessonView />}
    </div>
  );
}
