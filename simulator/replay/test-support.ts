// Client scripts for replay tests and the replay bench: the reference client (src/lib/realtime)
// drives a typed turn, a push-to-talk turn, a tool call or a VAD turn against a simulator URL,
// over a WebSocket or over WebRTC (a werift peer, its microphone a NodeMicrophone track), and its
// event log ({time, source, event}, what the console exports) is the recording.
import { writeFileSync } from 'node:fs';
import { RealtimeClient, type RealtimeClientBaseOptions } from '../../src/lib/realtime/client';
import type { CloseInfo, TransportEvent } from '../../src/lib/realtime/transport-types';
import { toneBurst } from '../../src/lib/audio-codec/test-signals';
import { buildSessionZip, SESSION_FILE_FORMAT, SESSION_FILE_VERSION, type SessionManifest } from '../../src/lib/inspector/session-file';
import { WebRTCTransport } from '../../src/lib/realtime/webrtc/webrtc-transport';
import { loopbackPeerConfiguration, NodeMicrophone } from '../../src/lib/realtime/test-support/webrtc-peer';
import { RTCPeerConnection as WeriftPeerConnection } from 'werift';
import { OpusDecoder24k } from '../webrtc/opus';
import type { AudioFormat } from '../../src/lib/audio-codec/audio-format';

export const SCRIPT_WAIT_MS = 15_000;

export interface ScriptRun {
  log: TransportEvent[];
  /** The close, when the server closed first (a replay that diverged). */
  close: CloseInfo | null;
  /** Error events the client received. */
  errors: Array<{ code?: string | null; message?: string; param?: string | null }>;
  /** The last assistant answer's text or transcript. */
  answer: string;
  /** WebRTC: the model's audio heard on the remote track, decoded (24 kHz). */
  remoteAudio: Int16Array[];
}

/** Run over WebRTC: the microphone sends 20 ms frames `micSpeed` × faster than real time. */
export interface RtcWire {
  micSpeed: number;
}

export interface ClientScript {
  name: string;
  options: RealtimeClientBaseOptions;
  /** Input audio, sent first: appended (WebSocket) or spoken into the microphone track (WebRTC). */
  audio?: Int16Array;
  /** Sends the turns (after the audio). */
  drive?(client: RealtimeClient): void;
  /** The responses that end the script. */
  responses: number;
  /** The server event counted to end it (default `response.done`; over WebRTC `output_audio_buffer.stopped`, once the answer has played). */
  endsWith?: string;
}

function appendInChunks(client: RealtimeClient, audio: Int16Array, chunk = 2400): void {
  for (let i = 0; i < audio.length; i += chunk) client.appendInputAudio(audio.subarray(i, i + chunk));
}

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather at a place',
  parameters: { type: 'object', properties: { lat: { type: 'number' }, lng: { type: 'number' }, location: { type: 'string' } }, required: ['lat', 'lng'] },
};

/** `vad`: with server VAD on (a WebRTC client commits its track's buffer before a response without it). */
export const typedScript = (text = 'Hello, who are you?', vad = false): ClientScript => ({
  name: vad ? 'typed, VAD session' : 'typed',
  options: vad ? { session: { audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 300 } } } } } : {},
  responses: 1,
  drive: (client) => client.sendUserMessageContent([{ type: 'input_text', text }]),
});

export const pushToTalkScript = (toneMs = 1000): ClientScript => ({
  name: 'push-to-talk',
  options: { session: { audio: { input: { turn_detection: null } } } },
  responses: 1,
  audio: toneBurst(100, toneMs, 100),
  drive: (client) => client.createResponse(),
});

export const toolScript = (): ClientScript => ({
  name: 'tool call',
  options: {},
  responses: 2,
  drive: (client) => {
    client.addTool(weatherTool, () => ({ temperature: 17.5, wind_speed: 12 }));
    client.sendUserMessageContent([{ type: 'input_text', text: 'What is the weather in Paris?' }]);
  },
});

/**
 * `silent`: the same length of audio, all silence (a microphone that broke); `keepMs`: only the
 * first ms of it (a client that stops short); `format`: the input format (G.711).
 */
export const vadScript = (variant: { silent?: boolean; keepMs?: number; format?: AudioFormat } = {}): ClientScript => {
  const speech = toneBurst(300, 800, 900);
  const audio = variant.silent ? new Int16Array(speech.length) : speech;
  return {
    name: `VAD${variant.silent ? ', silent microphone' : ''}${variant.keepMs ? `, ${variant.keepMs} ms` : ''}${variant.format ? `, ${variant.format.type}` : ''}`,
    options: { session: { audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 300 }, ...(variant.format ? { format: variant.format } : {}) } } } },
    responses: 1,
    audio: variant.keepMs ? audio.subarray(0, variant.keepMs * 24) : audio,
  };
};

