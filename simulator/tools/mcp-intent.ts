// Which MCP tool a typed message asks for, deterministically: the message names a listed tool
// ("use order_status for "A-1042"", spaces for underscores allowed). Its arguments are a JSON
// object written in the message, or else filled from the tool's input schema in order: numbers
// from the numbers in the message, strings from a quoted text or the words after the tool's name.
import type { RealtimeMcpListTools } from 'openai/resources/realtime/realtime';
import type { McpServerState } from '../reply-planner';
import { isRecord } from '../../src/lib/shared/json';

export interface McpToolRequest {
  server: McpServerState;
  tool: string;
  /** JSON text of the arguments. */
  arguments: string;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function mention(text: string, name: string): RegExpMatchArray | null {
  const spelled = [name, name.replace(/[_-]+/g, ' ')].map(escape).join('|');
  return text.match(new RegExp(`(?:^|[^\\w-])(?:${spelled})(?![\\w-])`, 'i'));
}

function jsonObjectIn(text: string): Record<string, unknown> | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    const value: unknown = JSON.parse(text.slice(start, end + 1));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

const FILLER = /^(?:\s|[:,]|\b(?:for|about|with|on|of|to|the|please)\b)+/i;

function argumentsFor(tool: RealtimeMcpListTools.Tool, text: string, after: string): Record<string, unknown> {
  const written = jsonObjectIn(text);
  if (written) return written;
  const schema = isRecord(tool.input_schema) ? tool.input_schema : {};
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
  const order = [...required, ...Object.keys(properties).filter((name) => !required.includes(name))];
  const numbers = (after.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const quoted = after.match(/"([^"]*)"|'([^']*)'|“([^”]*)”/);
  const words = after.replace(FILLER, '').replace(/[.?!\s]+$/, '');
  const args: Record<string, unknown> = {};
  let textUsed = false;
  for (const name of order) {
    const property = properties[name];
    const type = isRecord(property) ? property.type : undefined;
    if ((type === 'number' || type === 'integer') && numbers.length) args[name] = numbers.shift();
    else if (type === 'string' && !textUsed && (quoted || words)) {
      args[name] = quoted ? quoted[1] ?? quoted[2] ?? quoted[3] : words;
      textUsed = true;
    }
  }
  return args;
}

/** The listed tool the message names (the longest name, if several match), with its arguments. */
export function mcpToolRequest(text: string, servers: readonly McpServerState[]): McpToolRequest | null {
  let best: { server: McpServerState; tool: RealtimeMcpListTools.Tool; match: RegExpMatchArray } | null = null;
  for (const server of servers) {
    for (const tool of server.tools) {
      const match = mention(text, tool.name);
      if (match && (!best || tool.name.length > best.tool.name.length)) best = { server, tool, match };
    }
  }
  if (!best) return null;
  const after = text.slice((best.match.index ?? 0) + best.match[0].length);
  return { server: best.server, tool: best.tool.name, arguments: JSON.stringify(argumentsFor(best.tool, text, after)) };
}
