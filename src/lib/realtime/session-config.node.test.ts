import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSessionConfig, mergeSessionConfig, sanitizeSession, sessionUpdateFor, turnDetectionType, turnSettingsOf, type SessionConfigPatch } from './session-config';
import { assertValidClientEvent } from './test-support/client-harness';

test('the default session is the GA shape the contract names, and validates', () => {
  const config = defaultSessionConfig();
  assert.equal(config.type, 'realtime');
  assert.deepEqual(config.output_modalities, ['audio']);
  assert.equal(config.audio?.output?.voice, 'marin');
  assert.equal(config.audio?.input?.turn_detection, null);
  assert.equal(config.audio?.input?.transcription?.model, 'gpt-4o-mini-transcribe');
  assertValidClientEvent({ type: 'session.update', session: config });
});

test('merge: audio fields one by one, turn_detection replaced whole, null removes transcription', () => {
  const base = mergeSessionConfig(defaultSessionConfig(), {
    audio: { input: { turn_detection: { type: 'server_vad', threshold: 0.7, silence_duration_ms: 400 } } },
  });
  const next = mergeSessionConfig(base, {
    audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'low' }, transcription: null }, output: { speed: 1.2 } },
  });
  assert.deepEqual(next.audio?.input?.turn_detection, { type: 'semantic_vad', eagerness: 'low' });
  assert.equal(next.audio?.input?.transcription, undefined);
  assert.deepEqual(next.audio?.input?.format, { type: 'audio/pcm', rate: 24000 });
  assert.equal(next.audio?.output?.voice, 'marin');
  assert.equal(next.audio?.output?.speed, 1.2);
  assert.equal(turnDetectionType(next), 'semantic_vad');
  assert.equal(turnDetectionType(mergeSessionConfig(next, { audio: { input: { turn_detection: null } } })), null);
  assert.equal(defaultSessionConfig().audio?.output?.speed, undefined, 'merging never mutates its inputs');
});

test('sanitize: only protocol fields, per turn detection type and tool type; null transcription / noise reduction kept', () => {
  const { session, dropped } = sanitizeSession({
    type: 'realtime',
    temperature: 0.8,
    tools: [{ type: 'function', name: 'f', parameters: {}, strict: true }],
    audio: {
      input: {
        transcription: null,
        noise_reduction: null,
        turn_detection: { type: 'semantic_vad', eagerness: 'auto', threshold: 0.5 },
        format: { type: 'audio/pcmu', rate: 8000 },
      },
    },
  } as unknown as SessionConfigPatch);
  assert.deepEqual(dropped.sort(), ['audio.input.format.rate', 'audio.input.turn_detection.threshold', 'temperature', 'tools[0].strict']);
  assert.deepEqual(session, {
    type: 'realtime',
    tools: [{ type: 'function', name: 'f', parameters: {} }],
    audio: {
      input: { transcription: null, noise_reduction: null, turn_detection: { type: 'semantic_vad', eagerness: 'auto' }, format: { type: 'audio/pcmu' } },
    },
  });
  assertValidClientEvent({ type: 'session.update', session });
});

test('the session.update for a patch: touched fields from the merged config, plus the nulls that turn features off', () => {
  const base = mergeSessionConfig(defaultSessionConfig(), { audio: { input: { noise_reduction: { type: 'far_field' } } } });
  const patch: SessionConfigPatch = { audio: { input: { transcription: null, noise_reduction: null } } };
  const config = mergeSessionConfig(base, patch);
  assert.equal(config.audio?.input?.transcription, undefined, 'the stored config drops them');
  assert.equal(config.audio?.input?.noise_reduction, undefined);
  const session = sessionUpdateFor(config, patch);
  assert.deepEqual(session, {
    type: 'realtime',
    audio: {
      input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null, transcription: null, noise_reduction: null },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin' },
    },
  });
  assert.equal(config.audio?.input?.transcription, undefined, 'building the update does not touch the config');
  assertValidClientEvent({ type: 'session.update', session });
  assert.deepEqual(sessionUpdateFor({ ...config, instructions: 'merged' }, { instructions: 'x' }), { type: 'realtime', instructions: 'merged' });
  assert.equal(sessionUpdateFor(config, {}), null);
});

test('turnSettingsOf reads a request or a server session: type, and interrupt_response defaulting to true with VAD', () => {
  assert.deepEqual(turnSettingsOf(defaultSessionConfig()), { type: null, interruptResponse: false });
  assert.deepEqual(turnSettingsOf({ audio: { input: { turn_detection: { type: 'semantic_vad' } } } }), { type: 'semantic_vad', interruptResponse: true });
  assert.deepEqual(turnSettingsOf({ audio: { input: { turn_detection: { type: 'server_vad', interrupt_response: false } } } }), { type: 'server_vad', interruptResponse: false });
  assert.deepEqual(turnSettingsOf({ audio: { input: { turn_detection: { type: 'something_new' } } } }), { type: null, interruptResponse: false });
  assert.deepEqual(turnSettingsOf({}), { type: null, interruptResponse: false });
});