/**
 * Runs a script against `url` (the simulator's WebSocket URL; over WebRTC its calls endpoint is
 * derived from it, query kept, as the client does); resolves when its responses are done, or
 * the server closed.
 */
export async function runScript(url: string, script: ClientScript, rtc?: RtcWire): Promise<ScriptRun> {
  const run: ScriptRun = { log: [], close: null, errors: [], answer: '', remoteAudio: [] };
  const mic = rtc ? new NodeMicrophone(rtc.micSpeed) : null;
  const client = mic
    ? new RealtimeClient({
        ...script.options,
        transport: new WebRTCTransport({ signalling: { via: 'ephemeral-key', key: 'ek_replay_test', realtimeUrl: url }, input: mic.stream, RTCPeerConnection: tappedPeer(run.remoteAudio), peerConfiguration: loopbackPeerConfiguration() }),
      })
    : new RealtimeClient({ url, apiKey: 'sk-sim', ...script.options });
  client.on('realtime.event', (e) => run.log.push(e));
  client.on('error', (e) => run.errors.push(e as ScriptRun['errors'][number]));
  let done = 0;
  /** The client's own hang-up (WebRTC reports it as a close too) is not the server's. */
  let leaving = false;
  const finished = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script.name}: timed out after ${done}/${script.responses} responses`)), SCRIPT_WAIT_MS);
    const end = (): void => {
      clearTimeout(timer);
      resolve();
    };
    client.on('close', (info) => {
      if (!leaving) run.close = info;
      end();
    });
    client.on('realtime.event', ({ source, event }) => {
      if (source === 'server' && event.type === (script.endsWith ?? 'response.done') && ++done === script.responses) end();
    });
  });
  finished.catch(() => undefined); // awaited below; a failed connect must not leave it unhandled
  // Over WebRTC in Node the call's first event can arrive before the transport listens (werift
  // opens the channel and delivers in one tick), so an open channel is enough there.
  const created = mic ? null : client.transport.waitForNext('server.session.created', SCRIPT_WAIT_MS);
  try {
    mic?.start();
    await client.connect();
    await created;
    if (script.audio && mic) await mic.say(script.audio);
    else if (script.audio) appendInChunks(client, script.audio);
    script.drive?.(client);
    await finished;
  } finally {
    const last = client.conversation.getItems().filter((i) => i.role === 'assistant').pop();
    run.answer = last ? last.formatted.text || last.formatted.transcript : '';
    leaving = true;
    client.disconnect();
    mic?.stop();
  }
  return run;
}

/**
 * werift's peer connection that decodes every remote track's Opus packets into `into` (in Node
 * the transport's remote stream has no audio to read; the packets are what the track carried).
 */
function tappedPeer(into: Int16Array[]): new (config?: RTCConfiguration) => RTCPeerConnection {
  class TappedPeer extends WeriftPeerConnection {
    constructor(config?: ConstructorParameters<typeof WeriftPeerConnection>[0]) {
      super(config);
      this.onTrack.subscribe((track) => {
        const decoder = new OpusDecoder24k();
        track.onReceiveRtp.subscribe((rtp) => into.push(decoder.decode(rtp.payload)));
      });
    }
  }
  return TappedPeer as unknown as new (config?: RTCConfiguration) => RTCPeerConnection;
}

/** The log as the console's event log exports it: one `{time, source, event}` a line. */
export function toJsonl(log: readonly TransportEvent[]): string {
  return log.map((e) => `${JSON.stringify({ time: new Date(e.time).toISOString(), source: e.source, event: e.event })}\n`).join('');
}

/** Writes the log as the console's session export (a zip) or its JSONL. */
export function writeRecording(path: string, log: readonly TransportEvent[]): void {
  const jsonl = toJsonl(log);
  if (!path.endsWith('.zip')) {
    writeFileSync(path, jsonl);
    return;
  }
  const manifest: SessionManifest = { format: SESSION_FILE_FORMAT, version: SESSION_FILE_VERSION, exportedAt: new Date().toISOString(), session: null, tools: [], audio: null };
  writeFileSync(path, buildSessionZip({ jsonl, manifest, wav: null }));
}

/** The server events as the client saw them, without what differs by design between runs. */
export function comparableServerEvents(log: readonly TransportEvent[]): string[] {
  return log
    .filter((e) => e.source === 'server')
    .map((e) => {
      const { event_id: _eventId, ...rest } = e.event as Record<string, unknown>;
      const session = rest.session as Record<string, unknown> | undefined;
      if (session && typeof session === 'object') rest.session = { ...session, id: '(session)', expires_at: 0 };
      return JSON.stringify(rest);
    });
}

/** Recorded server events that the replay delivered equal and in place (longest common prefix). */
export function fidelity(recorded: readonly string[], replayed: readonly string[]): { same: number; total: number } {
  let same = 0;
  while (same < recorded.length && same < replayed.length && recorded[same] === replayed[same]) same++;
  return { same, total: recorded.length };
}
