// The console's tools run in the relay for a phone call: the same `get_weather` and
// `set_memory` modules the browser uses (src/tools/), with the memory kept per call. A tool
// that fails (Open-Meteo unreachable, bad arguments) answers `{error}` so the model can say so
// and the call goes on.
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import { setMemoryEntry, SET_MEMORY_TOOL, type Memory } from '../../src/tools/memory';
import { fetchCurrentWeather, GET_WEATHER_TOOL, parseWeatherQuery } from '../../src/tools/weather';
import { errorMessage } from '../../src/lib/shared/error-message';
import { isRecord } from '../../src/lib/shared/json';

export const CALL_TOOLS: readonly RealtimeFunctionTool[] = [GET_WEATHER_TOOL, SET_MEMORY_TOOL];

export interface CallToolOptions {
  weatherBaseUrl: string;
  weatherTimeoutMs: number;
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

export class CallTools {
  private memory: Memory = {};

  constructor(private readonly options: CallToolOptions) {}

  /** This call's memory (what set_memory stored). */
  get remembered(): Memory {
    return this.memory;
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
        throw new Error(`no tool "${name}" on the phone line`);
    }
  }
}
