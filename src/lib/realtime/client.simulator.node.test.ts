// The client in Node against the local simulator, through a real socket on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../../simulator/server';
import { RealtimeClient } from './client';
import type { ItemState } from './item-state';
import { simulatorSession, WAIT_MS } from './test-support/simulator-session';
import { toneBurst } from '../audio-codec/test-signals';

const SIM_SPEED = 20;

const SAMPLE_RATE = 24_000;


function until(client: RealtimeClient, predicate: (item: ItemState) => boolean): Promise<ItemState> {
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

test('simulator: a full text turn', async () => {
  const s = await simulatorSession({ session: { output_modalities: ['text'] } });
  try {
    assert.match(s.client.getServerSession()?.id ?? '', /^sess_sim_/);
    const reply = until(s.client, isAssistant);
    s.client.sendUserMessageContent([{ type: 'input_text', text: 'Hello, who are you?' }]);
    const item = await reply;
    assert.equal(item.status, 'completed');
    assert.ok(item.formatted.text.length > 0);
    assert.equal(item.formatted.audioSampleCount, 0);
    const [user, assistant] = s.client.conversation.getItems();
    assert.equal(user.role, 'user');
    assert.equal(user.formatted.text, 'Hello, who are you?');
    assert.equal(assistant, item);
    s.assertAllValid();
  } finally {
    await s.close();
  }
});

test('simulator: an audio turn (manual commit): user audio, its transcript, a spoken answer', async () => {
  const s = await simulatorSession();
  try {
    const reply = until(s.client, isAssistant);
    const audio = toneBurst(100, 1000, 100);
    for (let i = 0; i < audio.length; i += 2400) s.client.appendInputAudio(audio.subarray(i, i + 2400));
    s.client.createResponse();
    const item = await reply;
    assert.ok(item.formatted.audioSampleCount > SAMPLE_RATE / 10, `audio: ${item.formatted.audioSampleCount} samples`);
    assert.equal(item.getAudio().length, item.formatted.audioSampleCount);
    assert.ok(item.formatted.transcript.length > 0);
    const sent = s.log.filter((e) => e.source === 'client').map((e) => e.event.type);
    assert.deepEqual(sent.slice(-2), ['input_audio_buffer.commit', 'response.create']);
    const user = s.client.conversation.getItems().find((i) => i.role === 'user');
    assert.ok(user);
    // Transcription may finish after the response; wait for it if needed.
    if (!user.formatted.transcript) await s.client.transport.waitForNext('server.conversation.item.input_audio_transcription.completed', WAIT_MS);
    assert.match(user.formatted.transcript, /simulated transcript/);
    assert.deepEqual(user.getAudio(), audio, 'the user item carries the audio that was sent');
    s.assertAllValid();
  } finally {
    await s.close();
  }
});

test('simulator: server VAD finds the speech, commits it and answers', async () => {
  const s = await simulatorSession({ session: { audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 300 } } } } });
  try {
    const interrupted = s.client.waitForNext('conversation.interrupted', WAIT_MS);
    const reply = until(s.client, isAssistant);
    const audio = toneBurst(500, 800, 800);
    for (let i = 0; i < audio.length; i += 2400) s.client.appendInputAudio(audio.subarray(i, i + 2400));
    const { audioStartMs } = await interrupted;
    assert.ok(audioStartMs !== undefined && audioStartMs >= 100 && audioStartMs <= 500, `speech started at ${audioStartMs} ms`);
    await reply;
    const user = s.client.conversation.getItems().find((i) => i.role === 'user');
    const { audioStartMs: start = 0, audioEndMs: end = 0 } = user?.speech ?? {};
    assert.ok(end > start, `speech ${start}..${end} ms`);
    assert.equal(user?.formatted.audioSampleCount, Math.round((end * SAMPLE_RATE) / 1000) - Math.round((start * SAMPLE_RATE) / 1000));
    assert.ok(!s.log.some((e) => e.source === 'client' && e.event.type === 'input_audio_buffer.commit'), 'the server commits in VAD mode');
    s.assertAllValid();
  } finally {
    await s.close();
  }
});

test('simulator: a tool round trip (get_weather) answers with the handler output', async () => {
  const s = await simulatorSession();
  try {
    const calls: Array<Record<string, unknown>> = [];
    s.client.addTool(
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather at a place',
        parameters: { type: 'object', properties: { lat: { type: 'number' }, lng: { type: 'number' }, location: { type: 'string' } }, required: ['lat', 'lng'] },
      },
      (args) => {
        calls.push(args);
        return { temperature: 17.5, wind_speed: 12 };
      },
    );
    const answer = until(s.client, (item) => isAssistant(item) && item.formatted.transcript.length > 0);
    s.client.sendUserMessageContent([{ type: 'input_text', text: 'What is the weather in Paris?' }]);
    const item = await answer;
    assert.equal(calls.length, 1);
    assert.equal(calls[0].location, 'Paris');
    assert.ok(Math.abs(Number(calls[0].lat) - 48.86) < 0.1 && Math.abs(Number(calls[0].lng) - 2.35) < 0.1);
    assert.match(item.formatted.transcript, /17\.5/);
    const types = s.client.conversation.getItems().map((i) => i.type);
    assert.deepEqual(types, ['message', 'function_call', 'function_call_output', 'message']);
    const sent = s.log.filter((e) => e.source === 'client').map((e) => e.event.type);
    assert.equal(sent.filter((t) => t === 'response.create').length, 2, 'one for the question, one after the tool output');
    s.assertAllValid();
  } finally {
    await s.close();
  }
});

