// The G.711 path end to end: the client against the local simulator over a real socket, with
// `audio/pcmu` and `audio/pcma` sessions (and `audio/pcm` beside them). Durations are checked on
// both sides of the wire: what the client appended or played, and what the server counted.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { RealtimeAudioFormats } from 'openai/resources/realtime/realtime';
import { startSimulator, type RunningSimulator } from '../../../simulator/server';
import { validateServerEvent } from '../protocol/validate';
import { base64ToBytes } from '../audio-codec/pcm';
import { bytesToMs } from '../audio-codec/audio-format';
import { encodeAudio } from '../audio-codec/audio-codec';
import { RealtimeClient, type RealtimeClientBaseOptions } from './client';
import type { ItemState } from './item-state';
import type { TransportEvent } from './transport-types';
import { assertValidClientEvent } from './test-support/client-harness';
import { toneBurst } from '../audio-codec/test-signals';

const SAMPLE_RATE = 24_000;
const WAIT_MS = 10_000;
const SIM_SPEED = 20;
const PCMU: RealtimeAudioFormats = { type: 'audio/pcmu' };
const PCMA: RealtimeAudioFormats = { type: 'audio/pcma' };
const PCM: RealtimeAudioFormats = { type: 'audio/pcm', rate: 24000 };


interface Session {
  sim: RunningSimulator;
  client: RealtimeClient;
  log: TransportEvent[];
  sent<T extends string>(type: T): Array<Extract<TransportEvent['event'], { type: T }>>;
  received<T extends string>(type: T): Array<Extract<TransportEvent['event'], { type: T }>>;
  assertAllValid(): void;
  close(): Promise<void>;
}

async function session(format: RealtimeAudioFormats, options: RealtimeClientBaseOptions = {}, vad = false): Promise<Session> {
  const sim = await startSimulator({ port: 0, speed: SIM_SPEED });
  const client = new RealtimeClient({
    url: sim.url,
    apiKey: 'sk-sim',
    session: {
      audio: {
        input: { format, turn_detection: vad ? { type: 'server_vad', silence_duration_ms: 300, create_response: false } : null },
        output: { format },
      },
    },
    ...options,
  });
  const log: TransportEvent[] = [];
  client.on('realtime.event', (e) => log.push(e));
  const updated = client.transport.waitForNext('server.session.updated', WAIT_MS);
  await client.connect();
  await updated;
  const of = <T extends string>(source: 'client' | 'server', type: T) =>
    log.filter((e) => e.source === source && e.event.type === type).map((e) => e.event) as Array<Extract<TransportEvent['event'], { type: T }>>;
  return {
    sim,
    client,
    log,
    sent: (type) => of('client', type),
    received: (type) => of('server', type),
    assertAllValid() {
      for (const { source, event } of log) {
        if (source === 'client') assertValidClientEvent(event);
        else {
          const result = validateServerEvent(event, { strict: true });
          assert.equal(result.valid, true, `${result.type}: ${result.errors.join('; ')}`);
        }
      }
    },
    async close() {
      client.disconnect();
      await sim.close();
    },
  };
}

/** The audio bytes of the server's copy of an item (`conversation.item.retrieve`). */
async function serverAudioBytes(s: Session, itemId: string): Promise<Uint8Array> {
  const retrieved = s.client.transport.waitForNext('server.conversation.item.retrieved', WAIT_MS);
  s.client.send({ type: 'conversation.item.retrieve', item_id: itemId });
  const { item } = await retrieved;
  const part = item.type === 'message' ? (item.content as Array<{ audio?: string | null }>).find((p) => p.audio) : undefined;
  return base64ToBytes(part?.audio ?? '');
}

function completed(client: RealtimeClient, predicate: (item: ItemState) => boolean): Promise<ItemState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for a completed item'));
    }, WAIT_MS);
    const off = client.on('conversation.item.completed', ({ item }) => {
      if (!predicate(item)) return;
      clearTimeout(timer);
      off();
      resolve(item);
    });
  });
}

const isAssistant = (item: ItemState): boolean => item.type === 'message' && item.role === 'assistant';

