// WebRTC calls against a real simulator on loopback, with a Node WebRTC peer (werift) as the
// client: both ways of posting the offer, the refusals, the `oai-events` channel driven by the
// session engine (a weather tool round trip), a spoken turn sent as Opus and found by the VAD,
// the model's speech on the remote track, `output_audio_buffer.*`, and the sideband.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../server';
import { validateServerEvent } from '../../src/lib/protocol/validate';
import type { ServerEvent } from '../../src/lib/protocol/protocol-types';
import { officialProtocol } from '../../testing/official-protocol';
import { connectClient, concat, silence, weatherTool } from '../test-support';
import { synthesizeSpeech } from '../speech-synth';
import { postOffer, rmsDbfs, TestPeer, type RecordedEvent } from './test-support';
import { candidateHost } from './loopback-peer';
import { EnergyVad, vadParams } from '../vad';
import { SERVER_VAD_DEFAULTS } from '../../src/lib/protocol/session-defaults';

const STANDARD_KEY = 'sk-sim-standard';
/** Media runs 4× real time: 20 ms frames every 5 ms, both ways. */
const SPEED = 4;
const sent: ServerEvent[] = [];
let sim: RunningSimulator;
let base: string;

before(async () => {
  sim = await startSimulator({ port: 0, apiKey: STANDARD_KEY, speed: SPEED, onServerEvent: (event) => sent.push(event) });
  base = `http://127.0.0.1:${sim.port}`;
});
after(async () => {
  await sim.close();
  // Every call's sockets are closed with it (werift leaked an unbundled transport's before max-bundle).
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(process.getActiveResourcesInfo().filter((name) => name === 'UDPWrap'), [], 'no UDP socket left open');
  const official = officialProtocol();
  const failures = sent.flatMap((event) => {
    const ours = validateServerEvent(event, { strict: true });
    const theirs = official?.validate('server', event);
    return [...(ours.valid ? [] : [`${event.type}: ${ours.errors.join('; ')}`]), ...(theirs && !theirs.valid ? [`${event.type} (official): ${theirs.errors.join('; ')}`] : [])];
  });
  assert.deepEqual(failures, [], 'every event the simulator sent is valid');
  assert.ok(sent.some((event) => event.type === 'output_audio_buffer.started'));
  assert.equal(sent.filter((event) => event.type === 'response.output_audio.delta').length, 0, 'no audio deltas: calls carry audio as media');
});

