// A Node WebRTC stack for tests of WebRTCTransport: werift's RTCPeerConnection held to loopback
// (the simulator's own settings: 127.0.0.1 offered and paired only), as the constructor the
// transport takes. werift follows the browser API closely but not its TypeScript types, hence
// the one cast here.
import { RTCPeerConnection as WeriftPeerConnection } from 'werift';
import { loopbackPeerConfig } from '../../../../simulator/webrtc/loopback-peer';

export const NodePeerConnection = WeriftPeerConnection as unknown as new (config?: RTCConfiguration) => RTCPeerConnection;

/** werift's loopback settings, passed through the transport's `peerConfiguration`. */
export function loopbackPeerConfiguration(): Record<string, unknown> {
  return { ...loopbackPeerConfig() };
}
