// Helpers for the simulator's tests: a `ws` client that records every server event, and
// generated audio (tone bursts, silence) with known boundaries.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './server';
import { validateServerEvent } from '../src/lib/protocol/validate';
import { officialProtocol } from '../testing/official-protocol';

export interface ReceivedEvent {
  type: string;
  event_id?: string;
  [field: string]: unknown;
}

export interface ConnectOptions {
  key?: string | null;
  /** Send the key as the `openai-insecure-api-key.` subprotocol instead of the header. */
  keyInSubprotocol?: boolean;
  protocols?: string[];
  headers?: Record<string, string>;
  query?: Record<string, string | number>;
}

export const DEFAULT_WAIT_MS = 5000;

/** Every event any TestClient in this process received. */
export const received: ReceivedEvent[] = [];

export class TestClient {
  readonly events: ReceivedEvent[] = [];
  readonly raw: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private listeners = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = String(data);
      this.raw.push(text);
      try {
        const event = JSON.parse(text) as ReceivedEvent;
        this.events.push(event);
        received.push(event);
      } catch {
        // Malformed frames are kept in `raw` only.
      }
      for (const listener of Array.from(this.listeners)) listener();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static async connect(url: string, options: ConnectOptions = {}): Promise<TestClient> {
    const target = new URL(url);
    target.searchParams.set('model', 'gpt-realtime');
    for (const [k, v] of Object.entries(options.query ?? {})) target.searchParams.set(k, String(v));
    const key = options.key === undefined ? 'sk-sim-test' : options.key;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const protocols = [...(options.protocols ?? [])];
    if (key !== null) {
      if (options.keyInSubprotocol) protocols.push(`openai-insecure-api-key.${key}`);
      else headers.Authorization = `Bearer ${key}`;
    }
    const socket = new WebSocket(target.toString(), protocols, { headers });
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  send(event: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(event));
  }

  /** The next event of `type` (after the previous `next`) matching `where`. */
  async next(type: string, where: (e: ReceivedEvent) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<ReceivedEvent> {
    const found = await this.waitUntil(() => {
      for (let i = this.cursor; i < this.events.length; i++) {
        const e = this.events[i];
        if (e.type === type && where(e)) {
          this.cursor = i + 1;
          return e;
        }
      }
      return null;
    }, timeoutMs, `${type}`);
    return found;
  }

  /** Resolves with `probe()` once it returns non-null; rejects after `timeoutMs`. */
  waitUntil<T>(probe: () => T | null, timeoutMs = DEFAULT_WAIT_MS, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value !== null) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got: ${this.events.map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Events of `type` received so far. */
  all(type: string): ReceivedEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  close(): void {
    this.socket.close();
  }
}

/** Connects, waits for `session.created`, and returns both. */
export async function openSession(url: string, options: ConnectOptions = {}): Promise<{ client: TestClient; session: ReceivedEvent }> {
  const client = await TestClient.connect(url, options);
  const created = await client.next('session.created');
  return { client, session: created };
}

/** Validation failures of `events` against the project schema (strict) and the official one. */
export function invalidEvents(events: readonly ReceivedEvent[]): string[] {
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
export function appendAudio(client: TestClient, samples: Int16Array, chunkMs = 40): void {
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
