// The demo's local weather service: a stand-in for Open-Meteo's forecast endpoint
// (https://api.open-meteo.com/v1/forecast) so the demo's first question is answered offline.
// It answers in Open-Meteo's own response shape (the fields src/tools/weather.ts reads, and the
// ones around them), with values derived from the coordinates only: the same place always gets
// the same weather. It is SIMULATED weather, and the console says so (runtime config
// `weatherSimulated`). Served by the demo's app server on its own origin (see app-server.ts).

/** Where the app server answers; the runtime config's `weatherUrl` names it. */
export const SIMULATED_WEATHER_PATH = '/simulated-weather/v1/forecast';

/** The variables the console asks for (`current=temperature_2m,wind_speed_10m`). */
const KNOWN_CURRENT = ['temperature_2m', 'wind_speed_10m'] as const;
type CurrentVariable = (typeof KNOWN_CURRENT)[number];
const UNITS: Record<CurrentVariable, string> = { temperature_2m: '°C', wind_speed_10m: 'km/h' };

/** Open-Meteo's forecast answer, as far as the console's request makes it answer. */
export interface OpenMeteoForecast {
  latitude: number;
  longitude: number;
  generationtime_ms: number;
  utc_offset_seconds: number;
  timezone: string;
  timezone_abbreviation: string;
  elevation: number;
  current_units: Record<string, string>;
  current: Record<string, string | number>;
}

/** Open-Meteo's error body (it answers HTTP 400 with it). */
export interface OpenMeteoError {
  error: true;
  reason: string;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** A fraction in [0, 1) that depends only on the coordinates (a small integer hash). */
function coordinateNoise(lat: number, lng: number, salt: number): number {
  let h = (Math.round(lat * 100) * 73856093) ^ (Math.round(lng * 100) * 19349663) ^ (salt * 83492791);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** Deterministic weather for a place: warmer near the equator, a little spread by position. */
export function simulatedCurrent(lat: number, lng: number): Record<CurrentVariable, number> {
  return {
    temperature_2m: round1(28 - 0.45 * Math.abs(lat) + 6 * coordinateNoise(lat, lng, 1) - 3),
    wind_speed_10m: round1(3 + 22 * coordinateNoise(lat, lng, 2)),
  };
}

/** Open-Meteo's current time: ISO local time (GMT here) rounded down to the 15-minute interval. */
function currentTime(now: Date): string {
  const quarter = new Date(Math.floor(now.getTime() / 900_000) * 900_000);
  return quarter.toISOString().slice(0, 16);
}

function readCoordinate(params: URLSearchParams, name: 'latitude' | 'longitude', limit: number): number | string {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return `Parameter '${name}' is missing`;
  const value = Number(raw);
  if (!Number.isFinite(value)) return `Data corrupted at path ''. Cannot initialize Float from invalid String value ${raw}.`;
  if (value < -limit || value > limit) return `${name === 'latitude' ? 'Latitude' : 'Longitude'} must be in range of -${limit} to ${limit}°. Given: ${value}.`;
  return value;
}

/** The answer to one forecast request: status and JSON body, as Open-Meteo would give them. */
export function simulatedForecast(search: string, now: Date = new Date()): { status: number; body: OpenMeteoForecast | OpenMeteoError } {
  const params = new URLSearchParams(search);
  const lat = readCoordinate(params, 'latitude', 90);
  if (typeof lat === 'string') return { status: 400, body: { error: true, reason: lat } };
  const lng = readCoordinate(params, 'longitude', 180);
  if (typeof lng === 'string') return { status: 400, body: { error: true, reason: lng } };
  const asked = (params.get('current') ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = asked.find((name) => !(KNOWN_CURRENT as readonly string[]).includes(name));
  if (unknown) return { status: 400, body: { error: true, reason: `Cannot initialize ForecastVariable from invalid String value ${unknown}.` } };
  const values = simulatedCurrent(lat, lng);
  const current: Record<string, string | number> = { time: currentTime(now), interval: 900 };
  const currentUnits: Record<string, string> = { time: 'iso8601', interval: 'seconds' };
  for (const name of asked as CurrentVariable[]) {
    current[name] = values[name];
    currentUnits[name] = UNITS[name];
  }
  return {
    status: 200,
    body: {
      // Open-Meteo snaps to its grid; two decimals are close enough for a simulation.
      latitude: Math.round(lat * 100) / 100,
      longitude: Math.round(lng * 100) / 100,
      generationtime_ms: 0.01,
      utc_offset_seconds: 0,
      timezone: 'GMT',
      timezone_abbreviation: 'GMT',
      elevation: 0,
      current_units: currentUnits,
      current,
    },
  };
}
