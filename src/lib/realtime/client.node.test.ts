import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateClientEvent } from '../protocol/validate';
import { base64ToInt16 } from '../audio-codec/pcm';
import { RealtimeClient } from './client';
import type { ItemState } from './item-state';
import { defaultSessionConfig, type SessionConfigPatch } from './session-config';
import { assertValidClientEvent, connectedClient, tick } from './test-support/client-harness';
import { FakeSocket } from './test-support/fake-socket';
import { assertValidServerEvents, audioResponse, ev, items, session } from './test-support/server-events';

const WEATHER_TOOL = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather at a place',
  parameters: { type: 'object', properties: { lat: { type: 'number' }, lng: { type: 'number' }, location: { type: 'string' } } },
};

test('connect sends the whole default GA session, which validates', async () => {
  const h = await connectedClient();
  const [update] = h.takeSent();
  assert.equal(update.type, 'session.update');
  assert.deepEqual(update.session, defaultSessionConfig());
  assert.deepEqual(h.client.getSessionConfig(), defaultSessionConfig());
  assert.equal(h.client.getTurnDetectionType(), null);
});

test('every session field the client can send validates, one patch at a time and all at once', async () => {
  const h = await connectedClient();
  h.takeSent();
  const patches: SessionConfigPatch[] = [
    { instructions: 'Be brief.' },
    { output_modalities: ['text'] },
    { audio: { input: { format: { type: 'audio/pcmu' } } } },
    { audio: { input: { format: { type: 'audio/pcm', rate: 24000 } } } },
    { audio: { input: { noise_reduction: { type: 'near_field' } } } },
    { audio: { input: { noise_reduction: { type: 'far_field' } } } },
    { audio: { input: { transcription: { model: 'gpt-4o-transcribe', language: 'en', prompt: 'Place names.' } } } },
    {
      audio: {
        input: {
          turn_detection: {
            type: 'server_vad',
            threshold: 0.6,
            prefix_padding_ms: 300,
            silence_duration_ms: 500,
            create_response: true,
            interrupt_response: true,
            idle_timeout_ms: 6000,
          },
        },
      },
    },
    { audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'high', create_response: false, interrupt_response: false } } } },
    { audio: { input: { turn_detection: null } } },
    { audio: { output: { voice: 'cedar', speed: 1.25 } } },
    { audio: { output: { format: { type: 'audio/pcma' } } } },
    { tools: [WEATHER_TOOL] },
    { tool_choice: 'required' },
    { tool_choice: { type: 'function', name: 'get_weather' } },
    { tool_choice: 'none' },
    { max_output_tokens: 512 },
    { max_output_tokens: 'inf' },
    { include: ['item.input_audio_transcription.logprobs'] },
    { tracing: 'auto' },
    { truncation: 'auto' },
    { truncation: { type: 'retention_ratio', retention_ratio: 0.5 } },
  ];
  for (const patch of patches) {
    h.client.updateSession(patch);
    const sent = h.takeSent();
    assert.equal(sent.length, 1, JSON.stringify(patch));
    const keys = Object.keys(sent[0].session as object).sort();
    assert.deepEqual(keys, ['type', ...Object.keys(patch)].sort(), 'only the touched top-level fields are sent');
  }
  // All at once, as on a fresh connect.
  const config = h.client.getSessionConfig();
  assertValidClientEvent({ type: 'session.update', session: config });
  assert.equal(config.audio?.output?.voice, 'cedar');
  assert.deepEqual(config.audio?.output?.format, { type: 'audio/pcma' }, 'output fields merge one by one');
  assert.equal(config.audio?.output?.speed, 1.25);
  assert.equal(config.instructions, 'Be brief.');
});

