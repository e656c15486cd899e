// Helpers for the Live simulator tests: a recording client on `/v1/live/sessions`, user speech
// and silence as PCM16 at 24 kHz, and strict validation of everything the simulator sent.
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../server';
import { RecordingClient } from '../../testing/recording-client';
import { synthesizeSpeech } from '../speech-synth';
import { validateLiveServerEvent } from '../../src/lib/protocol/live-validate';
import type { ServerEvent as LiveServerEvent, SessionConfig } from 'openai/resources/live/live';
import { LIVE_PATH } from './live-endpoint';

export interface LiveSimulator {
  simulator: RunningSimulator;
  url: string;
  /** Every Live event the simulator sent, across sessions. */
  sent: LiveServerEvent[];
}

export async function startLiveSimulator(options: SimulatorOptions = {}): Promise<LiveSimulator> {
  const sent: LiveServerEvent[] = [];
  const simulator = await startSimulator({ ...options, onLiveServerEvent: (event) => sent.push(event) });
  return { simulator, url: `ws://127.0.0.1:${simulator.port}${LIVE_PATH}`, sent };
}

export function connectLive(url: string, key: string | null = 'sk-sim-test'): Promise<RecordingClient> {
  return RecordingClient.open(url, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } });
}

/** Connects and starts a session; resolves after `session.started`. */
export async function startLiveSession(url: string, session: Partial<SessionConfig> = {}, key = 'sk-sim-test'): Promise<RecordingClient> {
  const client = await connectLive(url, key);
  client.send({ type: 'session.start', session: { model: 'gpt-live-1', ...session } });
  await client.next('session.started');
  return client;
}

export const silence = (ms: number): Int16Array => new Int16Array(ms * 24);
export const speech = (text: string): Int16Array => synthesizeSpeech(text, { pitchHz: 180 }).samples;

/** Sends audio in 100 ms appends (as a paced client would, but without waiting). */
export function sendAudio(client: RecordingClient, samples: Int16Array, chunkMs = 100): void {
  const step = chunkMs * 24;
  for (let at = 0; at < samples.length; at += step) {
    const chunk = samples.subarray(at, Math.min(samples.length, at + step));
    client.send({ type: 'session.input_audio.append', audio: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64') });
  }
}

/** Strict schema failures among `events`. */
export function invalidLiveEvents(events: readonly LiveServerEvent[]): string[] {
  return events.flatMap((event) => {
    const check = validateLiveServerEvent(event, { strict: true });
    return check.valid ? [] : [`${event.type}: ${check.errors.join('; ')}`];
  });
}

/**
 * A deterministic mutation of a seed event for fuzzing: at the n-th node of its tree, one field
 * (every third time a new one, named from `addKeys`) replaced by `odd[n]`.
 */
export function mutateEvent(seed: unknown, n: number, odd: readonly unknown[], addKeys: readonly string[]): unknown {
  const copy = JSON.parse(JSON.stringify(seed)) as Record<string, unknown>;
  const nodes: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (node && typeof node === 'object') {
      nodes.push(node as Record<string, unknown>);
      for (const value of Object.values(node)) walk(value);
    }
  };
  walk(copy);
  const target = nodes[n % nodes.length];
  const keys = Object.keys(target);
  const key = n % 3 === 0 || !keys.length ? addKeys[n % addKeys.length] : keys[n % keys.length];
  target[key] = odd[n % odd.length];
  return copy;
}
