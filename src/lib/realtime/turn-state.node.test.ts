import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerSession } from '../protocol/protocol-types';
import { TurnState } from './turn-state';
import { session } from './test-support/server-events';

const MANUAL = { type: null, interruptResponse: false };
const withTurn = (turn: object | null): ServerSession => {
  const s = session();
  return { ...s, audio: { ...s.audio, input: { ...s.audio?.input, turn_detection: turn as never } } } as ServerSession;
};

test('the mode last sent governs until its update is answered; then the confirmed one', () => {
  const turns = new TurnState();
  assert.deepEqual(turns.current(MANUAL), MANUAL, 'nothing known: as asked');
  // Connect: our update (manual) is in flight when session.created brings the server default (VAD).
  turns.sent({ type: 'session.update', event_id: 'u1', session: { type: 'realtime', audio: { input: { turn_detection: null } } } });
  turns.confirm(withTurn({ type: 'server_vad' }), false);
  assert.deepEqual(turns.current(MANUAL), MANUAL, 'the server applies our update before anything we send next');
  // An update that does not touch turn detection changes nothing.
  turns.sent({ type: 'session.update', event_id: 'u2', session: { type: 'realtime', instructions: 'Hi' } });
  assert.deepEqual(turns.current(MANUAL), MANUAL);
  // The server answers: it kept VAD (a relay holds it).
  turns.confirm(withTurn({ type: 'server_vad', interrupt_response: false }), true);
  turns.confirm(withTurn({ type: 'server_vad', interrupt_response: false }), true);
  assert.deepEqual(turns.current(MANUAL), { type: 'server_vad', interruptResponse: false });
  // A refused update is answered too.
  turns.sent({ type: 'session.update', event_id: 'u3', session: { type: 'realtime', audio: { input: { turn_detection: { type: 'semantic_vad' } } } } });
  assert.deepEqual(turns.current(MANUAL), { type: 'semantic_vad', interruptResponse: true });
  turns.refused('u3');
  assert.deepEqual(turns.current(MANUAL), { type: 'server_vad', interruptResponse: false });
  turns.reset();
  assert.deepEqual(turns.current(MANUAL), MANUAL);
});
