import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ACKNOWLEDGEMENT_TEXT, USAGE_INTERVAL_MS } from './live-session';
import { BARGE_IN_YIELD_MS } from './output-lane';
import { connectLive, invalidLiveEvents, type LiveSimulator, sendAudio, silence, speech, startLiveSession, startLiveSimulator } from './test-support';
import type { RecordedEvent } from '../../testing/recording-client';

const WEATHER = "What's the weather in Paris";
const sent: LiveSimulator['sent'] = [];
const simulators: LiveSimulator[] = [];
/** A simulator whose sessions' speech turns stand for `script`. */
async function simulatorFor(script: string[]): Promise<LiveSimulator> {
  const live = await startLiveSimulator({ script });
  simulators.push(live);
  return live;
}
after(async () => {
  for (const live of simulators) {
    await live.simulator.close();
    sent.push(...live.sent);
  }
  assert.ok(sent.length > 100);
  assert.deepEqual(invalidLiveEvents(sent), [], 'every event the simulator sent is valid against the Live schema (strict)');
});

const transcript = (events: RecordedEvent[], type: string): string => events.filter((e) => e.type === type).map((e) => String(e.delta)).join('');

test('session.start is strict: unknown fields, a wrong model, commands before start, a query string, no key', async () => {
  const live = await simulatorFor([]);
  const client = await connectLive(live.url);
  client.send({ type: 'session.input_audio.append', audio: '' });
  assert.equal((await client.next('error')).error && (client.all('error')[0].error as { code: string }).code, 'session_not_started');
  client.send({ type: 'session.start', event_id: 'start_1', session: { model: 'gpt-live-1', voice: 'marin' } });
  const unknown = (await client.next('error')).error as { code: string; param: string; client_event_id: string };
  assert.deepEqual([unknown.code, unknown.param, unknown.client_event_id], ['unknown_parameter', 'session.voice', 'start_1']);
  client.send({ type: 'session.start', session: { model: 'gpt-realtime' } });
  assert.equal(((await client.next('error')).error as { param: string }).param, 'session.model');
  client.send({ type: 'session.start', session: { model: 'gpt-live-1', audio: { output: { voice: 'cedar' } } } });
  const started = await client.next('session.started');
  const session = started.session as { id: string; model: string; status: string; audio: { output: { voice: string } }; delegation: { type: string; acknowledgement_delay_ms: number } };
  assert.deepEqual([session.model, session.status, session.audio.output.voice, session.delegation.type, session.delegation.acknowledgement_delay_ms], ['gpt-live-1', 'active', 'cedar', 'client', 0]);
  client.send({ type: 'session.update', session: { delegation: { type: 'responses', responses: { model: 'gpt-5.5' } } } });
  assert.equal(((await client.next('error')).error as { param: string }).param, 'session.delegation.type');
  client.close();

  const withQuery = await connectLive(`${live.url}?model=gpt-live-1`);
  assert.equal(((await withQuery.next('error')).error as { param: string }).param, 'model');
  assert.equal((await withQuery.closed).code, 1008);
  const keyless = await connectLive(live.url, null);
  assert.equal(((await keyless.next('error')).error as { code: string }).code, 'missing_api_key');
  assert.equal((await keyless.closed).code, 1008);
});

test('the clock follows input audio: one 100 ms output delta per 100 ms of input, silence between speech; usage every 15 s; close', async () => {
  const live = await simulatorFor([]);
  const client = await startLiveSession(live.url);
  sendAudio(client, silence(1000));
  const deltas = await client.waitUntil(() => (client.all('session.output_audio.delta').length >= 10 ? client.all('session.output_audio.delta') : null));
  assert.equal(deltas.length, 10, 'no audio runs ahead of the input clock');
  for (const delta of deltas) {
    const bytes = Buffer.from(String(delta.delta), 'base64');
    assert.equal(bytes.length, 100 * 24 * 2);
    assert.ok(bytes.every((b) => b === 0), 'silence while nobody speaks');
    assert.equal(delta.start_ms, undefined, 'the primary WebSocket omits start_ms/end_ms on output audio');
  }
  sendAudio(client, silence(USAGE_INTERVAL_MS - 1000), 1000);
  const usage = await client.next('session.usage.updated');
  assert.deepEqual(usage.usage, { seconds: 15 });
  client.send({ type: 'session.close', event_id: 'bye' });
  const closed = await client.next('session.closed');
  assert.deepEqual([closed.reason, closed.usage, closed.client_event_id], ['close_requested', { seconds: 15 }, 'bye']);
  assert.equal((await client.closed).code, 1000);
});

