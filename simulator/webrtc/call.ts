// One WebRTC call: a loopback peer connection answering the client's offer, the same session
// engine as a WebSocket (SimulatorConnection) on the `oai-events` data channel, the microphone
// track decoded into its input and its output audio buffer sent on the outgoing track. The call
// ends when the peer goes away, the data channel closes, or the simulator closes.
import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import type { RTCDataChannel, RTCPeerConnection, RTCRtpTransceiver } from 'werift';
import type WebSocket from 'ws';
import type { ServerEvent } from '../../src/lib/protocol/protocol-types';
import { SimulatorConnection } from '../connection';
import type { FaultPlan } from '../faults';
import { CallChannel } from './call-channel';
import { errorEvent } from '../../src/lib/protocol/error-events';
import { errorMessage } from '../../src/lib/shared/error-message';
import { newEventId } from '../ids';
import { createLoopbackPeer, gathered, loopbackOnly } from './loopback-peer';
import { MediaReceiver } from './media-receiver';
import { MediaSender } from './media-sender';

/** The data channel the client creates for events. */
export const EVENTS_CHANNEL_LABEL = 'oai-events';
/** A call whose peer has not connected by then is ended (the client posted an offer and left). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

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
}

export class RtcCall {
  readonly id: string;
  private readonly peer: RTCPeerConnection;
  private readonly channel = new CallChannel();
  private readonly connection: SimulatorConnection;
  private readonly sender: MediaSender;
  private readonly receivers: MediaReceiver[] = [];
  private started = false;
  private trackAttached = false;
  private ended = false;
  private readonly connectTimer: NodeJS.Timeout;

  private constructor(private readonly options: CallOptions) {
    this.id = options.id;
    this.peer = createLoopbackPeer();
    this.connection = new SimulatorConnection({
      channel: this.channel,
      model: options.model,
      speed: options.speed,
      faults: options.faults,
      log: options.log,
      onServerEvent: options.onServerEvent,
      script: options.script,
      initialSession: options.session,
      webrtc: true,
    });
    const playout = this.connection.playout;
    if (!playout) throw new Error('a WebRTC connection has an output audio buffer');
    this.sender = new MediaSender(playout, options.speed, (error) => this.logFailure('sending audio', error));
    this.channel.onClose = () => this.end();
    this.channel.onRefused = (text, error) => this.onRefused(text, error);
    this.connectTimer = setTimeout(() => {
      if (this.peer.connectionState !== 'connected') this.end('the peer did not connect in time');
    }, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    this.peer.onTransceiverAdded.subscribe((transceiver) => this.onTransceiver(transceiver));
    this.peer.onDataChannel.subscribe((dataChannel) => this.onDataChannel(dataChannel));
    this.peer.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        clearTimeout(this.connectTimer);
        this.sender.start();
      }
      // Not on `disconnected`: ICE may recover from it; a peer that closes ends its data channel.
      if (state === 'failed' || state === 'closed') this.end(`the peer connection is ${state}`);
    });
  }

  /** Answers `offerSdp`: the call and its SDP answer (loopback candidates only). Throws on a bad offer. */
  static async answer(offerSdp: string, options: CallOptions): Promise<{ call: RtcCall; answerSdp: string }> {
    const call = new RtcCall(options);
    try {
      await call.peer.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      await call.peer.setLocalDescription(await call.peer.createAnswer());
      await gathered(call.peer);
      const sdp = call.peer.localDescription?.sdp;
      if (!sdp) throw new Error('no local description');
      return { call, answerSdp: loopbackOnly(sdp) };
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
    clearTimeout(this.connectTimer);
    if (why) this.options.log(`simulator: call ${this.id} ended: ${why}`);
    this.connection.stop();
    this.sender.stop();
    for (const receiver of this.receivers) receiver.stop();
    this.channel.close(1000, 'call ended');
    this.peer.close().catch((error: unknown) => this.logFailure('closing the peer', error));
    this.options.onEnded(this);
  }

  private onTransceiver(transceiver: RTCRtpTransceiver): void {
    if (transceiver.kind !== 'audio') return;
    // The model's speech goes out on the first audio transceiver; every one's audio comes in.
    if (!this.trackAttached) {
      this.trackAttached = true;
      transceiver.sender.replaceTrack(this.sender.track);
      // werift answers a remote offer's m-line recvonly; a browser then sets up no receiver and
      // hears nothing. The API answers sendrecv.
      transceiver.setDirection('sendrecv');
    }
    transceiver.onTrack.subscribe((track) => {
      this.receivers.push(new MediaReceiver(track, (samples) => this.connection.appendAudio(samples)));
    });
  }

  private onDataChannel(dataChannel: RTCDataChannel): void {
    if (dataChannel.label !== EVENTS_CHANNEL_LABEL) return;
    this.channel.setDataChannel(dataChannel);
    dataChannel.onMessage.subscribe((data) => {
      try {
        this.connection.handleFrame(data, typeof data !== 'string');
      } catch (error) {
        this.logFailure('a data channel message', error);
      }
    });
    dataChannel.stateChanged.subscribe((state) => {
      if (state === 'open') this.start();
      if (state === 'closed') this.end('the data channel closed');
    });
    if (dataChannel.readyState === 'open') this.start();
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
