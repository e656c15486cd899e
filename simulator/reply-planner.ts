// The simulated "model": decides, deterministically, what a response contains from the
// conversation so far and the tools on offer. It never pretends to understand speech.
import type { ConversationItem, RealtimeFunctionTool, RealtimeMcpListTools } from 'openai/resources/realtime/realtime';
import { detectIntent } from './tools/intents';
import { CITIES } from './tools/gazetteer';
import { mcpToolRequest } from './tools/mcp-intent';
import type { McpCallResult } from './tools/mcp-server';
import { isRecord } from '../src/lib/shared/json';

export type ReplyPlan =
  | { kind: 'message'; text: string }
  | { kind: 'function_call'; name: string; arguments: string }
  | { kind: 'mcp_approval_request'; serverLabel: string; name: string; arguments: string }
  | {
      kind: 'mcp_call';
      serverLabel: string;
      name: string;
      arguments: string;
      approvalRequestId: string | null;
      /** Calls the tool on its server (during the response, after the arguments are streamed). */
      run(): Promise<McpCallResult>;
      /** What the model says once the result is in. */
      answer(result: McpCallResult): string;
    };

/** An MCP server whose tools were listed successfully. */
export interface McpServerState {
  label: string;
  tools: readonly RealtimeMcpListTools.Tool[];
  needsApproval(toolName: string): boolean;
  call(toolName: string, args: Record<string, unknown>): Promise<McpCallResult>;
}

export interface PlannerInput {
  items: readonly ConversationItem[];
  /** Function tools available to this response (session tools or the response's own). */
  tools: readonly RealtimeFunctionTool[];
  toolChoice: unknown;
  /** Duration of each user audio item, for the placeholder reply. */
  audioDurationMs(itemId: string | undefined): number;
  /** The user item was committed by `idle_timeout_ms` (silence), not by speech. */
  isIdleTimeout(itemId: string | undefined): boolean;
  /** What a scripted audio turn "said" (`sim_script`), if any. */
  scriptedText(itemId: string | undefined): string | null;
  mcpServers: readonly McpServerState[];
}

const MAX_QUOTE_CHARS = 80;
const MAX_DESCRIBED_VALUES = 6;

/** What the response will output, item by item. */
export function planReply(input: PlannerInput): ReplyPlan[] {
  const items = input.items.filter((i) => !(i.type === 'message' && i.role === 'system'));
  const last = items[items.length - 1];
  if (!last) return [message('Hello! I am the local Realtime simulator. Ask me about the weather in Paris, or tell me something to remember.')];
  if (last.type === 'function_call_output') return [answerFromOutput(last, items)];
  if (last.type === 'mcp_approval_response') return answerApproval(last, items, input.mcpServers);
  if (last.type === 'message' && last.role === 'user') return answerUser(last, input, items);
  return [message('Is there anything else I can help you with?')];
}

function mcpCall(server: McpServerState, name: string, args: string, approvalRequestId: string | null, arithmetic: boolean): ReplyPlan {
  const parsed = parseJson(args);
  return {
    kind: 'mcp_call',
    serverLabel: server.label,
    name,
    arguments: args,
    approvalRequestId,
    run: () => server.call(name, isRecord(parsed) ? parsed : {}),
    answer: (result) => {
      if ('error' in result) return `The ${name} tool failed: ${result.error.message}`;
      return arithmetic ? `The result is ${result.output}.` : `The ${name} tool returned: ${result.output}`;
    },
  };
}

function answerApproval(
  response: Extract<ConversationItem, { type: 'mcp_approval_response' }>,
  items: readonly ConversationItem[],
  servers: readonly McpServerState[],
): ReplyPlan[] {
  const request = items.find(
    (i): i is Extract<ConversationItem, { type: 'mcp_approval_request' }> => i.type === 'mcp_approval_request' && i.id === response.approval_request_id,
  );
  if (!request) return [message('I could not find the tool call you answered.')];
  if (!response.approve) {
    // The denial's reason is quoted, so a test can see it reached the conversation.
    const reason = response.reason?.trim().slice(0, MAX_QUOTE_CHARS);
    return [message(reason ? `Okay, I did not run ${request.name}. Your reason: ${reason}` : `Okay, I did not run ${request.name}.`)];
  }
  const server = servers.find((s) => s.label === request.server_label);
  if (!server) return [message(`The MCP server ${request.server_label} is no longer available, so I did not run ${request.name}.`)];
  return [mcpCall(server, request.name, request.arguments, request.id, ARITHMETIC_TOOLS.includes(request.name))];
}

const ARITHMETIC_TOOLS: readonly string[] = ['add_numbers', 'divide_numbers'];

function askOrCall(server: McpServerState, name: string, args: string, arithmetic: boolean): ReplyPlan {
  if (server.needsApproval(name)) return { kind: 'mcp_approval_request', serverLabel: server.label, name, arguments: args };
  return mcpCall(server, name, args, null, arithmetic);
}

function message(text: string): ReplyPlan {
  return { kind: 'message', text };
}

const toolsAllowed = (choice: unknown): boolean => choice !== 'none';
const hasTool = (input: PlannerInput, name: string): boolean => input.tools.some((t) => t.name === name);
const humanize = (key: string): string => key.replace(/_/g, ' ');

function userText(item: Extract<ConversationItem, { role: 'user' }>): string {
  return item.content
    .map((c) => (c.type === 'input_text' ? c.text ?? '' : ''))
    .filter(Boolean)
    .join(' ')
    .trim();
}

