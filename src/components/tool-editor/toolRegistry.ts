// Puts the edited tools on a client: each with the handler its answer mode names. Removing a
// tool and adding one each update the session (the client sends session.update when connected).
import type { RealtimeClient } from '../../lib/realtime';
import type { ToolHandler } from '../../lib/realtime/tool-runner';
import type { ManualCallStore } from './manualCalls';
import { mcpProblems, toMcpDefinition, type EditableMcpServer } from './mcpModel';
import { toDefinition, toolProblems, type EditableTool } from './toolModel';

export type BuiltInHandlers = Readonly<Record<string, ToolHandler>>;

export function handlerFor(tool: EditableTool, builtIns: BuiltInHandlers, manual: ManualCallStore): ToolHandler {
  if (tool.answer === 'built-in' && builtIns[tool.name]) return builtIns[tool.name];
  if (tool.answer === 'fixed') {
    const reply: unknown = JSON.parse(tool.fixedOutput);
    return () => reply;
  }
  return (args) => manual.wait(tool.name, args);
}

/** The tools that can be sent (those without problems), in order. */
export function sendableTools(tools: readonly EditableTool[]): EditableTool[] {
  return tools.filter((tool, index) => toolProblems(tool, tools.filter((_, other) => other !== index)).length === 0);
}

/** Makes the client's tools these; returns the names now registered. */
export function applyTools(client: RealtimeClient, tools: readonly EditableTool[], registered: readonly string[], builtIns: BuiltInHandlers, manual: ManualCallStore): string[] {
  const sendable = sendableTools(tools);
  for (const name of registered) if (!sendable.some((tool) => tool.name === name)) client.removeTool(name);
  for (const tool of sendable) client.addTool(toDefinition(tool), handlerFor(tool, builtIns, manual));
  return sendable.map((tool) => tool.name);
}

/** The MCP servers that can be sent (those without problems), as session tools. */
export function sendableServers(servers: readonly EditableMcpServer[]): EditableMcpServer[] {
  return servers.filter((server, index) => mcpProblems(server, servers.filter((_, other) => other !== index)).length === 0);
}

/**
 * Makes the session's MCP servers these: they are the session's configured `tools` (the client
 * adds its registered functions to them), so one session.update carries both when connected.
 */
export function applyServers(client: RealtimeClient, servers: readonly EditableMcpServer[]): void {
  client.updateSession({ tools: sendableServers(servers).map(toMcpDefinition) });
}
