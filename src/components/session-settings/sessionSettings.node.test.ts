// Cross-check with OpenAI's official strict schemas, when ../shared/realtime-protocol is present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { officialProtocol } from '../../../testing/official-protocol';
import { connectedClient } from '../../lib/realtime/test-support/client-harness';
import { DEFAULT_SESSION_SETTINGS, TRANSCRIPTION_MODELS, VOICES, needsReconnect, settingsToClientPatch, settingsToSession, type SessionSettings } from './sessionSettings';

const official = officialProtocol();

test('session.update built from the panel settings passes the official strict schema', { skip: official ? false : 'no ../shared/realtime-protocol' }, () => {
  const variants: Array<Partial<SessionSettings>> = [
    {},
    { turnDetection: 'server_vad', vadThreshold: 0.3, vadPrefixPaddingMs: 100, vadSilenceDurationMs: 900, noiseReduction: 'near_field' },
    { turnDetection: 'semantic_vad', eagerness: 'low', noiseReduction: 'far_field', outputModality: 'text', maxOutputTokens: 4096 },
    { transcriptionModel: 'none', maxOutputTokens: 1 },
    ...VOICES.map((voice) => ({ voice })),
    ...TRANSCRIPTION_MODELS.map((transcriptionModel) => ({ transcriptionModel })),
  ];
  for (const variant of variants) {
    for (const includeModel of [false, true]) {
      const event = { type: 'session.update', event_id: 'evt_1', session: settingsToSession({ ...DEFAULT_SESSION_SETTINGS, ...variant }, { includeModel }) };
      const result = official!.validate('client', event);
      assert.deepEqual(result.errors, [], JSON.stringify(variant));
    }
  }
});

test('turning noise reduction and transcription off on a live session: one session.update with null, no reconnect', async () => {
  const h = await connectedClient();
  const on: SessionSettings = { ...DEFAULT_SESSION_SETTINGS, noiseReduction: 'far_field', transcriptionModel: 'whisper-1' };
  h.client.updateSession(settingsToClientPatch(on));
  const off: SessionSettings = { ...on, noiseReduction: 'none', transcriptionModel: 'none' };
  assert.deepEqual(needsReconnect(off, on), []);
  h.takeSent();
  h.client.updateSession(settingsToClientPatch(off));
  const sent = h.takeSent(); // each validated against the project schema and, when present, the official one
  assert.equal(sent.length, 1);
  assert.equal(sent[0].type, 'session.update');
  const input = (sent[0].session as { audio: { input: Record<string, unknown> } }).audio.input;
  assert.equal(input.noise_reduction, null);
  assert.equal(input.transcription, null);
  const config = h.client.getSessionConfig().audio?.input ?? {};
  assert.equal('noise_reduction' in config || 'transcription' in config, false, 'the client config no longer has them');
  h.client.disconnect();
});