test('a speech turn: VAD on input, the timed input transcript in 200 ms buckets, then a spoken reply with its own timed transcript', async () => {
  const live = await simulatorFor(['Hello there simulator']);
  const client = await startLiveSession(live.url);
  sendAudio(client, silence(500));
  sendAudio(client, speech('Hello there simulator'));
  sendAudio(client, silence(4000));
  await client.waitUntil(() => (transcript(client.events, 'session.output_transcript.delta').includes('simulator') ? true : null));
  const input = client.all('session.input_transcript.delta');
  assert.equal(transcript(client.events, 'session.input_transcript.delta').trim(), 'Hello there simulator');
  for (const delta of input) {
    assert.ok((delta.end_ms as number) >= (delta.start_ms as number));
    assert.ok((delta.start_ms as number) >= 500, 'the turn starts where the speech does on the session clock');
  }
  assert.ok(input.slice(0, -1).every((d) => (d.end_ms as number) % 200 === 0), 'buckets end on the 200 ms grid while speech goes on');
  const output = client.all('session.output_transcript.delta');
  assert.ok(output.every((d) => (d.end_ms as number) - (d.start_ms as number) === 200 && (d.end_ms as number) % 200 === 0));
  assert.ok((output[0].start_ms as number) >= (input[input.length - 1].end_ms as number), 'the reply follows the turn on the timeline');
  client.close();
});

test('client delegation: delegation.created (no task text), the automatic acknowledgement, commentary appended on the timeline and spoken', async () => {
  const live = await simulatorFor([WEATHER]);
  const client = await startLiveSession(live.url);
  sendAudio(client, speech(WEATHER));
  sendAudio(client, silence(1500));
  const created = await client.next('session.delegation.created');
  const delegation = created.delegation as { id: string; target: string; type: string; response_id?: string };
  assert.deepEqual([delegation.target, delegation.type, delegation.response_id], ['client', 'delegation', undefined]);
  assert.equal(typeof created.offset_ms, 'number');
  await client.waitUntil(() => (transcript(client.events, 'session.output_transcript.delta').includes(ACKNOWLEDGEMENT_TEXT.split(',')[0]) ? true : null));
  client.send({ type: 'session.commentary.append', event_id: 'c1', delegation_id: delegation.id, content: 'It is 18 degrees and sunny in Paris.' });
  client.send({ type: 'session.thinking.append', event_id: 't1', delegation_id: 'dlg_unknown', content: 'x' });
  assert.equal(((await client.next('error')).error as { param: string }).param, 'delegation_id');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(client.all('session.commentary.appended').length, 0, 'an append waits for the clock: input audio is stalled');
  sendAudio(client, silence(4000));
  const appended = await client.next('session.commentary.appended');
  assert.equal(appended.client_event_id, 'c1');
  assert.equal(appended.start_ms, appended.end_ms);
  assert.ok((appended.start_ms as number) > (created.offset_ms as number));
  await client.waitUntil(() => (transcript(client.events, 'session.output_transcript.delta').includes('sunny in Paris') ? true : null));
  // Utterances are separated by a space in the transcript, whatever bucket each starts in.
  assert.match(transcript(client.events, 'session.output_transcript.delta'), /check\. It is 18/);
  client.close();
});

