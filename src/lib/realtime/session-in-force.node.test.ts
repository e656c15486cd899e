// The session in force: turn detection and audio formats, as sent while unanswered, else as confirmed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerSession } from '../protocol/protocol-types';
import type { AudioFormat } from '../audio-codec/audio-format';
import { SessionInForce } from './session-in-force';
import { connectedClient } from './test-support/client-harness';
import { session } from './test-support/server-events';
import { base64ToBytes } from '../audio-codec/pcm';

const MANUAL = { type: null, interruptResponse: false };
const withTurn = (turn: object | null): ServerSession => {
  const s = session();
  return { ...s, audio: { ...s.audio, input: { ...s.audio?.input, turn_detection: turn as never } } } as ServerSession;
};

test('the mode last sent governs until its update is answered; then the confirmed one', () => {
  const turns = new SessionInForce();
  assert.deepEqual(turns.turn(MANUAL), MANUAL, 'nothing known: as asked');
  // Connect: our update (manual) is in flight when session.created brings the server default (VAD).
  turns.sent({ type: 'session.update', event_id: 'u1', session: { type: 'realtime', audio: { input: { turn_detection: null } } } });
  turns.confirm(withTurn({ type: 'server_vad' }), false);
  assert.deepEqual(turns.turn(MANUAL), MANUAL, 'the server applies our update before anything we send next');
  // An update that does not touch turn detection changes nothing.
  turns.sent({ type: 'session.update', event_id: 'u2', session: { type: 'realtime', instructions: 'Hi' } });
  assert.deepEqual(turns.turn(MANUAL), MANUAL);
  // The server answers: it kept VAD (a relay holds it).
  turns.confirm(withTurn({ type: 'server_vad', interrupt_response: false }), true);
  turns.confirm(withTurn({ type: 'server_vad', interrupt_response: false }), true);
  assert.deepEqual(turns.turn(MANUAL), { type: 'server_vad', interruptResponse: false });
  // A refused update is answered too.
  turns.sent({ type: 'session.update', event_id: 'u3', session: { type: 'realtime', audio: { input: { turn_detection: { type: 'semantic_vad' } } } } });
  assert.deepEqual(turns.turn(MANUAL), { type: 'semantic_vad', interruptResponse: true });
  turns.refused('u3');
  assert.deepEqual(turns.turn(MANUAL), { type: 'server_vad', interruptResponse: false });
  turns.reset();
  assert.deepEqual(turns.turn(MANUAL), MANUAL);
});

const PCM: AudioFormat = { type: 'audio/pcm', rate: 24000 };
const PCMU: AudioFormat = { type: 'audio/pcmu' };
const PCMA: AudioFormat = { type: 'audio/pcma' };

const formatSession = (input: AudioFormat, output: AudioFormat): ServerSession =>
  ({ type: 'realtime', object: 'realtime.session', id: 'sess_1', audio: { input: { format: input }, output: { format: output } } }) as ServerSession;
const update = (id: string, input?: AudioFormat, output?: AudioFormat) =>
  ({ type: 'session.update' as const, event_id: id, session: { type: 'realtime' as const, audio: { input: { format: input }, output: { format: output } } } });

test('before anything is known, the requested formats govern', () => {
  const state = new SessionInForce();
  assert.deepEqual(state.inputFormat(PCMU), PCMU);
  assert.deepEqual(state.outputFormat(PCMA), PCMA);
  assert.equal(state.inputFormat(), undefined);
});

test('on connect, session.created (server defaults) does not undo the input format already sent', () => {
  const state = new SessionInForce();
  state.sent(update('evt_1', PCMU, PCMU));
  state.confirm(formatSession(PCM, PCM), false); // session.created: the defaults, before our update is applied
  assert.deepEqual(state.inputFormat(PCMU), PCMU, 'appends after our update are read as µ-law');
  assert.deepEqual(state.outputFormat(PCMU), PCM, 'no µ-law output can come before session.updated');
  state.confirm(formatSession(PCMU, PCMU), true); // session.updated answers evt_1
  assert.deepEqual(state.inputFormat(PCM), PCMU);
  assert.deepEqual(state.outputFormat(PCM), PCMU);
});

test('the server confirmation governs once every update is answered; a refused update falls back to it', () => {
  const state = new SessionInForce();
  state.sent(update('evt_1', PCMU, PCMU));
  state.confirm(formatSession(PCMU, PCMU), true);
  state.sent(update('evt_2', PCMA));
  assert.deepEqual(state.inputFormat(), PCMA, 'sent, not answered: the server reads the next append as A-law');
  state.refused('evt_other');
  assert.deepEqual(state.inputFormat(), PCMA, 'an error about another event changes nothing');
  state.refused('evt_2');
  assert.deepEqual(state.inputFormat(), PCMU, 'refused: the confirmed format again');
});

test('updates are answered in order; an update without audio answers nothing about formats', () => {
  const state = new SessionInForce();
  state.sent(update('evt_1', PCMU, PCMU));
  state.confirm(formatSession(PCMU, PCMU), true);
  state.sent({ type: 'session.update', event_id: 'evt_2', session: { type: 'realtime', instructions: 'x' } });
  state.sent(update('evt_3', PCMA));
  state.confirm(formatSession(PCMU, PCMU), true); // answers evt_2
  assert.deepEqual(state.inputFormat(), PCMA, 'evt_3 is still on its way');
  state.confirm(formatSession(PCMA, PCMU), true); // answers evt_3
  assert.deepEqual(state.inputFormat(), PCMA);
  state.reset();
  assert.equal(state.inputFormat(), undefined);
});

test('client: appends right after connect use the format sent, although session.created says audio/pcm', async () => {
  const { client, takeSent, receive } = await connectedClient({ session: { audio: { input: { format: PCMU } } } });
  takeSent();
  receive({ type: 'session.created', event_id: 'e1', session: formatSession(PCM, PCM) } as never);
  client.appendInputAudio(new Int16Array(2400)); // 100 ms
  client.createResponse();
  const appended = takeSent().filter((e) => e.type === 'input_audio_buffer.append').map((e) => base64ToBytes(e.audio as string).length);
  assert.equal(appended.reduce((a, b) => a + b, 0), 800, '100 ms of µ-law, not 4,800 bytes of PCM16');
  assert.deepEqual(client.getInputAudioFormat(), PCMU);
});
