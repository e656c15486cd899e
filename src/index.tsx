import React from 'react';
import ReactDOM from 'react-dom/client';
// Leaflet's stylesheet is imported here rather than beside the map: jest does not transform
// CSS inside node_modules.
import 'leaflet/dist/leaflet.css';
import './index.scss';
import { App } from './App';

const root = ReactDOM.createRoot(document.getElementById('root') as HTMLElement);
root.render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
