// `WS /logs`: a console watching the phone line. It is sent the line's status (what is set, the
// webhook URL to paste into Twilio, whether the public URL answers) and the live calls; it may
// subscribe to one call's events (every upstream event both ways, the Twilio lifecycle, the
// relay's notes) and send that call a `session.update`. Access is the relay's origin/token
// rules, checked before the upgrade (routes.ts).
//
// Console → relay: {type:"subscribe"|"unsubscribe", callId} and {type:"session.update", callId, session}.
// Relay → console: {type:"phone.status", ...}, {type:"calls", calls}, {type:"call.event", callId, t,
// source, event}, {type:"session.update.result", callId, ok, message?} and {type:"error", message}.
import WebSocket, { type RawData } from 'ws';
import { isRecord } from '../../src/lib/shared/json';
import type { CallEvent } from './call-log';
import type { PhoneCall } from './call';
import type { PhoneStatus } from '../../src/lib/protocol/phone-logs';

/** The status message: the line's settings as a console sees them. */
export interface PhoneStatusMessage extends PhoneStatus {
  type: 'phone.status';
}

export interface LogsHost {
  status(): Promise<PhoneStatusMessage>;
  calls(): PhoneCall[];
  call(id: string): PhoneCall | undefined;
  /** Called when the socket is gone. */
  onClose(client: LogsClient): void;
  maxBufferedBytes: number;
}

/** One console on /logs. */
export class LogsClient {
  private readonly subscriptions = new Map<string, () => void>();

  constructor(private readonly socket: WebSocket, private readonly host: LogsHost) {
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('close', () => {
      for (const stop of this.subscriptions.values()) stop();
      this.subscriptions.clear();
      host.onClose(this);
    });
    socket.on('error', () => undefined);
    void host.status().then((status) => this.send(JSON.stringify(status)));
    this.sendCalls();
  }

  /** The live calls and their facts (sent on every change and once a second while calls run). */
  sendCalls(): void {
    this.send(JSON.stringify({ type: 'calls', calls: this.host.calls().map((call) => call.facts) }));
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    let message: unknown;
    try {
      message = isBinary ? null : JSON.parse(String(data));
    } catch {
      message = null;
    }
    if (!isRecord(message) || typeof message.type !== 'string' || typeof message.callId !== 'string') {
      return this.error('send JSON {type, callId, ...}: type "subscribe", "unsubscribe" or "session.update"');
    }
    const { callId } = message;
    const call = this.host.call(callId);
    switch (message.type) {
      case 'subscribe':
        if (!call) return this.error(`no live call "${callId.slice(0, 64)}"`);
        if (!this.subscriptions.has(callId)) this.subscriptions.set(callId, call.events.subscribe((id, event) => this.sendEvent(id, event)));
        return;
      case 'unsubscribe':
        this.subscriptions.get(callId)?.();
        this.subscriptions.delete(callId);
        return;
      case 'session.update': {
        if (!call) return this.error(`no live call "${callId.slice(0, 64)}"`);
        if (!isRecord(message.session)) return this.error('session.update needs a "session" object');
        const ok = call.updateSession(message.session);
        this.send(JSON.stringify({ type: 'session.update.result', callId, ok, ...(ok ? {} : { message: "refused: the relay's policy or the call has ended (see the call's relay notes)" }) }));
        return;
      }
      default:
        return this.error(`unknown type "${message.type.slice(0, 40)}"`);
    }
  }

  private sendEvent(callId: string, event: CallEvent): void {
    // event.text is JSON the relay parsed or wrote itself, so it is embedded as is.
    this.send(`{"type":"call.event","callId":${JSON.stringify(callId)},"t":${event.t},"source":"${event.source}","event":${event.text}}`);
  }

  private error(message: string): void {
    this.send(JSON.stringify({ type: 'error', message }));
  }

  private send(frame: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.host.maxBufferedBytes) {
      this.socket.close(1013, 'relay: slow reader on /logs');
      return;
    }
    this.socket.send(frame);
  }
}
