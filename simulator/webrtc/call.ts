// One WebRTC call: a loopback peer connection answering the client's offer (peer-call.ts, shared
// with GPT-Live over WebRTC), the same session engine as a WebSocket (SimulatorConnection) on the
// `oai-events` data channel, the microphone track decoded into its input and its output audio
// buffer sent on the outgoing track, or a replay of a recording in its place (`engine`). The call
// ends when the peer goes away, the data channel closes, or the simulator closes.
import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import type WebSocket from 'ws';
import type { ServerEvent } from '../../src/lib/protocol/protocol-types';
import { SimulatorConnection } from '../connection';
import type { FaultPlan } from '../faults';
import { CallChannel } from './call-channel';
import { errorEvent } from '../../src/lib/protocol/error-events';
import { errorMessage } from '../../src/lib/shared/error-message';
import { newEventId } from '../ids';
import { PeerCall } from './peer-call';
import type { EventChannel } from '../event-channel';
import type { FrameSource } from './media-sender';

export { DEFAULT_CONNECT_TIMEOUT_MS, EVENTS_CHANNEL_LABEL } from './peer-call';

/** What answers a call's events and audio: the simulator's engine, or a replay (replay/replay-endpoint.ts). */
export interface CallEngine {
  start(): void;
  stop(): void;
  handleFrame(data: WebSocket.RawData | string, isBinary: boolean): void;
  /** The microphone, decoded (24 kHz PCM16). */
  appendAudio(samples: Int16Array): void;
  /** The model's audio for the outgoing track. */
  readonly output: FrameSource;
}

/** A connection (the simulator's or a replay's) as a call's engine, once it has an output track. */
export function callEngineOf(connection: Omit<CallEngine, 'output'>, output: FrameSource | null, what: string): CallEngine {
  if (!output) throw new Error(`${what} has an output track`);
  return {
    start: () => connection.start(),
    stop: () => connection.stop(),
    handleFrame: (data, isBinary) => connection.handleFrame(data, isBinary),
    appendAudio: (samples) => connection.appendAudio(samples),
    output,
  };
}

export interface CallOptions {
  id: string;
  model: string;
  session: RealtimeSessionCreateRequest;
  speed: number;
  faults: FaultPlan;
  script?: readonly string[];
  log: (line: string) => void;
  onServerEvent?: (event: ServerEvent) => void;
  /** Called once when the call has ended. */
  onEnded: (call: RtcCall) => void;
  connectTimeoutMs?: number;
  /** Another engine than the simulator's (a replay), made on the call's event channel. */
  engine?: (channel: EventChannel) => CallEngine;
}

export class RtcCall {
  readonly id: string;
  private media: PeerCall | null = null;
  private readonly channel = new CallChannel();
  private readonly connection: CallEngine;
  private started = false;
  private ended = false;

  private constructor(private readonly options: CallOptions) {
    this.id = options.id;
    this.connection = options.engine?.(this.channel) ?? RtcCall.simulatorEngine(this.channel, options);
    this.channel.onClose = () => this.end();
    this.channel.onRefused = (text, error) => this.onRefused(text, error);
  }

  private static simulatorEngine(channel: CallChannel, options: CallOptions): CallEngine {
    const connection = new SimulatorConnection({
      channel,
      model: options.model,
      speed: options.speed,
      faults: options.faults,
      log: options.log,
      onServerEvent: options.onServerEvent,
      script: options.script,
      initialSession: options.session,
      webrtc: true,
    });
    return callEngineOf(connection, connection.playout, 'a WebRTC connection');
  }

  /** Answers `offerSdp`: the call and its SDP answer (loopback candidates only). Throws on a bad offer. */
  static async answer(offerSdp: string, options: CallOptions): Promise<{ call: RtcCall; answerSdp: string }> {
    const call = new RtcCall(options);
    try {
      const { media, answerSdp } = await PeerCall.answer(offerSdp, {
        source: call.connection.output,
        speed: options.speed,
        connectTimeoutMs: options.connectTimeoutMs,
        onAudio: (samples) => call.connection.appendAudio(samples),
        onChannelOpen: (dataChannel) => {
          call.channel.setDataChannel(dataChannel);
          call.start();
        },
        onChannelMessage: (data) => call.connection.handleFrame(data, typeof data !== 'string'),
        onEnd: (why) => call.end(why),
        onFailure: (what, error) => call.logFailure(what, error),
      });
      call.media = media;
      if (call.ended) media.close();
      return { call, answerSdp };
    } catch (error) {
      call.end();
      throw error;
    }
  }

  /** A sideband WebSocket (`?call_id=`): it sees every event from now on and may send any. */
  attachSideband(socket: WebSocket): void {
    this.channel.addSideband(socket);
    socket.on('message', (data, isBinary) => {
      try {
        this.connection.handleFrame(data, isBinary);
      } catch (error) {
        this.logFailure('a sideband frame', error);
      }
    });
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  /** Ends the call: the session stops, media stops, the peer closes, sidebands close. */
  end(why?: string): void {
    if (this.ended) return;
    this.ended = true;
    if (why) this.options.log(`simulator: call ${this.id} ended: ${why}`);
    this.connection.stop();
    this.media?.close();
    this.channel.close(1000, 'call ended');
    this.options.onEnded(this);
  }

  /** An event too large for the client's data channel: it gets a small `error` in its place. */
  private onRefused(text: string, error: unknown): string {
    const type = /^\{"event_id":"[^"]*","type":"([a-z_.]+)"/.exec(text)?.[1] ?? 'an';
    this.options.log(`simulator: call ${this.id}: ${type} event not sent: ${errorMessage(error)}`);
    const event = errorEvent(newEventId(), {
      type: 'server_error',
      code: 'event_too_large',
      message: `The ${type} event (${Buffer.byteLength(text)} bytes) is larger than this data channel's max-message-size; it was not sent.`,
    });
    return JSON.stringify(event);
  }

  private start(): void {
    if (this.started || this.ended) return;
    this.started = true;
    this.connection.start();
  }

  private logFailure(what: string, error: unknown): void {
    this.options.log(`simulator: call ${this.id}: ${what} failed: ${(error as Error).stack ?? String(error)}`);
  }
}
