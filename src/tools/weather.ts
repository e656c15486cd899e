// The `get_weather` tool: current temperature and wind speed from Open-Meteo (no key needed).
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import { errorMessage } from '../lib/shared/error-message';

export const OPEN_METEO_URL = 'https://api.open-meteo.com/v1/forecast';
/** A stalled request must not hold the model's turn forever. */
export const DEFAULT_WEATHER_TIMEOUT_MS = 8000;

export const GET_WEATHER_TOOL: RealtimeFunctionTool = {
  type: 'function',
  name: 'get_weather',
  description:
    'Gets the current temperature and wind speed for a place given its latitude and longitude. ' +
    'Use it whenever the user asks about the weather somewhere.',
  parameters: {
    type: 'object',
    properties: {
      lat: { type: 'number', description: 'Latitude in degrees, -90 to 90' },
      lng: { type: 'number', description: 'Longitude in degrees, -180 to 180' },
      location: { type: 'string', description: 'Name of the place, e.g. "Paris"' },
    },
    required: ['lat', 'lng', 'location'],
  },
};

export interface WeatherQuery {
  lat: number;
  lng: number;
  location: string;
}

export interface WeatherReport extends WeatherQuery {
  temperature: { value: number; units: string };
  wind_speed: { value: number; units: string };
  /** Observation time as Open-Meteo reports it (ISO local time). */
  time?: string;
  /** Set when the service is a simulation (the demo's), so the model and the panel can say so. */
  simulated?: true;
}

export class WeatherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeatherError';
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** Checks the model's arguments; throws a WeatherError the model can read. */
export function parseWeatherQuery(args: Record<string, unknown>): WeatherQuery {
  const lat = toNumber(args.lat);
  const lng = toNumber(args.lng);
  const location = typeof args.location === 'string' && args.location.trim() ? args.location.trim() : 'unknown place';
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new WeatherError(`bad latitude ${JSON.stringify(args.lat)}: must be a number from -90 to 90`);
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) throw new WeatherError(`bad longitude ${JSON.stringify(args.lng)}: must be a number from -180 to 180`);
  return { lat, lng, location };
}

export function weatherUrl(query: WeatherQuery, baseUrl = OPEN_METEO_URL): string {
  const params = new URLSearchParams({
    latitude: String(query.lat),
    longitude: String(query.lng),
    current: 'temperature_2m,wind_speed_10m',
  });
  return `${baseUrl}?${params.toString()}`;
}

interface OpenMeteoResponse {
  current?: { time?: string; temperature_2m?: unknown; wind_speed_10m?: unknown };
  current_units?: { temperature_2m?: string; wind_speed_10m?: string };
}

export interface WeatherFetchOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  baseUrl?: string;
}

/** Fetches current weather; every failure (network, timeout, HTTP, bad data) is a WeatherError. */
export async function fetchCurrentWeather(query: WeatherQuery, options: WeatherFetchOptions = {}): Promise<WeatherReport> {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEATHER_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let body: OpenMeteoResponse;
  try {
    const response = await fetchImpl(weatherUrl(query, options.baseUrl), { signal: controller.signal });
    if (!response.ok) throw new WeatherError(`weather service answered HTTP ${response.status}`);
    body = (await response.json()) as OpenMeteoResponse;
  } catch (error) {
    if (error instanceof WeatherError) throw error;
    if (controller.signal.aborted) throw new WeatherError(`weather service did not answer within ${timeoutMs} ms`);
    throw new WeatherError(`weather service unreachable: ${errorMessage(error)}`);
  } finally {
    clearTimeout(timer);
  }
  const temperature = body.current?.temperature_2m;
  const wind = body.current?.wind_speed_10m;
  if (typeof temperature !== 'number' || typeof wind !== 'number') {
    throw new WeatherError('weather service answered without current temperature and wind speed');
  }
  return {
    ...query,
    temperature: { value: temperature, units: body.current_units?.temperature_2m ?? '°C' },
    wind_speed: { value: wind, units: body.current_units?.wind_speed_10m ?? 'km/h' },
    time: body.current?.time,
  };
}
