// The Responses backend a Live session delegates to (`delegation.type: "responses"`), simulated:
// each delegation is a Responses response whose streaming events reach the client nested in
// `response.event`. A function tool the session configured is called by the backend and run by
// the application, which answers with `response.item.create` (a `function_call_output`) and one
// `response.create`; the backend then streams its answer, which the Live model speaks.
// Lifecycle snapshots omit input and clear instructions, tools and output (live.d.ts ResponseEvent).
import type { Response, ResponseStreamEvent, ResponseUsage } from 'openai/resources/responses/responses';
import type { FunctionTool, ResponsesDelegationConfig } from 'openai/resources/live/live';
import { detectIntent } from '../tools/intents';
import { describe } from '../reply-planner';
import { makeId, newCallId, newResponseId } from '../ids';

type Snapshot = Omit<Response, 'output_text'>;

export interface PendingCall {
  callId: string;
  name: string;
  arguments: string;
}

/** One delegated response: its id, the call it waits on, the outputs received. */
export interface BackendTask {
  responseId: string;
  model: string;
  pending: PendingCall | null;
  outputs: Map<string, string>;
}

export interface BackendStep {
  events: ResponseStreamEvent[];
  /** What the Live model says once the step is done (null while a tool call is pending). */
  spoken: string | null;
}

const USAGE_TOKENS = { input: 180, output: 24 };

export class ResponsesBackend {
  private sequence = 0;

  constructor(private readonly config: ResponsesDelegationConfig) {}

  /** The first response of a delegation for the user's words. */
  start(task: BackendTask, userText: string): BackendStep {
    const intent = detectIntent(userText);
    if (intent.kind === 'weather' && this.hasFunction('get_weather')) {
      return this.call(task, 'get_weather', { lat: intent.city.lat, lng: intent.city.lng, location: intent.city.name });
    }
    if (intent.kind === 'remember' && this.hasFunction('set_memory')) {
      return this.call(task, 'set_memory', { key: intent.key, value: intent.value });
    }
    const answer =
      intent.kind === 'weather'
        ? `The get_weather tool is not configured for this backend, so I cannot look up ${intent.city.name}.`
        : `The backend simulator read: "${userText}".`;
    return this.answer(task, answer);
  }

  /** `response.create` after the function output arrived: the answer built from it. */
  continue(task: BackendTask): BackendStep {
    const call = task.pending;
    task.pending = null;
    task.responseId = newResponseId();
    const output = call ? task.outputs.get(call.callId) : undefined;
    let answer = 'The backend has nothing to add.';
    if (call && output !== undefined) {
      const args = parse(call.arguments) as Record<string, unknown>;
      answer =
        call.name === 'get_weather'
          ? weatherSentence(String(args.location ?? 'that place'), parse(output))
          : call.name === 'set_memory'
            ? `Got it, I will remember your ${String(args.key ?? 'note').replace(/_/g, ' ')} is ${String(args.value ?? '')}.`
            : `The ${call.name} tool returned ${describe(parse(output))}.`;
    }
    return this.answer(task, answer);
  }

  private hasFunction(name: string): boolean {
    return (this.config.tools ?? []).some((tool): tool is FunctionTool => tool.type === 'function' && tool.name === name);
  }

  private call(task: BackendTask, name: string, args: Record<string, unknown>): BackendStep {
    const callId = newCallId();
    const itemId = makeId('fc_');
    const argumentsText = JSON.stringify(args);
    task.pending = { callId, name, arguments: argumentsText };
    const item = { type: 'function_call' as const, id: itemId, call_id: callId, name, arguments: argumentsText };
    const events: ResponseStreamEvent[] = [
      { type: 'response.created', response: this.snapshot(task, 'in_progress'), sequence_number: this.sequence++ },
      { type: 'response.output_item.added', output_index: 0, item: { ...item, arguments: '', status: 'in_progress' }, sequence_number: this.sequence++ },
      { type: 'response.function_call_arguments.delta', item_id: itemId, output_index: 0, delta: argumentsText, sequence_number: this.sequence++ },
      { type: 'response.function_call_arguments.done', item_id: itemId, output_index: 0, arguments: argumentsText, sequence_number: this.sequence++ },
      { type: 'response.output_item.done', output_index: 0, item: { ...item, status: 'completed' }, sequence_number: this.sequence++ },
      { type: 'response.completed', response: this.snapshot(task, 'completed', true), sequence_number: this.sequence++ },
    ];
    return { events, spoken: null };
  }

  private answer(task: BackendTask, text: string): BackendStep {
    const itemId = makeId('msg_');
    const part = { type: 'output_text' as const, text: '', annotations: [], logprobs: [] };
    const message = { type: 'message' as const, id: itemId, role: 'assistant' as const, status: 'in_progress' as const, content: [] };
    const seq = (): number => this.sequence++;
    const events: ResponseStreamEvent[] = [
      { type: 'response.created', response: this.snapshot(task, 'in_progress'), sequence_number: seq() },
      { type: 'response.output_item.added', output_index: 0, item: message, sequence_number: seq() },
      { type: 'response.content_part.added', item_id: itemId, output_index: 0, content_index: 0, part, sequence_number: seq() },
      { type: 'response.output_text.delta', item_id: itemId, output_index: 0, content_index: 0, delta: text, logprobs: [], sequence_number: seq() },
      { type: 'response.output_text.done', item_id: itemId, output_index: 0, content_index: 0, text, logprobs: [], sequence_number: seq() },
      { type: 'response.content_part.done', item_id: itemId, output_index: 0, content_index: 0, part: { ...part, text }, sequence_number: seq() },
      { type: 'response.output_item.done', output_index: 0, item: { ...message, status: 'completed', content: [{ ...part, text }] }, sequence_number: seq() },
      { type: 'response.completed', response: this.snapshot(task, 'completed', true), sequence_number: seq() },
    ];
    return { events, spoken: text };
  }

  /** A lifecycle snapshot: no input, instructions, tools or output (as Live sends them). */
  private snapshot(task: BackendTask, status: 'in_progress' | 'completed', withUsage = false): Response {
    const snapshot: Snapshot = {
      id: task.responseId,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      model: task.model,
      status,
      output: [],
      instructions: null,
      tools: [],
      tool_choice: 'auto',
      parallel_tool_calls: this.config.parallel_tool_calls ?? true,
      temperature: null,
      top_p: null,
      metadata: null,
      error: null,
      incomplete_details: null,
      access_programs: null,
    };
    if (withUsage) snapshot.usage = usage();
    // `output_text` is the SDK's convenience getter, never on the wire.
    return snapshot as Response;
  }
}

function usage(): ResponseUsage {
  return {
    input_tokens: USAGE_TOKENS.input,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: USAGE_TOKENS.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: USAGE_TOKENS.input + USAGE_TOKENS.output,
  };
}

/** The temperature first, as a speaker would say it; anything else as the tool returned it. */
function weatherSentence(place: string, output: unknown): string {
  const report = output as { temperature?: { value?: unknown; units?: unknown }; wind_speed?: { value?: unknown; units?: unknown } } | null;
  const t = report?.temperature;
  if (typeof t?.value !== 'number') return `In ${place}, the weather service reports ${describe(output)}.`;
  const wind = report?.wind_speed;
  const windText = typeof wind?.value === 'number' ? `, wind ${wind.value} ${String(wind.units ?? '')}`.trimEnd() : '';
  return `In ${place} it is ${t.value} ${String(t.units ?? '')}${windText}.`.replace(/ +/g, ' ');
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
