/**
 * ToolPanelsStore: what the weather and memory panels show, built from the client's `tool.call`
 * and `tool.result` events (no React, no handler writes to it). The page owns one store for its
 * lifetime and points it at each new client:
 *
 *   const store = new ToolPanelsStore();
 *   registerConsoleTools(client, options);
 *   store.follow(client);              // stops following the previous client
 *
 * The panels empty on the followed client's `session.created` (a new session knows nothing the
 * last one stored or looked up), not on `follow`: a Connect that fails leaves them as they were.
 * `subscribe(listener)` → unsubscribe; `snapshot()` is a new object after every change.
 */
import { parseToolArguments, type RealtimeClient, type ToolCall, type ToolResult } from '../../lib/realtime';
import { GET_WEATHER_TOOL, parseWeatherQuery, setMemoryEntry, SET_MEMORY_TOOL, type Memory, type WeatherQuery, type WeatherReport } from '../../tools';
import type { WeatherState } from './toolState';

export interface ToolPanelsState {
  weather: WeatherState;
  /** The last report found: the map keeps its marker while a later call runs or fails. */
  lastReport: WeatherReport | null;
  memory: Memory;
  memoryError: string | null;
}

export const EMPTY_TOOL_PANELS: ToolPanelsState = { weather: { status: 'idle' }, lastReport: null, memory: {}, memoryError: null };

function callArguments(call: ToolCall): Record<string, unknown> | null {
  try {
    return parseToolArguments(call.arguments);
  } catch {
    return null; // the runner reports it as the call's error
  }
}

const isMeasure = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as { value?: unknown }).value === 'number' && typeof (value as { units?: unknown }).units === 'string';

function isWeatherReport(value: unknown): value is WeatherReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Record<string, unknown>;
  return typeof report.location === 'string' && typeof report.lat === 'number' && typeof report.lng === 'number' && isMeasure(report.temperature) && isMeasure(report.wind_speed);
}

function weatherQuery(call: ToolCall): WeatherQuery | undefined {
  const args = callArguments(call);
  if (!args) return undefined;
  try {
    return parseWeatherQuery(args);
  } catch {
    return undefined;
  }
}

export class ToolPanelsStore {
  private state: ToolPanelsState = EMPTY_TOOL_PANELS;
  private readonly listeners = new Set<() => void>();
  /** Calls started and not yet answered, by call id: a result carries no arguments. */
  private readonly calls = new Map<string, ToolCall>();
  private unfollow: (() => void) | null = null;

  snapshot(): ToolPanelsState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Follows a client's tool events (and only its: the previous client is let go). */
  follow(client: RealtimeClient): void {
    this.unfollow?.();
    const offs = [
      client.on('session.created', () => this.reset()),
      client.on('tool.call', (call) => this.toolCall(call)),
      client.on('tool.result', (result) => this.toolResult(result)),
    ];
    this.unfollow = () => offs.forEach((off) => off());
  }

  /** Stops following the client, if any. */
  stop(): void {
    this.unfollow?.();
    this.unfollow = null;
  }

  reset(): void {
    this.calls.clear();
    this.set(EMPTY_TOOL_PANELS);
  }

  toolCall(call: ToolCall): void {
    this.calls.set(call.call_id, call);
    if (call.name !== GET_WEATHER_TOOL.name) return;
    const query = weatherQuery(call);
    if (query) this.set({ ...this.state, weather: { status: 'loading', query } });
  }

  toolResult(result: ToolResult): void {
    const call = this.calls.get(result.call_id) ?? { name: result.name, call_id: result.call_id, arguments: '' };
    this.calls.delete(result.call_id);
    if (result.name === GET_WEATHER_TOOL.name) this.weatherResult(call, result);
    else if (result.name === SET_MEMORY_TOOL.name) this.memoryResult(call, result);
  }

  private weatherResult(call: ToolCall, result: ToolResult): void {
    if (result.error !== undefined) {
      // The coordinates were good: the map still shows the place asked about.
      const query = weatherQuery(call);
      this.set({ ...this.state, weather: query ? { status: 'error', message: result.error, query } : { status: 'error', message: result.error } });
      return;
    }
    // An answer written by hand (the tool editor) or a fixed reply need not be a report.
    if (!isWeatherReport(result.output)) {
      const query = weatherQuery(call);
      const message = 'the answer is not a weather report (location, lat, lng, temperature and wind_speed with value and units)';
      this.set({ ...this.state, weather: query ? { status: 'error', message, query } : { status: 'error', message } });
      return;
    }
    const report = result.output;
    this.set({ ...this.state, weather: { status: 'ok', report }, lastReport: report });
  }

  private memoryResult(call: ToolCall, result: ToolResult): void {
    const args = callArguments(call);
    if (result.error !== undefined || !args) {
      this.set({ ...this.state, memoryError: result.error ?? 'set_memory arguments are not a JSON object' });
      return;
    }
    this.set({ ...this.state, memory: setMemoryEntry(this.state.memory, args), memoryError: null });
  }

  private set(state: ToolPanelsState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
