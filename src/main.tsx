import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import './print.css';
import { startTheme } from './ui/theme';

// Before the first render, so the first paint already has the learner's theme.
startTheme(window);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element to mount ResLab into');

createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
