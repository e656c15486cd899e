// A tiny MCP server built into the simulator, so MCP tools can be tried offline: a server whose
// `server_url` starts with `sim://` is answered here. A loopback URL reaches a real MCP server
// (mcp-remote.ts); any other server fails to list its tools (the simulator never reaches the
// network).
import type { RealtimeMcpListTools, RealtimeMcpToolCall } from 'openai/resources/realtime/realtime';

export const SIMULATED_MCP_SCHEME = 'sim://';

const numberPair = {
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
  additionalProperties: false,
};

export const SIMULATED_MCP_TOOLS: RealtimeMcpListTools.Tool[] = [
  { name: 'add_numbers', description: 'Adds two numbers.', input_schema: numberPair, annotations: { readOnlyHint: true } },
  { name: 'divide_numbers', description: 'Divides a by b (fails when b is 0).', input_schema: numberPair, annotations: { readOnlyHint: true } },
];

export type McpCallResult = { output: string } | { error: NonNullable<RealtimeMcpToolCall['error']> };

/** An MCP server as the session sees it: its tools, a way to call one, and an end. */
export interface McpToolSource {
  list(): Promise<RealtimeMcpListTools.Tool[]>;
  call(name: string, args: Record<string, unknown>): Promise<McpCallResult>;
  close(): void;
}

export function isSimulated(serverUrl: string | undefined): boolean {
  return typeof serverUrl === 'string' && serverUrl.startsWith(SIMULATED_MCP_SCHEME);
}

export function callSimulatedTool(name: string, args: Record<string, unknown>): McpCallResult {
  const a = Number(args.a);
  const b = Number(args.b);
  if (name === 'add_numbers') return { output: String(a + b) };
  if (name === 'divide_numbers') {
    if (b === 0) return { error: { type: 'tool_execution_error', message: 'Division by zero.' } };
    return { output: String(a / b) };
  }
  return { error: { type: 'tool_execution_error', message: `Unknown tool '${name}'.` } };
}

export const SIMULATED_SOURCE: McpToolSource = {
  list: async () => SIMULATED_MCP_TOOLS,
  call: async (name, args) => callSimulatedTool(name, args),
  close: () => undefined,
};
