// Helpers for the simulator's tests: connecting the shared recording client
// (testing/recording-client.ts) as an SDK does, and generated audio (tone bursts, silence) with
// known boundaries.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './server';
import { validateServerEvent } from '../src/lib/protocol/validate';
import { officialProtocol } from '../testing/official-protocol';
import { RecordingClient, type RecordedEvent } from '../testing/recording-client';
import { API_KEY_SUBPROTOCOL_PREFIX } from '../src/lib/protocol/subprotocols';

export interface ConnectOptions {
  key?: string | null;
  /** Send the key as the `openai-insecure-api-key.` subprotocol instead of the header. */
  keyInSubprotocol?: boolean;
  protocols?: string[];
  headers?: Record<string, string>;
  query?: Record<string, string | number>;
}

/** Every event any client in this process received. */
export const received: RecordedEvent[] = [];

/** Connects as an SDK does (the key as a Bearer header by default), recording into `received` too. */
export function connectClient(url: string, options: ConnectOptions = {}): Promise<RecordingClient> {
  const target = new URL(url);
  target.searchParams.set('model', 'gpt-realtime');
  for (const [k, v] of Object.entries(options.query ?? {})) target.searchParams.set(k, String(v));
  const key = options.key === undefined ? 'sk-sim-test' : options.key;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const protocols = [...(options.protocols ?? [])];
  if (key !== null) {
    if (options.keyInSubprotocol) protocols.push(`${API_KEY_SUBPROTOCOL_PREFIX}${key}`);
    else headers.Authorization = `Bearer ${key}`;
  }
  return RecordingClient.open(target.toString(), { protocols, headers, onEvent: (event) => received.push(event) });
}

/** Connects, waits for `session.created`, and returns both. */
export async function openSession(url: string, options: ConnectOptions = {}): Promise<{ client: RecordingClient; session: RecordedEvent }> {
  const client = await connectClient(url, options);
  const created = await client.next('session.created');
  return { client, session: created };
}

/** Validation failures of `events` against the project schema (strict) and the official one. */
export function invalidEvents(events: readonly RecordedEvent[]): string[] {
  const official = officialProtocol();
  const failures: string[] = [];
  for (const event of events) {
    const ours = validateServerEvent(event, { strict: true });
    if (!ours.valid) failures.push(`${event.type} (project): ${ours.errors.join('; ')}`);
    const theirs = official?.validate('server', event);
    if (theirs && !theirs.valid) failures.push(`${event.type} (official): ${theirs.errors.join('; ')}`);
  }
  return failures;
}

// ---- generated audio (PCM16, 24 kHz) ----

export const RATE = 24000;

export function tone(ms: number, amplitude = 0.3, frequency = 220): Int16Array {
  const n = Math.round((ms * RATE) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * i) / RATE));
  return out;
}

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((ms * RATE) / 1000));
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toBase64(samples: Int16Array): string {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');
}

export function fromBase64(text: string): Int16Array {
  const bytes = Buffer.from(text, 'base64');
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Sends audio as `input_audio_buffer.append` events of `chunkMs` each (as a microphone would). */
export function appendAudio(client: RecordingClient, samples: Int16Array, chunkMs = 40): void {
  const chunk = (chunkMs * RATE) / 1000;
  for (let at = 0; at < samples.length; at += chunk) {
    client.send({ type: 'input_audio_buffer.append', audio: toBase64(samples.subarray(at, at + chunk)) });
  }
}

export const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Gets the weather at a place.',
  parameters: {
    type: 'object',
    properties: { lat: { type: 'number' }, lng: { type: 'number' }, location: { type: 'string' } },
    required: ['lat', 'lng', 'location'],
  },
};

export const memoryTool = {
  type: 'function',
  name: 'set_memory',
  description: 'Saves a fact about the user.',
  parameters: { type: 'object', properties: { key: { type: 'string' }, value: { type: 'string' } }, required: ['key', 'value'] },
};

/**
 * One simulator for the enclosing `describe` block: started before its tests, closed after
 * them, and then every event any test client received must have been valid.
 */
export function suiteSimulator(options: SimulatorOptions): { readonly url: string } {
  let sim: RunningSimulator | undefined;
  before(async () => {
    sim = await startSimulator(options);
  });
  after(async () => {
    await sim?.close();
    assert.deepEqual(invalidEvents(received), []);
  });
  return {
    get url(): string {
      if (!sim) throw new Error('suiteSimulator: the simulator is not started yet (use it inside a test)');
      return sim.url;
    },
  };
}