async function mintKey(session: Record<string, unknown> = { type: 'realtime' }): Promise<string> {
  const response = await fetch(`${base}/v1/realtime/client_secrets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${STANDARD_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ session }),
  });
  return ((await response.json()) as { value: string }).value;
}

const userText = (peer: TestPeer, text: string): void =>
  peer.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });

const responseOf = (event: RecordedEvent): { id: string; status: string; output: Array<Record<string, unknown>> } =>
  event.response as { id: string; status: string; output: Array<Record<string, unknown>> };

describe('POST /v1/realtime/calls', () => {
  it('answers an application/sdp offer with an ephemeral key: 201, SDP, Location rtc_…, loopback candidates only, the key\'s session', async () => {
    const key = await mintKey({ type: 'realtime', instructions: 'From the key.' });
    const peer = await TestPeer.dial(base, { key });
    assert.match(peer.callId, /^rtc_[0-9a-f]{32}$/);
    const answer = peer.peer.remoteDescription?.sdp ?? '';
    const candidates = answer.split(/\r?\n/).filter((line) => line.startsWith('a=candidate:'));
    assert.ok(candidates.length > 0);
    assert.deepEqual([...new Set(candidates.map(candidateHost))], ['127.0.0.1']);
    // The model's track goes out: the audio section is sendrecv, not the recvonly werift answers by default.
    assert.match(answer, /m=audio[^]*a=sendrecv[^]*m=application/);
    const created = await peer.next('session.created');
    assert.equal((created.session as { instructions: string }).instructions, 'From the key.');
    await peer.close();
  });

  it('answers multipart sdp + session with a standard key, with that session', async () => {
    const peer = await TestPeer.dial(base, { key: STANDARD_KEY, session: { type: 'realtime', model: 'gpt-realtime', instructions: 'From the form.' } });
    const created = await peer.next('session.created');
    assert.equal((created.session as { instructions: string }).instructions, 'From the form.');
    assert.equal((created.session as { model: string }).model, 'gpt-realtime');
    await peer.close();
  });

  it('refuses what the real API refuses, with JSON errors', async () => {
    const offer = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:sha-256 00\r\n';
    const cases: Array<[string, () => Promise<{ status: number; body: string }>, number, string]> = [
      ['no key', () => fetch(`${base}/v1/realtime/calls`, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: offer }).then(asText), 401, 'missing_api_key'],
      ['wrong key', () => postOffer(base, offer, { key: 'sk-wrong-0123456789' }), 401, 'invalid_api_key'],
      ['not SDP', () => postOffer(base, 'hello', { key: STANDARD_KEY }), 400, 'invalid_offer'],
      ['SDP werift cannot answer', () => postOffer(base, offer, { key: STANDARD_KEY }), 400, 'invalid_offer'],
      ['bad session field', () => postOffer(base, offer, { key: STANDARD_KEY, session: { type: 'realtime', voice: 'alloy' } }), 400, 'unknown_parameter'],
      ['JSON body', () => fetch(`${base}/v1/realtime/calls`, { method: 'POST', headers: { authorization: `Bearer ${STANDARD_KEY}`, 'content-type': 'application/json' }, body: '{}' }).then(asText), 400, 'invalid_content_type'],
      ['form without sdp', () => fetch(`${base}/v1/realtime/calls`, { method: 'POST', headers: { authorization: `Bearer ${STANDARD_KEY}` }, body: form({ session: '{"type":"realtime"}' }) }).then(asText), 400, 'missing_required_parameter'],
      ['form with another field', () => fetch(`${base}/v1/realtime/calls`, { method: 'POST', headers: { authorization: `Bearer ${STANDARD_KEY}` }, body: form({ sdp: offer, model: 'x' }) }).then(asText), 400, 'unknown_parameter'],
    ];
    for (const [name, run, status, code] of cases) {
      const { status: got, body } = await run();
      assert.equal(got, status, `${name}: ${body}`);
      assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, code, name);
    }
    const expiredKey = await (async () => {
      const response = await fetch(`${base}/v1/realtime/client_secrets`, { method: 'POST', headers: { authorization: `Bearer ${STANDARD_KEY}` } });
      return ((await response.json()) as { value: string }).value;
    })();
    assert.match(expiredKey, /^ek_/);
    assert.equal((await fetch(`${base}/v1/realtime/calls`)).status, 405);
  });
});

describe('a call', () => {
  it('runs a typed weather question with the tool round trip over the data channel, spoken on the remote track', async () => {
    const peer = await TestPeer.dial(base, { key: STANDARD_KEY, session: { type: 'realtime', tools: [weatherTool] } });
    await peer.next('session.created');
    userText(peer, 'What is the weather in Paris?');
    peer.send({ type: 'response.create' });
    const call = await peer.next('response.function_call_arguments.done');
    assert.equal(call.name, 'get_weather');
    assert.equal((JSON.parse(String(call.arguments)) as { location: string }).location, 'Paris');
    await peer.next('response.done');
    peer.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ temperature: { value: 18.5, units: 'C' } }) } });
    peer.send({ type: 'response.create' });
    const started = await peer.next('output_audio_buffer.started');
    const done = await peer.next('response.done', (event) => responseOf(event).id === started.response_id, 15_000);
    const stopped = await peer.next('output_audio_buffer.stopped', undefined, 15_000);
    assert.equal(stopped.response_id, started.response_id);
    assert.ok(peer.events.indexOf(stopped) > peer.events.indexOf(done), 'stopped comes after response.done');
    const transcript = String((responseOf(done).output[0].content as Array<{ transcript: string }>)[0].transcript);
    assert.match(transcript, /Paris/);
    assert.match(transcript, /18\.5/);
    // The speech arrived as Opus on the remote track: about as long as the item, and audible.
    assert.ok(peer.remoteAudio.length > 20, `${peer.remoteAudio.length} frames`);
    assert.ok(rmsDbfs(peer.remoteAudio) > -40, `remote audio at ${rmsDbfs(peer.remoteAudio).toFixed(1)} dBFS`);
    assert.equal(peer.all('response.output_audio.delta').length, 0);
    await peer.close();
  });

  it('hears a spoken turn sent as Opus: the VAD finds it, commits it and the model answers', async () => {
    const peer = await TestPeer.dial(base, { key: STANDARD_KEY, query: { sim_script: 'What is the weather in Tokyo?' } });
    await peer.next('session.created');
    const audio = concat(silence(300), synthesizeSpeech('Hello, can you hear me speaking right now?').samples, silence(800));
    await peer.speak(audio, SPEED);
    const started = await peer.next('input_audio_buffer.speech_started');
    const stopped = await peer.next('input_audio_buffer.speech_stopped');
    // Where the VAD finds the same speech given as PCM (the WebSocket way): Opus moves it by its
    // codec delay (6.5 ms) and a frame edge at most.
    const reference = new EnergyVad(vadParams({ type: 'server_vad', ...SERVER_VAD_DEFAULTS })).process(audio);
    assert.deepEqual(reference.map((event) => event.kind), ['speech_started', 'speech_stopped']);
    const [onset, end] = reference as unknown as [{ audioStartMs: number }, { audioEndMs: number }];
    assert.ok(Math.abs(Number(started.audio_start_ms) - onset.audioStartMs) <= 30, `started at ${String(started.audio_start_ms)}, PCM at ${onset.audioStartMs}`);
    assert.ok(Math.abs(Number(stopped.audio_end_ms) - end.audioEndMs) <= 30, `stopped at ${String(stopped.audio_end_ms)}, PCM at ${end.audioEndMs}`);
    const committed = await peer.next('input_audio_buffer.committed');
    assert.equal(committed.item_id, started.item_id);
    const done = await peer.next('response.done', undefined, 15_000);
    assert.equal(responseOf(done).status, 'completed');
    await peer.close();
  });

  it('survives microphone packets that are not Opus, and goes on', async () => {
    const peer = await TestPeer.dial(base, { key: STANDARD_KEY });
    await peer.next('session.created');
    for (let i = 0; i < 100; i++) peer.sendRawPacket(randomBytes(1 + (i * 37) % 400));
    userText(peer, 'Hello after the noise.');
    peer.send({ type: 'response.create' });
    assert.equal(responseOf(await peer.next('response.done', undefined, 15_000)).status, 'completed');
    await peer.close();
  });

  it('output_audio_buffer.clear cuts the speech: cleared, and the item keeps only what was played', async () => {
    const peer = await TestPeer.dial(base, { key: STANDARD_KEY });
    await peer.next('session.created');
    userText(peer, 'Please tell me a long story about the sea and the wind and the boats in the harbour.');
    peer.send({ type: 'response.create' });
    const started = await peer.next('output_audio_buffer.started');
    const added = await peer.next('response.output_item.added');
    await new Promise((resolve) => setTimeout(resolve, 300));
    peer.send({ type: 'response.cancel' });
    peer.send({ type: 'output_audio_buffer.clear' });
    const cleared = await peer.next('output_audio_buffer.cleared');
    assert.equal(cleared.response_id, started.response_id);
    const done = await peer.next('response.done');
    assert.equal(responseOf(done).status, 'cancelled');
    assert.equal(peer.all('output_audio_buffer.stopped').length, 0, 'a cleared buffer does not also stop');
    const itemId = String((added.item as { id: string }).id);
    peer.send({ type: 'conversation.item.retrieve', item_id: itemId });
    const retrieved = await peer.next('conversation.item.retrieved').catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(peer.all('error'))}`);
    });
    const audio = Buffer.from(String(((retrieved.item as { content: Array<{ audio: string }> }).content[0]).audio), 'base64');
    const keptMs = audio.length / 48;
    const playedMs = peer.remoteAudio.length * 20;
    // Kept: what the sender had sent when the clear arrived (the client heard that, give or take the loopback).
    assert.ok(keptMs > 0 && Math.abs(keptMs - playedMs) <= 100, `kept ${keptMs} ms, received ${playedMs} ms`);
    await peer.close();
  });

  it('an event larger than the peer\'s max-message-size is replaced by an error on the data channel', async () => {
    const peer = await TestPeer.dial(base, { key: STANDARD_KEY, maxMessageSize: 16 * 1024 });
    await peer.next('session.created');
    const audio = Buffer.alloc(48_000).toString('base64'); // 1 s of PCM16: 64 KiB of base64
    peer.send({ type: 'conversation.item.create', item: { id: 'item_big', type: 'message', role: 'user', content: [{ type: 'input_audio', audio }] } });
    await peer.next('conversation.item.done');
    peer.send({ type: 'conversation.item.retrieve', item_id: 'item_big' });
    const error = await peer.next('error');
    assert.equal((error.error as { code: string }).code, 'event_too_large');
    assert.match((error.error as { message: string }).message, /conversation\.item\.retrieved/);
    await peer.close();
  });

  it('speech over the answer interrupts it in VAD mode: cleared, then the new turn', async () => {
    const peer = await TestPeer.dial(base, { key: STANDARD_KEY });
    await peer.next('session.created');
    userText(peer, 'Please tell me a long story about the sea and the wind and the boats in the harbour.');
    peer.send({ type: 'response.create' });
    const started = await peer.next('output_audio_buffer.started');
    await peer.speak(concat(synthesizeSpeech('Wait, stop there please.').samples, silence(700)), SPEED);
    const cleared = await peer.next('output_audio_buffer.cleared');
    assert.equal(cleared.response_id, started.response_id);
    const cancelled = await peer.next('response.done', (event) => responseOf(event).id === started.response_id);
    assert.equal(responseOf(cancelled).status, 'cancelled');
    assert.equal((cancelled.response as { status_details: { reason: string } }).status_details.reason, 'turn_detected');
    await peer.next('input_audio_buffer.committed');
    await peer.close();
  });
});

