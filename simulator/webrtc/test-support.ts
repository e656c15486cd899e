// Helpers for the WebRTC tests: a Node peer (werift, held to loopback like the simulator's) that
// dials POST /v1/realtime/calls as a browser or a server would, records the events of its
// `oai-events` data channel, sends Opus audio on its microphone track and decodes the model's.
import { MediaStreamTrack, RtpHeader, RtpPacket, type RTCDataChannel, type RTCPeerConnection } from 'werift';
import { createLoopbackPeer, gathered, OPUS_RTP_CLOCK_RATE } from './loopback-peer';
import { FRAME_MS, FRAME_SAMPLES, OpusDecoder24k, OpusEncoder24k } from './opus';
import { EVENTS_CHANNEL_LABEL } from './peer-call';

export interface RecordedEvent {
  type: string;
  [key: string]: unknown;
}

export const DEFAULT_WAIT_MS = 5000;

/** An SDP offer that passes the request's checks but cannot be answered (no ICE): for refusal tests. */
export const LIVE_TEST_OFFER = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=fingerprint:sha-256 AB:CD', ''].join('\r\n');

export interface DialOptions {
  /** `Authorization: Bearer` value. */
  key: string;
  /** multipart/form-data with this session (the server's way); else an application/sdp body. */
  session?: unknown;
  query?: Record<string, string | number>;
  /** The data channel message size this peer advertises (default: the simulator's). */
  maxMessageSize?: number;
}

/** The client side of a call. */
export class TestPeer {
  readonly events: RecordedEvent[] = [];
  /** Decoded model audio, 24 kHz, in arrival order. */
  readonly remoteAudio: Int16Array[] = [];
  readonly mic = new MediaStreamTrack({ kind: 'audio' });
  callId = '';
  private waiters: Array<() => void> = [];
  private readonly writer = new OpusTrackWriter(this.mic);
  private readonly decoder = new OpusDecoder24k();

