// Responses by id: status, conversation (default or out of band), metadata, status_details,
// usage, output items. One "active response" slot cannot describe a session: out-of-band
// responses (`response.create` with `conversation: "none"`) run beside the conversation's own,
// and a VAD response can start while the client waits for another. Pure, like conversation.ts:
// `processEvent` returns what changed and nothing is sent from here.
import type {
  RealtimeResponse,
  RealtimeResponseCreateParams,
  RealtimeResponseStatus,
  RealtimeResponseUsage,
} from 'openai/resources/realtime/realtime';
import type { ServerEvent } from '../protocol/protocol-types';
import type { IncomingEvent } from './transport-types';

export type ResponseStatus = NonNullable<RealtimeResponse['status']>;
export type ResponseMetadata = Record<string, string>;

export interface ResponseState {
  id: string;
  status: ResponseStatus;
  /** `auto`: its items join the conversation; `none`: out of band, kept apart. */
  conversation: 'auto' | 'none';
  /** What `response.create` attached (echoed by the server); how an app recognises its out-of-band answers. */
  metadata: ResponseMetadata | null;
  /** Why it was cancelled, incomplete or failed (`reason`, `error`). */
  statusDetails: RealtimeResponseStatus | null;
  usage: RealtimeResponseUsage | null;
  outputItemIds: string[];
  /** WebRTC / SIP only: `output_audio_buffer.started` / `.stopped` / `.cleared` for this response. */
  outputAudio?: 'started' | 'stopped' | 'cleared';
  /** The server is cancelling it (VAD barge-in with `interrupt_response`): no `response.cancel` to send. */
  cancelling: boolean;
}

export interface ResponseChange {
  response: ResponseState;
  created?: boolean;
  /** `response.done`: the status is final. */
  done?: boolean;
}

export interface ResponseTrackerOptions {
  /** Finished responses remembered (oldest dropped beyond); those in progress are always kept. */
  maxFinished?: number;
}

export const DEFAULT_MAX_FINISHED_RESPONSES = 64;
/** Out-of-band requests waiting for their `response.created` (oldest dropped beyond). */
export const MAX_PENDING_OUT_OF_BAND_REQUESTS = 32;

interface OutOfBandRequest {
  eventId?: string;
  metadata: ResponseMetadata | null;
}

type EventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

