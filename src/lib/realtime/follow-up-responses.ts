// The `response.create` the client sends on its own after answering tool calls. The API refuses
// it with `conversation_already_has_active_response` when another response started meanwhile
// (the user spoke, server VAD): without a retry the model never answers the tool's output. A
// refused request is sent again once the response that blocked it is done, a bounded number of
// times. Pure: the client sends; this decides when.

export const ACTIVE_RESPONSE_ERROR = 'conversation_already_has_active_response';
/** How many times a refused follow-up is sent again. */
export const DEFAULT_FOLLOW_UP_RETRIES = 1;
/** Requests remembered while their answer (a response or an error) may still come. */
const MAX_REMEMBERED = 32;

interface FollowUp {
  attempt: number;
  /** Refused: waiting for this response (or, when null, the conversation's next one) to be done. */
  waitingFor?: string | null;
}

export class FollowUpResponses {
  private readonly byEventId = new Map<string, FollowUp>();
  private counter = 0;

  constructor(
    private readonly retries = DEFAULT_FOLLOW_UP_RETRIES,
    private readonly eventIdPrefix = 'evt_follow_up_',
  ) {}

  /** The `event_id` to send a follow-up `response.create` with (`attempt` 0 for the first). */
  register(attempt = 0): string {
    this.counter += 1;
    const eventId = `${this.eventIdPrefix}${this.counter}`;
    this.byEventId.set(eventId, { attempt });
    while (this.byEventId.size > MAX_REMEMBERED) this.byEventId.delete(this.byEventId.keys().next().value as string);
    return eventId;
  }

  /**
   * An `error` for a client event: true when it refused one of ours for an active response and
   * it will be sent again after `blockingResponseId` (null: the conversation's next response) is done.
   */
  refused(code: string | null | undefined, eventId: string | null | undefined, blockingResponseId: string | null): boolean {
    const request = eventId ? this.byEventId.get(eventId) : undefined;
    if (!request || code !== ACTIVE_RESPONSE_ERROR) return false;
    if (request.attempt >= this.retries) {
      this.byEventId.delete(eventId as string);
      return false;
    }
    request.waitingFor = blockingResponseId;
    return true;
  }

  /** A response of the conversation is done: the attempt numbers of the follow-ups to send again now. */
  responseDone(responseId: string): number[] {
    const due: number[] = [];
    for (const [eventId, request] of this.byEventId) {
      if (request.waitingFor === undefined || (request.waitingFor !== null && request.waitingFor !== responseId)) continue;
      this.byEventId.delete(eventId);
      due.push(request.attempt + 1);
    }
    return due;
  }

  clear(): void {
    this.byEventId.clear();
  }
}
