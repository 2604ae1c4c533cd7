import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { controller } from './engine/controller';
import { startUrlSync } from './state/urlSync';
import { App } from './ui/App';
import './ui/styles.css';
import './ui/a11y/responsive.css';

startUrlSync();
controller.start();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
