// The simulator end to end over real sockets: conversation, responses, tools, audio, errors.
// Every event received is validated at the end, and the server event types exercised counted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator } from './server';
import { SERVER_EVENT_TYPES } from '../src/lib/protocol/validate';
import { officialProtocol } from '../testing/official-protocol';
import {
  appendAudio,
  concat,
  fromBase64,
  invalidEvents,
  memoryTool,
  openSession,
  received,
  silence,
  tone,
  weatherTool,
} from './test-support';
import type { RecordedEvent, RecordingClient } from '../testing/recording-client';

const FAST = 50;
/** The issue asks for at least this many of the 47 GA server event types. */
const MIN_EVENT_TYPES = 35;

type Item = Record<string, unknown> & { id: string; type: string };
const item = (e: RecordedEvent): Item => e.item as Item;
const response = (e: RecordedEvent): Record<string, unknown> => e.response as Record<string, unknown>;
const errorOf = (e: RecordedEvent): Record<string, unknown> => e.error as Record<string, unknown>;

function userText(client: RecordingClient, text: string, extra: Record<string, unknown> = {}): void {
  client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] }, ...extra });
}

async function updateSession(client: RecordingClient, session: Record<string, unknown>): Promise<RecordedEvent> {
  client.send({ type: 'session.update', session: { type: 'realtime', ...session } });
  return client.next('session.updated');
}

async function respond(client: RecordingClient, params?: Record<string, unknown>): Promise<RecordedEvent> {
  client.send({ type: 'response.create', ...(params ? { response: params } : {}) });
  await client.next('response.created');
  return client.next('response.done');
}