  private constructor(readonly peer: RTCPeerConnection, readonly channel: RTCDataChannel) {
    channel.onMessage.subscribe((data) => {
      this.events.push(JSON.parse(String(data)) as RecordedEvent);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Offers, posts to `baseUrl`/v1/realtime/calls, applies the answer, waits for the channel to open. */
  static dial(baseUrl: string, options: DialOptions): Promise<TestPeer> {
    return TestPeer.open(options.maxMessageSize, async (sdp) => {
      const answer = await postOffer(baseUrl, sdp, options);
      if (answer.status !== 201) throw new Error(`calls answered ${answer.status}: ${answer.body}`);
      return { sdp: answer.body, id: answer.location.split('/').pop() ?? '' };
    });
  }

  /** The same through GPT-Live's `POST /v1/live/sessions` (JSON in and out); `callId` is the session id. */
  static dialLive(baseUrl: string, key: string, session: Record<string, unknown>): Promise<TestPeer> {
    return TestPeer.dialLiveAt(baseUrl, key, '/v1/live/sessions', (sdp) => ({ session, transport: { type: 'webrtc', sdp } }));
  }

  /** A WebRTC fork of a stored Live session: `POST /v1/live/sessions/{id}/fork` with `overrides`. */
  static dialLiveFork(baseUrl: string, key: string, storedId: string, overrides?: Record<string, unknown>): Promise<TestPeer> {
    return TestPeer.dialLiveAt(baseUrl, key, `/v1/live/sessions/${storedId}/fork`, (sdp) => ({ ...(overrides ? { session: overrides } : {}), transport: { type: 'webrtc', sdp } }));
  }

  private static dialLiveAt(baseUrl: string, key: string, path: string, request: (sdp: string) => unknown): Promise<TestPeer> {
    return TestPeer.open(undefined, async (sdp) => {
      const answer = await postLiveOffer(baseUrl, key, request(sdp), 'application/json', path);
      const body = answer.body as { session?: { id?: string }; transport?: { sdp?: string } };
      if (answer.status !== 200 || !body.transport?.sdp) throw new Error(`live sessions answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return { sdp: body.transport.sdp, id: body.session?.id ?? '' };
    });
  }

  private static async open(maxMessageSize: number | undefined, post: (sdp: string) => Promise<{ sdp: string; id: string }>): Promise<TestPeer> {
    const peer = createLoopbackPeer(maxMessageSize === undefined ? {} : { maxMessageSize });
    const channel = peer.createDataChannel(EVENTS_CHANNEL_LABEL);
    const client = new TestPeer(peer, channel);
    const transceiver = peer.addTransceiver(client.mic, { direction: 'sendrecv' });
    transceiver.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe((rtp) => client.remoteAudio.push(client.decoder.decode(rtp.payload))),
    );
    await peer.setLocalDescription(await peer.createOffer());
    await gathered(peer);
    let answer: { sdp: string; id: string };
    try {
      answer = await post(peer.localDescription?.sdp ?? '');
    } catch (error) {
      await peer.close();
      throw error;
    }
    client.callId = answer.id;
    try {
      await peer.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      if (channel.readyState !== 'open') await channel.stateChanged.watch((state) => state === 'open', 10_000);
    } catch (error) {
      await peer.close();
      throw new Error(`the call did not open its data channel: ${(error as Error).message}`);
    }
    return client;
  }

  /** The next event of `type` (after those already taken by earlier waits of the same type). */
  async next(type: string, where: (event: RecordedEvent) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((event) => event.type === type && where(event));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} within ${timeoutMs} ms; got ${this.events.map((e) => e.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  all(type: string): RecordedEvent[] {
    return this.events.filter((event) => event.type === type);
  }

  send(event: unknown): void {
    this.channel.send(JSON.stringify(event));
  }

  /** Sends 24 kHz PCM as 20 ms Opus packets, paced at `speed` × real time. */
  async speak(samples: Int16Array, speed = 1): Promise<void> {
    for (let at = 0; at < samples.length; at += FRAME_SAMPLES) {
      const frame = new Int16Array(FRAME_SAMPLES);
      frame.set(samples.subarray(at, Math.min(samples.length, at + FRAME_SAMPLES)));
      this.writer.write(frame, at === 0);
      await new Promise((resolve) => setTimeout(resolve, FRAME_MS / speed));
    }
  }

  /** Sends `payload` as one microphone RTP packet, whatever it holds. */
  sendRawPacket(payload: Buffer): void {
    this.writer.writeRaw(payload);
  }

  async close(): Promise<void> {
    this.channel.close();
    await this.peer.close();
  }
}

/** Writes 20 ms frames to a werift track as Opus RTP packets (sequence and timestamp kept). */
export class OpusTrackWriter {
  private readonly encoder = new OpusEncoder24k();
  private sequence = 0;
  private timestamp = 0;

  constructor(private readonly track: MediaStreamTrack) {}

  write(frame: Int16Array, marker = false): void {
    this.writeRaw(this.encoder.encode(frame), marker);
  }

  writeRaw(payload: Buffer, marker = false): void {
    const header = new RtpHeader({ payloadType: 111, sequenceNumber: this.sequence, timestamp: this.timestamp >>> 0, ssrc: 0, marker });
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp += (OPUS_RTP_CLOCK_RATE * FRAME_MS) / 1000;
    this.track.writeRtp(new RtpPacket(header, payload));
  }
}

export async function postOffer(baseUrl: string, sdp: string, options: DialOptions): Promise<{ status: number; body: string; location: string; contentType: string }> {
  const url = new URL('/v1/realtime/calls', baseUrl);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
  let body: string | FormData = sdp;
  const headers: Record<string, string> = { authorization: `Bearer ${options.key}` };
  if (options.session !== undefined) {
    body = new FormData();
    body.set('sdp', sdp);
    body.set('session', JSON.stringify(options.session));
  } else headers['content-type'] = 'application/sdp';
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text(), location: response.headers.get('location') ?? '', contentType: response.headers.get('content-type') ?? '' };
}

/** Posts a JSON body to `baseUrl`/v1/live/sessions; the answer's status and parsed body. */
export async function postLiveOffer(baseUrl: string, key: string | null, body: unknown, contentType = 'application/json', path = '/v1/live/sessions'): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await fetch(new URL(path, baseUrl), { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body: parsed };
}

/** Root mean square of PCM16 samples, in dBFS (-Infinity for silence). */
export function rmsDbfs(chunks: readonly Int16Array[]): number {
  let sum = 0;
  let count = 0;
  for (const chunk of chunks) for (const sample of chunk) {
    sum += sample * sample;
    count++;
  }
  return count ? 20 * Math.log10(Math.sqrt(sum / count) / 32768) : -Infinity;
}
