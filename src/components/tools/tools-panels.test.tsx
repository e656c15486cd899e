import { render, screen, waitFor } from '@testing-library/react';
import { MemoryPanel } from './MemoryPanel';
import { WeatherPanel } from './WeatherPanel';
import type { WeatherReport } from '../../tools';

const paris: WeatherReport = {
  lat: 48.86, lng: 2.35, location: 'Paris',
  temperature: { value: 11.4, units: '°C' }, wind_speed: { value: 17.2, units: 'km/h' },
};

test('the memory panel shows the stored JSON', () => {
  const { rerender } = render(<MemoryPanel memory={{}} />);
  expect(screen.getByTestId('memory-empty')).toBeInTheDocument();
  rerender(<MemoryPanel memory={{ user_name: 'Ada' }} />);
  expect(JSON.parse(screen.getByTestId('memory-json').textContent!)).toEqual({ user_name: 'Ada' });
  rerender(<MemoryPanel memory={{ user_name: 'Ada' }} error="set_memory needs a key" />);
  expect(screen.getByRole('alert')).toHaveTextContent('set_memory needs a key');
});

test('the weather panel puts a labelled marker on the map', async () => {
  render(<WeatherPanel state={{ status: 'ok', report: paris }} lastReport={paris} />);
  expect(screen.getByTestId('weather-status')).toHaveTextContent('Paris: 11.4 °C, wind 17.2 km/h');
  expect(await screen.findByTestId('map-marker')).toBeInTheDocument();
  expect(await screen.findByTestId('map-label')).toHaveTextContent('Paris: 11.4 °C, wind 17.2 km/h');
});

test('a failed call shows its error and keeps the last place', async () => {
  render(<WeatherPanel state={{ status: 'error', message: 'weather service unreachable' }} lastReport={paris} />);
  expect(screen.getByTestId('weather-error')).toHaveTextContent('get_weather failed: weather service unreachable');
  expect(await screen.findByTestId('map-marker')).toBeInTheDocument();
});

test('before any call: no marker, a hint', async () => {
  render(<WeatherPanel state={{ status: 'idle' }} lastReport={null} />);
  await waitFor(() => expect(screen.queryByTestId('weather-map-loading')).toBeNull()); // the map chunk loaded
  expect(screen.getByRole('button', { name: 'Zoom in' })).toBeInTheDocument();
  expect(screen.queryByTestId('map-marker')).toBeNull();
  expect(screen.getByTestId('weather-status')).toHaveTextContent('Ask about the weather');
});

test('a failed call with good coordinates puts the marker on the place asked about (issue 13, item 4)', async () => {
  const tokyo = { lat: 35.68, lng: 139.69, location: 'Tokyo' };
  render(<WeatherPanel state={{ status: 'error', message: 'weather service unreachable', query: tokyo }} lastReport={null} />);
  expect(screen.getByTestId('weather-error')).toHaveTextContent('weather service unreachable');
  expect(await screen.findByTestId('map-marker')).toBeInTheDocument();
  expect(await screen.findByTestId('map-label')).toHaveTextContent('Tokyo: no weather');
});

test('a simulated weather service is labelled as such', () => {
  const { rerender } = render(<WeatherPanel state={{ status: 'ok', report: paris }} lastReport={paris} simulated />);
  expect(screen.getByTestId('weather-simulated')).toHaveTextContent('simulated weather');
  rerender(<WeatherPanel state={{ status: 'ok', report: paris }} lastReport={paris} />);
  expect(screen.queryByTestId('weather-simulated')).toBeNull();
});