describe('simulator scenarios', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ speed: FAST });
  });
  after(async () => {
    await sim.close();
  });

  it('answers a text message with streamed speech: every event in order, transcript word by word', async () => {
    const { client } = await openSession(sim.url);
    userText(client, 'Hello there, simulator');
    const added = await client.next('conversation.item.added');
    assert.equal(item(added).role, 'user');
    await client.next('conversation.item.done');
    client.send({ type: 'response.create' });
    const created = await client.next('response.created');
    const id = response(created).id;
    assert.equal(response(created).status, 'in_progress');
    const outputAdded = await client.next('response.output_item.added');
    await client.next('conversation.item.added', (e) => item(e).id === item(outputAdded).id);
    await client.next('response.content_part.added');
    const done = await client.next('response.done');
    const order = client.events.map((e) => e.type);
    const at = (type: string): number => order.lastIndexOf(type);
    for (const [before, later] of [
      ['response.output_audio.delta', 'response.output_audio.done'],
      ['response.output_audio.done', 'response.output_audio_transcript.done'],
      ['response.output_audio_transcript.done', 'response.content_part.done'],
      ['response.content_part.done', 'conversation.item.done'],
      ['conversation.item.done', 'response.output_item.done'],
      ['response.output_item.done', 'response.done'],
      ['response.done', 'rate_limits.updated'],
    ]) {
      assert.ok(at(before) < at(later), `${before} comes before ${later}`);
    }
    await client.next('rate_limits.updated');
    const deltas = client.all('response.output_audio_transcript.delta').map((e) => String(e.delta));
    const transcript = String(client.all('response.output_audio_transcript.done')[0].transcript);
    assert.ok(deltas.length > 5, 'several transcript deltas');
    assert.ok(deltas.every((d, i) => (i === 0 ? !d.startsWith(' ') : d.startsWith(' ')) && d.trim().split(' ').length === 1), 'one word per delta');
    assert.equal(deltas.join(''), transcript);
    assert.match(transcript, /Hello there, simulator/);
    const audio = concat(...client.all('response.output_audio.delta').map((e) => fromBase64(String(e.delta))));
    assert.ok(audio.length > 24000, 'more than a second of speech');
    const peak = audio.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assert.ok(peak > 3000 && peak < 32767, `speech-like level (peak ${peak})`);
    const usage = response(done).usage as Record<string, number>;
    assert.equal(response(done).id, id);
    assert.equal(response(done).status, 'completed');
    assert.ok(usage.output_tokens > 0 && usage.total_tokens === usage.input_tokens + usage.output_tokens);
    const output = (response(done).output as Item[])[0];
    assert.deepEqual(output.content, [{ type: 'output_audio', transcript }]);
    client.close();
  });

  it('streams text only when output_modalities is ["text"]', async () => {
    const { client } = await openSession(sim.url);
    await updateSession(client, { output_modalities: ['text'] });
    userText(client, 'Just text please');
    const done = await respond(client);
    assert.equal(client.all('response.output_audio.delta').length, 0);
    const deltas = client.all('response.output_text.delta').map((e) => String(e.delta));
    const text = String(client.all('response.output_text.done')[0].text);
    assert.ok(deltas.length > 5);
    assert.equal(deltas.join(''), text);
    assert.deepEqual(((response(done).output as Item[])[0].content as unknown[])[0], { type: 'output_text', text });
    client.close();
  });

  it('calls get_weather for a known city with streamed arguments, then answers from the output', async () => {
    const { client } = await openSession(sim.url);
    await updateSession(client, { tools: [weatherTool, memoryTool], output_modalities: ['text'] });
    userText(client, "What's the weather like in Tokyo today?");
    const first = await respond(client);
    const call = (response(first).output as Item[])[0];
    assert.equal(call.type, 'function_call');
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(JSON.parse(String(call.arguments)), { lat: 35.6762, lng: 139.6503, location: 'Tokyo' });
    const deltas = client.all('response.function_call_arguments.delta');
    assert.ok(deltas.length >= 3, 'arguments in several deltas');
    assert.equal(deltas.map((d) => d.delta).join(''), call.arguments);
    assert.equal(client.all('response.function_call_arguments.done')[0].call_id, call.call_id);
    client.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ temperature: { value: 21.4, units: 'C' }, wind_speed: { value: 7, units: 'km/h' } }) },
    });
    const second = await respond(client);
    const answer = String(((response(second).output as Item[])[0].content as Array<{ text: string }>)[0].text);
    assert.match(answer, /Tokyo/);
    assert.match(answer, /21\.4 C/);
    assert.match(answer, /7 km\/h/);
    client.close();
  });

  it('calls set_memory for "my name is" and "remember that", and recalls', async () => {
    const { client } = await openSession(sim.url);
    await updateSession(client, { tools: [memoryTool], output_modalities: ['text'] });
    const cases: Array<[string, Record<string, string>]> = [
      ['Hi, my name is Ada Lovelace.', { key: 'name', value: 'Ada Lovelace' }],
      ['Please remember that my favorite color is teal', { key: 'favorite_color', value: 'teal' }],
    ];
    for (const [text, expected] of cases) {
      userText(client, text);
      const done = await respond(client);
      const call = (response(done).output as Item[])[0];
      assert.equal(call.name, 'set_memory');
      assert.deepEqual(JSON.parse(String(call.arguments)), expected);
      client.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.call_id, output: '{"ok":true}' } });
      const answer = await respond(client);
      assert.match(JSON.stringify(response(answer).output), new RegExp(expected.value));
    }
    userText(client, 'What is my name?');
    const recall = await respond(client);
    assert.match(JSON.stringify(response(recall).output), /Your name is Ada Lovelace/);
    userText(client, 'What is the weather in Atlantis?');
    const unknown = await respond(client);
    assert.match(JSON.stringify(response(unknown).output), /only know the weather/);
    client.close();
  });

  it('cancels a response: status cancelled, item incomplete; a second cancel is an error', async () => {
    const { client } = await openSession(sim.url, { query: { sim_speed: 1 } });
    userText(client, 'Tell me something long enough to interrupt.');
    client.send({ type: 'response.create' });
    const created = await client.next('response.created');
    await client.next('response.output_audio.delta');
    client.send({ type: 'response.create', event_id: 'evt_second' });
    const busy = await client.next('error');
    assert.equal(errorOf(busy).code, 'conversation_already_has_active_response');
    assert.equal(errorOf(busy).event_id, 'evt_second');
    client.send({ type: 'response.cancel', response_id: response(created).id });
    const done = await client.next('response.done');
    assert.equal(response(done).status, 'cancelled');
    assert.deepEqual(response(done).status_details, { type: 'cancelled', reason: 'client_cancelled' });
    assert.equal((response(done).output as Item[])[0].status, 'incomplete');
    client.send({ type: 'response.cancel', event_id: 'evt_cancel' });
    const error = await client.next('error');
    assert.equal(errorOf(error).code, 'response_cancel_not_active');
    assert.equal(errorOf(error).event_id, 'evt_cancel');
    client.close();
  });

  it('manages items: insert after, root, delete, retrieve (with audio), truncate, and their errors', async () => {
    const { client } = await openSession(sim.url);
    userText(client, 'first');
    const first = item(await client.next('conversation.item.added'));
    userText(client, 'at the root', { previous_item_id: 'root' });
    const root = await client.next('conversation.item.added');
    assert.equal(root.previous_item_id, null);
    client.send({ type: 'conversation.item.create', item: { id: 'item_custom_01', type: 'message', role: 'system', content: [{ type: 'input_text', text: 'be brief' }] }, previous_item_id: first.id });
    const custom = await client.next('conversation.item.added');
    assert.equal(item(custom).id, 'item_custom_01');
    assert.equal(custom.previous_item_id, first.id);
    userText(client, 'nowhere', { previous_item_id: 'item_missing', event_id: 'evt_prev' });
    const badPrevious = await client.next('error');
    assert.equal(errorOf(badPrevious).param, 'previous_item_id');
    assert.equal(errorOf(badPrevious).event_id, 'evt_prev');

    client.send({ type: 'conversation.item.delete', item_id: 'item_custom_01' });
    assert.equal((await client.next('conversation.item.deleted')).item_id, 'item_custom_01');
    client.send({ type: 'conversation.item.delete', item_id: 'item_custom_01' });
    assert.equal(errorOf(await client.next('error')).code, 'item_delete_invalid_item_id');

    const done = await respond(client);
    const spoken = (response(done).output as Item[])[0];
    client.send({ type: 'conversation.item.retrieve', item_id: spoken.id });
    const retrieved = item(await client.next('conversation.item.retrieved'));
    const part = (retrieved.content as Array<{ audio?: string; transcript?: string }>)[0];
    const samples = fromBase64(String(part.audio));
    assert.ok(samples.length > 24000);
    client.send({ type: 'conversation.item.retrieve', item_id: 'item_nope' });
    assert.equal(errorOf(await client.next('error')).code, 'item_retrieve_invalid_item_id');

    const durationMs = Math.floor(samples.length / 24);
    client.send({ type: 'conversation.item.truncate', item_id: spoken.id, content_index: 0, audio_end_ms: durationMs + 500 });
    const tooLong = errorOf(await client.next('error'));
    assert.equal(tooLong.code, 'invalid_value');
    assert.equal(tooLong.param, 'audio_end_ms');
    client.send({ type: 'conversation.item.truncate', item_id: spoken.id, content_index: 0, audio_end_ms: 500 });
    const truncated = await client.next('conversation.item.truncated');
    assert.deepEqual([truncated.item_id, truncated.content_index, truncated.audio_end_ms], [spoken.id, 0, 500]);
    client.send({ type: 'conversation.item.retrieve', item_id: spoken.id });
    const after = item(await client.next('conversation.item.retrieved'));
    const cut = (after.content as Array<{ audio?: string; transcript?: string }>)[0];
    assert.equal(fromBase64(String(cut.audio)).length, 500 * 24);
    assert.equal(cut.transcript, undefined, 'the unheard transcript is dropped');
    client.send({ type: 'conversation.item.truncate', item_id: first.id, content_index: 0, audio_end_ms: 0 });
    assert.equal(errorOf(await client.next('error')).code, 'unsupported_content_type');
    client.send({ type: 'conversation.item.truncate', item_id: 'item_gone', content_index: 0, audio_end_ms: 0 });
    assert.equal(errorOf(await client.next('error')).code, 'item_truncate_invalid_item_id');
    client.close();
  });

  it('answers invalid client events with real-shaped errors and keeps the connection open', async () => {
    const { client } = await openSession(sim.url);
    const cases: Array<[unknown, string, string | null]> = [
      [{ type: 'session.update', event_id: 'e1', session: { type: 'realtime', voice: 'alloy' } }, 'unknown_parameter', 'session.voice'],
      [{ type: 'session.update', event_id: 'e2', session: { instructions: 'hi' } }, 'missing_required_parameter', 'session.type'],
      [{ type: 'response.create', event_id: 'e3', response: { output_modalities: ['video'] } }, 'invalid_value', 'response.output_modalities[0]'],
      [{ type: 'conversation.item.delete', event_id: 'e4', item_id: 42 }, 'invalid_type', 'item_id'],
      [{ event_id: 'e5' }, 'invalid_event', 'type'],
      [{ type: 'response.make', event_id: 'e6' }, 'invalid_value', 'type'],
    ];
    for (const [event, code, param] of cases) {
      client.send(event as Record<string, unknown>);
      const error = errorOf(await client.next('error'));
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.code, code, JSON.stringify(error));
      assert.equal(error.param, param);
      assert.equal(error.event_id, (event as { event_id: string }).event_id);
      assert.ok(String(error.message).length > 10);
    }
    client.socket.send('{ not json');
    assert.equal(errorOf(await client.next('error')).code, 'invalid_json');
    client.send({ type: 'session.update', session: { type: 'transcription' }, event_id: 'e7' });
    assert.equal(errorOf(await client.next('error')).param, 'session.type');
    client.send({ type: 'input_audio_buffer.append', audio: 'not base64!', event_id: 'e9' });
    const badAudio = errorOf(await client.next('error'));
    assert.deepEqual([badAudio.param, badAudio.event_id], ['audio', 'e9']);
    client.send({ type: 'output_audio_buffer.clear', event_id: 'e8' });
    assert.equal(errorOf(await client.next('error')).event_id, 'e8');
    // Still open and working.
    await updateSession(client, { instructions: 'still here' });
    client.close();
  });

  it('accounts for input audio: empty commit error, clear, commit with transcription', async () => {
    const { client } = await openSession(sim.url);
    await updateSession(client, { audio: { input: { turn_detection: null, transcription: { model: 'gpt-4o-mini-transcribe' } } } });
    client.send({ type: 'input_audio_buffer.commit', event_id: 'c1' });
    const empty = errorOf(await client.next('error'));
    assert.equal(empty.code, 'input_audio_buffer_commit_empty');
    assert.equal(empty.event_id, 'c1');
    appendAudio(client, tone(50));
    client.send({ type: 'input_audio_buffer.commit' });
    assert.match(String(errorOf(await client.next('error')).message), /50\.00ms/);
    client.send({ type: 'input_audio_buffer.clear' });
    await client.next('input_audio_buffer.cleared');
    appendAudio(client, tone(1500));
    client.send({ type: 'input_audio_buffer.commit' });
    const committed = await client.next('input_audio_buffer.committed');
    const added = await client.next('conversation.item.added');
    assert.equal(item(added).id, committed.item_id);
    // As the live API sends it, and as OpenAI's Agents SDK requires (issue 12, item 15).
    assert.deepEqual(item(added).content, [{ type: 'input_audio', transcript: null }]);
    const completed = await client.next('conversation.item.input_audio_transcription.completed');
    assert.equal(completed.item_id, committed.item_id);
    assert.match(String(completed.transcript), /1\.5 seconds/);
    const deltas = client.all('conversation.item.input_audio_transcription.delta').map((e) => e.delta).join('');
    assert.equal(deltas, completed.transcript);
    assert.equal((completed.usage as { type: string }).type, 'tokens');
    assert.equal(client.all('response.created').length, 0, 'a manual commit does not create a response');
    client.close();
  });

  it('diarizing transcription sends a segment; a failed one sends transcription.failed', async () => {
    const { client } = await openSession(sim.url);
    await updateSession(client, { audio: { input: { turn_detection: null, transcription: { model: 'gpt-4o-transcribe-diarize' } } } });
    appendAudio(client, tone(800));
    client.send({ type: 'input_audio_buffer.commit' });
    const segment = await client.next('conversation.item.input_audio_transcription.segment');
    assert.equal(segment.start, 0);
    assert.equal(segment.end, 0.8);
    client.close();
    const failing = (await openSession(sim.url, { query: { fault_transcription_failed: 1 } })).client;
    await updateSession(failing, { audio: { input: { turn_detection: null, transcription: { model: 'whisper-1' } } } });
    appendAudio(failing, tone(300));
    failing.send({ type: 'input_audio_buffer.commit' });
    const failed = await failing.next('conversation.item.input_audio_transcription.failed');
    assert.equal(errorOf(failed).code, 'audio_unintelligible');
    failing.close();
  });

  it('session.update with null turns input transcription and noise reduction off', async () => {
    const { client } = await openSession(sim.url);
    const on = await updateSession(client, {
      audio: { input: { turn_detection: null, transcription: { model: 'gpt-4o-mini-transcribe' }, noise_reduction: { type: 'near_field' } } },
    });
    assert.deepEqual((on.session as { audio: { input: Record<string, unknown> } }).audio.input.noise_reduction, { type: 'near_field' });
    const commitTurn = async (ms: number): Promise<string> => {
      appendAudio(client, tone(ms));
      client.send({ type: 'input_audio_buffer.commit' });
      return String((await client.next('input_audio_buffer.committed')).item_id);
    };
    const first = await commitTurn(600);
    assert.equal((await client.next('conversation.item.input_audio_transcription.completed')).item_id, first);

    const off = await updateSession(client, { audio: { input: { transcription: null, noise_reduction: null } } });
    const offInput = (off.session as { audio: { input: Record<string, unknown> } }).audio.input;
    assert.equal(offInput.transcription, null);
    assert.equal(offInput.noise_reduction, null);
    assert.deepEqual(invalidEvents([off]), [], 'session.updated with the features off validates (project + official)');
    const untranscribed = await commitTurn(600);
    await client.next('conversation.item.done', (e) => item(e).id === untranscribed);

    // Turned back on: this turn's transcript arrives; one for the turn before would have come first.
    await updateSession(client, { audio: { input: { transcription: { model: 'gpt-4o-mini-transcribe' } } } });
    const last = await commitTurn(600);
    assert.equal((await client.next('conversation.item.input_audio_transcription.completed')).item_id, last);
    const transcribed = client.events.filter((e) => e.type.startsWith('conversation.item.input_audio_transcription.')).map((e) => e.item_id);
    assert.equal(transcribed.includes(untranscribed), false, 'no transcription events for the turn committed with transcription off');
    assert.ok(transcribed.includes(first) && transcribed.includes(last));
    client.close();
  });

  it('server VAD: speech commits a turn and creates a response; new speech interrupts it', async () => {
    // Slow enough that the reply is still playing when the next speech arrives.
    const { client } = await openSession(sim.url, { query: { sim_speed: 5 } });
    // The trailing silences outlast the default silence_duration_ms (500 ms, SERVER_VAD_DEFAULTS).
    appendAudio(client, concat(silence(400), tone(600), silence(600)));
    const started = await client.next('input_audio_buffer.speech_started');
    const stopped = await client.next('input_audio_buffer.speech_stopped');
    assert.equal(started.item_id, stopped.item_id);
    const committed = await client.next('input_audio_buffer.committed');
    assert.equal(committed.item_id, started.item_id);
    const created = await client.next('response.created');
    await client.next('response.output_audio.delta');
    appendAudio(client, concat(tone(400), silence(600)));
    await client.next('input_audio_buffer.speech_started');
    const done = await client.next('response.done', (e) => response(e).id === response(created).id);
    assert.equal(response(done).status, 'cancelled');
    assert.deepEqual(response(done).status_details, { type: 'cancelled', reason: 'turn_detected' });
    const next = await client.next('response.created');
    client.send({ type: 'response.cancel' });
    const cancelled = await client.next('response.done', (e) => response(e).id === response(next).id);
    assert.equal(response(cancelled).status, 'cancelled');
    client.close();
  });

  it('sim_script: scripted audio turns drive the weather tool by voice', async () => {
    const { client } = await openSession(sim.url, { query: { sim_script: 'What is the weather in Sydney?|Thanks' } });
    await updateSession(client, {
      tools: [weatherTool],
      output_modalities: ['text'],
      audio: { input: { transcription: { model: 'whisper-1' }, turn_detection: { type: 'server_vad', silence_duration_ms: 300 } } },
    });
    appendAudio(client, concat(silence(300), tone(800), silence(500)));
    const transcript = await client.next('conversation.item.input_audio_transcription.completed');
    assert.equal(transcript.transcript, 'What is the weather in Sydney?');
    assert.equal((transcript.usage as { type: string }).type, 'duration');
    // Transcription runs beside the response: its completion may come before or after response.done.
    const done = await client.waitUntil(() => client.all('response.done')[0] ?? null);
    const call = (response(done).output as Item[])[0];
    assert.equal(call.name, 'get_weather');
    assert.equal(JSON.parse(String(call.arguments)).location, 'Sydney');
    client.close();
  });

  it('server VAD idle_timeout_ms: silence after a response triggers a turn', async () => {
    const { client } = await openSession(sim.url);
    await updateSession(client, { audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 5000 } } } });
    userText(client, 'hello');
    await respond(client);
    appendAudio(client, silence(4000));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(client.all('input_audio_buffer.timeout_triggered').length, 0, 'not before the timeout');
    appendAudio(client, silence(1200));
    const timeout = await client.next('input_audio_buffer.timeout_triggered');
    assert.equal(timeout.audio_start_ms, 0);
    assert.ok(Number(timeout.audio_end_ms) >= 5000 && Number(timeout.audio_end_ms) <= 5040);
    const done = await client.next('response.done');
    assert.match(JSON.stringify(response(done).output), /Are you still there/);
    client.close();
  });

  it('MCP: lists the built-in sim:// server, calls a tool, reports failures and asks approval', async () => {
    const { client } = await openSession(sim.url);
    const mcp = (label: string, url: string, approval: unknown) => ({ type: 'mcp', server_label: label, server_url: url, require_approval: approval });
    await updateSession(client, { output_modalities: ['text'], tools: [mcp('calc', 'sim://tools', 'never'), mcp('remote', 'https://example.invalid/mcp', 'never')] });
    const listed = await client.next('mcp_list_tools.completed');
    await client.next('mcp_list_tools.failed');
    const listItem = client.events.find((e) => e.type === 'conversation.item.done' && item(e).id === listed.item_id);
    assert.ok(listItem);
    assert.deepEqual((item(listItem).tools as Array<{ name: string }>).map((t) => t.name), ['add_numbers', 'divide_numbers']);

    userText(client, 'What is 2 plus 3?');
    const sum = await respond(client);
    const [call, answer] = response(sum).output as Item[];
    assert.equal(call.type, 'mcp_call');
    assert.equal(call.output, '5');
    assert.deepEqual(JSON.parse(String(call.arguments)), { a: 2, b: 3 });
    assert.equal(client.all('response.mcp_call_arguments.delta').map((e) => e.delta).join(''), call.arguments);
    assert.equal(client.all('response.mcp_call.completed')[0].item_id, call.id);
    assert.match(JSON.stringify(answer), /The result is 5/);

    userText(client, 'divide 6 by 0');
    const division = await respond(client);
    assert.equal(((response(division).output as Item[])[0].error as { type: string }).type, 'tool_execution_error');
    assert.equal(client.all('response.mcp_call.failed').length, 1);

    await updateSession(client, { tools: [mcp('calc', 'sim://tools', 'always')] });
    await client.next('mcp_list_tools.completed');
    userText(client, 'add 4 and 5');
    const asking = await respond(client);
    const request = (response(asking).output as Item[])[0];
    assert.equal(request.type, 'mcp_approval_request');
    client.send({ type: 'conversation.item.create', item: { type: 'mcp_approval_response', id: 'item_approval_1', approval_request_id: request.id, approve: true } });
    const approved = await respond(client);
    const approvedCall = (response(approved).output as Item[])[0];
    assert.equal(approvedCall.approval_request_id, request.id);
    assert.equal(approvedCall.output, '9');
    client.close();
  });

  it('out-of-band responses stay out of the conversation; audio/pcmu output is 8 kHz G.711', async () => {
    const { client } = await openSession(sim.url);
    await updateSession(client, { audio: { output: { format: { type: 'audio/pcmu' } } } });
    userText(client, 'hello');
    await client.next('conversation.item.done');
    const before = client.all('conversation.item.added').length;
    const done = await respond(client, { conversation: 'none', output_modalities: ['audio'], metadata: { topic: 'summary' } });
    assert.equal(client.all('conversation.item.added').length, before);
    assert.equal(response(done).conversation_id, undefined);
    assert.deepEqual(response(done).metadata, { topic: 'summary' });
    const bytes = client.all('response.output_audio.delta').reduce((n, e) => n + Buffer.from(String(e.delta), 'base64').length, 0);
    const tokens = (response(done).usage as { output_token_details: { audio_tokens: number } }).output_token_details.audio_tokens;
    // One byte per sample at 8 kHz; 50 ms of audio per output token.
    assert.ok(Math.abs(bytes / 8 - tokens * 50) <= 50, `${bytes} bytes for ${tokens} audio tokens`);
    client.close();
  });

  it('stops at max_output_tokens with status incomplete', async () => {
    const { client } = await openSession(sim.url);
    userText(client, 'Tell me a long story about the sea and the wind');
    const done = await respond(client, { max_output_tokens: 12 });
    assert.equal(response(done).status, 'incomplete');
    assert.deepEqual(response(done).status_details, { type: 'incomplete', reason: 'max_output_tokens' });
    const usage = response(done).usage as { output_tokens: number };
    assert.ok(usage.output_tokens <= 12 && usage.output_tokens > 0, `${usage.output_tokens} output tokens`);
    assert.equal((response(done).output as Item[])[0].status, 'incomplete');
    client.close();
  });

  it('refuses to change the voice once the assistant has spoken', async () => {
    const { client } = await openSession(sim.url);
    const custom = await updateSession(client, { audio: { output: { voice: { id: 'voice_custom_1' } } } });
    assert.equal((custom.session as { audio: { output: { voice: unknown } } }).audio.output.voice, 'voice_custom_1');
    await updateSession(client, { audio: { output: { voice: 'cedar' } } });
    userText(client, 'hello');
    await respond(client);
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { voice: 'alloy' } } } });
    assert.equal(errorOf(await client.next('error')).code, 'cannot_update_voice');
    client.close();
  });

  it('a custom {id} voice re-sent after the model spoke is no change; another voice is refused', async () => {
    const { client } = await openSession(sim.url);
    await updateSession(client, { audio: { output: { voice: { id: 'voice_custom_1' } } } });
    userText(client, 'hello');
    const done = await respond(client);
    assert.equal((response(done).audio as { output: { voice: unknown } }).output.voice, 'voice_custom_1');
    // The same voice, as `{id}` and as the id the session reports: no cannot_update_voice.
    for (const voice of [{ id: 'voice_custom_1' }, 'voice_custom_1']) {
      const same = await updateSession(client, { audio: { output: { voice } } });
      assert.equal((same.session as { audio: { output: { voice: unknown } } }).audio.output.voice, 'voice_custom_1');
    }
    assert.equal(client.all('error').length, 0, JSON.stringify(client.all('error')));
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { voice: { id: 'voice_custom_2' } } } } });
    assert.equal(errorOf(await client.next('error')).code, 'cannot_update_voice');
    client.close();
  });

  it('truncating an item still streaming keeps it cut: later deltas reach the client, not the item', async () => {
    const { client } = await openSession(sim.url, { query: { sim_speed: 6 } });
    userText(client, 'Tell me something long enough to interrupt while it is still speaking.');
    client.send({ type: 'response.create' });
    const added = await client.next('response.output_item.added');
    const itemId = item(added).id;
    for (let i = 0; i < 3; i++) await client.next('response.output_audio.delta');
    client.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: 150 });
    await client.next('conversation.item.truncated');
    const deltasAtTruncation = client.all('response.output_audio.delta').length;
    const done = await client.next('response.done', () => true, 20_000);
    assert.ok(client.all('response.output_audio.delta').length > deltasAtTruncation, 'the response went on streaming');
    assert.equal(response(done).status, 'completed', 'a truncation does not cancel the response');
    const cutPart = { type: 'output_audio' };
    assert.deepEqual(((response(done).output as Item[])[0]).content, [cutPart], 'no transcript in response.done');
    const itemDone = client.all('conversation.item.done').find((e) => item(e).id === itemId);
    assert.deepEqual(itemDone && item(itemDone).content, [cutPart], 'no transcript in conversation.item.done');
    client.send({ type: 'conversation.item.retrieve', item_id: itemId });
    const retrieved = item(await client.next('conversation.item.retrieved'));
    const part = (retrieved.content as Array<{ audio?: string; transcript?: string }>)[0];
    assert.equal(fromBase64(String(part.audio)).length, 150 * 24, 'the audio stays cut at audio_end_ms');
    assert.equal(part.transcript, undefined);
    client.close();
  });

  it('refuses to create an assistant message with output_audio content, as the API does', async () => {
    const { client } = await openSession(sim.url);
    client.send({
      type: 'conversation.item.create',
      event_id: 'evt_audio_item',
      item: { type: 'message', role: 'assistant', content: [{ type: 'output_audio', transcript: 'I said this out loud.' }] },
    });
    const refused = errorOf(await client.next('error'));
    assert.deepEqual(
      [refused.type, refused.code, refused.param, refused.message, refused.event_id],
      ['invalid_request_error', 'missing_required_parameter', 'item.content[0].text', "Missing required parameter: 'item.content[0].text'.", 'evt_audio_item'],
    );
    client.send({
      type: 'conversation.item.create',
      event_id: 'evt_audio_text',
      item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'fine' }, { type: 'output_audio', text: 'spoken' }] },
    });
    const alsoRefused = errorOf(await client.next('error'));
    assert.deepEqual([alsoRefused.code, alsoRefused.param, alsoRefused.event_id], ['invalid_value', 'item.content[1].type', 'evt_audio_text']);
    assert.equal(client.all('conversation.item.added').length, 0, 'nothing was added');
    // The assistant's words as text are accepted.
    client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'I said this.' }] } });
    assert.equal(item(await client.next('conversation.item.added')).role, 'assistant');
    client.close();
  });

  it('a response cancelled while a function call streams its arguments still sends function_call_arguments.done', async () => {
    const { client } = await openSession(sim.url, { query: { sim_speed: 1 } });
    await updateSession(client, { tools: [weatherTool], output_modalities: ['text'] });
    userText(client, 'What is the weather in Berlin?');
    client.send({ type: 'response.create' });
    const first = await client.next('response.function_call_arguments.delta');
    client.send({ type: 'response.cancel' });
    const done = await client.next('response.done');
    assert.equal(response(done).status, 'cancelled');
    const call = (response(done).output as Item[])[0];
    assert.equal(call.status, 'incomplete');
    const argsDone = client.all('response.function_call_arguments.done');
    assert.equal(argsDone.length, 1, 'function_call_arguments.done on cancel');
    const deltas = client.all('response.function_call_arguments.delta').map((e) => String(e.delta)).join('');
    assert.deepEqual([argsDone[0].item_id, argsDone[0].call_id, argsDone[0].name, argsDone[0].arguments], [first.item_id, call.call_id, 'get_weather', deltas]);
    assert.ok(deltas.length < JSON.stringify({ lat: 52.52, lng: 13.405, location: 'Berlin' }).length, 'cut before the arguments were complete');
    const order = client.events.map((e) => e.type);
    assert.ok(order.indexOf('response.function_call_arguments.done') < order.indexOf('response.output_item.done'));
    assert.ok(order.indexOf('response.output_item.done') < order.indexOf('response.done'));
    client.close();
  });

  it('session.created: expires_at is 60 minutes ahead (GA)', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { client, session } = await openSession(sim.url);
    const after = Math.floor(Date.now() / 1000);
    const expiresAt = Number((session.session as { expires_at: number }).expires_at);
    assert.ok(expiresAt >= before + 3600 && expiresAt <= after + 3600, `expires_at ${expiresAt - before} s ahead`);
    client.close();
  });

  it('emitted only valid events, covering at least 35 server event types', () => {
    assert.deepEqual(invalidEvents(received), []);
    const types = new Set(received.map((e) => e.type));
    const known = Array.from(types).filter((t) => SERVER_EVENT_TYPES.has(t));
    assert.deepEqual(Array.from(types).filter((t) => !SERVER_EVENT_TYPES.has(t)), []);
    const official = officialProtocol();
    const total = official ? official.eventTypes('server').length : SERVER_EVENT_TYPES.size;
    console.log(`simulator: ${received.length} events received, ${known.length} of ${total} server event types exercised`);
    assert.ok(known.length >= MIN_EVENT_TYPES, `${known.length} types: ${known.sort().join(', ')}`);
  });
});
