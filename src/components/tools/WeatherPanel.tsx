import { lazy, Suspense, useMemo } from 'react';
import { weatherLabel, WeatherState } from './toolState';
import type { WeatherReport } from '../../tools';
import './WeatherPanel.scss';

// Leaflet is a third of the app's code: it loads after the first paint, in its own chunk.
const WeatherMap = lazy(() => import('./WeatherMap').then((module) => ({ default: module.WeatherMap })));

export interface WeatherPanelProps {
  state: WeatherState;
  /** The last place found, kept on the map while a later call loads (or fails without valid coordinates). */
  lastReport: WeatherReport | null;
  /** The weather service is a simulation (the demo's local one): the panel says so. */
  simulated?: boolean;
}

export function WeatherPanel({ state, lastReport, simulated = false }: WeatherPanelProps) {
  const failedQuery = state.status === 'error' ? state.query : undefined;
  const place = useMemo(() => {
    // A failed call with good coordinates: the marker goes to the place the tool asked about.
    if (failedQuery) return { lat: failedQuery.lat, lng: failedQuery.lng, label: `${failedQuery.location}: no weather` };
    return lastReport ? { lat: lastReport.lat, lng: lastReport.lng, label: weatherLabel(lastReport) } : null;
  }, [failedQuery, lastReport]);
  return (
    <section className="panel weather" aria-label="Weather">
      <header className="panel__header">
        <h2>get_weather</h2>
        {simulated && (
          <span className="weather__simulated" data-testid="weather-simulated" title="The demo's local weather service: values derived from the coordinates, not real weather">
            simulated weather
          </span>
        )}
        <span className="weather__status" data-testid="weather-status">
          {state.status === 'idle' && 'Ask about the weather somewhere.'}
          {state.status === 'loading' && `Looking up ${state.query.location}…`}
          {state.status === 'ok' && weatherLabel(state.report)}
        </span>
      </header>
      {state.status === 'error' && (
        <p className="weather__error" role="alert" data-testid="weather-error">get_weather failed: {state.message}</p>
      )}
      <Suspense fallback={<div className="weather-map weather-map--loading" data-testid="weather-map-loading" />}>
        <WeatherMap place={place} />
      </Suspense>
    </section>
  );
}
