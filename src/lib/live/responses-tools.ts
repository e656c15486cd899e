// Responses delegation with tools the application runs: the backend's function calls arrive
// nested in `response.event`; each is run here and answered with `response.item.create`
// (`function_call_output`), and once the backend's response has completed and every call of it
// is answered, one `response.create` continues the delegation (live.d.ts ResponseCreateEvent:
// "continue a delegated response waiting for tool results"). A handler's throw becomes
// `{error}` output, so the backend hears about the failure instead of waiting forever.
import type { ResponseItemCreateEvent, ResponseCreateEvent } from 'openai/resources/live/live';
import { errorMessage } from '../shared/error-message';

export type LiveToolHandler = (args: Record<string, unknown>) => unknown;

interface Round {
  running: Promise<void>[];
}

export interface ToolRunResult {
  delegationId: string | null;
  callId: string;
  name: string;
  output: string;
  error?: string;
}

export class ResponsesToolRunner {
  private readonly handlers = new Map<string, LiveToolHandler>();
  private readonly rounds = new Map<string, Round>();
  private serverTools: ReadonlySet<string> = new Set();

  constructor(
    private readonly send: (event: ResponseItemCreateEvent | ResponseCreateEvent) => void,
    private readonly onResult: (result: ToolRunResult) => void = () => undefined,
  ) {}

  add(name: string, handler: LiveToolHandler): void {
    this.handlers.set(name, handler);
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  /** Calls of these tools are the relay's to answer (on its sideband): this runner neither runs nor continues them. */
  leaveToServer(names: readonly string[]): void {
    this.serverTools = new Set(names);
  }

  /** One nested Responses event of a delegation (null: not correlated with one). */
  handle(delegationId: string | null, event: { type?: unknown; item?: unknown }): void {
    const key = delegationId ?? '';
    const item = event.item as { type?: string; call_id?: string; name?: string; arguments?: string } | undefined;
    if (event.type === 'response.output_item.done' && item?.type === 'function_call' && item.call_id) {
      if (this.serverTools.has(item.name ?? '')) return;
      const round = this.rounds.get(key) ?? { running: [] };
      this.rounds.set(key, round);
      round.running.push(this.run(delegationId, item.call_id, item.name ?? '', item.arguments ?? ''));
    } else if (event.type === 'response.completed' || event.type === 'response.failed' || event.type === 'response.incomplete') {
      const round = this.rounds.get(key);
      this.rounds.delete(key);
      if (round?.running.length && event.type === 'response.completed') {
        void Promise.all(round.running).then(() => this.send({ type: 'response.create' }));
      }
    }
  }

  private async run(delegationId: string | null, callId: string, name: string, argumentsText: string): Promise<void> {
    let output: string;
    let error: string | undefined;
    try {
      const handler = this.handlers.get(name);
      if (!handler) throw new Error(`no handler for tool "${name}"`);
      const args = argumentsText ? (JSON.parse(argumentsText) as Record<string, unknown>) : {};
      output = JSON.stringify((await handler(args)) ?? null);
    } catch (caught) {
      error = errorMessage(caught);
      output = JSON.stringify({ error });
    }
    this.send({ type: 'response.item.create', item: { type: 'function_call_output', call_id: callId, output } });
    this.onResult({ delegationId, callId, name, output, error });
  }
}
