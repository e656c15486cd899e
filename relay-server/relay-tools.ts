// The console's tools run in the relay: the same `get_weather` and `set_memory` modules the
// browser uses (src/tools/), for a phone call (phone/call.ts) and for a WebRTC call's sideband
// (sideband.ts), with memory kept per call. A tool that fails (Open-Meteo unreachable, bad
// arguments) answers `{error}` so the model can say so and the call goes on.
//
// Both answer at `response.done`: a function call's output may be sent as soon as its arguments
// are done, but the `response.create` that lets the model go on must wait for the response to
// end (the API refuses a second active response), and the done response lists every call at once.
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import { setMemoryEntry, SET_MEMORY_TOOL, type Memory } from '../src/tools/memory';
import { fetchCurrentWeather, GET_WEATHER_TOOL, parseWeatherQuery } from '../src/tools/weather';
import { errorMessage } from '../src/lib/shared/error-message';
import { isRecord } from '../src/lib/shared/json';

/** Every tool the relay can run itself. */
export const RELAY_TOOLS: readonly RealtimeFunctionTool[] = [GET_WEATHER_TOOL, SET_MEMORY_TOOL];
export const RELAY_TOOL_NAMES: readonly string[] = RELAY_TOOLS.map((tool) => tool.name ?? '');

export interface RelayToolOptions {
  weatherBaseUrl: string;
  weatherTimeoutMs: number;
  /** Where the tools run, for the error a call of an unknown tool gets ("the phone line"). */
  where: string;
}

export interface ToolRun {
  name: string;
  callId: string;
  arguments: string;
  /** The JSON text sent back as the function_call_output. */
  output: string;
  error: string | null;
  ms: number;
}

/** A `function_call` item of a done response (GA `RealtimeConversationItemFunctionCall`). */
export interface FunctionCallItem {
  name: string;
  callId: string;
  arguments: string;
}

/**
 * The function calls of a `response.done`'s response that `answers` picks, or none when the
 * response did not complete (a cancelled or failed response's calls are not to be answered).
 */
export function functionCallsToAnswer(response: unknown, answers: (name: string) => boolean): FunctionCallItem[] {
  if (!isRecord(response) || response.status !== 'completed' || !Array.isArray(response.output)) return [];
  return response.output
    .filter((item): item is Record<string, unknown> => isRecord(item) && item.type === 'function_call' && typeof item.call_id === 'string' && typeof item.name === 'string')
    .map((item) => ({ name: String(item.name), callId: String(item.call_id), arguments: typeof item.arguments === 'string' ? item.arguments : '' }))
    .filter((call) => answers(call.name));
}

/** The client events that answer runs: one `function_call_output` each, then one `response.create`. */
export function answerEvents(runs: readonly ToolRun[]): Array<Record<string, unknown>> {
  if (runs.length === 0) return [];
  return [
    ...runs.map((run) => ({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: run.callId, output: run.output } })),
    { type: 'response.create' },
  ];
}

export class RelayTools {
  private memory: Memory = {};

  constructor(private readonly options: RelayToolOptions) {}

  /** This call's memory (what set_memory stored). */
  get remembered(): Memory {
    return this.memory;
  }

  /** Runs the calls of one response together; never rejects. */
  runAll(calls: readonly FunctionCallItem[]): Promise<ToolRun[]> {
    return Promise.all(calls.map((call) => this.run(call.name, call.callId, call.arguments)));
  }

  /** Runs one function call; never throws. */
  async run(name: string, callId: string, args: string): Promise<ToolRun> {
    const started = Date.now();
    let output: unknown;
    let error: string | null = null;
    try {
      const parsed: unknown = args.trim() === '' ? {} : JSON.parse(args);
      if (!isRecord(parsed)) throw new Error('the arguments are not a JSON object');
      output = await this.dispatch(name, parsed);
    } catch (caught) {
      error = errorMessage(caught);
      output = { error };
    }
    return { name, callId, arguments: args, output: JSON.stringify(output), error, ms: Date.now() - started };
  }

  private async dispatch(name: string, args: Record<string, unknown>): Promise<unknown> {
    switch (name) {
      case GET_WEATHER_TOOL.name:
        return fetchCurrentWeather(parseWeatherQuery(args), { baseUrl: this.options.weatherBaseUrl, timeoutMs: this.options.weatherTimeoutMs });
      case SET_MEMORY_TOOL.name:
        this.memory = setMemoryEntry(this.memory, args);
        return { ok: true, key: String(args.key).trim() };
      default:
        throw new Error(`no tool "${name}" on ${this.options.where}`);
    }
  }
}
