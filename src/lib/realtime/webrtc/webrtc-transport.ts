// The WebRTC transport: audio on media tracks (the microphone out, the model in), events as JSON
// on a data channel the client creates, named `oai-events`. No audio bytes travel in events:
// the server plays the model's audio itself and reports it with `output_audio_buffer.started` /
// `stopped` / `cleared`, so interrupting is `response.cancel` plus `output_audio_buffer.clear`
// and the server truncates at what it played. The browser's echo canceller sees the remote track
// (it is a real peer connection), which the WebSocket path's Web Audio playback is not.
//
// Browser objects come from the page by default; Node tests pass their own (a Node WebRTC stack).
import type { ClientEvent } from '../../protocol/protocol-types';
import { RealtimeEventEmitter } from '../event-emitter';
import { errorEventMessage, EventIds, interruptEvents, parseIncoming, reportReceived, reportSent } from '../transport-events';
import type { CloseInfo, InterruptRequest, MediaTrackNotice, OutputAudioSink, RealtimeTransport, RealtimeTransportEvents } from '../transport-types';
import { errorMessage } from '../../shared/error-message';
import { exchangeSdp, WebRTCError, type WebRTCSignalling } from './signalling';
import { addAudioInput, createPeer, EVENTS_CHANNEL, iceFailed, offerWithCandidates, remoteAudioStream, whenChannelOpen, type PeerOptions } from './peer-setup';

/** Messages kept from before `open` (a server sends one or two there; a flood is cut). */
const MAX_EARLY_MESSAGES = 256;

export { EVENTS_CHANNEL };
export const DEFAULT_WEBRTC_CONNECT_TIMEOUT_MS = 20_000;

export interface WebRTCTransportOptions extends PeerOptions {
  /** How the offer reaches the API (signalling.ts). */
  signalling: WebRTCSignalling;
  /** Asked for in the session the call starts with; relays hold to their allow-list. */
  model?: string;
}

export class WebRTCTransport extends RealtimeEventEmitter<RealtimeTransportEvents> implements RealtimeTransport {
  readonly audio = { input: 'media', output: 'media' } as const;
  private pc: RTCPeerConnection | null = null;
  private channel: RTCDataChannel | null = null;
  private sender: RTCRtpSender | null = null;
  /** A microphone this transport opened (and so stops); a given stream is the caller's. */
  private ownStream: MediaStream | null = null;
  private remote: MediaStream | null = null;
  private sink: OutputAudioSink | null = null;
  private connecting = false;
  private closed = true;
  private mutedInput = false;
  private lastError: string | undefined;
  /** `media.flowing` was told for this call; tracks were told (`media.track`). */
  private flowing = false;
  private announced = false;
  private readonly ids = new EventIds();
  /** The call id the server gave (`rtc_…`): a relay's watchers and the sideband know the call by it. */
  callId: string | null = null;
  /** Function tools the relay answers on this call's sideband (from `/session`'s answer): the client leaves them alone. */
  serverTools: ReadonlySet<string> = new Set();

  constructor(private readonly options: WebRTCTransportOptions) {
    super();
  }

  isConnected(): boolean {
    return !this.closed && this.channel?.readyState === 'open';
  }

  async connect(): Promise<void> {
    if (this.pc || this.connecting) throw new Error('WebRTCTransport is already connected or connecting');
    this.connecting = true;
    this.lastError = undefined;
    const timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_WEBRTC_CONNECT_TIMEOUT_MS;
    try {
      const pc = createPeer(this.options);
      this.pc = pc;
      pc.ontrack = (event) => this.onTrack(event);
      pc.onconnectionstatechange = () => this.connectionChanged(pc);
      ({ sender: this.sender, ownStream: this.ownStream } = await addAudioInput(pc, this.options, this.mutedInput));
      if (this.sender?.track) this.announce({ direction: 'input', track: this.sender.track, stream: this.ownStream ?? this.givenStream() });
      const channel = pc.createDataChannel(EVENTS_CHANNEL);
      this.channel = channel;
      // Held until `open` is emitted: a stack that delivers the first message in the same turn as
      // the channel's open (werift does) would otherwise lose session.created.
      const early: unknown[] = [];
      channel.onmessage = (event: MessageEvent) => {
        if (early.length < MAX_EARLY_MESSAGES) early.push(event.data);
      };
      const opened = whenChannelOpen(pc, channel, timeoutMs);
      opened.catch(() => undefined); // awaited below; a signalling failure first must not leave it unhandled
      const offer = await offerWithCandidates(pc);
      const model = this.options.model;
      const answer = await exchangeSdp(offer, this.options.signalling, {
        session: model ? { type: 'realtime', model } : undefined,
        fetch: this.options.fetch,
        timeoutMs,
      });
      this.callId = answer.callId;
      this.serverTools = new Set(answer.serverTools);
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      await opened;
      this.closed = false;
      this.watch(pc, channel);
      this.emit('open', { url: answer.url });
      for (const data of early.splice(0)) if (!this.closed) this.receive(data);
    } catch (error) {
      this.teardown();
      throw error instanceof WebRTCError ? error : new WebRTCError('sdp-refused', `could not connect over WebRTC: ${errorMessage(error)}`);
    } finally {
      this.connecting = false;
    }
  }