describe('the sideband', () => {
  it('a WebSocket with ?call_id= and the standard key sees the call\'s events, updates the session and answers tools', async () => {
    const peer = await TestPeer.dial(base, { key: await mintKey({ type: 'realtime', tools: [weatherTool], output_modalities: ['text'] }) });
    await peer.next('session.created');
    const sideband = await connectClient(sim.url, { key: STANDARD_KEY, query: { call_id: peer.callId } });
    sideband.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Set by the server.' } });
    const updated = await peer.next('session.updated');
    assert.equal((updated.session as { instructions: string }).instructions, 'Set by the server.');
    await sideband.next('session.updated');
    userText(peer, 'What is the weather in Berlin?');
    peer.send({ type: 'response.create' });
    const call = await sideband.next('response.function_call_arguments.done');
    await sideband.next('response.done');
    sideband.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ temperature: { value: 9, units: 'C' } }) } });
    sideband.send({ type: 'response.create' });
    const done = await peer.next('response.done', (event) => responseOf(event).output[0]?.type === 'message', 10_000);
    assert.match(String((responseOf(done).output[0].content as Array<{ text: string }>)[0].text), /Berlin.*9 C/s);
    sideband.close();
    await peer.close();
  });

  it('refuses an ephemeral key and an unknown call id with an error event and close 1008', async () => {
    const peer = await TestPeer.dial(base, { key: STANDARD_KEY });
    for (const [key, callId, code] of [
      [await mintKey(), peer.callId, 'invalid_api_key'],
      [STANDARD_KEY, 'rtc_nonexistent', 'call_not_found'],
    ] as const) {
      const socket = await connectClient(sim.url, { key, query: { call_id: callId } });
      const error = await socket.next('error');
      assert.equal((error.error as { code: string }).code, code);
      assert.equal((await socket.closed).code, 1008);
    }
    await peer.close();
  });
});

async function asText(response: Response): Promise<{ status: number; body: string }> {
  return { status: response.status, body: await response.text() };
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}
