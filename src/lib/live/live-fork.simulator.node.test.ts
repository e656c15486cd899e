// Forks of stored GPT-Live sessions: the LiveClient against the simulator over real WebSockets on
// loopback (`/v1/live/sessions` with `store: true`, then `/v1/live/sessions/{id}/fork`), every
// frame both ways strictly valid against the generated Live schema (the fork's against forks.d.ts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LiveClient } from './live-client';
import type { LiveForkTarget, LiveSessionConfig, LiveWireEvent } from './live-types';
import { startLiveSimulator, speech, invalidLiveEvents, type LiveSimulator } from '../../../simulator/live/test-support';
import { assistantText, invalidLiveFrames, until } from './test-support';

const HELLO = 'Hello there simulator';
const simulators: LiveSimulator[] = [];
const primaryFrames: LiveWireEvent[] = [];
const forkFrames: LiveWireEvent[] = [];

after(async () => {
  for (const live of simulators) {
    await live.simulator.close();
    assert.deepEqual(invalidLiveEvents(live.sent), []);
  }
  assert.ok(forkFrames.length > 20, `${forkFrames.length} fork frames`);
  assert.deepEqual(invalidLiveFrames(primaryFrames), [], 'primary frames valid against the Live schema');
  assert.deepEqual(invalidLiveFrames(forkFrames, true), [], 'fork frames valid against the fork schema');
});

async function simulator(script: string[]): Promise<LiveSimulator> {
  const live = await startLiveSimulator({ script });
  simulators.push(live);
  return live;
}

/** `record: false` for a client that sends what the schema refuses on purpose. */
function client(live: LiveSimulator, how: { session?: Partial<LiveSessionConfig>; fork?: LiveForkTarget }, record = true): LiveClient {
  const session = how.fork ? undefined : { model: 'gpt-live-1', ...how.session };
  const live_ = new LiveClient({ url: live.url, apiKey: 'sk-sim-test', session, fork: how.fork, pacing: { speed: 20 }, timeoutMs: 10_000 });
  if (record) live_.on('live.event', (event) => (how.fork ? forkFrames : primaryFrames).push(event));
  return live_;
}

/** A stored (or not) session in which the user said `HELLO` and the model answered; closed. */
async function talkedAndClosed(live: LiveSimulator, session: Partial<LiveSessionConfig> = {}, fork?: LiveForkTarget): Promise<{ id: string; said: string }> {
  const c = client(live, fork ? { fork } : { session: { store: true, ...session } });
  const started = await c.connect();
  c.appendInputAudio(speech(HELLO));
  c.startAudio();
  await until(c, () => (assistantText(c).includes(`You said: ${HELLO}`) ? true : null), 'the reply');
  await c.close();
  return { id: started.id, said: assistantText(c) };
}

const texts = (input: unknown): string[] => ((input ?? []) as { role: string; content: { text: string }[] }[]).map((item) => `${item.role}: ${item.content[0].text}`);

test('a stored session forks: the new session inherits model, voice, instructions and the conversation; a fork of the fork inherits both', async () => {
  const live = await simulator([HELLO]);
  const stored = await talkedAndClosed(live, { instructions: 'Be brief.', audio: { output: { voice: 'cedar' } } });

  const fork = client(live, { fork: { sessionId: stored.id } });
  const session = await fork.connect();
  assert.equal(fork.forkedFrom, stored.id);
  assert.notEqual(session.id, stored.id);
  assert.deepEqual([session.model, session.instructions, session.audio?.output?.voice, session.store], ['gpt-live-1', 'Be brief.', 'cedar', true]);
  const inherited = texts(session.input);
  assert.equal(inherited[0], `user: ${HELLO}`);
  assert.match(inherited[1], /^assistant: You said: Hello there simulator\./);
  assert.equal(forkFrames[0].event.type, 'session.start');
  assert.deepEqual((forkFrames[0].event as { session: unknown }).session, {}, 'an empty overrides object');
  // The fork is a live session of its own: it hears, answers and is stored in turn.
  fork.appendInputAudio(speech(HELLO));
  fork.startAudio();
  await until(fork, () => (assistantText(fork).includes('You said') ? true : null), "the fork's reply");
  await fork.close();

  const second = client(live, { fork: { sessionId: session.id } });
  const grandchild = await second.connect();
  assert.equal(texts(grandchild.input).length, 4, 'the stored conversation, then the first fork’s');
  await second.close();
});

