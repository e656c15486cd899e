// A tiny MCP server built into the simulator, so MCP tools can be tried offline. Only servers
// whose `server_url` starts with `sim://` are "reachable"; any other server fails to list its
// tools (the simulator never reaches the network).
import type { RealtimeMcpListTools, RealtimeMcpToolExecutionError } from 'openai/resources/realtime/realtime';

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

export type McpCallResult = { output: string } | { error: RealtimeMcpToolExecutionError };

export function isReachable(serverUrl: string | undefined): boolean {
  return typeof serverUrl === 'string' && serverUrl.startsWith(SIMULATED_MCP_SCHEME);
}

export function callSimulatedTool(name: string, args: { a: number; b: number }): McpCallResult {
  if (name === 'add_numbers') return { output: String(args.a + args.b) };
  if (name === 'divide_numbers') {
    if (args.b === 0) return { error: { type: 'tool_execution_error', message: 'Division by zero.' } };
    return { output: String(args.a / args.b) };
  }
  return { error: { type: 'tool_execution_error', message: `Unknown tool '${name}'.` } };
}
