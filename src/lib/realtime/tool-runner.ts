// Runs function tools once per call and answers the model: one `function_call_output` per call,
// then one `response.create` per response, sent after that response is done (the API refuses a
// second active response) and after all of its calls have been answered. Which responses are
// done, and which are out of band, is the response tracker's to say: this only asks.
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import type { ItemState } from './item-state';
import { errorMessage } from '../shared/error-message';

export type ToolHandler = (args: Record<string, unknown>) => unknown | Promise<unknown>;

export interface ToolCall {
  name: string;
  call_id: string;
  arguments: string;
}

export interface ToolResult {
  name: string;
  call_id: string;
  /** What the handler returned, or `{error}` when it threw. */
  output: unknown;
  error?: string;
}

/** What the runner needs to know about responses (the client's `ResponseTracker`). */
export interface ResponseLookup {
  /** `response.done` seen for it. */
  isDone(responseId: string): boolean;
  isOutOfBand(responseId: string | undefined): boolean;
  /** The conversation's response in progress (calls without a response wait for it), or null. */
  activeInConversation(): { id: string } | null;
}

export interface ToolRunnerDeps {
  responses: ResponseLookup;
  sendOutput(callId: string, output: string): void;
  requestResponse(): void;
  onCall(call: ToolCall): void;
  onResult(result: ToolResult): void;
  /** True for a tool answered elsewhere on this connection (a relay's sideband): its calls are not run here. */
  answeredElsewhere?(name: string): boolean;
}

export type FunctionToolDefinition = RealtimeFunctionTool & { name: string };

interface ResponseCalls {
  pending: number;
  answered: number;
  done: boolean;
}

const NO_RESPONSE = '';

/** A string result is sent as is; anything else as JSON. */
export function serializeToolOutput(result: unknown): string {
  if (typeof result === 'string') return result;
  return JSON.stringify(result === undefined ? null : result);
}

export function parseToolArguments(text: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(text.trim() ? text : '{}');
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('tool arguments are not a JSON object');
  return parsed as Record<string, unknown>;
}

export class ToolRunner {
  private readonly tools = new Map<string, { definition: FunctionToolDefinition; handler: ToolHandler }>();
  private readonly handledCalls = new Set<string>();
  private readonly calls = new Map<string, ResponseCalls>();
  /** Bumped by `resetCalls`: a handler that finishes after a reset (a new connection) is not answered. */
  private generation = 0;

  constructor(private readonly deps: ToolRunnerDeps) {}

  add(definition: RealtimeFunctionTool, handler: ToolHandler): FunctionToolDefinition {
    if (!definition.name) throw new Error('a tool needs a name');
    if (typeof handler !== 'function') throw new Error(`tool "${definition.name}" needs a handler function`);
    const tool: FunctionToolDefinition = { ...definition, type: 'function', name: definition.name };
    this.tools.set(tool.name, { definition: tool, handler });
    return tool;
  }

  remove(name: string): boolean {
    return this.tools.delete(name);
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  definitions(): FunctionToolDefinition[] {
    return Array.from(this.tools.values(), (t) => t.definition);
  }

  /** Calls answered elsewhere (carried from another session with their outputs): never run them. */
  alreadyAnswered(callIds: Iterable<string>): void {
    for (const callId of callIds) this.handledCalls.add(callId);
  }

  /** Forgets calls and responses (tools stay registered). */
  resetCalls(): void {
    this.generation += 1;
    this.handledCalls.clear();
    this.calls.clear();
  }

  /** Call after the tracker has seen the response's `response.done`. */
  responseDone(responseId: string | undefined): void {
    const id = responseId ?? NO_RESPONSE;
    for (const key of [id, NO_RESPONSE]) {
      const entry = this.calls.get(key);
      if (!entry) continue;
      entry.done = true;
      this.maybeRespond(key);
    }
  }

  /**
   * Call with every item that completed; runs the handler for a finished call to a known tool.
   * A call of an out-of-band response is not answered: the app asked for that output apart from
   * the conversation, and an output item would put it back in.
   */
  itemCompleted(item: ItemState): void {
    const call = item.formatted.tool;
    if (item.type !== 'function_call' || item.status !== 'completed' || !call?.call_id) return;
    if (this.deps.responses.isOutOfBand(item.responseId)) return;
    const tool = this.tools.get(call.name);
    if (!tool || this.handledCalls.has(call.call_id) || this.deps.answeredElsewhere?.(call.name)) return;
    this.handledCalls.add(call.call_id);
    const key = item.responseId ?? NO_RESPONSE;
    let entry = this.calls.get(key);
    if (!entry) {
      const done = key === NO_RESPONSE ? this.deps.responses.activeInConversation() === null : this.deps.responses.isDone(key);
      this.calls.set(key, (entry = { pending: 0, answered: 0, done }));
    }
    entry.pending += 1;
    void this.run(tool.handler, { name: call.name, call_id: call.call_id, arguments: call.arguments }, key);
  }

  private async run(handler: ToolHandler, call: ToolCall, key: string): Promise<void> {
    const generation = this.generation;
    this.deps.onCall(call);
    let result: ToolResult;
    try {
      const output = await handler(parseToolArguments(call.arguments));
      result = { name: call.name, call_id: call.call_id, output };
    } catch (error) {
      const message = errorMessage(error);
      result = { name: call.name, call_id: call.call_id, output: { error: message }, error: message };
    }
    if (generation !== this.generation) {
      this.deps.onResult({ ...result, error: result.error ?? 'the connection was reset before the tool finished' });
      return;
    }
    const entry = this.calls.get(key);
    try {
      this.deps.sendOutput(call.call_id, serializeToolOutput(result.output));
      if (entry) entry.answered += 1;
    } catch (error) {
      // Disconnected meanwhile: nothing to answer.
      result = { ...result, error: result.error ?? `could not send the output: ${errorMessage(error)}` };
    }
    if (entry) entry.pending -= 1;
    this.deps.onResult(result);
    this.maybeRespond(key);
  }

  private maybeRespond(key: string): void {
    const entry = this.calls.get(key);
    if (!entry || !entry.done || entry.pending > 0) return;
    this.calls.delete(key);
    if (entry.answered > 0) this.deps.requestResponse();
  }
}
