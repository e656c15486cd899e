// The console's tools: registered on each new client, with their state for the panels.
// Failures go back to the model as `{ error }` (so it can say what went wrong) and show in the panel.
import { useCallback, useState } from 'react';
import type { RealtimeClient } from '../../lib/realtime';
import type { WeatherState } from '../../components/tools/toolState';
import {
  fetchCurrentWeather, GET_WEATHER_TOOL, Memory, parseWeatherQuery, SET_MEMORY_TOOL, setMemoryEntry,
  WeatherFetchOptions, WeatherQuery, WeatherReport,
} from '../../tools';
import { errorMessage } from '../../lib/shared/error-message';

export interface ConsoleTools {
  weather: WeatherState;
  lastReport: WeatherReport | null;
  memory: Memory;
  memoryError: string | null;
  /**
   * Adds both tools to a client before it connects. The panels empty when its session is
   * created (as the model's memory does), not before: a failed Connect leaves them as they were.
   */
  register(client: RealtimeClient): void;
}

export interface ConsoleToolsOptions extends WeatherFetchOptions {
  /** The weather service is a simulation (the demo's): each report the model gets says so. */
  simulated?: boolean;
}

export function useConsoleTools(weatherOptions: ConsoleToolsOptions = {}): ConsoleTools {
  const [weather, setWeather] = useState<WeatherState>({ status: 'idle' });
  const [lastReport, setLastReport] = useState<WeatherReport | null>(null);
  const [memory, setMemory] = useState<Memory>({});
  const [memoryError, setMemoryError] = useState<string | null>(null);
  const { fetch: fetchImpl, timeoutMs, baseUrl, simulated } = weatherOptions;

  const register = useCallback(
    (client: RealtimeClient) => {
      // A new session: the model knows nothing the last one stored or looked up.
      client.on('session.created', () => {
        setWeather({ status: 'idle' });
        setLastReport(null);
        setMemory({});
        setMemoryError(null);
      });
      client.addTool(GET_WEATHER_TOOL, async (args) => {
        let query: WeatherQuery | undefined;
        try {
          query = parseWeatherQuery(args);
          setWeather({ status: 'loading', query });
          const fetched = await fetchCurrentWeather(query, { fetch: fetchImpl, timeoutMs, baseUrl });
          const report: WeatherReport = simulated ? { ...fetched, simulated: true } : fetched;
          setWeather({ status: 'ok', report });
          setLastReport(report);
          return report;
        } catch (error) {
          // The coordinates were good: the map still shows the place asked about.
          setWeather(query ? { status: 'error', message: errorMessage(error), query } : { status: 'error', message: errorMessage(error) });
          return { error: errorMessage(error) };
        }
      });
      client.addTool(SET_MEMORY_TOOL, (args) => {
        try {
          setMemoryEntry({}, args); // checks the arguments now, so the model hears about a bad call
        } catch (error) {
          setMemoryError(errorMessage(error));
          return { error: errorMessage(error) };
        }
        setMemoryError(null);
        setMemory((previous) => setMemoryEntry(previous, args));
        return { ok: true, key: String(args.key).trim() };
      });
    },
    [fetchImpl, timeoutMs, baseUrl, simulated],
  );

  return { weather, lastReport, memory, memoryError, register };
}
