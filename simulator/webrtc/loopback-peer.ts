// A werift peer connection held to loopback: it gathers as werift does, but only 127.0.0.1 is
// offered and only 127.0.0.1 pairs are tried, so no packet of a call leaves this machine. Opus
// is the one audio codec (what the Realtime API and browsers use on WebRTC).
import { RTCPeerConnection, RTCRtpCodecParameters, type RTCPeerConnectionConfig } from 'werift';

export const LOOPBACK_HOST = '127.0.0.1';
/** Opus on RTP: always a 48 kHz clock and two channels in SDP (RFC 7587). */
export const OPUS_RTP_CLOCK_RATE = 48_000;
/**
 * Largest data channel message this side takes, advertised in SDP (`a=max-message-size`): room
 * for a `conversation.item.create` with a minute of audio. What it sends is bounded by the
 * peer's own figure (Chromium: 256 KiB).
 */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Longest wait for candidate gathering (loopback gathers in milliseconds). */
export const GATHER_TIMEOUT_MS = 5000;

export function loopbackPeerConfig(): Partial<RTCPeerConnectionConfig> {
  return {
    codecs: {
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: OPUS_RTP_CLOCK_RATE, channels: 2 })],
      video: [],
    },
    // One transport for audio and events: without it werift's answerer opens one per m-line and
    // leaves the unbundled one's sockets open after close.
    bundlePolicy: 'max-bundle',
    maxMessageSize: MAX_MESSAGE_BYTES,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: [LOOPBACK_HOST],
    iceInterfaceAddresses: { udp4: LOOPBACK_HOST },
    iceFilterCandidatePair: (pair) => pair.localCandidate.host === LOOPBACK_HOST && pair.remoteCandidate.host === LOOPBACK_HOST,
  };
}

export function createLoopbackPeer(overrides: Partial<RTCPeerConnectionConfig> = {}): RTCPeerConnection {
  return new RTCPeerConnection({ ...loopbackPeerConfig(), ...overrides });
}

/** Waits until the peer has gathered its candidates (or the timeout passed). */
export function gathered(peer: RTCPeerConnection, timeoutMs = GATHER_TIMEOUT_MS): Promise<void> {
  if (peer.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(finish, timeoutMs);
    const { unSubscribe } = peer.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') finish();
    });
    function finish(): void {
      clearTimeout(timer);
      unSubscribe();
      resolve();
    }
  });
}

/** The SDP with every candidate that is not on 127.0.0.1 removed. */
export function loopbackOnly(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('a=candidate:') || candidateHost(line) === LOOPBACK_HOST)
    .join('\r\n');
}

/** `a=candidate:foundation component transport priority HOST port typ …` → HOST. */
export function candidateHost(line: string): string | undefined {
  return line.slice('a=candidate:'.length).split(' ')[4];
}
