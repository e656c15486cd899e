// Plays an AudioContext's output through a WebRTC track, so the browser's echo canceller hears
// it. Chromium's echo cancellation takes as its reference only audio that WebRTC renders (remote
// tracks), not Web Audio played straight to the speakers: a console that plays the model through
// Web Audio and records in VAD mode on laptop speakers hears the model and takes it for the user.
// The known workaround: send the played audio from one RTCPeerConnection to a second one in the
// same page, and play the received track in an <audio> element.
//
// The pair never leaves the machine: no STUN or TURN server is configured (so only host
// candidates are gathered) and only candidates of type `host` are passed between the two.
// WebRTC adds its jitter buffer (tens of ms) after the player's count of samples output; the
// heard offset of an interruption does not subtract it (at most that much more is truncated).
// The first sound of an item is seen leaving it (`playout`), which the player's audible mark adds.
import { errorMessage } from '../shared/error-message';
import { firstPlayout } from './loopback-playout';

/** How the played audio reaches the speakers. */
export interface OutputRoute {
  /** Through the WebRTC loopback: the browser's echo canceller sees it. */
  echoCancelled: boolean;
  /** Why the loopback was not used, when it was asked for and failed. */
  reason?: string;
  /** Undoes the route (the player calls it on disconnect). */
  close(): void;
  /**
   * When the route's element began to play a sound rendered at or after `since` (Date.now ms),
   * or null when it cannot tell (loopback-playout.ts). Absent: the context's output is the speaker.
   */
  playout?(since: number): Promise<number | null>;
}

/** Gives up on the loopback (and plays directly) when the pair is not connected by then. */
export const LOOPBACK_CONNECT_TIMEOUT_MS = 3000;

/** The Web Audio default: straight to the context's destination. */
export function directOutput(context: AudioContext, output: AudioNode): OutputRoute {
  output.connect(context.destination);
  return { echoCancelled: false, close: () => output.disconnect() };
}

const isHostCandidate = (candidate: RTCIceCandidate): boolean => (candidate.type ? candidate.type === 'host' : / typ host( |$)/.test(candidate.candidate));

function connected(peer: RTCPeerConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const state = peer.iceConnectionState;
      if (state === 'connected' || state === 'completed') resolve();
      else if (state === 'failed' || state === 'closed') reject(new Error(`loopback ICE ${state}`));
      else return false;
      clearTimeout(timer);
      peer.removeEventListener('iceconnectionstatechange', check);
      return true;
    };
    const timer = setTimeout(() => {
      peer.removeEventListener('iceconnectionstatechange', check);
      reject(new Error(`loopback not connected after ${timeoutMs} ms`));
    }, timeoutMs);
    if (!check()) peer.addEventListener('iceconnectionstatechange', check);
  });
}

/**
 * Routes `output` through a local RTCPeerConnection pair into `element` (a new Audio element by
 * default). On any failure (no WebRTC, no candidate, autoplay refused) it plays directly and says
 * why in `reason`, so the audio is never lost.
 */
export async function loopbackOutput(
  context: AudioContext,
  output: AudioNode,
  options: { element?: HTMLAudioElement; timeoutMs?: number } = {},
): Promise<OutputRoute> {
  let sender: RTCPeerConnection | null = null;
  let receiver: RTCPeerConnection | null = null;
  const element = options.element ?? new Audio();
  const destination = context.createMediaStreamDestination();
  const close = (): void => {
    output.disconnect();
    sender?.close();
    receiver?.close();
    element.pause();
    element.srcObject = null;
  };
  try {
    const local = new RTCPeerConnection({ iceServers: [] });
    const remote = new RTCPeerConnection({ iceServers: [] });
    sender = local;
    receiver = remote;
    local.onicecandidate = ({ candidate }) => void (candidate && isHostCandidate(candidate) && remote.addIceCandidate(candidate).catch(() => undefined));
    remote.onicecandidate = ({ candidate }) => void (candidate && isHostCandidate(candidate) && local.addIceCandidate(candidate).catch(() => undefined));
    const track = new Promise<RTCTrackEvent>((resolve) => {
      remote.ontrack = resolve;
    });
    output.connect(destination);
    for (const audio of destination.stream.getAudioTracks()) local.addTrack(audio, destination.stream);
    await local.setLocalDescription(await local.createOffer());
    await remote.setRemoteDescription(local.localDescription!);
    await remote.setLocalDescription(await remote.createAnswer());
    await local.setRemoteDescription(remote.localDescription!);
    await connected(remote, options.timeoutMs ?? LOOPBACK_CONNECT_TIMEOUT_MS);
    const { streams, track: received, receiver: incoming } = await track;
    element.srcObject = streams[0] ?? new MediaStream([received]);
    await element.play();
    return { echoCancelled: true, close, playout: (since) => firstPlayout(incoming, since) };
  } catch (error) {
    close();
    const direct = directOutput(context, output);
    return { ...direct, reason: errorMessage(error) };
  }
}