test('null transcription / noise reduction: sent as null (turns them off live), dropped from the config', async () => {
  const h = await connectedClient({ session: { audio: { input: { noise_reduction: { type: 'near_field' } } } } });
  h.takeSent();
  h.client.updateSession({ audio: { input: { transcription: null } } });
  const [off] = h.takeSent(); // validated inside, against the project and the official schema
  const input = (off.session as { audio: { input: Record<string, unknown> } }).audio.input;
  assert.equal(input.transcription, null);
  assert.deepEqual(input.noise_reduction, { type: 'near_field' }, 'a field the patch leaves alone keeps its value');
  assert.equal('transcription' in (h.client.getSessionConfig().audio?.input ?? {}), false);
  h.client.updateSession({ audio: { input: { noise_reduction: null } } });
  const [second] = h.takeSent();
  const secondInput = (second.session as { audio: { input: Record<string, unknown> } }).audio.input;
  assert.equal(secondInput.noise_reduction, null);
  assert.equal('transcription' in secondInput, false, 'an earlier null is not repeated: the config no longer has the field');
  // A later connection asks for the session without them.
  h.client.disconnect();
  await h.client.connect();
  const [fresh] = FakeSocket.last().sentEvents();
  const freshInput = (fresh.session as { audio: { input: Record<string, unknown> } }).audio.input;
  assert.equal('transcription' in freshInput || 'noise_reduction' in freshInput, false);
});

test('beta-shaped and unknown session fields are dropped (with a warning), never sent', async () => {
  const h = await connectedClient();
  h.takeSent();
  const warnings: string[][] = [];
  h.client.on('warning', (w) => warnings.push(w.fields ?? []));
  const betaPatch = {
    instructions: 'Hi',
    voice: 'alloy',
    modalities: ['text', 'audio'],
    input_audio_format: 'pcm16',
    turn_detection: { type: 'server_vad' },
    audio: { input: { turn_detection: { type: 'server_vad', threshold: 0.5, vad_mode: 'fast' }, bogus: 1 }, output: { voice: 'marin', volume: 3 } },
  } as unknown as SessionConfigPatch;
  // What the client refuses to send would indeed be refused by the protocol.
  assert.equal(validateClientEvent({ type: 'session.update', session: { type: 'realtime', ...(betaPatch as object) } }).valid, false);
  h.client.updateSession(betaPatch);
  const [sent] = h.takeSent(); // validated inside
  assert.deepEqual(Object.keys(sent.session as object).sort(), ['audio', 'instructions', 'type']);
  assert.deepEqual(warnings[0].sort(), ['audio.input.bogus', 'audio.input.turn_detection.vad_mode', 'audio.output.volume', 'input_audio_format', 'modalities', 'turn_detection', 'voice']);
  assert.equal(h.client.getTurnDetectionType(), 'server_vad');
});

test('a constructor session patch merges over the defaults', () => {
  const client = new RealtimeClient({ session: { instructions: 'x', audio: { input: { turn_detection: { type: 'semantic_vad' } } } } });
  const config = client.getSessionConfig();
  assert.equal(config.instructions, 'x');
  assert.deepEqual(config.audio?.input?.format, { type: 'audio/pcm', rate: 24000 });
  assert.equal(client.getTurnDetectionType(), 'semantic_vad');
  assert.equal(client.isConnected(), false);
  assertValidClientEvent({ type: 'session.update', session: config });
});

test('server session, errors and close reach the client events', async () => {
  const h = await connectedClient();
  const seen: string[] = [];
  h.client.on('session.updated', (s) => seen.push(`session:${s.id}`));
  h.client.on('error', (e) => seen.push(`error:${e.code}:${e.message}`));
  h.client.on('close', (c) => seen.push(`close:${c.code}:${c.error}`));
  h.receive(ev.sessionCreated(session('sess_sim_1')), ev.error('Unknown parameter', 'unknown_parameter'));
  assert.equal(h.client.getServerSession()?.id, 'sess_sim_1');
  h.socket.serverClose(1011, 'server error', false);
  assert.deepEqual(seen, ['session:sess_sim_1', 'error:unknown_parameter:Unknown parameter', 'close:1011:Unknown parameter']);
  assert.equal(h.client.isConnected(), false);
});

test('conversation events: appended, updated with deltas, completed; waitForNextItem / CompletedItem', async () => {
  const h = await connectedClient();
  const log: string[] = [];
  h.client.on('conversation.item.appended', ({ item }) => log.push(`appended:${item.id}`));
  h.client.on('conversation.item.completed', ({ item }) => log.push(`completed:${item.id}`));
  let audioSamples = 0;
  h.client.on('conversation.updated', ({ delta }) => (audioSamples += delta?.audio?.length ?? 0));
  const nextItem = h.client.waitForNextItem(1000);
  const nextCompleted = h.client.waitForNextCompletedItem(1000);
  h.receive(...audioResponse('resp_1', 'item_1', ['hi', 'there'], 480));
  assert.equal((await nextItem).id, 'item_1');
  const done = await nextCompleted;
  assert.equal(done.formatted.transcript, 'hi there');
  assert.deepEqual(log, ['appended:item_1', 'completed:item_1']);
  assert.equal(audioSamples, 960);
  await assert.rejects(h.client.waitForNextItem(5), /timed out/);
});

