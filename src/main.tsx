import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { controller } from './engine/controller';
import { startUrlSync } from './state/urlSync';
import { registerServiceWorker } from './swRegister';
import { App } from './ui/App';
import './ui/styles.css';

startUrlSync();
controller.start();
registerServiceWorker();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
