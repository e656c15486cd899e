// GPT-Live over WebRTC, as a LiveClient's wire: the user's audio as a media track (the
// microphone, a given stream, or listen-only: no paced appends), the model's voice as the remote
// track (to an OutputAudioSink the caller owns, e.g. an <audio> element), and events as JSON on
// the `oai-events` data channel the client creates. The offer goes out through live-signalling.ts
// (a relay's `/session/live`, or `POST /v1/live/sessions` with a key from Node); the session
// starts with the creation, so the client waits for `session.started` and sends no
// `session.start`. Peer steps are the Realtime WebRTC transport's (realtime/webrtc/peer-setup.ts).
// Through a relay that hides held text, the session snapshots come from the relay instead of the
// channel (relay-watch.ts), marked as the relay's.
import { errorMessage } from '../shared/error-message';
import type { OutputAudioSink } from '../realtime/transport-types';
import { WebRTCError } from '../realtime/webrtc/signalling';
import { addAudioInput, createPeer, EVENTS_CHANNEL, iceFailed, offerWithCandidates, remoteAudioStream, whenChannelOpen, type PeerOptions } from '../realtime/webrtc/peer-setup';
import { exchangeLiveSdp, type LiveSignalling } from './live-signalling';
import type { LiveSessionConfig } from './live-types';
import type { LiveWire, LiveWireHandlers } from './live-wire';
import { eventTypeOf, relayWatchUrl, watchRelayed, type RelayWatch } from './relay-watch';
import type { WebSocketConstructorLike } from '../realtime/websocket';

export const DEFAULT_LIVE_RTC_TIMEOUT_MS = 20_000;

export interface LiveRtcWireOptions extends PeerOptions {
  signalling: LiveSignalling;
  /** The session the creation carries (its `audio.format`, if any, is dropped: WebRTC negotiates it). */
  session: LiveSessionConfig;
  /** For the relay's `/call-events` watch (default: `ws` in Node, the browser's WebSocket). */
  WebSocket?: WebSocketConstructorLike;
}

export class LiveRtcWire implements LiveWire {
  readonly media = true;
  private pc: RTCPeerConnection | null = null;
  private channel: RTCDataChannel | null = null;
  private sender: RTCRtpSender | null = null;
  private ownStream: MediaStream | null = null;
  private remote: MediaStream | null = null;
  /** The model's track itself (a Node peer has no MediaStream to put it in when the answer names none). */
  remoteTrack: MediaStreamTrack | null = null;
  private sink: OutputAudioSink | null = null;
  private handlers: LiveWireHandlers | null = null;
  /** The channel opened (so an end is reported as a close). */
  private opened = false;
  private ended = false;
  /** Messages that came before this side saw the channel open (a Node peer may deliver them first). */
  private early: Array<{ text: string; via?: 'relay' }> = [];
  /** Event types the relay delivers instead of the channel (its `Relay-Live-Relayed-Events`). */
  private relayed: ReadonlySet<string> = new Set();
  private watch: RelayWatch | null = null;
  /** Function tools the relay answers on its sideband: the client leaves them alone. */
  serverTools: readonly string[] = [];
  /** The Live session id the server gave (sidebands attach with it). */
  sessionId: string | null = null;
  /** Where the offer went, for the log's session line. */
  url: string | null = null;

  constructor(private readonly options: LiveRtcWireOptions) {}