test('sendUserMessageContent creates a user item then a response; audio given as samples is base64-encoded', async () => {
  const h = await connectedClient();
  h.takeSent();
  const samples = new Int16Array([0, 1, -1, 32767, -32768]);
  h.client.sendUserMessageContent([{ type: 'input_text', text: 'Hello' }, { type: 'input_audio', audio: samples }]);
  const [create, response] = h.takeSent();
  assert.equal(create.type, 'conversation.item.create');
  const item = create.item as { role: string; content: Array<{ type: string; audio?: string; text?: string }> };
  assert.equal(item.role, 'user');
  assert.equal(item.content[0].text, 'Hello');
  assert.deepEqual(Array.from(base64ToInt16(item.content[1].audio ?? '')), Array.from(samples));
  assert.equal(response.type, 'response.create');
  h.client.sendUserMessageContent([
    { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
    { type: 'input_audio', audio: new Int16Array([5, 6]).buffer },
    { type: 'input_audio', audio: 'AAAA' },
  ]);
  const [imageItem] = h.takeSent(); // validated inside
  const content = (imageItem.item as { content: Array<{ type: string; audio?: string }> }).content;
  assert.deepEqual(content.map((c) => c.type), ['input_image', 'input_audio', 'input_audio']);
  assert.deepEqual(Array.from(base64ToInt16(content[1].audio ?? '')), [5, 6]);
  assert.equal(content[2].audio, 'AAAA');
});

test('appendInputAudio takes Int16Array, Float32Array and ArrayBuffer; manual mode commits before a response only when audio was appended', async () => {
  const h = await connectedClient();
  h.takeSent();
  h.client.createResponse();
  assert.deepEqual(h.takeSent().map((e) => e.type), ['response.create'], 'nothing to commit');
  h.client.appendInputAudio(new Int16Array([1, 2, 3]));
  h.client.appendInputAudio(new Float32Array([1, -1, 0]));
  h.client.appendInputAudio(new Int16Array([4, 5]).buffer);
  h.client.appendInputAudio(new Int16Array(0));
  const appends = h.takeSent();
  assert.deepEqual(appends.map((e) => Array.from(base64ToInt16(e.audio as string))), [[1, 2, 3], [32767, -32768, 0], [4, 5]]);
  h.client.appendInputAudio(new Int16Array(2400)); // the API commits no less than 100 ms
  h.client.createResponse();
  assert.deepEqual(h.takeSent().map((e) => e.type), ['input_audio_buffer.append', 'input_audio_buffer.commit', 'response.create']);
  h.client.createResponse();
  assert.deepEqual(h.takeSent().map((e) => e.type), ['response.create'], 'the buffer was already committed');
});

test('with turn detection the server commits: createResponse never does', async () => {
  const h = await connectedClient({ session: { audio: { input: { turn_detection: { type: 'server_vad' } } } } });
  h.takeSent();
  h.client.appendInputAudio(new Int16Array(240));
  h.client.createResponse();
  assert.deepEqual(h.takeSent().map((e) => e.type), ['input_audio_buffer.append', 'response.create']);
});

test('speech_started is reported as an interruption', async () => {
  const h = await connectedClient();
  const interruptions: Array<{ audioStartMs?: number }> = [];
  h.client.on('conversation.interrupted', (i) => interruptions.push(i));
  h.receive(ev.speechStarted('item_u', 1234));
  assert.deepEqual(interruptions, [{ audioStartMs: 1234, itemId: 'item_u' }]);
});

test('cancelResponse cancels the active response and truncates at the samples heard (24 kHz)', async () => {
  const h = await connectedClient();
  const events = audioResponse('resp_c', 'item_c', ['a', 'b', 'c'], 24000);
  h.receive(...events.slice(0, -5)); // still streaming: response active
  h.takeSent();
  const item = h.client.cancelResponse('item_c', 36000);
  assert.equal(item?.id, 'item_c');
  const [cancel, truncate] = h.takeSent();
  assert.equal(cancel.type, 'response.cancel');
  assert.deepEqual({ ...truncate, event_id: undefined }, { type: 'conversation.item.truncate', item_id: 'item_c', content_index: 0, audio_end_ms: 1500, event_id: undefined });
  // More samples than the item has are clamped; once the response is done, no response.cancel is sent.
  h.receive(...events.slice(-5));
  h.client.cancelResponse('item_c', 10_000_000);
  const after = h.takeSent();
  assert.deepEqual(after.map((e) => e.type), ['conversation.item.truncate']);
  assert.equal(after[0].audio_end_ms, 3000);
  // Without an item: a bare cancel, only while a response is active.
  assert.equal(h.client.cancelResponse(), null);
  assert.deepEqual(h.takeSent(), []);
  h.receive(ev.responseCreated('resp_d'));
  h.client.cancelResponse();
  assert.deepEqual(h.takeSent().map((e) => e.type), ['response.cancel']);
  assert.throws(() => h.client.cancelResponse('nope', 1), /no item "nope"/);
  h.receive(ev.itemAdded(items.userText('item_user', 'hi')));
  assert.throws(() => h.client.cancelResponse('item_user', 1), /not an assistant message/);
});

test('deleteItem sends conversation.item.delete; the server confirmation removes the item', async () => {
  const h = await connectedClient();
  h.receive(ev.itemAdded(items.userText('item_del', 'x')));
  h.takeSent();
  const deleted: string[] = [];
  h.client.on('conversation.item.deleted', ({ item }) => deleted.push(item.id));
  h.client.deleteItem('item_del');
  assert.deepEqual(h.takeSent().map((e) => [e.type, e.item_id]), [['conversation.item.delete', 'item_del']]);
  h.receive(ev.deleted('item_del'));
  assert.deepEqual(deleted, ['item_del']);
  assert.equal(h.client.conversation.getItems().length, 0);
});

function functionCallResponse(responseId: string, calls: Array<{ itemId: string; callId: string; name: string; args: string }>) {
  const created = ev.responseCreated(responseId);
  const body = calls.flatMap(({ itemId, callId, name, args }, i) => {
    const done = items.functionCall(itemId, callId, name, args);
    return [
      ev.outputItemAdded(responseId, items.functionCall(itemId, callId, name, '', 'in_progress'), i),
      ev.itemAdded(items.functionCall(itemId, callId, name, '', 'in_progress')),
      ev.argumentsDelta(responseId, itemId, callId, args.slice(0, 5)),
      ev.argumentsDelta(responseId, itemId, callId, args.slice(5)),
      ev.argumentsDone(responseId, itemId, callId, name, args),
      ev.outputItemDone(responseId, done, i),
      ev.itemDone(done),
    ];
  });
  const done = ev.responseDone(
    responseId,
    calls.map(({ itemId, callId, name, args }) => items.functionCall(itemId, callId, name, args)),
  );
  const all = [created, ...body, done];
  assertValidServerEvents(all);
  return { body: [created, ...body], done };
}

test('tools: the handler runs once; its output goes back, then one response.create after response.done', async () => {
  const h = await connectedClient();
  const calls: Array<Record<string, unknown>> = [];
  h.client.addTool(WEATHER_TOOL, (args) => {
    calls.push(args);
    return { temperature: 18, unit: 'C' };
  });
  const [toolsUpdate] = h.takeSent().slice(-1);
  assert.deepEqual(toolsUpdate.session, { type: 'realtime', tools: [WEATHER_TOOL] });
  const results: unknown[] = [];
  h.client.on('tool.result', (r) => results.push(r));
  const args = '{"lat":48.85,"lng":2.35,"location":"Paris"}';
  const { body, done } = functionCallResponse('resp_t', [{ itemId: 'item_fc', callId: 'call_1', name: 'get_weather', args }]);
  h.receive(...body);
  await tick();
  assert.deepEqual(calls, [{ lat: 48.85, lng: 2.35, location: 'Paris' }]);
  const beforeDone = h.takeSent();
  assert.deepEqual(beforeDone.map((e) => e.type), ['conversation.item.create'], 'no response.create while the response is active');
  assert.deepEqual(beforeDone[0].item, { type: 'function_call_output', call_id: 'call_1', output: '{"temperature":18,"unit":"C"}' });
  h.receive(done);
  assert.deepEqual(h.takeSent().map((e) => e.type), ['response.create']);
  // The same call seen again (a replayed done, a retrieved item) is not answered twice.
  h.receive(ev.itemDone(items.functionCall('item_fc', 'call_1', 'get_weather', args)), done);
  await tick();
  assert.deepEqual(h.takeSent(), []);
  assert.equal(calls.length, 1);
  assert.deepEqual(results, [{ name: 'get_weather', call_id: 'call_1', output: { temperature: 18, unit: 'C' } }]);
});

test('tools: a throwing or async handler, bad JSON arguments and parallel calls give one response.create', async () => {
  const h = await connectedClient();
  h.client.addTool({ type: 'function', name: 'fails', parameters: {} }, () => {
    throw new Error('no such city');
  });
  h.client.addTool({ type: 'function', name: 'slow', parameters: {} }, async (args) => {
    await new Promise((r) => setTimeout(r, 20));
    return `ok ${String(args.n)}`;
  });
  h.takeSent();
  const results: Array<{ name: string; error?: string }> = [];
  h.client.on('tool.result', (r) => results.push(r));
  const { body, done } = functionCallResponse('resp_p', [
    { itemId: 'item_a', callId: 'call_a', name: 'fails', args: '{"x":1}' },
    { itemId: 'item_b', callId: 'call_b', name: 'slow', args: '{"n":2}' },
    { itemId: 'item_c', callId: 'call_c', name: 'fails', args: '{"broken' },
    { itemId: 'item_d', callId: 'call_d', name: 'not_registered', args: '{}' },
  ]);
  h.receive(...body, done);
  await tick();
  let sent = h.takeSent();
  assert.deepEqual(sent.map((e) => (e.item as { call_id: string }).call_id), ['call_a', 'call_c'], 'the slow call is still running');
  assert.deepEqual(JSON.parse((sent[0].item as { output: string }).output), { error: 'no such city' });
  assert.match(JSON.parse((sent[1].item as { output: string }).output).error, /JSON/);
  await new Promise((r) => setTimeout(r, 40));
  sent = h.takeSent();
  assert.deepEqual(sent.map((e) => e.type), ['conversation.item.create', 'response.create']);
  assert.deepEqual(sent[0].item, { type: 'function_call_output', call_id: 'call_b', output: 'ok 2' });
  assert.deepEqual(results.map((r) => [r.name, Boolean(r.error)]), [['fails', true], ['fails', true], ['slow', false]]);
});

test('removeTool and reset: tools leave the session; reset restores the initial state but keeps subscriptions', async () => {
  const h = await connectedClient({ session: { instructions: 'initial' } });
  h.client.addTool(WEATHER_TOOL, () => 1);
  h.client.removeTool('get_weather');
  const sent = h.takeSent();
  assert.deepEqual(sent[sent.length - 1].session, { type: 'realtime', tools: [] });
  h.client.updateSession({ instructions: 'changed' });
  h.receive(ev.itemAdded(items.userText('item_r', 'x')));
  let closes = 0;
  h.client.on('close', () => closes++);
  h.client.addTool(WEATHER_TOOL, () => 1);
  h.client.reset();
  assert.equal(closes, 1);
  assert.equal(h.client.conversation.getItems().length, 0);
  assert.equal(h.client.getSessionConfig().instructions, 'initial');
  assert.equal(h.client.getSessionConfig().tools, undefined, 'no tools: none asked for');
  assert.equal(h.client.getServerSession(), null);
});

test('user audio turn with VAD: the item and its transcript, even when the transcript comes first', async () => {
  const h = await connectedClient();
  const completed: ItemState[] = [];
  h.client.on('conversation.item.completed', ({ item }) => completed.push(item));
  h.receive(
    ev.speechStarted('item_v', 100),
    ev.speechStopped('item_v', 900),
    ev.committed('item_v'),
    ev.transcriptionCompleted('item_v', 'Hello there'),
    ev.itemAdded(items.userAudio('item_v')),
    ev.itemDone(items.userAudio('item_v')),
  );
  assert.equal(completed.length, 1);
  assert.equal(completed[0].formatted.transcript, 'Hello there');
  assert.deepEqual(completed[0].speech, { audioStartMs: 100, audioEndMs: 900 });
});

test('the user audio item carries the audio the client appended (manual commit and VAD)', async () => {
  const h = await connectedClient();
  const pressed = Int16Array.from({ length: 2400 }, (_, i) => i); // 100 ms, the least the API commits
  h.client.appendInputAudio(pressed);
  h.client.createResponse();
  h.receive(ev.committed('item_m'), ev.itemAdded(items.userAudio('item_m')));
  assert.deepEqual(h.client.conversation.getItem('item_m')?.getAudio(), pressed);

  const vad = await connectedClient({ session: { audio: { input: { turn_detection: { type: 'server_vad' } } } } });
  vad.client.appendInputAudio(Int16Array.from({ length: 24000 }, (_, i) => i % 1000));
  vad.receive(ev.speechStarted('item_s', 100), ev.speechStopped('item_s', 600));
  const appended = vad.client.waitForNextItem(1000);
  vad.receive(ev.committed('item_s'), ev.itemAdded(items.userAudio('item_s')));
  const item = await appended;
  assert.equal(item.formatted.audioSampleCount, 12000);
  assert.equal(item.getAudio()[0], 2400 % 1000);
});

test('with server VAD, a barge-in leaves the cancel to the server (no response.cancel), but still truncates', async () => {
  const h = await connectedClient({ session: { audio: { input: { turn_detection: { type: 'server_vad' } } } } });
  const events = audioResponse('resp_v', 'item_a', ['a', 'b'], 4800);
  h.receive(...events.slice(0, -5), ev.speechStarted('item_next', 3000));
  h.takeSent();
  h.client.cancelResponse('item_a', 2400);
  assert.deepEqual(h.takeSent().map((e) => [e.type, e.audio_end_ms]), [['conversation.item.truncate', 100]]);
});

test('a connection the server closes as soon as it opens makes connect reject with the reason', async () => {
  class RefusingSocket extends FakeSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      setTimeout(() => {
        this.open();
        this.receive(ev.error('Incorrect API key provided.', 'invalid_api_key'));
        this.serverClose(1008, 'invalid_api_key');
      }, 0);
    }
  }
  const client = new RealtimeClient({ url: 'ws://sim/v1/realtime', runtime: 'browser', WebSocket: RefusingSocket });
  const closes: number[] = [];
  client.on('close', (c) => closes.push(c.code));
  await assert.rejects(client.connect(), /as soon as it opened \(code 1008, invalid_api_key: Incorrect API key provided\.\)/);
  assert.deepEqual(closes, [1008], 'the close still reaches subscribers');
});

