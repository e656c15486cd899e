// The peer-connection steps both WebRTC clients take (Realtime's WebRTCTransport and GPT-Live's
// LiveRtcWire): the user's audio as a track (the microphone, a given stream, or listen-only), the
// model's remote stream, the `oai-events` channel opening or failing, and ICE gathering before
// the offer is sent. Browser objects by default; Node tests pass their own (werift).
import { errorMessage } from '../../shared/error-message';
import { WebRTCError } from './signalling';

export const EVENTS_CHANNEL = 'oai-events';
/** ICE gathering is awaited this long before the offer is sent (host candidates arrive at once). */
export const GATHERING_WAIT_MS = 2_000;

export type PeerConnectionConstructor = new (config?: RTCConfiguration) => RTCPeerConnection;

export interface AudioInputOptions {
  /**
   * What to send as the user's audio: a stream (its first audio track; the caller keeps owning
   * it), `'microphone'` (getUserMedia with echo cancellation, stopped on disconnect), or `null`
   * to only listen.
   */
  input?: MediaStream | 'microphone' | null;
  /** With `input: 'microphone'`: this device (`MediaDeviceInfo.deviceId`) instead of the default. */
  microphoneDeviceId?: string;
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
}

/** What both WebRTC clients take to build their peer connection. */
export interface PeerOptions extends AudioInputOptions {
  /** Default none: the API and the simulator answer with candidates the page can reach directly. */
  iceServers?: RTCIceServer[];
  /** More peer connection settings (a Node stack's own, e.g. werift's `iceAdditionalHostAddresses`). */
  peerConfiguration?: Record<string, unknown>;
  connectTimeoutMs?: number;
  RTCPeerConnection?: PeerConnectionConstructor;
  fetch?: typeof fetch;
}

/** A peer connection from the options' constructor (the runtime's by default). */
export function createPeer(options: PeerOptions): RTCPeerConnection {
  const Peer = options.RTCPeerConnection ?? globalThis.RTCPeerConnection;
  if (!Peer) throw new WebRTCError('unreachable', 'this runtime has no RTCPeerConnection');
  return new Peer({ ...options.peerConfiguration, iceServers: options.iceServers ?? [] });
}

/** Sets the local offer and waits for ICE gathering, so the SDP it returns carries the candidates. */
export async function offerWithCandidates(pc: RTCPeerConnection): Promise<string> {
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  return pc.localDescription?.sdp ?? '';
}

export interface AudioInput {
  sender: RTCRtpSender | null;
  /** A microphone opened here (the caller stops it); a given stream stays the caller's. */
  ownStream: MediaStream | null;
}

/** Adds the user's audio track (or a receive-only audio section) to `pc`. */
export async function addAudioInput(pc: RTCPeerConnection, options: AudioInputOptions, muted: boolean): Promise<AudioInput> {
  const input = options.input ?? null;
  let stream: MediaStream | null = null;
  let ownStream: MediaStream | null = null;
  if (input === 'microphone') {
    const getUserMedia = options.getUserMedia ?? ((constraints: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(constraints));
    try {
      const device = options.microphoneDeviceId ? { deviceId: { exact: options.microphoneDeviceId } } : {};
      stream = await getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, ...device } });
    } catch (error) {
      throw new WebRTCError('no-microphone', `the microphone could not be opened: ${errorMessage(error)}`);
    }
    ownStream = stream;
  } else if (input !== null) {
    stream = input;
  }
  const track = stream?.getAudioTracks()[0];
  if (stream && track) {
    track.enabled = !muted;
    return { sender: pc.addTrack(track, stream), ownStream };
  }
  pc.addTransceiver('audio', { direction: 'recvonly' });
  return { sender: null, ownStream };
}

/** The model's stream from a `track` event (audio only), or null. */
export function remoteAudioStream(event: RTCTrackEvent): MediaStream | null {
  if (event.track.kind !== 'audio') return null;
  return event.streams[0] ?? (typeof MediaStream === 'undefined' ? null : new MediaStream([event.track]));
}

/** Resolves when the channel opens; rejects on ICE failure, an early close or the timeout. */
export function whenChannelOpen(pc: RTCPeerConnection, channel: RTCDataChannel, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new WebRTCError('timeout', `the call did not open within ${timeoutMs} ms (ICE ${pc.iceConnectionState}, channel ${channel.readyState})`)), timeoutMs);
    const fail = (error: WebRTCError) => {
      clearTimeout(timer);
      reject(error);
    };
    // on* handlers, not addEventListener: Node WebRTC stacks (werift) implement only these.
    channel.onopen = () => {
      clearTimeout(timer);
      resolve();
    };
    channel.onclose = () => fail(new WebRTCError('channel-closed', `the ${EVENTS_CHANNEL} channel closed before it opened`));
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === 'failed') fail(iceFailed());
    };
  });
}

export function iceFailed(): WebRTCError {
  return new WebRTCError('ice-failed', 'ICE failed: no network path to the server\'s media (a firewall, or a server address this machine cannot reach)');
}

/** Waits until ICE gathering completes (or `ms` pass), so the offer carries the host candidates. */
export function gathered(pc: RTCPeerConnection, ms: number = GATHERING_WAIT_MS): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      pc.onicegatheringstatechange = null;
      resolve();
    };
  });
}