function answerUser(item: Extract<ConversationItem, { role: 'user' }>, input: PlannerInput, items: readonly ConversationItem[]): ReplyPlan[] {
  const text = userText(item) || input.scriptedText(item.id) || '';
  const intent = detectIntent(text);
  if (intent.kind === 'arithmetic' && toolsAllowed(input.toolChoice)) {
    const server = input.mcpServers.find((s) => s.tools.some((t) => t.name === intent.tool));
    if (!server) return [message('I can do that with the MCP tools of the simulator: add an MCP server with the URL sim://tools.')];
    return [askOrCall(server, intent.tool, JSON.stringify({ a: intent.a, b: intent.b }), true)];
  }
  const named = toolsAllowed(input.toolChoice) ? mcpToolRequest(text, input.mcpServers) : null;
  if (named) return [askOrCall(named.server, named.tool, named.arguments, false)];
  return [answerUserPlainly(item, input, items)];
}

function answerUserPlainly(item: Extract<ConversationItem, { role: 'user' }>, input: PlannerInput, items: readonly ConversationItem[]): ReplyPlan {
  const text = userText(item) || input.scriptedText(item.id) || '';
  if (!text) {
    const hasAudio = item.content.some((c) => c.type === 'input_audio');
    if (!hasAudio) return message('I received a message without text. Try typing a question.');
    if (input.isIdleTimeout(item.id)) return message('Are you still there?');
    const seconds = (input.audioDurationMs(item.id) / 1000).toFixed(1);
    return message(`I heard ${seconds} seconds of audio. I am a simulator and do not recognise speech, so type a message to try the tools.`);
  }
  const recall = text.match(/\bwhat(?:'s| is) my ([\p{L} ]+?)\s*\?*$/iu);
  if (recall) {
    const remembered = rememberedValue(items, recall[1].trim().toLowerCase().replace(/\s+/g, '_'));
    if (remembered) return message(`Your ${recall[1].trim()} is ${remembered}.`);
  }
  const intent = detectIntent(text);
  const allowed = toolsAllowed(input.toolChoice);
  switch (intent.kind) {
    case 'weather':
      if (allowed && hasTool(input, 'get_weather')) {
        const args = { lat: intent.city.lat, lng: intent.city.lng, location: intent.city.name };
        return { kind: 'function_call', name: 'get_weather', arguments: JSON.stringify(args) };
      }
      return message(`The get_weather tool is not enabled in this session, so I cannot look up the weather in ${intent.city.name}.`);
    case 'weather_unknown_place': {
      const some = CITIES.slice(0, 4).map((c) => c.name);
      return message(`I only know the weather for a few cities in this simulator, such as ${some.slice(0, -1).join(', ')} and ${some[some.length - 1]}.`);
    }
    case 'remember':
      if (allowed && hasTool(input, 'set_memory')) {
        return { kind: 'function_call', name: 'set_memory', arguments: JSON.stringify({ key: intent.key, value: intent.value }) };
      }
      return message('I would remember that, but the set_memory tool is not enabled in this session.');
    case 'arithmetic':
      return message('Tools are disabled for this response, so I will not calculate that.');
    case 'none': {
      const quote = text.length > MAX_QUOTE_CHARS ? `${text.slice(0, MAX_QUOTE_CHARS)}...` : text;
      return message(`You said: "${quote}". I am the local Realtime simulator. Ask me about the weather in Paris, or tell me something to remember.`);
    }
  }
}

function rememberedValue(items: readonly ConversationItem[], key: string): string | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.type !== 'function_call' || item.name !== 'set_memory') continue;
    const args = parseJson(item.arguments);
    if (isRecord(args) && args.key === key && typeof args.value === 'string') return args.value;
  }
  return null;
}

function answerFromOutput(output: Extract<ConversationItem, { type: 'function_call_output' }>, items: readonly ConversationItem[]): ReplyPlan {
  const call = items.find((i): i is Extract<ConversationItem, { type: 'function_call' }> => i.type === 'function_call' && i.call_id === output.call_id);
  const args = parseJson(call?.arguments ?? '');
  const result = parseJson(output.output);
  if (call?.name === 'set_memory' && isRecord(args)) {
    const key = String(args.key ?? 'note');
    const value = String(args.value ?? '');
    return message(key === 'note' ? `Got it. I will remember that ${value}.` : `Got it. I will remember that your ${humanize(key)} is ${value}.`);
  }
  const place = isRecord(args) && typeof args.location === 'string' ? args.location : null;
  const described = describe(result);
  if (call?.name === 'get_weather') {
    return message(`${place ? `In ${place}` : 'There'}, the weather service reports ${described}.`);
  }
  return message(`${call ? `The ${call.name} tool` : 'The tool'} returned ${described}.`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Says the scalar values of a tool output, e.g. `temperature 18.2 °C, wind speed 11 km/h`. */
export function describe(value: unknown): string {
  const parts: string[] = [];
  const visit = (node: unknown, label: string): void => {
    if (parts.length >= MAX_DESCRIBED_VALUES) return;
    if (isRecord(node)) {
      const amount = node.value ?? node.amount;
      const unit = node.units ?? node.unit;
      if ((typeof amount === 'number' || typeof amount === 'string') && (unit === undefined || typeof unit === 'string')) {
        parts.push(`${label} ${amount}${unit ? ` ${unit}` : ''}`.trim());
        return;
      }
      for (const [key, child] of Object.entries(node)) visit(child, humanize(key));
    } else if (Array.isArray(node)) {
      node.slice(0, MAX_DESCRIBED_VALUES).forEach((child) => visit(child, label));
    } else if (node !== null && node !== undefined && node !== '') {
      parts.push(`${label} ${String(node)}`.trim());
    }
  };
  visit(value, '');
  return parts.length ? parts.join(', ') : 'no values';
}
