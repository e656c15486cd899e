// Cross-check with OpenAI's official strict schemas, when ../shared/realtime-protocol is present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { officialProtocol } from '../../../testing/official-protocol';
import { DEFAULT_SESSION_SETTINGS, TRANSCRIPTION_MODELS, VOICES, settingsToSession, type SessionSettings } from './sessionSettings';

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
