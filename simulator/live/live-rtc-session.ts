// One GPT-Live session over WebRTC: the same LiveSession engine as a primary WebSocket, with its
// input lane fed by the decoded microphone track (the session clock runs on it) and its output
// lane's 100 ms windows played on the outgoing track. Events travel on the `oai-events` channel,
// filtered by `session.client.data_channel`, and to every sideband attached at
// `/v1/live/sessions/{id}/attach`, which sees every event plus the audio reflected as events
// (live.d.ts: `session.input_audio.append` and timed `session.output_audio.delta`, PCM16 24 kHz).
import type { RTCDataChannel } from 'werift';
import WebSocket from 'ws';
import type { ServerEvent as LiveServerEvent, SessionResource } from 'openai/resources/live/live';
import { PeerCall } from '../webrtc/peer-call';
import { LiveSession } from './live-session';
import { OutputQueue } from './output-queue';
import { DataChannelPermissions, MEDIA_REFUSED_CLIENT_EVENTS } from './data-channel-permissions';
import { LIVE_ERROR_CODES, liveErrorEvent } from './live-errors';
import { newEventId } from '../ids';
import { SAMPLES_PER_MS } from '../audio-buffer';
import type { LiveStore, StoredLiveSession } from './live-store';

/** Live events that carry audio: a media transport's frontend gets its audio on tracks instead. */
const AUDIO_EVENTS = new Set(['session.output_audio.delta', 'session.input_audio.append']);
/** Sideband client events are live.d.ts ConnectClientEvent: all but these two. */
const SIDEBAND_REFUSED = new Map([
  ['session.start', 'A sideband attaches to a started session; it cannot send session.start.'],
  ['session.input_audio.append', 'A sideband cannot send audio; the session takes it from its media track.'],
]);

/** From `session.closed` to closing the peer. */
const CLOSE_GRACE_MS = 250;

export interface LiveRtcOptions {
  session: SessionResource;
  script?: readonly string[];
  log: (line: string) => void;
  onServerEvent?: (event: LiveServerEvent) => void;
  onEnded: (session: LiveRtcSession) => void;
  connectTimeoutMs?: number;
  store?: LiveStore;
  /** The stored session this one forks (its lineage is kept when it is stored in turn). */
  forkOf?: StoredLiveSession;
}

export class LiveRtcSession {
  readonly id: string;
  private readonly live: LiveSession;
  private readonly output = new OutputQueue();
  private readonly permissions: DataChannelPermissions;
  private readonly sidebands = new Set<WebSocket>();
  private media: PeerCall | null = null;
  private channel: RTCDataChannel | null = null;
  private ended = false;

  private constructor(private readonly options: LiveRtcOptions) {
    this.id = options.session.id;
    this.permissions = new DataChannelPermissions(options.session.client);
    this.live = new LiveSession({
      send: (event) => this.deliver(event),
      // After `session.closed`: a moment for it to leave on the channel before the peer closes.
      close: () => {
        setTimeout(() => this.end('session closed'), CLOSE_GRACE_MS).unref();
      },
      script: options.script,
      log: options.log,
      onOutputAudio: (samples, startMs) => this.played(samples, startMs),
      store: options.store,
      forkOf: options.forkOf,
    });
  }

  /** Answers `offerSdp`; throws on an offer that cannot be answered. */
  static async answer(offerSdp: string, options: LiveRtcOptions): Promise<{ session: LiveRtcSession; answerSdp: string }> {
    const session = new LiveRtcSession(options);
    try {
      const { media, answerSdp } = await PeerCall.answer(offerSdp, {
        source: session.output,
        speed: 1,
        connectTimeoutMs: options.connectTimeoutMs,
        onAudio: (samples) => session.heard(samples),
        onChannelOpen: (channel) => session.opened(channel),
        onChannelMessage: (data) => session.fromFrontend(data),
        onEnd: (why) => session.lost(why),
        onFailure: (what, error) => session.logFailure(what, error),
      });
      session.media = media;
      if (session.ended) media.close();
      return { session, answerSdp };
    } catch (error) {
      session.end();
      throw error;
    }
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  /** A trusted sideband: every event from now on, any ConnectClientEvent, no allow-list. */
  attachSideband(socket: WebSocket): void {
    this.sidebands.add(socket);
    socket.on('close', () => this.sidebands.delete(socket));
    socket.on('message', (data, isBinary) => {
      try {
        this.fromSideband(socket, isBinary ? null : data.toString());
      } catch (error) {
        this.logFailure('a sideband frame', error);
      }
    });
  }

  /** Ends the session: media stops, the peer closes, sidebands close (after `session.closed` when it started). */
  end(why?: string): void {
    if (this.ended) return;
    this.ended = true;
    if (why) this.options.log(`simulator: Live session ${this.id} ended: ${why}`);
    this.media?.close();
    for (const socket of this.sidebands) if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'session ended');
    this.options.onEnded(this);
  }

