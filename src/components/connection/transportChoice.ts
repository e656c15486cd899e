// Which wire the console connects over, remembered in this browser, and what WebRTC needs from
// the way in: through a relay, its `/session` (no key reaches the page) or `/token`; directly,
// an ephemeral `ek_` key (a standard key is never sent over WebRTC from a page).
import type { WebRTCSignalling } from '../../lib/realtime/webrtc/signalling';
import { WebRTCTransport } from '../../lib/realtime/webrtc/webrtc-transport';

export type TransportKind = 'websocket' | 'webrtc';

export const TRANSPORT_STORAGE_KEY = 'realtime-console.transport';
export const TRANSPORT_LABELS: Record<TransportKind, string> = { websocket: 'WebSocket', webrtc: 'WebRTC' };

export function loadTransportChoice(storage: Pick<Storage, 'getItem'> | undefined): TransportKind {
  try {
    return storage?.getItem(TRANSPORT_STORAGE_KEY) === 'webrtc' ? 'webrtc' : 'websocket';
  } catch {
    return 'websocket'; // storage refused (private mode): the default
  }
}

export function saveTransportChoice(storage: Pick<Storage, 'setItem'> | undefined, kind: TransportKind): void {
  try {
    storage?.setItem(TRANSPORT_STORAGE_KEY, kind);
  } catch {
    // not remembered; the choice still applies now
  }
}

export interface WebRTCWayIn {
  /** The relay's URL (relay mode), as the console knows it. */
  relayUrl?: string | null;
  /** Which relay route: `session` (default: the relay starts the call) or `token` (the page gets an ek_ key). */
  relayRoute?: 'session' | 'token';
  /** The key in direct mode. */
  apiKey?: string | null;
  /** The API (or simulator) for direct mode and for `/token`'s call. */
  realtimeUrl: string;
}

/** How a WebRTC call is signalled from this way in, or why it cannot be. */
export function webrtcSignallingFor(way: WebRTCWayIn): { ok: true; signalling: WebRTCSignalling } | { ok: false; reason: string } {
  if (way.relayUrl) {
    return way.relayRoute === 'token'
      ? { ok: true, signalling: { via: 'relay-token', relayUrl: way.relayUrl, realtimeUrl: way.realtimeUrl } }
      : { ok: true, signalling: { via: 'relay-session', relayUrl: way.relayUrl } };
  }
  if (way.apiKey?.startsWith('ek_')) return { ok: true, signalling: { via: 'ephemeral-key', key: way.apiKey, realtimeUrl: way.realtimeUrl } };
  return { ok: false, reason: 'WebRTC without a relay needs an ephemeral key (ek_…), minted by your server; a standard key is never sent from this page over WebRTC. Use a relay, paste an ek_ key, or choose WebSocket.' };
}

export interface WebRTCTarget extends WebRTCWayIn {
  model: string;
  /** The microphone chosen in the console (null: the default). */
  microphoneDeviceId?: string | null;
}

/** The WebRTC transport for a Connect, or why there is none (shown as the close reason, nothing sent). */
export function webrtcTransportFor(target: WebRTCTarget): { ok: true; transport: WebRTCTransport } | { ok: false; reason: string } {
  const way = webrtcSignallingFor(target);
  if (!way.ok) return way;
  return {
    ok: true,
    transport: new WebRTCTransport({
      signalling: way.signalling,
      model: target.model,
      input: 'microphone',
      microphoneDeviceId: target.microphoneDeviceId ?? undefined,
    }),
  };
}