function sameMetadata(a: ResponseMetadata | null, b: ResponseMetadata | null): boolean {
  if (!a || !b) return !a && !b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

export class ResponseTracker {
  private readonly byId = new Map<string, ResponseState>();
  private readonly finished: string[] = [];
  private readonly outOfBandRequests: OutOfBandRequest[] = [];
  private readonly maxFinished: number;

  constructor(options: ResponseTrackerOptions = {}) {
    this.maxFinished = options.maxFinished ?? DEFAULT_MAX_FINISHED_RESPONSES;
  }

  /** Call with every `response.create` sent: an out-of-band one is expected back. */
  requested(params: Pick<RealtimeResponseCreateParams, 'conversation' | 'metadata'> | undefined, eventId?: string): void {
    if (params?.conversation !== 'none') return;
    this.outOfBandRequests.push({ eventId, metadata: params.metadata ?? null });
    if (this.outOfBandRequests.length > MAX_PENDING_OUT_OF_BAND_REQUESTS) this.outOfBandRequests.shift();
  }

  /** The server refused a client event (`error.event_id`): a refused out-of-band request will not come back. */
  refused(eventId: string | null | undefined): void {
    if (!eventId) return;
    const index = this.outOfBandRequests.findIndex((r) => r.eventId === eventId);
    if (index >= 0) this.outOfBandRequests.splice(index, 1);
  }

  processEvent(incoming: IncomingEvent): ResponseChange | null {
    const event = incoming as ServerEvent;
    switch (event.type) {
      case 'response.created':
        return this.created(event);
      case 'response.output_item.added': {
        const state = this.known(event.response_id);
        if (event.item.id && !state.outputItemIds.includes(event.item.id)) state.outputItemIds.push(event.item.id);
        return { response: state };
      }
      case 'response.done':
        return this.done(event);
      case 'output_audio_buffer.started':
      case 'output_audio_buffer.stopped':
      case 'output_audio_buffer.cleared': {
        const state = this.byId.get(event.response_id);
        if (!state) return null;
        state.outputAudio = event.type === 'output_audio_buffer.started' ? 'started' : event.type === 'output_audio_buffer.stopped' ? 'stopped' : 'cleared';
        return { response: state };
      }
      default:
        return null;
    }
  }

  get(responseId: string): ResponseState | undefined {
    return this.byId.get(responseId);
  }

  /** Known responses, oldest first. */
  list(): ResponseState[] {
    return Array.from(this.byId.values());
  }

  isOutOfBand(responseId: string | undefined): boolean {
    return responseId !== undefined && this.byId.get(responseId)?.conversation === 'none';
  }

  /** Over (`response.done` seen). An unknown id is not: its `done` may still come. */
  isDone(responseId: string): boolean {
    const state = this.byId.get(responseId);
    return state !== undefined && state.status !== 'in_progress';
  }

  /** The response in progress that adds to the conversation (the API allows one), or null. */
  activeInConversation(): ResponseState | null {
    for (const state of this.byId.values()) if (state.status === 'in_progress' && state.conversation === 'auto') return state;
    return null;
  }

  /** The user barged in and the server cancels the conversation's response itself. */
  serverCancels(): void {
    const active = this.activeInConversation();
    if (active) active.cancelling = true;
  }

  clear(): void {
    this.byId.clear();
    this.finished.length = 0;
    this.outOfBandRequests.length = 0;
  }

  private created(event: EventOf<'response.created'>): ResponseChange {
    const id = event.response.id ?? '';
    const known = this.byId.get(id);
    const state = known ?? this.newState(id, this.conversationOf(event.response));
    this.update(state, event.response);
    if (!known) this.byId.set(id, state);
    return { response: state, created: !known };
  }

  private done(event: EventOf<'response.done'>): ResponseChange {
    const state = this.known(event.response.id ?? '');
    this.update(state, event.response);
    if (state.status === 'in_progress') state.status = 'completed'; // a done without a status is still the end
    state.cancelling = false;
    for (const item of event.response.output ?? []) if (item.id && !state.outputItemIds.includes(item.id)) state.outputItemIds.push(item.id);
    this.finished.push(state.id);
    while (this.finished.length > this.maxFinished) this.byId.delete(this.finished.shift() as string);
    return { response: state, done: true };
  }

  /** A response first seen by a later event (its `created` missed): it can only be assumed in the conversation. */
  private known(id: string): ResponseState {
    let state = this.byId.get(id);
    if (!state) this.byId.set(id, (state = this.newState(id, 'auto')));
    return state;
  }

  private newState(id: string, conversation: 'auto' | 'none'): ResponseState {
    return { id, status: 'in_progress', conversation, metadata: null, statusDetails: null, usage: null, outputItemIds: [], cancelling: false };
  }

  private update(state: ResponseState, response: RealtimeResponse): void {
    if (response.status) state.status = response.status;
    if (response.metadata !== undefined) state.metadata = (response.metadata as ResponseMetadata | null) ?? null;
    if (response.status_details) state.statusDetails = response.status_details;
    if (response.usage) state.usage = response.usage;
  }

  /**
   * OpenAI's docs: "If `none`, the response will not be added to any conversation and the value
   * of `conversation_id` will be `null`"; the `openai` package (7.57) and the published schema
   * type `conversation_id` as a string, never null. So: `null` means out of band, a string means
   * the conversation, and when it is absent (the simulator, older servers) an out-of-band request
   * this client sent is matched by its `metadata`.
   */
  private conversationOf(response: RealtimeResponse): 'auto' | 'none' {
    const conversationId = (response as { conversation_id?: string | null }).conversation_id;
    const metadata = (response.metadata as ResponseMetadata | null | undefined) ?? null;
    if (conversationId === null) {
      this.takeRequest(metadata);
      return 'none';
    }
    if (typeof conversationId === 'string') return 'auto';
    return this.takeRequest(metadata) ? 'none' : 'auto';
  }

  private takeRequest(metadata: ResponseMetadata | null): boolean {
    const index = this.outOfBandRequests.findIndex((r) => sameMetadata(r.metadata, metadata));
    if (index < 0) return false;
    this.outOfBandRequests.splice(index, 1);
    return true;
  }
}
