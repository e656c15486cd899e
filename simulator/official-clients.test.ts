// OpenAI's own clients against the simulator, directly and through the relay, so every field a
// real client depends on is held by a test and not by our reading of the spec (issue 12, item
// 15): the Agents SDK (@openai/agents-realtime, WebSocket transport) for a typed turn, a tool
// call, a spoken turn and an interruption, and the openai package's OpenAIRealtimeWS for a typed
// turn. A ZodError (or any throw) in a client, an `error` event, or an event the project or
// official schema refuses fails them.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { OpenAIRealtimeWebSocket, RealtimeAgent, RealtimeSession, tool } from '@openai/agents-realtime';
import { startRelay, type RunningRelay } from '../relay-server/server';
import { DEFAULT_MODEL } from '../src/lib/protocol/models';
import { startSimulator, type RunningSimulator } from './server';
import { synthesizeSpeech } from './speech-synth';
import { concat, invalidEvents, silence } from './test-support';
import type { RecordedEvent } from '../testing/recording-client';

const KEY = 'sk-sim-official-clients-0123456789';
/** Audio pacing for turns that only need to finish; the interruption needs a reply still playing. */
const FAST = 50;
const SLOW = 4;
const WAIT_MS = 10_000;

/** Where a client connects: the simulator itself, or the relay in front of it. */
interface Target {
  name: string;
  /** ws:// URL of a Realtime endpoint whose audio is paced at `speed`. */
  url(speed: number): Promise<string>;
}

let simulator: RunningSimulator;
/** Every event the simulator sent, as sent. */
const seen: RecordedEvent[] = [];
const relays = new Map<number, RunningRelay>();
/** Errors no listener caught: a client throwing on a server event lands here (ws calls its listeners). */
const uncaught: Error[] = [];
const onUncaught = (error: Error): void => {
  uncaught.push(error);
};

const targets: Target[] = [
  { name: 'simulator', url: async (speed) => `${simulator.url}?model=${DEFAULT_MODEL}&sim_speed=${speed}` },
  {
    name: 'relay → simulator',
    async url(speed) {
      let relay = relays.get(speed);
      if (!relay) {
        // Explicit where the relay's defaults could refuse a Node client (no Origin header).
        relay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: `${simulator.url}?sim_speed=${speed}`, allowMissingOrigin: true, log: () => undefined });
        relays.set(speed, relay);
      }
      return `${relay.url}/v1/realtime?model=${DEFAULT_MODEL}`;
    },
  },
];

before(async () => {
  process.on('uncaughtException', onUncaught);
  // FAST by default: the openai package's URL carries no sim_speed.
  simulator = await startSimulator({ apiKey: KEY, speed: FAST, onServerEvent: (event) => seen.push(JSON.parse(JSON.stringify(event)) as RecordedEvent) });
});

