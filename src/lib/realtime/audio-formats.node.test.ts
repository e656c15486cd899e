import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerSession } from '../protocol/protocol-types';
import type { AudioFormat } from '../audio-codec/audio-format';
import { AudioFormatState } from './audio-formats';
import { connectedClient } from './test-support/client-harness';
import { base64ToBytes } from '../audio-codec/pcm';

const PCM: AudioFormat = { type: 'audio/pcm', rate: 24000 };
const PCMU: AudioFormat = { type: 'audio/pcmu' };
const PCMA: AudioFormat = { type: 'audio/pcma' };

const session = (input: AudioFormat, output: AudioFormat): ServerSession =>
  ({ type: 'realtime', object: 'realtime.session', id: 'sess_1', audio: { input: { format: input }, output: { format: output } } }) as ServerSession;
const update = (id: string, input?: AudioFormat, output?: AudioFormat) =>
  ({ type: 'session.update' as const, event_id: id, session: { type: 'realtime' as const, audio: { input: { format: input }, output: { format: output } } } });

test('before anything is known, the requested formats govern', () => {
  const state = new AudioFormatState();
  assert.deepEqual(state.input(PCMU), PCMU);
  assert.deepEqual(state.output(PCMA), PCMA);
  assert.equal(state.input(), undefined);
});

test('on connect, session.created (server defaults) does not undo the input format already sent', () => {
  const state = new AudioFormatState();
  state.sent(update('evt_1', PCMU, PCMU));
  state.confirm(session(PCM, PCM), false); // session.created: the defaults, before our update is applied
  assert.deepEqual(state.input(PCMU), PCMU, 'appends after our update are read as µ-law');
  assert.deepEqual(state.output(PCMU), PCM, 'no µ-law output can come before session.updated');
  state.confirm(session(PCMU, PCMU), true); // session.updated answers evt_1
  assert.deepEqual(state.input(PCM), PCMU);
  assert.deepEqual(state.output(PCM), PCMU);
});

test('the server confirmation governs once every update is answered; a refused update falls back to it', () => {
  const state = new AudioFormatState();
  state.sent(update('evt_1', PCMU, PCMU));
  state.confirm(session(PCMU, PCMU), true);
  state.sent(update('evt_2', PCMA));
  assert.deepEqual(state.input(), PCMA, 'sent, not answered: the server reads the next append as A-law');
  state.refused('evt_other');
  assert.deepEqual(state.input(), PCMA, 'an error about another event changes nothing');
  state.refused('evt_2');
  assert.deepEqual(state.input(), PCMU, 'refused: the confirmed format again');
});

test('updates are answered in order; an update without audio answers nothing about formats', () => {
  const state = new AudioFormatState();
  state.sent(update('evt_1', PCMU, PCMU));
  state.confirm(session(PCMU, PCMU), true);
  state.sent({ type: 'session.update', event_id: 'evt_2', session: { type: 'realtime', instructions: 'x' } });
  state.sent(update('evt_3', PCMA));
  state.confirm(session(PCMU, PCMU), true); // answers evt_2
  assert.deepEqual(state.input(), PCMA, 'evt_3 is still on its way');
  state.confirm(session(PCMA, PCMU), true); // answers evt_3
  assert.deepEqual(state.input(), PCMA);
  state.reset();
  assert.equal(state.input(), undefined);
});

test('client: appends right after connect use the format sent, although session.created says audio/pcm', async () => {
  const { client, takeSent, receive } = await connectedClient({ session: { audio: { input: { format: PCMU } } } });
  takeSent();
  receive({ type: 'session.created', event_id: 'e1', session: session(PCM, PCM) } as never);
  client.appendInputAudio(new Int16Array(2400)); // 100 ms
  client.createResponse();
  const appended = takeSent().filter((e) => e.type === 'input_audio_buffer.append').map((e) => base64ToBytes(e.audio as string).length);
  assert.equal(appended.reduce((a, b) => a + b, 0), 800, '100 ms of µ-law, not 4,800 bytes of PCM16');
  assert.deepEqual(client.getInputAudioFormat(), PCMU);
});
