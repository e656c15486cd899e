// The console's tools for a GPT-Live session with Responses delegation: the same `get_weather`
// and `set_memory` handlers as Realtime mode (console-tools.ts), run by the LiveClient when the
// backend calls them, and their definitions in the shape Live's `delegation.responses.tools`
// takes (live.d.ts FunctionTool: the Realtime tool's fields, without Realtime's own extras).
import type { FunctionTool } from 'openai/resources/live/live';
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import type { LiveClient } from '../lib/live/live-client';
import { SET_MEMORY_TOOL } from './memory';
import { GET_WEATHER_TOOL } from './weather';
import { consoleToolHandlers, type ConsoleToolsOptions } from './console-tools';

function liveFunctionTool(tool: RealtimeFunctionTool): FunctionTool {
  return { type: 'function', name: tool.name ?? '', description: tool.description ?? null, parameters: (tool.parameters as Record<string, unknown> | undefined) ?? null };
}

/** `get_weather` and `set_memory` for `session.delegation.responses.tools`. */
export const LIVE_CONSOLE_TOOLS: readonly FunctionTool[] = [liveFunctionTool(GET_WEATHER_TOOL), liveFunctionTool(SET_MEMORY_TOOL)];

/** Runs `get_weather` and `set_memory` in this client when the Responses backend calls them. */
export function registerLiveConsoleTools(client: LiveClient, options: ConsoleToolsOptions = {}): void {
  const handlers = consoleToolHandlers(options);
  client.addTool('get_weather', handlers.get_weather);
  client.addTool('set_memory', handlers.set_memory);
}