  /** Hangs up: the channel and the peer connection close, `close` is emitted once (1000). */
  disconnect(code = 1000, reason = 'client disconnect'): void {
    if (this.closed) {
      this.teardown();
      return;
    }
    this.finish({ code, reason, wasClean: true });
  }

  send(event: ClientEvent): void {
    if (!this.isConnected() || !this.channel) throw new Error(`WebRTCTransport is not connected (sending ${event.type})`);
    const withId = this.ids.assign(event);
    this.channel.send(JSON.stringify(withId));
    reportSent(this, withId);
  }

  sendAudio(): void {
    throw new Error('WebRTCTransport sends the microphone as a media track; input audio cannot be appended as events');
  }

  commitAudio(): void {
    this.send({ type: 'input_audio_buffer.commit' });
  }

  clearAudio(): void {
    this.send({ type: 'input_audio_buffer.clear' });
  }

  interrupt(request: InterruptRequest): void {
    for (const event of interruptEvents(request, this.audio.output)) this.send(event);
  }

  /** A muted track sends silence frames; the server hears nothing. */
  mute(muted: boolean): void {
    this.mutedInput = muted;
    if (this.sender?.track) this.sender.track.enabled = !muted;
  }

  /** Also true while there is no input track (listening only, or before connect): nothing is sent. */
  get muted(): boolean {
    return this.mutedInput || this.sender === null;
  }

  setOutputAudioSink(sink: OutputAudioSink | null): void {
    this.sink = sink;
    if (this.remote) sink?.stream?.(this.remote);
  }

  /** The track sent as the user's audio (null while listening only or disconnected). */
  get inputTrack(): MediaStreamTrack | null {
    return this.sender?.track ?? null;
  }

  /** The remote (model) stream, once the answer brought it. */
  get remoteStream(): MediaStream | null {
    return this.remote;
  }

  private onTrack(event: RTCTrackEvent): void {
    if (event.track.kind !== 'audio') return;
    const remote = remoteAudioStream(event);
    this.announce({ direction: 'output', track: event.track, stream: remote });
    if (!remote) return;
    this.remote = remote;
    this.sink?.stream?.(remote);
  }

  private announce(notice: MediaTrackNotice): void {
    this.announced = true;
    this.emit('media.track', notice);
  }

  private givenStream(): MediaStream | null {
    const input = this.options.input;
    return input && input !== 'microphone' ? input : null;
  }

  /** DTLS is up once `connected`: media flows from here (the first time); `failed` ends an open call. */
  private connectionChanged(pc: RTCPeerConnection): void {
    if (pc.connectionState === 'connected' && !this.flowing) {
      this.flowing = true;
      this.emit('media.flowing', { time: Date.now() });
    }
    if (pc.connectionState === 'failed' && !this.closed) this.finish({ code: 1006, reason: 'ICE failed', wasClean: false, error: iceFailed().message });
  }

  /** After the call opened: events in, and the ways it can end. */
  private watch(pc: RTCPeerConnection, channel: RTCDataChannel): void {
    channel.onmessage = (event: MessageEvent) => this.receive(event.data);
    channel.onclose = () => this.finish({ code: 1006, reason: `the ${EVENTS_CHANNEL} channel closed`, wasClean: false, error: this.lastError ?? new WebRTCError('channel-closed', `the ${EVENTS_CHANNEL} channel closed by the server`).message });
    pc.oniceconnectionstatechange = null;
  }

  private receive(data: unknown): void {
    const event = parseIncoming(this, data, 'messages');
    if (!event) return;
    if (event.type === 'error') this.lastError = errorEventMessage(event) ?? this.lastError;
    reportReceived(this, event);
  }

  /** Ends an open call once: tears down, tells the sink, emits `close`. */
  private finish(info: CloseInfo): void {
    if (this.closed) return;
    this.closed = true;
    this.teardown();
    this.emit('close', info.error === undefined && this.lastError ? { ...info, error: this.lastError } : info);
  }

  private teardown(): void {
    // A call was begun (a peer made, or tracks told): `media.ended` is owed, also for a failed connect.
    const begun = this.pc !== null || this.announced;
    // Handlers first: a close we start must not report itself as the server's.
    if (this.channel) this.channel.onclose = this.channel.onmessage = null;
    if (this.pc) this.pc.onconnectionstatechange = this.pc.oniceconnectionstatechange = this.pc.ontrack = null;
    this.channel?.close();
    this.pc?.close();
    for (const track of this.ownStream?.getTracks() ?? []) track.stop();
    if (this.remote) this.sink?.stream?.(null);
    this.channel = null;
    this.pc = null;
    this.sender = null;
    this.ownStream = null;
    this.remote = null;
    this.flowing = false;
    this.announced = false;
    if (begun) this.emit('media.ended', {});
  }
}