test('a well-formed frame with a broken field is reported as malformed; the client keeps working', async () => {
  const h = await connectedClient();
  const malformed: string[] = [];
  h.client.on('malformed', (m) => malformed.push(m.error));
  const base = { event_id: 'e', response_id: 'r', item_id: 'item_bad', output_index: 0, content_index: 0 };
  h.socket.receive({ type: 'response.output_audio.delta', ...base, delta: 'not base64!' });
  h.socket.receive({ type: 'conversation.item.added', event_id: 'e2', item: null } as Record<string, unknown>);
  h.socket.receive({ type: 'response.output_text.delta', ...base, delta: 'still fine' });
  assert.equal(malformed.length, 2);
  assert.match(malformed[0], /could not apply response\.output_audio\.delta: invalid base64/);
  assert.match(malformed[1], /could not apply conversation\.item\.added/);
  assert.equal(h.client.conversation.getItem('item_bad')?.formatted.text, 'still fine');
  assert.equal(h.client.conversation.getItem('item_bad')?.formatted.audioSampleCount, 0);
  assert.equal(h.client.isConnected(), true);
});

test('an idle-timeout item carries the audio in [audio_start_ms, audio_end_ms], not all that was buffered', async () => {
  const h = await connectedClient({ session: { audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 1500 } } } } });
  // 3 s of near-silence, sample i = i % 1000 so the slice's position shows in its first sample.
  h.client.appendInputAudio(Int16Array.from({ length: 72000 }, (_, i) => i % 1000));
  const appended = h.client.waitForNextItem(1000);
  h.receive(ev.timeoutTriggered('item_idle', 1000, 2500), ev.committed('item_idle'), ev.itemAdded(items.userAudio('item_idle')));
  const item = await appended;
  assert.equal(item.formatted.audioSampleCount, 36000, '1.5 s at 24 kHz');
  assert.equal(item.getAudio()[0], 24000 % 1000);
  assert.equal(item.idleTimeout, true);
  assert.deepEqual(item.speech, { audioStartMs: 1000, audioEndMs: 2500 });
});

