// The tool editor's model (no React): function tools as the user edits them, checked as they
// type, the templates, how each is answered, and the JSON file they import and export.
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import { GET_WEATHER_TOOL } from '../../tools/weather';
import { SET_MEMORY_TOOL } from '../../tools/memory';
import { fromFileEntry, toFileEntry, type EditableMcpServer } from './mcpModel';

/** built-in: the console's own handler (get_weather, set_memory); fixed: a JSON reply; by-hand: the user writes it. */
export type AnswerMode = 'built-in' | 'fixed' | 'by-hand';

export interface EditableTool {
  name: string;
  description: string;
  /** The parameters' JSON Schema, as text (checked as the user types). */
  parameters: string;
  answer: AnswerMode;
  /** The reply for `fixed`, as JSON text. */
  fixedOutput: string;
}

/** Tools the console has a handler for. */
export const BUILT_IN_TOOLS: readonly string[] = ['get_weather', 'set_memory'];

/** OpenAI's rule for function names: letters, digits, underscores and dashes, at most 64. */
const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

const schemaText = (value: unknown): string => JSON.stringify(value, null, 2);

function fromDefinition(definition: RealtimeFunctionTool, answer: AnswerMode, fixedOutput = '{}'): EditableTool {
  return { name: definition.name ?? '', description: definition.description ?? '', parameters: schemaText(definition.parameters ?? { type: 'object', properties: {} }), answer, fixedOutput };
}

export const TEMPLATES: Readonly<Record<string, EditableTool>> = {
  get_weather: fromDefinition(GET_WEATHER_TOOL, 'built-in'),
  set_memory: fromDefinition(SET_MEMORY_TOOL, 'built-in'),
  lookup: {
    name: 'lookup_order',
    description: 'Looks up an order by its number and returns its status.',
    parameters: schemaText({ type: 'object', properties: { order_number: { type: 'string', description: 'The order number, e.g. "A-1042"' } }, required: ['order_number'] }),
    answer: 'fixed',
    fixedOutput: schemaText({ status: 'shipped', eta_days: 2 }),
  },
  end_call: {
    name: 'end_call',
    description: 'Ends the call when the user says goodbye or asks to hang up.',
    parameters: schemaText({ type: 'object', properties: { reason: { type: 'string' } } }),
    answer: 'by-hand',
    fixedOutput: '{}',
  },
};

/** What the console starts with: its two tools, answered by their handlers. */
export const DEFAULT_TOOLS: readonly EditableTool[] = [TEMPLATES.get_weather, TEMPLATES.set_memory];

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The problems a tool has, checked without the schema validator (which loads later and adds
 * the JSON Schema meta-check): empty means it can be sent.
 */
export function toolProblems(tool: EditableTool, others: readonly EditableTool[]): string[] {
  const problems: string[] = [];
  if (!NAME_PATTERN.test(tool.name)) problems.push('name: 1–64 letters, digits, _ or -');
  else if (others.some((other) => other.name === tool.name)) problems.push(`name: another tool is called "${tool.name}"`);
  const parameters = parseJson(tool.parameters);
  if ('error' in parameters) problems.push(`parameters: not JSON (${parameters.error})`);
  else if (typeof parameters.value !== 'object' || parameters.value === null || Array.isArray(parameters.value)) problems.push('parameters: a JSON Schema object is needed');
  else if ((parameters.value as { type?: unknown }).type !== 'object') problems.push('parameters: the schema\'s "type" must be "object"');
  if (tool.answer === 'fixed' && 'error' in parseJson(tool.fixedOutput)) problems.push('fixed reply: not JSON');
  if (tool.answer === 'built-in' && !BUILT_IN_TOOLS.includes(tool.name)) problems.push(`answer: no built-in handler for "${tool.name}" (built-in: ${BUILT_IN_TOOLS.join(', ')})`);
  return problems;
}

/** The definition sent in session.update (call only for a tool without problems). */
export function toDefinition(tool: EditableTool): RealtimeFunctionTool {
  const definition: RealtimeFunctionTool = { type: 'function', name: tool.name, parameters: JSON.parse(tool.parameters) };
  if (tool.description.trim()) definition.description = tool.description.trim();
  return definition;
}

function isAnswerMode(value: unknown): value is AnswerMode {
  return value === 'built-in' || value === 'fixed' || value === 'by-hand';
}

export interface ToolsFile {
  tools: EditableTool[];
  servers: EditableMcpServer[];
}

/** Reads a tools file (this editor's export, or a plain array of tool definitions, functions and MCP servers). */
export function parseToolsFile(text: string): ToolsFile | { error: string } {
  const parsed = parseJson(text);
  if ('error' in parsed) return { error: `not JSON: ${parsed.error}` };
  const list = Array.isArray(parsed.value) ? parsed.value : (parsed.value as { tools?: unknown } | null)?.tools;
  if (!Array.isArray(list)) return { error: 'expected a list of tools' };
  const tools: EditableTool[] = [];
  const servers: EditableMcpServer[] = [];
  for (const [index, entry] of list.entries()) {
    if (typeof entry !== 'object' || entry === null) return { error: `tool ${index + 1}: not an object` };
    const fields = entry as Record<string, unknown>;
    if (fields.type === 'mcp') {
      const server = fromFileEntry(fields);
      if ('error' in server) return { error: `tool ${index + 1}: ${server.error}` };
      servers.push(server);
      continue;
    }
    if (typeof fields.name !== 'string') return { error: `tool ${index + 1}: no name` };
    const parameters = typeof fields.parameters === 'string' ? fields.parameters : schemaText(fields.parameters ?? { type: 'object', properties: {} });
    const answer = isAnswerMode(fields.answer) ? fields.answer : BUILT_IN_TOOLS.includes(fields.name) ? 'built-in' : 'by-hand';
    const fixedOutput = typeof fields.fixedOutput === 'string' ? fields.fixedOutput : '{}';
    tools.push({ name: fields.name, description: typeof fields.description === 'string' ? fields.description : '', parameters, answer, fixedOutput });
  }
  return { tools, servers };
}

/** The editor's export: definitions as the API takes them, with how each function is answered; MCP servers without their secrets. */
export function toolsFile(tools: readonly EditableTool[], servers: readonly EditableMcpServer[] = []): string {
  const functions = tools.map((tool) => ({ ...toDefinitionLoose(tool), answer: tool.answer, ...(tool.answer === 'fixed' ? { fixedOutput: tool.fixedOutput } : {}) }));
  return `${JSON.stringify({ tools: [...functions, ...servers.map(toFileEntry)] }, null, 2)}\n`;
}

function toDefinitionLoose(tool: EditableTool): Record<string, unknown> {
  const parsed = parseJson(tool.parameters);
  return { type: 'function', name: tool.name, description: tool.description, parameters: 'value' in parsed ? parsed.value : tool.parameters };
}
