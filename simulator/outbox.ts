// Sends server events on one event channel (a WebSocket, or a WebRTC call's data channel and
// sidebands): assigns `event_id`, applies the delay/stall/close faults.
import type { EventChannel } from './event-channel';
import type { ServerEvent } from '../src/lib/protocol/protocol-types';
import { newEventId } from './ids';
import type { FaultPlan } from './faults';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A server event before the outbox stamps its `event_id`. */
export type ServerEventDraft = DistributiveOmit<ServerEvent, 'event_id'>;

export class Outbox {
  private sentCount = 0;
  private stalled = false;
  private closing = false;

  constructor(
    private readonly channel: EventChannel,
    private readonly faults: FaultPlan,
    private readonly onSent?: (event: ServerEvent) => void,
  ) {}

  get isOpen(): boolean {
    return !this.closing && this.channel.isOpen;
  }

  /** Stamps and sends one event; returns it as sent (or as it would have been, when stalled). */
  send(draft: ServerEventDraft): ServerEvent {
    const event = { event_id: newEventId(), ...draft } as ServerEvent;
    if (this.stalled || this.closing) return event;
    this.deliver(JSON.stringify(event), () => this.onSent?.(event));
    return event;
  }

  /** Sends a frame as is (for the malformed-frame fault). */
  sendRaw(text: string): void {
    if (!this.stalled && !this.closing) this.deliver(text);
  }

  /** From now on nothing is sent (the stall fault). */
  stall(): void {
    this.stalled = true;
  }

  close(code: number, reason = ''): void {
    if (this.closing) return;
    this.closing = true;
    const doClose = (): void => this.channel.close(code, reason);
    // A delayed outbox closes after what it has queued, like a slow network would.
    if (this.faults.delayMs > 0) setTimeout(doClose, this.faults.delayMs);
    else doClose();
  }

  private deliver(text: string, afterSend?: () => void): void {
    const write = (): void => {
      if (!this.channel.isOpen) return;
      this.channel.send(text);
      afterSend?.();
      this.sentCount++;
      const limit = this.faults.closeAfterEvents;
      if (limit !== null && this.sentCount >= limit) {
        this.closing = true;
        this.channel.close(this.faults.closeCode, 'simulator fault: close after events');
      }
    };
    if (this.faults.delayMs > 0) setTimeout(write, this.faults.delayMs);
    else write();
  }
}