test('turn mode and interrupt_response come from the session the server confirmed, not the one asked for', async () => {
  // Asked: manual turns. Confirmed (a relay holding turn detection, say): server VAD.
  const h = await connectedClient();
  const vad = session('sess_vad');
  vad.audio = { ...vad.audio, input: { ...vad.audio?.input, turn_detection: { type: 'server_vad', interrupt_response: true } } };
  h.receive(ev.sessionUpdated(vad));
  h.takeSent();
  assert.equal(h.client.getTurnDetectionType(), 'server_vad');
  h.client.appendInputAudio(new Int16Array(4800));
  h.client.createResponse();
  assert.deepEqual(h.takeSent().map((e) => e.type), ['input_audio_buffer.append', 'response.create'], 'the server VAD commits: no manual commit');

  // Asked: VAD without interrupt_response. Confirmed: VAD with it (the default): a barge-in is the server's to cancel.
  const g = await connectedClient({ session: { audio: { input: { turn_detection: { type: 'server_vad', interrupt_response: false } } } } });
  const interrupting = session('sess_interrupt');
  interrupting.audio = { ...interrupting.audio, input: { ...interrupting.audio?.input, turn_detection: { type: 'server_vad' } } };
  g.receive(ev.sessionUpdated(interrupting), ...audioResponse('resp_i', 'item_i', ['a', 'b'], 480).slice(0, 6), ev.speechStarted('item_next', 900));
  g.takeSent();
  g.client.cancelResponse();
  assert.deepEqual(g.takeSent(), [], 'no response.cancel: the server is cancelling it');
});