test('fork overrides: audio format and store apply; no store means no fork of the fork', async () => {
  const live = await simulator([HELLO]);
  const stored = await talkedAndClosed(live);
  const fork = client(live, { fork: { sessionId: stored.id, overrides: { store: false, audio: { format: { type: 'audio/pcmu', rate: 8000 } } } } });
  const session = await fork.connect();
  assert.deepEqual([session.audio?.format, session.store], [{ type: 'audio/pcmu', rate: 8000 }, false]);
  let audio = 0;
  fork.on('audio', (samples) => (audio += samples.length));
  fork.startAudio();
  await until(fork, () => (audio >= 2400 ? true : null), 'µ-law output decoded');
  await fork.close();
  await assert.rejects(client(live, { fork: { sessionId: session.id } }).connect(), /session_not_stored/);
});

test('fork errors: unknown id, a session not stored, one still active, and overrides the types refuse', async () => {
  const live = await simulator([HELLO]);
  await assert.rejects(client(live, { fork: { sessionId: 'sess_sim_nope' } }).connect(), /session_not_found/);

  const unstored = client(live, { session: {} });
  const unstoredId = (await unstored.connect()).id;
  const active = client(live, { session: { store: true } });
  const activeId = (await active.connect()).id;
  await assert.rejects(client(live, { fork: { sessionId: activeId } }).connect(), /session_active/);
  await unstored.close();
  await assert.rejects(client(live, { fork: { sessionId: unstoredId } }).connect(), /session_not_stored/);
  await active.close();

  const refused = async (overrides: object, pattern: RegExp, valid = false) => {
    const fork = client(live, { fork: { sessionId: activeId, overrides: overrides as LiveForkTarget['overrides'] } }, valid);
    await assert.rejects(fork.connect(), pattern);
  };
  // live.d.ts ForkSessionConfig: "do not supply a new model"; client overrides are WebRTC-only;
  // delegation overrides need a stored Responses session.
  await refused({ model: 'gpt-live-1.1' }, /unknown_parameter/);
  await refused({ client: { data_channel: { allowed_client_events: 'all' } } }, /invalid_value: client overrides/, true);
  await refused({ delegation: { type: 'responses', responses: { model: 'gpt-5.5' } } }, /delegation type cannot change/, true);
  await refused({ delegation: { type: 'client' } }, /session\.start refused/);
  const ok = client(live, { fork: { sessionId: activeId } });
  await ok.connect();
  await ok.close();
});

test('a Responses session forks with backend overrides: the delegation type stays, the backend changes', async () => {
  const live = await simulator([]);
  const c = client(live, { session: { store: true, delegation: { type: 'responses', responses: { model: 'gpt-5.5', instructions: 'Backend A.' } } } });
  const id = (await c.connect()).id;
  await c.close();
  const fork = client(live, { fork: { sessionId: id, overrides: { delegation: { type: 'responses', acknowledgement_delay_ms: 250, responses: { instructions: 'Backend B.' } } } } });
  const session = await fork.connect();
  const delegation = session.delegation as { type: string; acknowledgement_delay_ms: number; responses: { model: string; instructions: string } };
  assert.deepEqual([delegation.type, delegation.acknowledgement_delay_ms, delegation.responses.model, delegation.responses.instructions], ['responses', 250, 'gpt-5.5', 'Backend B.']);
  await fork.close();
});
