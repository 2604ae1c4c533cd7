import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { controller } from './state/controller';
import { startUrlSync } from './state/urlSync';
import { registerServiceWorker } from './swRegister';
import { App } from './ui/App';
import './ui/styles.css';
import './ui/a11y/responsive.css';

startUrlSync();
controller.start();
registerServiceWorker();
// A diagnostic for tests and the curious: lose the WebGL context as a GPU reset would, and watch the run recover.
(window as Window & { recoveryLab?: object }).recoveryLab = { loseWebGLContext: () => controller.send({ type: 'lose-context' }) };
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
