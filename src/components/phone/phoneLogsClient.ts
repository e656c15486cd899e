// The console's side of the relay's `/logs` socket (relay-server/phone/logs-socket.ts): the
// phone line's status, the live calls, and for the chosen call an event log store and a
// conversation fed from the call's events, exactly the state a browser session's panels read.
// A plain class (the React view only subscribes), testable in Node with `ws`.
import { EventLogStore } from '../event-log/eventLogStore';
import { RealtimeConversation } from '../../lib/realtime/conversation';
import type { IncomingEvent } from '../../lib/realtime/transport-types';
import { isRecord } from '../../lib/shared/json';
import type { ServerSession } from '../../lib/protocol/protocol-types';
import type { CallFacts, PhoneStatus } from '../../lib/protocol/phone-logs';

export type { CallFacts, PhoneStatus };

/** A Twilio lifecycle message or a relay note, for the call's timeline. */
export interface TimelineEntry {
  t: number;
  source: 'twilio-in' | 'twilio-out' | 'relay';
  kind: string;
  detail: string;
}

export interface ToolRun {
  name: string;
  arguments: string;
  output: string;
  error: string | null;
  ms: number;
}

export type PhoneConnection = 'connecting' | 'open' | 'closed';

interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: (() => void) | null;
  onclose: (() => void) | null;
  onmessage: ((message: { data: unknown }) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

/** Twilio's µ-law both ways: what the conversation decodes a call's audio with. */
const CALL_FORMATS = { input: () => ({ type: 'audio/pcmu' as const }), output: () => ({ type: 'audio/pcmu' as const }) };
/** Timeline entries kept per call. */
const MAX_TIMELINE = 500;

/** The relay's `/logs` URL from the console's relay URL (its `access_token` query kept). */
export function logsUrl(relayUrl: string): string {
  const url = new URL(relayUrl);
  url.pathname = '/logs';
  return url.toString();
}

export class PhoneLogsClient {
  status: PhoneStatus | null = null;
  calls: CallFacts[] = [];
  connection: PhoneConnection = 'connecting';
  selected: string | null = null;
  readonly events = new EventLogStore();
  conversation = new RealtimeConversation({}, CALL_FORMATS);
  timeline: TimelineEntry[] = [];
  toolRuns: ToolRun[] = [];
  /** The chosen call's session, from its latest `session.created` / `session.updated`. */
  serverSession: ServerSession | null = null;
  /** The last answer to a session.update sent from here. */
  updateResult: { ok: boolean; message?: string } | null = null;
  /** Bumped on every change; the view re-renders on it. */
  version = 0;
  private readonly socket: SocketLike;
  private readonly listeners = new Set<() => void>();

  constructor(relayUrl: string, factory: SocketFactory = (url) => new WebSocket(url) as unknown as SocketLike) {
    this.socket = factory(logsUrl(relayUrl));
    this.socket.onopen = () => this.changed(() => (this.connection = 'open'));
    this.socket.onclose = () => this.changed(() => (this.connection = 'closed'));
    this.socket.onmessage = (message) => this.onMessage(String(message.data));
  }

  /** Watch one call: its events replace the previous call's in the log and conversation. */
  select(callId: string): void {
    if (this.selected === callId) return;
    if (this.selected) this.send({ type: 'unsubscribe', callId: this.selected });
    this.changed(() => {
      this.selected = callId;
      this.events.clear();
      this.conversation = new RealtimeConversation({}, CALL_FORMATS);
      this.timeline = [];
      this.toolRuns = [];
      this.serverSession = null;
      this.updateResult = null;
    });
    this.send({ type: 'subscribe', callId });
  }

  /** Sends the chosen call a `session.update` (the relay pins the audio formats to µ-law). */
  updateSession(session: Record<string, unknown>): void {
    if (this.selected) this.send({ type: 'session.update', callId: this.selected, session });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.socket.close();
  }

  private send(message: object): void {
    if (this.socket.readyState === 1) this.socket.send(JSON.stringify(message));
  }

  private onMessage(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (!isRecord(parsed)) return;
    const message = parsed;
    this.changed(() => {
      switch (message.type) {
        case 'phone.status':
          this.status = message as unknown as PhoneStatus;
          break;
        case 'calls':
          this.calls = Array.isArray(message.calls) ? (message.calls as CallFacts[]) : [];
          break;
        case 'session.update.result':
          this.updateResult = { ok: message.ok === true, message: typeof message.message === 'string' ? message.message : undefined };
          break;
        case 'call.event':
          if (message.callId === this.selected && isRecord(message.event)) this.onCallEvent(Number(message.t), String(message.source), message.event);
          break;
        default:
      }
    });
  }

  private onCallEvent(t: number, source: string, event: Record<string, unknown>): void {
    if (source === 'client' || source === 'server') {
      this.events.append({ time: Date.now(), source, event });
      if (source !== 'server') return;
      this.conversation.processEvent(event as unknown as IncomingEvent);
      if ((event.type === 'session.created' || event.type === 'session.updated') && isRecord(event.session)) this.serverSession = event.session as unknown as ServerSession;
      return;
    }
    if (source !== 'twilio-in' && source !== 'twilio-out' && source !== 'relay') return;
    if (event.type === 'relay.tool_run') {
      this.toolRuns.push({ name: String(event.name), arguments: String(event.arguments), output: String(event.output), error: typeof event.error === 'string' ? event.error : null, ms: Number(event.ms) });
    }
    const kind = String(event.event ?? event.type);
    // Media frames are counted in the call's facts, not listed.
    if (kind === 'media') return;
    this.timeline.push({ t, source, kind, detail: timelineDetail(event) });
    if (this.timeline.length > MAX_TIMELINE) this.timeline.shift();
  }

  private changed(apply: () => void): void {
    apply();
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

function timelineDetail(event: Record<string, unknown>): string {
  if (isRecord(event.mark)) return `mark ${String(event.mark.name)}`;
  if (isRecord(event.dtmf)) return `digit ${String(event.dtmf.digit)}`;
  if (typeof event.digit === 'string') return `digit ${event.digit}`;
  if (typeof event.name === 'string' && event.event === 'mark') return `mark ${event.name}`;
  if (typeof event.message === 'string') return event.message;
  if (typeof event.reason === 'string') return event.reason;
  if (event.type === 'relay.tool_run') return `${String(event.name)} → ${event.error ? `error: ${String(event.error)}` : String(event.output).slice(0, 120)}`;
  if (isRecord(event.start)) return `call ${String(event.start.callSid)}, ${String((event.start.mediaFormat as Record<string, unknown> | undefined)?.encoding ?? '')}`;
  return '';
}
