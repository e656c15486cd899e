// The media half of a simulated WebRTC session, shared by Realtime calls (call.ts) and GPT-Live
// sessions (live/live-rtc-session.ts): a loopback peer answering the client's offer, the model's
// audio out on the first audio transceiver (Opus, pulled from a FrameSource in real time), every
// incoming audio track decoded to 24 kHz, and the `oai-events` data channel the client creates.
// Whatever ends the media (the peer failing or closing, the channel closing, no connection in
// time) is reported once through `onEnd`; the owner then calls `close()`.
import type { RTCDataChannel, RTCPeerConnection, RTCRtpTransceiver } from 'werift';
import { createLoopbackPeer, gathered, loopbackOnly } from './loopback-peer';
import { MediaReceiver } from './media-receiver';
import { MediaSender, type FrameSource } from './media-sender';

/** The data channel the client creates for events. */
export const EVENTS_CHANNEL_LABEL = 'oai-events';
/** A call whose peer has not connected by then is ended (the client posted an offer and left). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

export interface PeerCallHooks {
  /** The model's audio for the outgoing track. */
  source: FrameSource;
  /** Media time ÷ wall time (the simulator's speed factor; 1 for Live). */
  speed: number;
  connectTimeoutMs?: number;
  /** Decoded microphone audio, 24 kHz PCM16, in arrival order. */
  onAudio(samples: Int16Array): void;
  /** The `oai-events` channel is open (once). */
  onChannelOpen(channel: RTCDataChannel): void;
  /** One message on the `oai-events` channel. */
  onChannelMessage(data: string | Buffer): void;
  /** Something ended the media; called once, never after `close()`. */
  onEnd(why: string): void;
  onFailure(what: string, error: unknown): void;
}

export class PeerCall {
  private readonly peer: RTCPeerConnection;
  private readonly sender: MediaSender;
  private readonly receivers: MediaReceiver[] = [];
  private trackAttached = false;
  private channelOpened = false;
  private closed = false;
  private readonly connectTimer: NodeJS.Timeout;

  private constructor(private readonly hooks: PeerCallHooks) {
    this.peer = createLoopbackPeer();
    this.sender = new MediaSender(hooks.source, hooks.speed, (error) => hooks.onFailure('sending audio', error));
    this.connectTimer = setTimeout(() => {
      if (this.peer.connectionState !== 'connected') this.ended('the peer did not connect in time');
    }, hooks.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    this.peer.onTransceiverAdded.subscribe((transceiver) => this.onTransceiver(transceiver));
    this.peer.onDataChannel.subscribe((dataChannel) => this.onDataChannel(dataChannel));
    this.peer.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        clearTimeout(this.connectTimer);
        this.sender.start();
      }
      // Not on `disconnected`: ICE may recover from it; a peer that closes ends its data channel.
      if (state === 'failed' || state === 'closed') this.ended(`the peer connection is ${state}`);
    });
  }

  /** Answers `offerSdp` (loopback candidates only). Throws on an offer it cannot answer. */
  static async answer(offerSdp: string, hooks: PeerCallHooks): Promise<{ media: PeerCall; answerSdp: string }> {
    const media = new PeerCall(hooks);
    try {
      await media.peer.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      await media.peer.setLocalDescription(await media.peer.createAnswer());
      await gathered(media.peer);
      const sdp = media.peer.localDescription?.sdp;
      if (!sdp) throw new Error('no local description');
      return { media, answerSdp: loopbackOnly(sdp) };
    } catch (error) {
      media.close();
      throw error;
    }
  }

  /** Stops media and closes the peer; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.connectTimer);
    this.sender.stop();
    for (const receiver of this.receivers) receiver.stop();
    this.peer.close().catch((error: unknown) => this.hooks.onFailure('closing the peer', error));
  }

  /** Frames sent with audio so far (tests and the bench). */
  get framesSent(): number {
    return this.sender.framesSent;
  }

  private ended(why: string): void {
    if (!this.closed) this.hooks.onEnd(why);
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
      this.receivers.push(new MediaReceiver(track, (samples) => this.hooks.onAudio(samples)));
    });
  }

  private onDataChannel(dataChannel: RTCDataChannel): void {
    if (dataChannel.label !== EVENTS_CHANNEL_LABEL) return;
    dataChannel.onMessage.subscribe((data) => {
      try {
        this.hooks.onChannelMessage(data);
      } catch (error) {
        this.hooks.onFailure('a data channel message', error);
      }
    });
    dataChannel.stateChanged.subscribe((state) => {
      if (state === 'open') this.opened(dataChannel);
      if (state === 'closed') this.ended('the data channel closed');
    });
    if (dataChannel.readyState === 'open') this.opened(dataChannel);
  }

  private opened(dataChannel: RTCDataChannel): void {
    if (this.channelOpened || this.closed) return;
    this.channelOpened = true;
    this.hooks.onChannelOpen(dataChannel);
  }
}
