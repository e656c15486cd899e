// The client's commands to a simulated Live session: parsed, checked strictly against the Live
// schema (an unknown field is `unknown_parameter` with its `param`), then applied in order.
// `session.start` must come first; errors name the command by `client_event_id`.
import type { ClientEvent as LiveClientEvent, ResponseItemCreateEvent } from 'openai/resources/live/live';
import { validateLiveClientEvent, validateLiveForkClientEvent } from '../../src/lib/protocol/live-validate';
import { LIVE_ERROR_CODES, liveErrorEvent, schemaErrorToLive, type LiveErrorDetails } from './live-errors';
import { applySessionUpdate, isDetails, resolveSessionStart } from './live-config';
import { newEventId } from '../ids';
import { BACKEND_DELAY_MS, type LiveSession } from './live-session';
import { resolveForkStart } from './fork-config';
import type { ForkSessionConfig } from 'openai/resources/live/live';

/** Largest fixture: 30 s of 24 kHz PCM16 (live.d.ts OutputAudioFixturePlayEvent). */
const MAX_FIXTURE_BYTES = 30 * 24_000 * 2;

export class LiveCommands {
  constructor(private readonly live: LiveSession) {}

  handle(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.fail({ code: LIVE_ERROR_CODES.invalidJson, message: 'The message is not valid JSON.' });
      return;
    }
    const clientEventId = eventIdOf(parsed);
    // A fork's socket takes forks.d.ts ForkClientEvent: its session.start carries overrides only.
    const check = this.live.options.forkOf ? validateLiveForkClientEvent(parsed) : validateLiveClientEvent(parsed);
    if (!check.valid) {
      const first = check.errors[0] ?? '/: is invalid';
      const details = check.type === undefined || first.startsWith('/type:')
        ? { code: LIVE_ERROR_CODES.unknownEvent, param: 'type', message: first.replace(/^\/type: /, '') }
        : schemaErrorToLive(first, '');
      this.fail({ ...details, param: details.param?.replace(/^\./, ''), clientEventId });
      return;
    }
    const event = parsed as LiveClientEvent;
    if (!this.live.session && event.type !== 'session.start') {
      this.fail({ code: LIVE_ERROR_CODES.sessionNotStarted, message: 'Send session.start first and wait for session.started.', clientEventId });
      return;
    }
    this.apply(event, clientEventId);
  }

  private apply(event: LiveClientEvent, clientEventId: string | undefined): void {
    const live = this.live;
    const echo = clientEventId !== undefined ? { client_event_id: clientEventId } : {};
    switch (event.type) {
      case 'session.start': {
        if (live.session) return this.fail({ code: LIVE_ERROR_CODES.sessionAlreadyStarted, param: 'type', message: 'The session has already started.', clientEventId });
        const fork = live.options.forkOf;
        const resolved = fork ? resolveForkStart(fork, event.session as ForkSessionConfig) : resolveSessionStart(event.session, live.models);
        if (isDetails(resolved)) return this.fail({ ...resolved, clientEventId });
        live.begin(resolved);
        live.emit({ type: 'session.started', event_id: newEventId(), session: resolved, ...echo });
        return;
      }
      case 'session.update': {
        const next = applySessionUpdate(live.session!, event.session);
        if (isDetails(next)) return this.fail({ ...next, clientEventId });
        live.session = next;
        live.emit({ type: 'session.updated', event_id: newEventId(), session: next, ...echo });
        return;
      }
      case 'session.input_audio.append':
        live.appendAudio(Buffer.from(event.audio, 'base64'));
        return;
      case 'session.input_audio.mute':
      case 'session.input_audio.unmute': {
        const muted = event.type === 'session.input_audio.mute';
        live.input!.setMuted(muted);
        live.emit({ type: muted ? 'session.input_audio.muted' : 'session.input_audio.unmuted', event_id: newEventId(), ...echo });
        return;
      }
      case 'session.output_audio.fixture.play': {
        const bytes = Buffer.from(event.audio, 'base64');
        if (bytes.length > MAX_FIXTURE_BYTES || bytes.length % 2) {
          return this.fail({ code: LIVE_ERROR_CODES.invalidValue, param: 'audio', message: 'A fixture is mono PCM16 at 24 kHz, at most 30 seconds.', clientEventId });
        }
        const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
        live.output!.clear();
        live.emit({ type: 'session.output_audio.fixture.playing', event_id: newEventId(), ...echo });
        live.output!.play(samples, () => live.emit({ type: 'session.output_audio.fixture.played', event_id: newEventId(), ...echo }));
        return;
      }
      case 'session.instructions.append':
      case 'session.thinking.append':
      case 'session.commentary.append': {
        const problem = this.delegationProblem(event.delegation_id);
        if (problem) return this.fail({ ...problem, clientEventId });
        const kind = event.type === 'session.instructions.append' ? 'instructions' : event.type === 'session.thinking.append' ? 'thinking' : 'commentary';
        live.pendingAppends.push({ kind, content: event.content, delegationId: event.delegation_id, clientEventId });
        return;
      }
      case 'response.item.create':
        return this.itemCreate(event, clientEventId);
      case 'response.create':
        return this.responseCreate(clientEventId);
      case 'session.close':
        live.close('close_requested', clientEventId);
        return;
      case 'decision.create':
        if (!live.decisions.claim(event.event_id)) return this.fail({ code: LIVE_ERROR_CODES.invalidValue, param: 'event_id', message: `The event_id '${event.event_id}' was already used.`, clientEventId });
        if (!live.decide()) return this.fail({ code: LIVE_ERROR_CODES.invalidValue, param: 'type', message: 'decision.create needs Decisions delegation (its questions).', clientEventId });
        return;
      case 'decision.item.create':
        live.decisions.add(event.item, clientEventId);
        return;
      case 'decision.item.delete':
        if (!live.decisions.remove(event.item_id, clientEventId)) return this.fail({ code: LIVE_ERROR_CODES.invalidValue, param: 'item_id', message: `No decision item with id '${event.item_id}'.`, clientEventId });
        return;
      default:
    }
  }

  private delegationProblem(delegationId: string | null): LiveErrorDetails | null {
    if (delegationId === null) return null;
    if (this.live.backend) {
      // live.d.ts: "Non-null IDs are not accepted with Responses delegation."
      return { code: LIVE_ERROR_CODES.invalidValue, param: 'delegation_id', message: 'delegation_id must be null with Responses delegation.' };
    }
    if (!this.live.delegations.has(delegationId)) {
      return { code: LIVE_ERROR_CODES.invalidValue, param: 'delegation_id', message: `No delegation with id '${delegationId}'.` };
    }
    return null;
  }

  private requireResponses(clientEventId: string | undefined): boolean {
    if (this.live.backend) return true;
    this.fail({ code: LIVE_ERROR_CODES.invalidValue, param: 'type', message: 'response.* commands require Responses delegation.', clientEventId });
    return false;
  }

  private itemCreate(event: ResponseItemCreateEvent, clientEventId: string | undefined): void {
    if (!this.requireResponses(clientEventId)) return;
    const item = event.item;
    if (item.type !== 'function_call_output') return; // other input items join the backend's context
    const callId = item.call_id ?? '';
    const waiting = [...this.live.delegations.values()].find((d) => d.task?.pending?.callId === callId);
    if (!waiting?.task) {
      this.fail({ code: LIVE_ERROR_CODES.invalidValue, param: 'item.call_id', message: `No function call with call_id '${callId}' is waiting for output.`, clientEventId });
      return;
    }
    waiting.task.outputs.set(callId, typeof item.output === 'string' ? item.output : JSON.stringify(item.output));
  }

  private responseCreate(clientEventId: string | undefined): void {
    if (!this.requireResponses(clientEventId)) return;
    const live = this.live;
    const waiting = [...live.delegations.values()].find((d) => d.task?.pending);
    if (waiting?.task?.pending && !waiting.task.outputs.has(waiting.task.pending.callId)) {
      this.fail({ code: LIVE_ERROR_CODES.invalidValue, param: 'type', message: `Send the function_call_output for '${waiting.task.pending.callId}' before response.create.`, clientEventId });
      return;
    }
    if (!waiting?.task) {
      this.fail({ code: LIVE_ERROR_CODES.invalidValue, param: 'type', message: 'No delegated response is waiting for tool results.', clientEventId });
      return;
    }
    const task = waiting.task;
    live.schedule(live.nowMs + BACKEND_DELAY_MS, () => live.backendStep(waiting, live.backend!.continue(task)));
  }

  private fail(details: LiveErrorDetails): void {
    this.live.emit(liveErrorEvent(details));
  }
}

function eventIdOf(value: unknown): string | undefined {
  const id = (value as { event_id?: unknown } | null)?.event_id;
  return typeof id === 'string' ? id : undefined;
}
