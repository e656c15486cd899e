// The WebRTC fork of a stored GPT-Live session (`POST /v1/live/sessions/{id}/fork`, sessions.d.ts
// `fork`) against the simulator on loopback, with a Node peer (werift) as the new frontend: the
// request checked against the generated schema (LiveForkRequest), the stored session's model,
// instructions and conversation inherited, the media overrides applied, and the refusals.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ServerEvent as LiveServerEvent } from 'openai/resources/live/live';
import { startSimulator, type RunningSimulator } from '../server';
import { validateLiveCreateAnswer } from '../../src/lib/protocol/live-validate';
import { LIVE_TEST_OFFER as OFFER, postLiveOffer, TestPeer } from '../webrtc/test-support';
import { invalidLiveEvents, mutateEvent, sendAudio, silence, speech, startLiveSession } from './test-support';

const KEY = 'sk-sim-live-fork';
const sent: LiveServerEvent[] = [];
let sim: RunningSimulator;
let base: string;

before(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, script: ['hello there'], onLiveServerEvent: (event) => sent.push(event) });
  base = `http://127.0.0.1:${sim.port}`;
});
after(async () => {
  await sim.close();
  assert.deepEqual(invalidLiveEvents(sent), [], 'every Live event the simulator sent is valid');
});

/** A stored WebSocket session in which the user said "hello there" and the model answered; closed. */
async function stored(session: Record<string, unknown> = {}): Promise<string> {
  const client = await startLiveSession(`ws://127.0.0.1:${sim.port}/v1/live/sessions`, { store: true, instructions: 'Be brief.', ...session }, KEY);
  const id = (client.all('session.started')[0].session as { id: string }).id;
  sendAudio(client, speech('hello there'));
  sendAudio(client, silence(3000));
  await client.next('session.output_transcript.delta');
  client.send({ type: 'session.close' });
  await client.closed;
  return id;
}

test('a stored session forks onto WebRTC: inherited model, instructions and conversation; the data channel overrides apply', async () => {
  const id = await stored();
  const peer = await TestPeer.dialLiveFork(base, KEY, id, { store: false, client: { data_channel: { allowed_server_events: [{ type: 'session.started' }, { type: 'error' }, { type: 'info' }] } } });
  try {
    assert.ok(validateLiveCreateAnswer({ session: { id: peer.callId }, transport: { type: 'webrtc', sdp: peer.peer.remoteDescription?.sdp } }).valid);
    const started = (await peer.next('session.started')).session as { id: string; model: string; instructions: string; store: boolean; audio: Record<string, unknown>; input: { role: string }[] };
    assert.deepEqual([started.id, started.model, started.instructions, started.store, started.audio.format], [peer.callId, 'gpt-live-1', 'Be brief.', false, undefined]);
    assert.deepEqual(started.input.map((item) => item.role).slice(0, 2), ['user', 'assistant'], 'the conversation so far');
    assert.equal((await peer.next('info')).code, 'data_channel_permissions');
  } finally {
    await peer.close();
  }
});

test('WebRTC fork refusals: unknown or unstored id, an audio format or a model, a delegation override on a client session, no key', async () => {
  const id = await stored();
  const fork = (storedId: string, body: unknown, key: string | null = KEY) => postLiveOffer(base, key, body, 'application/json', `/v1/live/sessions/${storedId}/fork`);
  const codeOf = (answer: { status: number; body: unknown }) => [answer.status, (answer.body as { error: { code: string; param: string | null } }).error.code, (answer.body as { error: { param: string | null } }).error.param];
  const transport = { type: 'webrtc', sdp: OFFER };
  assert.deepEqual(codeOf(await fork('sess_sim_none', { transport })), [404, 'session_not_found', 'session_id']);
  const unstored = await startLiveSession(`ws://127.0.0.1:${sim.port}/v1/live/sessions`, {}, KEY);
  const unstoredId = (unstored.all('session.started')[0].session as { id: string }).id;
  assert.deepEqual(codeOf(await fork(unstoredId, { transport })), [400, 'session_active', 'session_id']);
  unstored.send({ type: 'session.close' });
  await unstored.closed;
  assert.deepEqual(codeOf(await fork(unstoredId, { transport })), [400, 'session_not_stored', 'session_id']);
  // MediaSessionForkConfig has no audio and no model: "WebRTC negotiates its audio format".
  assert.deepEqual(codeOf(await fork(id, { transport, session: { audio: { format: { type: 'audio/pcm', rate: 24000 } } } })), [400, 'unknown_parameter', 'session.audio']);
  assert.deepEqual(codeOf(await fork(id, { transport, session: { model: 'gpt-live-1.1' } })), [400, 'unknown_parameter', 'session.model']);
  assert.deepEqual(codeOf(await fork(id, { transport, session: { delegation: { type: 'responses', responses: { model: 'gpt-5.5' } } } })), [400, 'invalid_value', 'session.delegation']);
  assert.equal((await fork(id, { transport: { type: 'webrtc', sdp: 'hello' } })).status, 400);
  assert.equal((await fork(id, { transport }, null)).status, 401);
  assert.equal((await fork(id, { transport }, 'ek_not_for_live')).status, 401);
});

test('fuzzed WebRTC fork bodies get a 4xx, never a 5xx, and the route still forks after', async () => {
  const id = await stored();
  const odd: unknown[] = [null, 0, -1, '', 'x'.repeat(3000), [], {}, true, { type: 'webrtc' }, { data_channel: 'all' }, { rate: 1 }];
  const seeds: unknown[] = [
    { transport: { type: 'webrtc', sdp: OFFER } },
    { transport: { type: 'webrtc', sdp: OFFER }, session: { store: true, client: { data_channel: { allowed_client_events: 'all' } } } },
    { transport: { type: 'webrtc', sdp: OFFER }, session: { delegation: { type: 'responses', acknowledgement_delay_ms: 5 } } },
  ];
  for (let n = 0; n < 120; n++) {
    const body = mutateEvent(seeds[n % seeds.length], n, odd, ['session', 'transport', 'extra']);
    const target = n % 7 === 0 ? `sess_sim_${'z'.repeat(n)}` : id;
    const answer = await postLiveOffer(base, KEY, n % 11 === 0 ? '{not json' : body, 'application/json', `/v1/live/sessions/${target}/fork`);
    assert.ok(answer.status >= 400 && answer.status < 500, `${n}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
  }
  const peer = await TestPeer.dialLiveFork(base, KEY, id);
  try {
    await peer.next('session.started');
  } finally {
    await peer.close();
  }
});