test('Responses delegation: the function call nested in response.event, answered with response.item.create + response.create, then spoken', async () => {
  const live = await simulatorFor([WEATHER]);
  const tools = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { lat: { type: 'number' } } } }];
  const client = await startLiveSession(live.url, { delegation: { type: 'responses', responses: { model: 'gpt-5.5', tools } } } as never);
  sendAudio(client, speech(WEATHER));
  sendAudio(client, silence(2000));
  const created = await client.next('session.delegation.created');
  const delegation = created.delegation as { id: string; target: string; response_id: string };
  assert.equal(delegation.target, 'responses');
  const done = await client.next('response.event', (e) => (e.event as { type: string }).type === 'response.function_call_arguments.done');
  assert.equal(done.delegation_id, delegation.id);
  const call = (await client.next('response.event', (e) => (e.event as { type: string }).type === 'response.output_item.done')).event as { item: { call_id: string; name: string; arguments: string } };
  assert.equal(call.item.name, 'get_weather');
  assert.equal(JSON.parse(call.item.arguments).location, 'Paris');
  client.send({ type: 'response.create', event_id: 'early' });
  assert.equal((await client.next('error')).client_event_id, 'early', 'response.create before the output is refused');
  client.send({ type: 'response.item.create', item: { type: 'function_call_output', call_id: call.item.call_id, output: JSON.stringify({ temperature: 18, unit: 'C' }) } });
  client.send({ type: 'response.create' });
  sendAudio(client, silence(6000));
  const text = await client.next('response.event', (e) => (e.event as { type: string }).type === 'response.output_text.done');
  assert.match((text.event as { text: string }).text, /Paris.*18/);
  const completed = client.all('response.event').filter((e) => (e.event as { type: string }).type === 'response.completed');
  assert.equal(completed.length, 2);
  assert.ok(completed.every((e) => (e.event as { response: { usage: { total_tokens: number }; output: unknown[] } }).response.usage.total_tokens > 0));
  await client.waitUntil(() => (transcript(client.events, 'session.output_transcript.delta').includes('18') ? true : null));
  client.send({ type: 'session.commentary.append', delegation_id: delegation.id, content: 'x' });
  assert.equal(((await client.next('error', (e) => (e.error as { param?: string }).param === 'delegation_id')).error as { message: string }).message.includes('Responses'), true);
  client.close();
});

test('barge-in is an overlap: the model keeps speaking briefly over the user, then yields; nothing is truncated', async () => {
  const live = await simulatorFor(['Tell me a long story please', 'Stop']);
  const client = await startLiveSession(live.url);
  const first = speech('Tell me a long story please');
  // 100 ms appends: the last one is short, so the clock (whole 100 ms ticks) is ahead of nothing.
  const firstMs = Math.ceil(first.length / 2400) * 100;
  sendAudio(client, first);
  sendAudio(client, new Int16Array(firstMs * 24 - first.length));
  sendAudio(client, silence(1500));
  await client.next('session.output_transcript.delta');
  const before = client.all('session.output_transcript.delta').length;
  const bargeAt = firstMs + 1500;
  sendAudio(client, speech('Stop'));
  sendAudio(client, silence(3000));
  await client.waitUntil(() => (client.all('session.input_transcript.delta').some((d) => String(d.delta).includes('Stop')) ? true : null));
  await client.waitUntil(() => (client.all('session.output_audio.delta').length * 100 >= bargeAt + 2000 ? true : null));
  const audio = client.all('session.output_audio.delta').map((d) => Buffer.from(String(d.delta), 'base64'));
  const voicedAfter = audio.slice(bargeAt / 100).map((b) => b.some((x) => x !== 0));
  assert.ok(voicedAfter[0], 'still speaking when the user starts: the lanes overlap');
  const stoppedAt = voicedAfter.indexOf(false);
  assert.ok(stoppedAt > 0 && stoppedAt * 100 <= BARGE_IN_YIELD_MS + 300, `yields within the overlap window (stopped after ${stoppedAt * 100} ms)`);
  assert.ok(client.all('session.output_transcript.delta').length >= before);
  assert.equal(client.events.filter((e) => /truncat|cancel/.test(e.type)).length, 0);
  client.close();
});

test('a sideband cannot attach to a primary WebSocket session (the guides attach to WebRTC or SIP sessions); it is told why', async () => {
  const live = await simulatorFor([]);
  const client = await startLiveSession(live.url);
  const id = (client.all('session.started')[0].session as { id: string }).id;
  const sideband = await connectLive(`${live.url}/${id}/attach`);
  const error = (await sideband.next('error')).error as { code: string; param: string; message: string };
  assert.deepEqual([error.code, error.param], ['invalid_value', 'session_id']);
  assert.match(error.message, /primary WebSocket/);
  assert.equal((await sideband.closed).code, 1008);
  client.close();
});