  /** The frontend went away: a started session closes with `connection_lost` (live.d.ts SessionClosedEvent). */
  private lost(why: string): void {
    if (this.live.session && !this.live.closed) this.live.close('connection_lost');
    this.end(why);
  }

  private opened(channel: RTCDataChannel): void {
    this.channel = channel;
    this.live.begin(this.options.session);
    this.live.emit({ type: 'session.started', event_id: newEventId(), session: this.options.session });
    if (this.permissions.limited) this.live.emit({ type: 'info', event_id: newEventId(), code: 'data_channel_permissions', message: this.permissions.describe() });
  }

  private heard(samples: Int16Array): void {
    if (!this.live.session || this.live.closed) return; // audio before the channel opened is not on the timeline
    const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
    this.reflect({ type: 'session.input_audio.append', audio: Buffer.from(bytes).toString('base64') });
    this.live.appendAudio(bytes);
  }

  private played(samples: Int16Array, startMs: number): void {
    this.output.push(samples);
    if (!this.sidebands.size) return;
    const delta = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');
    this.reflect({ type: 'session.output_audio.delta', delta, start_ms: startMs, end_ms: startMs + samples.length / SAMPLES_PER_MS });
  }

  private fromFrontend(data: string | Buffer): void {
    if (typeof data !== 'string') return this.refuse(LIVE_ERROR_CODES.invalidJson, 'Live events are JSON text messages.');
    const type = typeOf(data);
    if (type !== null && MEDIA_REFUSED_CLIENT_EVENTS.has(type)) return this.refuse(LIVE_ERROR_CODES.invalidValue, MEDIA_REFUSED_CLIENT_EVENTS.get(type)!, type);
    if (type !== null && !this.permissions.allowsClient(type)) {
      // The docs name no code for this refusal; `event_not_permitted` is the simulator's word.
      return this.refuse('event_not_permitted', `This data channel may not send '${type.slice(0, 80)}' (session.client.data_channel.allowed_client_events).`, type);
    }
    this.live.handleText(data);
  }

  private fromSideband(socket: WebSocket, text: string | null): void {
    if (text === null) return this.refuse(LIVE_ERROR_CODES.invalidJson, 'Live events are JSON text frames.');
    const type = typeOf(text);
    if (type !== null && SIDEBAND_REFUSED.has(type)) return this.refuse(LIVE_ERROR_CODES.invalidValue, SIDEBAND_REFUSED.get(type)!, type);
    if (socket.readyState === WebSocket.OPEN) this.live.handleText(text);
  }

  private refuse(code: string, message: string, type?: string): void {
    this.live.emit(liveErrorEvent({ code, message, param: type === undefined ? undefined : 'type' }));
  }

  /** Every server event: to the frontend unless it carries audio or is not permitted; to every sideband. */
  private deliver(event: LiveServerEvent): void {
    this.options.onServerEvent?.(event);
    const text = JSON.stringify(event);
    const nested = event.type === 'response.event' ? String((event.event as { type?: unknown }).type) : undefined;
    if (this.channel?.readyState === 'open' && !AUDIO_EVENTS.has(event.type) && this.permissions.allowsServer(event.type, nested)) {
      try {
        this.channel.send(text);
      } catch (error) {
        this.logFailure(`sending ${event.type}`, error);
      }
    }
    for (const socket of this.sidebands) if (socket.readyState === WebSocket.OPEN) socket.send(text);
  }

  /** Audio as events, for sidebands only. */
  private reflect(event: LiveServerEvent): void {
    if (!this.sidebands.size) return;
    this.options.onServerEvent?.(event);
    const text = JSON.stringify(event);
    for (const socket of this.sidebands) if (socket.readyState === WebSocket.OPEN) socket.send(text);
  }

  private logFailure(what: string, error: unknown): void {
    this.options.log(`simulator: Live session ${this.id}: ${what} failed: ${(error as Error).stack ?? String(error)}`);
  }
}

/** The `type` of a JSON object's text, or null (the session's own parser then says what is wrong). */
function typeOf(text: string): string | null {
  try {
    const value = JSON.parse(text) as { type?: unknown } | null;
    return typeof value?.type === 'string' ? value.type : null;
  } catch {
    return null;
  }
}
