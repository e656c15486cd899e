// The console's tools on a client: `get_weather` and `set_memory`, with handlers that only do the
// work. A failure is thrown (a WeatherError, a MemoryError); the client's tool runner turns it into
// `{ error }` output for the model and a `tool.result` with `error`, which the panels follow
// (src/components/tools/toolPanelsStore.ts). Nothing here knows about React.
import type { RealtimeClient } from '../lib/realtime';
import { setMemoryEntry, SET_MEMORY_TOOL } from './memory';
import { fetchCurrentWeather, GET_WEATHER_TOOL, parseWeatherQuery, type WeatherFetchOptions, type WeatherReport } from './weather';

export interface ConsoleToolsOptions extends WeatherFetchOptions {
  /** The weather service is a simulation (the demo's): each report the model gets says so. */
  simulated?: boolean;
}

/** The handlers of `get_weather` and `set_memory`, for any client that runs tools (Realtime or Live). */
export function consoleToolHandlers(options: ConsoleToolsOptions = {}): {
  get_weather: (args: Record<string, unknown>) => Promise<WeatherReport>;
  set_memory: (args: Record<string, unknown>) => { ok: true; key: string };
} {
  const { fetch: fetchImpl, timeoutMs, baseUrl, simulated } = options;
  return {
    get_weather: async (args) => {
      const report = await fetchCurrentWeather(parseWeatherQuery(args), { fetch: fetchImpl, timeoutMs, baseUrl });
      return simulated ? { ...report, simulated: true } : report;
    },
    set_memory: (args) => {
      // The memory itself is the panel's (the model keeps its own in the conversation): this checks
      // the arguments, so a bad call reaches the model as an error.
      setMemoryEntry({}, args);
      return { ok: true, key: String(args.key).trim() };
    },
  };
}

/** Adds `get_weather` and `set_memory` to a client (before it connects, or live: the session is updated). */
export function registerConsoleTools(client: RealtimeClient, options: ConsoleToolsOptions = {}): void {
  const handlers = consoleToolHandlers(options);
  client.addTool(GET_WEATHER_TOOL, handlers.get_weather);
  client.addTool(SET_MEMORY_TOOL, handlers.set_memory);
}