after(async () => {
  for (const relay of Array.from(relays.values())) await relay.close();
  await simulator.close();
  process.off('uncaughtException', onUncaught);
  assert.deepEqual(invalidEvents(seen), [], 'every event the simulator sent validates (project + official schema)');
  assert.deepEqual(seen.filter((e) => e.type === 'error'), [], 'the simulator refused nothing an official client sent');
});

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n').slice(0, 6).join(' ')}`;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** Resolves with `probe()` once it is defined, polling; rejects after `timeoutMs` saying what it waited for. */
async function until<T>(probe: () => T | undefined, what: string, context: () => string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; ${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// ---- the Agents SDK ----

/** A server event as the SDK's transport passed it on (its JSON). */
type RawEvent = { type: string } & Record<string, unknown>;

/**
 * The fields of the SDK's history items these tests read. The SDK types them from its zod
 * schemas, which TypeScript 4.9 reads through zod's v3 declarations (tsconfig.node.json), so
 * they are restated here.
 */
interface HistoryItem {
  itemId: string;
  type: string;
  role?: string;
  content?: Array<{ type: string; text?: string; transcript?: string | null }>;
}

function history(session: RealtimeSession): HistoryItem[] {
  return session.history as unknown as HistoryItem[];
}

interface AgentRun {
  session: RealtimeSession;
  /** Server events as the SDK's transport received them. */
  events: RawEvent[];
  /** `agent_end` outputs, one per response (a tool call's response ends with ''). */
  answers: string[];
  /** Bytes of audio the SDK handed to the application. */
  audioBytes: () => number;
  interrupted: () => number;
  /** SDK `error` events and throws, with the server event that came before each. */
  problems: string[];
  waitFor<T>(probe: () => T | undefined, what: string, timeoutMs?: number): Promise<T>;
  event(type: string, where?: (e: RawEvent) => boolean): RawEvent | undefined;
  close(): void;
}

async function openAgent(url: string, agent: RealtimeAgent): Promise<AgentRun> {
  const session = new RealtimeSession(agent, { transport: new OpenAIRealtimeWebSocket(), model: DEFAULT_MODEL });
  const events: RawEvent[] = [];
  const answers: string[] = [];
  const problems: string[] = [];
  const uncaughtBefore = uncaught.length;
  let audioBytes = 0;
  let interrupted = 0;
  session.on('transport_event', (event) => events.push(event as RawEvent));
  session.on('error', (error) => problems.push(`SDK error after ${events[events.length - 1]?.type}: ${describeError(error)}`));
  session.on('agent_end', (_context, _agent, output) => answers.push(output));
  session.on('audio', (event) => (audioBytes += event.data.byteLength));
  session.on('audio_interrupted', () => (interrupted += 1));
  await session.connect({ apiKey: KEY, url });
  const allProblems = (): string[] => [
    ...problems,
    ...uncaught.slice(uncaughtBefore).map((error) => `thrown in the SDK after ${events[events.length - 1]?.type}: ${describeError(error)}`),
  ];
  const context = (): string => `problems: ${JSON.stringify(allProblems())}; events: ${events.map((e) => e.type).join(', ')}`;
  return {
    session,
    events,
    answers,
    audioBytes: () => audioBytes,
    interrupted: () => interrupted,
    get problems() {
      return allProblems();
    },
    waitFor: (probe, what, timeoutMs) =>
      until(() => (allProblems().length ? undefined : probe()), what, context, timeoutMs).catch((error: Error) => {
        throw allProblems().length ? new Error(`the SDK failed: ${allProblems().join(' | ')}`) : error;
      }),
    event: (type, where = () => true) => events.find((e) => e.type === type && where(e)),
    close: () => session.close(),
  };
}

function messages(session: RealtimeSession, role: 'user' | 'assistant'): HistoryItem[] {
  return history(session).filter((item) => item.type === 'message' && item.role === role);
}

/** What the SDK's history holds as an item's words: its text or transcript. */
function words(item: HistoryItem): string | undefined {
  const part = item.content?.[0];
  return part?.text ?? part?.transcript ?? undefined;
}

const weatherOutput = { temperature: { value: 18.5, units: 'C' }, wind_speed: { value: 12, units: 'km/h' } };

function weatherAgent(calls: unknown[]): RealtimeAgent {
  const getWeather = tool({
    name: 'get_weather',
    description: 'Gets the current weather at a place.',
    parameters: {
      type: 'object',
      properties: { lat: { type: 'number' }, lng: { type: 'number' }, location: { type: 'string' } },
      required: ['lat', 'lng', 'location'],
      additionalProperties: false,
    },
    strict: true,
    execute: async (input) => {
      calls.push(input);
      return JSON.stringify(weatherOutput);
    },
  });
  return new RealtimeAgent({ name: 'Weather', instructions: 'Answer weather questions with the get_weather tool.', tools: [getWeather] });
}

const plainAgent = (): RealtimeAgent => new RealtimeAgent({ name: 'Assistant', instructions: 'Answer briefly.' });

/** PCM16 24 kHz as the SDK's sendAudio takes it, 40 ms per call (as a microphone would). */
function sendSpeech(session: RealtimeSession, samples: Int16Array): void {
  const chunk = 960;
  for (let at = 0; at < samples.length; at += chunk) session.sendAudio(samples.slice(at, at + chunk).buffer);
}

for (const target of targets) {
  describe(`Agents SDK (@openai/agents-realtime, WebSocket) → ${target.name}`, () => {
    it('a typed turn: the message is answered in speech, and the history holds both', async () => {
      const run = await openAgent(await target.url(FAST), plainAgent());
      try {
        run.session.sendMessage('Hello there, simulator');
        const answer = await run.waitFor(() => run.answers[0], 'agent_end');
        assert.match(answer, /Hello there, simulator/);
        assert.ok(run.audioBytes() > 24_000 * 2, 'more than a second of speech reached the application');
        assert.deepEqual(messages(run.session, 'user')[0]?.content, [{ type: 'input_text', text: 'Hello there, simulator' }]);
        await run.waitFor(() => (messages(run.session, 'assistant').some((m) => words(m) === answer) ? true : undefined), 'the answer in the history');
        assert.deepEqual(run.problems, []);
      } finally {
        run.close();
      }
    });

    it('a tool: the agent runs get_weather with the arguments streamed, and the answer uses its output', async () => {
      const calls: unknown[] = [];
      const run = await openAgent(await target.url(FAST), weatherAgent(calls));
      try {
        run.session.sendMessage('What is the weather in Paris?');
        const answer = await run.waitFor(() => run.answers.find((a) => /18\.5 C/.test(a)), 'an answer from the tool output');
        assert.match(answer, /Paris/);
        assert.match(answer, /12 km\/h/);
        assert.deepEqual(calls, [{ lat: 48.8566, lng: 2.3522, location: 'Paris' }]);
        const output = run.events.find((e) => e.type === 'conversation.item.added' && (e.item as { type?: string }).type === 'function_call_output');
        assert.equal(JSON.parse(String((output?.item as { output?: string } | undefined)?.output)).temperature.value, 18.5, 'the SDK sent the tool output');
        assert.deepEqual(run.problems, []);
      } finally {
        run.close();
      }
    });

    it('a spoken turn: VAD commits the speech, the item arrives as the SDK requires, it is transcribed and answered', async () => {
      const run = await openAgent(await target.url(FAST), plainAgent());
      try {
        const speech = synthesizeSpeech('What a lovely morning it is today, is it not?', { pitchHz: 140 });
        // Past the SDK's default semantic_vad (eagerness auto: 800 ms of silence ends the turn).
        sendSpeech(run.session, concat(silence(300), speech.samples, silence(1500)));
        const committed = await run.waitFor(() => run.event('input_audio_buffer.committed'), 'input_audio_buffer.committed');
        const added = await run.waitFor(() => run.event('conversation.item.added', (e) => (e.item as { id?: string }).id === committed.item_id), 'the user item');
        // The field the SDK's schema requires (issue 12, item 15): a ZodError without it.
        assert.deepEqual((added.item as { content: unknown }).content, [{ type: 'input_audio', transcript: null }]);
        const answer = await run.waitFor(() => run.answers[0], 'agent_end');
        assert.match(answer, /seconds/);
        const transcript = await run.waitFor(() => {
          const part = messages(run.session, 'user').find((m) => m.itemId === committed.item_id)?.content?.[0];
          return part?.type === 'input_audio' && typeof part.transcript === 'string' ? part.transcript : undefined;
        }, 'the transcript in the history');
        assert.match(transcript, /simulated transcript: \d+(\.\d+)? seconds of speech/);
        assert.deepEqual(run.problems, []);
      } finally {
        run.close();
      }
    });

    it('an interruption: interrupt() during the spoken answer cancels it and truncates the item at what was played', async () => {
      const run = await openAgent(await target.url(SLOW), plainAgent());
      try {
        run.session.sendMessage('Tell me something long enough that I will interrupt it halfway through.');
        await run.waitFor(() => (run.audioBytes() > 0 ? true : undefined), 'the first audio');
        await new Promise((resolve) => setTimeout(resolve, 250));
        run.session.interrupt();
        const truncated = await run.waitFor(() => run.event('conversation.item.truncated'), 'conversation.item.truncated');
        const done = await run.waitFor(() => run.event('response.done'), 'response.done');
        assert.equal((done.response as { status: string }).status, 'cancelled');
        const audioEndMs = Number(truncated.audio_end_ms);
        assert.ok(audioEndMs >= 200 && audioEndMs < 5000, `cut at ${audioEndMs} ms, about the wall time played`);
        assert.equal(run.interrupted(), 1, 'audio_interrupted reached the application');
        // The SDK reads the item back after a truncation: the audio is cut there, the unheard transcript gone.
        const retrieved = await run.waitFor(() => run.event('conversation.item.retrieved', (e) => (e.item as { id?: string }).id === truncated.item_id), 'the retrieved item');
        const part = (retrieved.item as { content: Array<{ audio?: string; transcript?: string }> }).content[0];
        assert.equal(Buffer.from(String(part.audio), 'base64').length, audioEndMs * 24 * 2);
        assert.equal(part.transcript, undefined);
        assert.deepEqual(run.problems, []);
      } finally {
        run.close();
      }
    });
  });

  describe(`openai package (OpenAIRealtimeWS) → ${target.name}`, () => {
    it('a typed turn is answered in text', async () => {
      const url = new URL(await target.url(FAST));
      // The package only dials wss://; the socket underneath is plain TCP to the loopback port.
      const client = new OpenAI({ apiKey: KEY, baseURL: `https://127.0.0.1:${url.port}/v1` });
      const rt = new OpenAIRealtimeWS(
        { model: DEFAULT_MODEL, options: { createConnection: () => connect({ host: '127.0.0.1', port: Number(url.port) }) } },
        client,
      );
      const events: RealtimeServerEvent[] = [];
      const problems: string[] = [];
      rt.on('event', (event) => events.push(event));
      rt.on('error', (error) => problems.push(describeError(error)));
      try {
        await new Promise<void>((resolve, reject) => {
          rt.socket.once('open', () => resolve());
          rt.socket.once('error', reject);
        });
        rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
        rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello from the openai package' }] } });
        rt.send({ type: 'response.create' });
        const done = await until(
          () => events.find((e): e is Extract<RealtimeServerEvent, { type: 'response.done' }> => e.type === 'response.done'),
          'response.done',
          () => `problems: ${JSON.stringify(problems)}; events: ${events.map((e) => e.type).join(', ')}`,
        );
        const output = done.response.output?.[0];
        const text = output?.type === 'message' ? output.content?.[0]?.text : undefined;
        assert.match(String(text), /Hello from the openai package/);
        assert.deepEqual(problems, []);
      } finally {
        rt.close();
      }
    });
  });
}
