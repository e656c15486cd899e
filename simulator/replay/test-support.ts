// Client scripts for replay tests and the replay bench: the reference client (src/lib/realtime)
// drives a typed turn, a push-to-talk turn, a tool call or a VAD turn against a simulator URL,
// and its event log ({time, source, event}, what the console exports) is the recording.
import { writeFileSync } from 'node:fs';
import { RealtimeClient, type RealtimeClientBaseOptions } from '../../src/lib/realtime/client';
import type { CloseInfo, TransportEvent } from '../../src/lib/realtime/transport-types';
import { toneBurst } from '../../src/lib/audio-codec/test-signals';
import { buildSessionZip, SESSION_FILE_FORMAT, SESSION_FILE_VERSION, type SessionManifest } from '../../src/lib/inspector/session-file';

export const SCRIPT_WAIT_MS = 15_000;

export interface ScriptRun {
  log: TransportEvent[];
  /** The close, when the server closed first (a replay that diverged). */
  close: CloseInfo | null;
  /** Error events the client received. */
  errors: Array<{ code?: string | null; message?: string; param?: string | null }>;
  /** The last assistant answer's text or transcript. */
  answer: string;
}

export interface ClientScript {
  name: string;
  options: RealtimeClientBaseOptions;
  /** Sends the turns; resolves when `done` responses have finished. */
  drive(client: RealtimeClient): void;
  responses: number;
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

export const typedScript = (text = 'Hello, who are you?'): ClientScript => ({
  name: 'typed',
  options: {},
  responses: 1,
  drive: (client) => client.sendUserMessageContent([{ type: 'input_text', text }]),
});

export const pushToTalkScript = (toneMs = 1000): ClientScript => ({
  name: 'push-to-talk',
  options: { session: { audio: { input: { turn_detection: null } } } },
  responses: 1,
  drive: (client) => {
    appendInChunks(client, toneBurst(100, toneMs, 100));
    client.createResponse();
  },
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

/** `silent`: the same length of audio, all silence (a microphone that broke). */
export const vadScript = (silent = false): ClientScript => ({
  name: silent ? 'VAD, silent microphone' : 'VAD',
  options: { session: { audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 300 } } } } },
  responses: 1,
  drive: (client) => appendInChunks(client, silent ? new Int16Array(toneBurst(300, 800, 900).length) : toneBurst(300, 800, 900)),
});

/** Runs a script against `url`; resolves when its responses are done, or the server closed. */
export async function runScript(url: string, script: ClientScript): Promise<ScriptRun> {
  const client = new RealtimeClient({ url, apiKey: 'sk-sim', ...script.options });
  const run: ScriptRun = { log: [], close: null, errors: [], answer: '' };
  client.on('realtime.event', (e) => run.log.push(e));
  client.on('error', (e) => run.errors.push(e as ScriptRun['errors'][number]));
  let done = 0;
  const finished = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script.name}: timed out after ${done}/${script.responses} responses`)), SCRIPT_WAIT_MS);
    const end = (): void => {
      clearTimeout(timer);
      resolve();
    };
    client.on('close', (info) => {
      run.close = info;
      end();
    });
    client.on('realtime.event', ({ source, event }) => {
      if (source === 'server' && event.type === 'response.done' && ++done === script.responses) end();
    });
  });
  const created = client.transport.waitForNext('server.session.created', SCRIPT_WAIT_MS);
  await client.connect();
  await created;
  script.drive(client);
  try {
    await finished;
  } finally {
    const last = client.conversation.getItems().filter((i) => i.role === 'assistant').pop();
    run.answer = last ? last.formatted.text || last.formatted.transcript : '';
    client.disconnect();
  }
  return run;
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