test('simulator: an interruption cancels the response and truncates the audio at what was heard', async () => {
  const s = await simulatorSession({}, '?sim_speed=2');
  try {
    let itemId = '';
    const firstAudio = new Promise<void>((resolve) => {
      const off = s.client.on('conversation.updated', ({ item, delta }) => {
        if (!delta?.audio || item.formatted.audioSampleCount < SAMPLE_RATE / 5) return;
        itemId = item.id;
        off();
        resolve();
      });
    });
    s.client.sendUserMessageContent([{ type: 'input_text', text: 'Tell me a long story about the sea.' }]);
    await firstAudio;
    const heard = 2400; // 100 ms actually played
    const truncated = s.client.transport.waitForNext('server.conversation.item.truncated', WAIT_MS);
    const done = s.client.transport.waitForNext('server.response.done', WAIT_MS);
    const item = s.client.cancelResponse(itemId, heard);
    assert.equal(item?.id, itemId);
    const [truncation, response] = await Promise.all([truncated, done]);
    assert.equal(truncation.audio_end_ms, 100);
    assert.equal(response.response.status, 'cancelled');
    assert.equal(item?.formatted.audioSampleCount, heard);
    assert.equal(item?.getAudio().length, heard);
    assert.equal(item?.status, 'incomplete');
    s.assertAllValid();
  } finally {
    await s.close();
  }
});

test('simulator: a server-side close reaches the client with its code; a beta-free handshake is accepted', async () => {
  const s = await simulatorSession({}, '?fault_close_after=2&fault_close_code=4001');
  try {
    const info = await s.client.waitForNext('close', WAIT_MS);
    assert.equal(info.code, 4001);
    assert.equal(s.client.isConnected(), false);
  } finally {
    await s.close();
  }
});

test('simulator: browser-style subprotocol auth over a real socket; a wrong key is refused with a readable close', async () => {
  const sim = await startSimulator({ port: 0, speed: SIM_SPEED, apiKey: 'ek_right' });
  const { WebSocket: NodeWebSocket } = await import('ws');
  try {
    // `ws` as the socket, but authenticating as a browser would (subprotocols, no header).
    const browserLike = new RealtimeClient({ url: sim.url, apiKey: 'ek_right', runtime: 'browser', WebSocket: NodeWebSocket });
    const created = browserLike.waitForNext('session.created', WAIT_MS);
    await browserLike.connect();
    assert.match((await created).id, /^sess_sim_/);
    browserLike.disconnect();

    const wrong = new RealtimeClient({ url: sim.url, apiKey: 'sk-wrong' });
    const closed = wrong.waitForNext('close', WAIT_MS);
    const error = wrong.waitForNext('error', WAIT_MS);
    // The upgrade succeeds; the server then explains and closes, as the real API does. Whether
    // `connect` has resolved by then depends on timing; the events below do not.
    await wrong.connect().catch((e: Error) => assert.match(e.message, /closed the connection as soon as it opened/));
    assert.equal((await error).code, 'invalid_api_key');
    const info = await closed;
    assert.equal(info.code, 1008);
    assert.equal(info.reason, 'invalid_api_key');
    assert.equal(info.error, (await error).message, 'the close carries the error message for the UI');
    assert.equal(wrong.isConnected(), false);
  } finally {
    await sim.close();
  }
});

test('simulator: a VAD barge-in; the server cancels, the client only truncates at what was heard', async () => {
  const s = await simulatorSession({ session: { audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 300 } } } } }, '?sim_speed=2');
  try {
    let speaking: ItemState | null = null;
    const firstAudio = new Promise<void>((resolve) => {
      const off = s.client.on('conversation.updated', ({ item, delta }) => {
        if (!delta?.audio || item.formatted.audioSampleCount < SAMPLE_RATE / 5) return;
        speaking = item;
        off();
        resolve();
      });
    });
    s.client.sendUserMessageContent([{ type: 'input_text', text: 'Tell me a long story about the sea.' }]);
    await firstAudio;
    const interrupted = s.client.waitForNext('conversation.interrupted', WAIT_MS);
    const cancelled = s.client.transport.waitForNext('server.response.done', WAIT_MS);
    const audio = toneBurst(200, 600, 0);
    for (let i = 0; i < audio.length; i += 2400) s.client.appendInputAudio(audio.subarray(i, i + 2400));
    await interrupted;
    const item = speaking as ItemState | null;
    assert.ok(item);
    const truncated = s.client.transport.waitForNext('server.conversation.item.truncated', WAIT_MS);
    s.client.cancelResponse(item.id, 4800); // what the speaker had played
    assert.equal((await cancelled).response.status, 'cancelled');
    assert.equal((await truncated).audio_end_ms, 200);
    assert.equal(item.formatted.audioSampleCount, 4800);
    const sent = s.log.filter((e) => e.source === 'client').map((e) => e.event.type);
    assert.ok(!sent.includes('response.cancel'), 'the server cancelled on its own (interrupt_response)');
    s.assertAllValid();
  } finally {
    await s.close();
  }
});