  async open(handlers: LiveWireHandlers): Promise<void> {
    if (this.pc) throw new Error('LiveRtcWire is already open or opening');
    this.handlers = handlers;
    const timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_LIVE_RTC_TIMEOUT_MS;
    try {
      const pc = createPeer(this.options);
      this.pc = pc;
      pc.ontrack = (event) => this.onTrack(event);
      ({ sender: this.sender, ownStream: this.ownStream } = await addAudioInput(pc, this.options, false));
      const channel = pc.createDataChannel(EVENTS_CHANNEL);
      this.channel = channel;
      // Messages from the start: `session.started` may arrive as the channel opens.
      channel.onmessage = (event: MessageEvent) => this.receive(event.data);
      const opened = whenChannelOpen(pc, channel, timeoutMs);
      opened.catch(() => undefined); // awaited below; a signalling failure first must not leave it unhandled
      const answer = await exchangeLiveSdp(await offerWithCandidates(pc), this.options.signalling, this.options.session, { fetch: this.options.fetch, timeoutMs });
      this.sessionId = answer.sessionId;
      this.url = answer.url;
      this.serverTools = answer.relayTools;
      const signalling = this.options.signalling;
      if (answer.relayedEvents.length && signalling.via === 'relay' && answer.sessionId) {
        this.relayed = new Set(answer.relayedEvents);
        // Open before the answer is applied, so the watch is in place when the session starts.
        this.watch = await watchRelayed(relayWatchUrl(signalling.relayUrl, answer.sessionId), this.relayed, (text) => this.receive(text, 'relay'), this.options.WebSocket);
      }
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      await opened;
      this.opened = true;
      this.follow(pc, channel);
      for (const early of this.early.splice(0)) handlers.message(early.text, early.via);
    } catch (error) {
      this.teardown();
      throw error instanceof WebRTCError ? error : new WebRTCError('sdp-refused', `could not connect over WebRTC: ${errorMessage(error)}`);
    }
  }

  isOpen(): boolean {
    return !this.ended && this.channel?.readyState === 'open';
  }

  send(text: string): void {
    if (!this.isOpen() || !this.channel) throw new Error('the Live WebRTC connection is not open');
    this.channel.send(text);
  }

  close(code: number, reason: string): void {
    this.finish(code, reason);
  }

  /** The model's voice goes to `sink.stream` (an <audio> element's srcObject, an analyser). */
  setOutputAudioSink(sink: OutputAudioSink | null): void {
    this.sink = sink;
    if (this.remote) sink?.stream?.(this.remote);
  }

  get remoteStream(): MediaStream | null {
    return this.remote;
  }

  /** Disables the microphone track (the server then hears silence frames). */
  muteTrack(muted: boolean): void {
    if (this.sender?.track) this.sender.track.enabled = !muted;
  }

  private onTrack(event: RTCTrackEvent): void {
    if (event.track.kind === 'audio') this.remoteTrack = event.track;
    const remote = remoteAudioStream(event);
    if (!remote) return;
    this.remote = remote;
    this.sink?.stream?.(remote);
  }

  private receive(data: unknown, via?: 'relay'): void {
    const text = typeof data === 'string' ? data : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? new TextDecoder().decode(data as ArrayBuffer) : null;
    if (text === null) return;
    // A relayed type is the relay's to deliver: a channel copy would show it twice.
    if (via === undefined && this.relayed.size && this.relayed.has(eventTypeOf(text) ?? '')) return;
    // Replies need a channel this side can send on: held until it opened.
    if (this.opened) this.handlers?.message(text, via);
    else this.early.push({ text, via });
  }

  private follow(pc: RTCPeerConnection, channel: RTCDataChannel): void {
    // The server ends a session by closing the channel (after `session.closed` when it finalized).
    channel.onclose = () => this.finish(1000, `the ${EVENTS_CHANNEL} channel closed`);
    pc.oniceconnectionstatechange = null;
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed') this.finish(1006, iceFailed().message);
    };
  }

  /** Ends once: tears down and reports the close (only for a wire that had opened). */
  private finish(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.teardown();
    if (this.opened) this.handlers?.close(code, reason);
  }

  private teardown(): void {
    // Handlers first: a close we start must not report itself as the server's.
    if (this.channel) this.channel.onclose = this.channel.onmessage = null;
    if (this.pc) this.pc.onconnectionstatechange = this.pc.oniceconnectionstatechange = this.pc.ontrack = null;
    this.channel?.close();
    this.pc?.close();
    this.watch?.close();
    this.watch = null;
    for (const track of this.ownStream?.getTracks() ?? []) track.stop();
    if (this.remote) this.sink?.stream?.(null);
    this.channel = this.pc = this.sender = this.ownStream = this.remote = this.remoteTrack = null;
    this.early = [];
  }
}
