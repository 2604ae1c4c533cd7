import { ControlPanel } from './ControlPanel';
import { convergence } from './convergencePlots';
import { LivePlot } from './LivePlot';
import { Readouts } from './Readouts';
import { BackendBadge, EngineBadge, Notices, ShareButton } from './StatusBar';
import { Teaching } from './Teaching';
import { ConvexityPanel } from './convexity/ConvexityPanel';
import { TensorPanel } from './TensorPanel';
import { RecoveryMapView } from './map/RecoveryMapView';
import { RunFiles } from './run/RunFiles';
import { ViewPanel, ViewTabs } from './map/ViewTabs';
import { Announcer } from './a11y/Announcer';
import { ControlsDrawer } from './a11y/ControlsDrawer';
import { rateSummary } from './a11y/runSummary';
import { Shortcuts } from './a11y/Shortcuts';
import { useAppStore } from '../state/store';

export function App() {
  const status = useAppStore((s) => s.run.status);
  return (
    <div className="app">
      <header>
        <h1>Recovery Lab</h1>
        <p className="tagline">A student network recovers a teacher's weights from samples, live.</p>
        <BackendBadge />
        <EngineBadge />
        <span className="status" data-testid="status">{status}</span>
        <ShareButton />
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
                <LivePlot id="error-plot" title="Parameter error (log scale)" source={convergence.error} height={340} extraSummary={rateSummary} />
                <LivePlot id="loss-plot" title="Loss (log scale)" source={convergence.loss} height={340} />
              </div>
              <TensorPanel />
              <Teaching />
              <ConvexityPanel />
            </section>
          </div>
        </ViewPanel>
        <ViewPanel view="map" lazy>
          <RecoveryMapView />
        </ViewPanel>
      </main>
    </div>
  );
}