test('push-to-talk under 100 ms: no commit, no response.create; the buffer is cleared and input.too_short says why', async () => {
  const h = await connectedClient();
  h.takeSent();
  const tooShort: Array<{ durationMs: number; minimumMs: number; message: string }> = [];
  h.client.on('input.too_short', (e) => tooShort.push(e));
  h.client.appendInputAudio(new Int16Array(1200)); // 50 ms at 24 kHz
  assert.equal(h.client.createResponse(), false);
  assert.deepEqual(h.takeSent().map((e) => e.type), ['input_audio_buffer.append', 'input_audio_buffer.clear']);
  assert.equal(tooShort.length, 1);
  assert.equal(tooShort[0].durationMs, 50);
  assert.equal(tooShort[0].minimumMs, 100);
  assert.match(tooShort[0].message, /hold to talk/);
  // The dropped audio is gone: the next press starts from nothing.
  h.client.appendInputAudio(new Int16Array(2400)); // 100 ms: enough
  assert.equal(h.client.createResponse(), true);
  assert.deepEqual(h.takeSent().map((e) => e.type), ['input_audio_buffer.append', 'input_audio_buffer.commit', 'response.create']);
  assert.equal(tooShort.length, 1);
  // A typed message with a stray short chunk pending: the chunk is dropped, the message answered.
  h.client.appendInputAudio(new Int16Array(240));
  h.client.sendUserMessageContent([{ type: 'input_text', text: 'Hello' }]);
  assert.deepEqual(h.takeSent().map((e) => e.type), ['input_audio_buffer.append', 'conversation.item.create', 'input_audio_buffer.clear', 'response.create']);
});

test('connect sends only what is set: no empty instructions, tools or tool_choice over the server defaults', async () => {
  const h = await connectedClient();
  const [update] = h.takeSent();
  const sent = update.session as Record<string, unknown>;
  assert.equal('instructions' in sent, false, 'the server keeps its default instructions');
  assert.equal('tools' in sent, false);
  assert.equal('tool_choice' in sent, false);
  // What the app sets is sent, on connect as on update.
  const set = await connectedClient({ session: { instructions: 'Be brief.', tool_choice: 'required' } });
  set.client.addTool(WEATHER_TOOL, () => 1);
  set.client.disconnect();
  await set.client.connect();
  const [again] = FakeSocket.last().sentEvents();
  const resent = again.session as Record<string, unknown>;
  assert.equal(resent.instructions, 'Be brief.');
  assert.equal(resent.tool_choice, 'required');
  assert.deepEqual(resent.tools, [WEATHER_TOOL]);
});