for (const format of [PCMU, PCMA, PCM]) {
  const name = format.type ?? 'audio/pcm';

  test(`${name}: 1 s of appended audio is 1 s at the server`, async (t: TestContext) => {
    const s = await session(format);
    try {
      const committed = s.client.transport.waitForNext('server.input_audio_buffer.committed', WAIT_MS);
      const second = toneBurst(0, 1000, 0);
      for (let i = 0; i < second.length; i += 720) s.client.appendInputAudio(second.subarray(i, i + 720)); // 30 ms chunks
      s.client.createResponse();
      const { item_id: itemId } = await committed;
      const wireBytes = s.sent('input_audio_buffer.append').reduce((sum, e) => sum + base64ToBytes(e.audio).length, 0);
      const serverBytes = await serverAudioBytes(s, itemId);
      t.diagnostic(`${name}: sent ${wireBytes} bytes = ${bytesToMs(wireBytes, format)} ms; the server holds ${bytesToMs(serverBytes.length, format)} ms`);
      assert.equal(bytesToMs(wireBytes, format), 1000);
      assert.equal(bytesToMs(serverBytes.length, format), 1000);
      const user = s.client.conversation.getItem(itemId);
      assert.equal(user?.getAudio().length, SAMPLE_RATE, 'the user item keeps the 24 kHz audio appended');
      const transcript = s.client.transport.waitForNext('server.conversation.item.input_audio_transcription.completed', WAIT_MS);
      if (!user?.formatted.transcript.includes('seconds')) assert.match((await transcript).transcript, /1\.0 seconds/);
      else assert.match(user.formatted.transcript, /1\.0 seconds/);
      s.assertAllValid();
    } finally {
      await s.close();
    }
  });

  test(`${name}: a spoken reply decodes to its length on the wire; truncation at half sends half its ms`, async (t: TestContext) => {
    const s = await session(format);
    try {
      const reply = completed(s.client, isAssistant);
      const rawBytes: number[] = [];
      s.client.on('conversation.updated', ({ delta }) => {
        if (delta?.audioBytes) rawBytes.push(delta.audioBytes.length);
      });
      s.client.sendUserMessageContent([{ type: 'input_text', text: 'Tell me a long story about the sea.' }]);
      const item = await reply;
      const wireBytes = s.received('response.output_audio.delta').reduce((sum, e) => sum + base64ToBytes(e.delta).length, 0);
      const wireMs = bytesToMs(wireBytes, format);
      const decodedMs = (item.getAudio().length * 1000) / SAMPLE_RATE;
      assert.ok(wireMs > 2000, `a reply of ${wireMs} ms`);
      assert.ok(Math.abs(decodedMs - wireMs) < 1, `decoded ${decodedMs} ms of ${wireMs} ms on the wire`);
      assert.equal(rawBytes.reduce((a, b) => a + b, 0), wireBytes, 'the raw bytes reach the application as they came');

      const half = Math.floor(item.getAudio().length / 2);
      const truncated = s.client.transport.waitForNext('server.conversation.item.truncated', WAIT_MS);
      s.client.cancelResponse(item.id, half);
      const [sentTruncate] = s.sent('conversation.item.truncate');
      const { audio_end_ms: endMs } = await truncated;
      t.diagnostic(`${name}: reply ${wireBytes} bytes = ${wireMs} ms on the wire, ${decodedMs} ms decoded; truncated at ${endMs} ms`);
      assert.equal(sentTruncate.audio_end_ms, Math.floor(wireMs / 2), `audio_end_ms ${sentTruncate.audio_end_ms} of ${wireMs} ms`);
      assert.equal(endMs, sentTruncate.audio_end_ms);
      assert.equal(s.received('error').length, 0);
      const kept = await serverAudioBytes(s, item.id);
      assert.ok(Math.abs(bytesToMs(kept.length, format) - endMs) <= 1, `the server kept ${bytesToMs(kept.length, format)} ms`);
      s.assertAllValid();
    } finally {
      await s.close();
    }
  });
}

test('audio/pcmu: server VAD runs on the decoded audio and times speech in ms', async (t: TestContext) => {
  const s = await session(PCMU, {}, true);
  try {
    const started = s.client.transport.waitForNext('server.input_audio_buffer.speech_started', WAIT_MS);
    const stopped = s.client.transport.waitForNext('server.input_audio_buffer.speech_stopped', WAIT_MS);
    const committed = s.client.transport.waitForNext('server.input_audio_buffer.committed', WAIT_MS);
    const audio = toneBurst(600, 1000, 800);
    for (let i = 0; i < audio.length; i += 480) s.client.appendInputAudio(audio.subarray(i, i + 480)); // 20 ms chunks
    const { audio_start_ms: startMs, item_id: itemId } = await started;
    const { audio_end_ms: endMs } = await stopped;
    t.diagnostic(`speech ${startMs}..${endMs} ms (tone 600..1600 ms, prefix 300 ms, silence 300 ms)`);
    assert.ok(Math.abs(startMs - 300) <= 20, `speech started at ${startMs} ms`);
    assert.ok(Math.abs(endMs - 1900) <= 20, `speech stopped at ${endMs} ms`);
    await committed;
    const serverBytes = await serverAudioBytes(s, itemId);
    assert.ok(Math.abs(bytesToMs(serverBytes.length, PCMU) - (endMs - startMs)) <= 1, `the item holds ${bytesToMs(serverBytes.length, PCMU)} ms`);
    s.assertAllValid();
  } finally {
    await s.close();
  }
});

test('audio/pcma: raw G.711 bytes pass through untouched, and count as their own duration', async () => {
  const s = await session(PCMA);
  try {
    const phone = encodeAudio(toneBurst(0, 1000, 0), PCMA); // what a phone line delivers: 8,000 A-law bytes
    const committed = s.client.transport.waitForNext('server.input_audio_buffer.committed', WAIT_MS);
    for (let i = 0; i < phone.length; i += 160) s.client.appendInputAudioBytes(phone.subarray(i, i + 160)); // 20 ms frames
    s.client.createResponse();
    const { item_id: itemId } = await committed;
    const sent = s.sent('input_audio_buffer.append').map((e) => base64ToBytes(e.audio));
    assert.deepEqual(Buffer.concat(sent), Buffer.from(phone), 'byte for byte what was given');
    assert.equal(sent.length, 50);
    assert.equal(bytesToMs((await serverAudioBytes(s, itemId)).length, PCMA), 1000);
    assert.equal(s.client.conversation.getItem(itemId)?.getAudio().length, SAMPLE_RATE, 'the item keeps the decoded audio');
    s.assertAllValid();
  } finally {
    await s.close();
  }
});

test('audio/pcm: raw bytes are refused with a reason (they would need a codec)', async () => {
  const s = await session(PCM);
  try {
    assert.throws(() => s.client.appendInputAudioBytes(new Uint8Array(160)), /audio\/pcm/);
    assert.equal(s.sent('input_audio_buffer.append').length, 0);
  } finally {
    await s.close();
  }
});
