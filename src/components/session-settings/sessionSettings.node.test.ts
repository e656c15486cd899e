// Cross-check with OpenAI's official strict schemas, when ../shared/realtime-protocol is present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { officialProtocol } from '../../../testing/official-protocol';
import { connectedClient } from '../../lib/realtime/test-support/client-harness';
import { LIMITS } from './limits';
import { TRANSCRIPTION_MODELS, VOICES } from './options';
import { settingsToSession } from './sessionMapping';
import { DEFAULT_SESSION_SETTINGS, needsReconnect, type SessionSettings } from './sessionSettings';

const official = officialProtocol();
const skip = official ? false : 'no ../shared/realtime-protocol';

test('session.update built from the panel settings passes the official strict schema', { skip }, () => {
  const variants: Array<Partial<SessionSettings>> = [
    {},
    { turnDetection: 'server_vad', vadThreshold: 0.3, vadPrefixPaddingMs: 100, vadSilenceDurationMs: 900, idleTimeoutMs: 5000, noiseReduction: 'near_field' },
    { turnDetection: 'semantic_vad', eagerness: 'low', noiseReduction: 'far_field', outputModality: 'text', maxOutputTokens: 4096, createResponse: false },
    { transcriptionModel: 'none', maxOutputTokens: 1 },
    { inputFormat: 'pcmu', outputFormat: 'pcma', speed: 0.25 },
    { speed: 1.5, toolChoice: 'function', toolChoiceName: 'get_weather' },
    { toolChoice: 'mcp', toolChoiceServer: 'deepwiki', toolChoiceName: 'ask' },
    { model: 'gpt-realtime-2.1', reasoningEffort: 'xhigh', parallelToolCalls: 'on' },
    { truncation: 'retention_ratio', retentionRatio: 0.5, truncationTokenLimit: 1000 },
    { truncation: 'disabled', tracing: 'auto' },
    { tracing: 'custom', tracingWorkflowName: 'w', tracingGroupId: 'g', tracingMetadata: '{"a":"b"}' },
    { promptId: 'pmpt_1', promptVersion: '2', promptVariables: '{"name":"Ada"}' },
    { includeLogprobs: true, transcriptionLanguage: 'en', transcriptionPrompt: 'cities' },
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

test("the form's ranges are the official spec's, where it has them", { skip }, () => {
  const schema = readFileSync(join(official!.folder, 'realtime-ga.strict.schema.json'), 'utf8');
  const defs = (JSON.parse(schema) as { $defs: Record<string, Record<string, unknown>> }).$defs;
  const at = (path: string[]): { minimum?: number; maximum?: number; type?: string } =>
    path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], defs) as { minimum?: number; maximum?: number };
  const speed = at(['RealtimeSessionCreateRequestGA', 'properties', 'audio', 'properties', 'output', 'properties', 'speed']);
  assert.deepEqual([speed.minimum, speed.maximum], [LIMITS.speed.min, LIMITS.speed.max]);
  const truncation = at(['RealtimeTruncation', 'anyOf', '1', 'properties']) as unknown as Record<string, { minimum?: number; maximum?: number; properties?: Record<string, { minimum?: number; type?: string }> }>;
  assert.deepEqual([truncation.retention_ratio.minimum, truncation.retention_ratio.maximum], [LIMITS.retentionRatio.min, LIMITS.retentionRatio.max]);
  assert.equal(truncation.token_limits.properties!.post_instructions.minimum, LIMITS.truncationTokenLimit.min);
  const idle = at(['RealtimeTurnDetection', 'anyOf', '0', 'anyOf', '0', 'properties', 'idle_timeout_ms', 'anyOf', '0']);
  assert.deepEqual([idle.minimum, idle.maximum, idle.type], [LIMITS.idleTimeoutMs.min, LIMITS.idleTimeoutMs.max, 'integer']);
});

test('turning noise reduction and transcription off on a live session: one session.update with null, no reconnect', async () => {
  const h = await connectedClient();
  const on: SessionSettings = { ...DEFAULT_SESSION_SETTINGS, noiseReduction: 'far_field', transcriptionModel: 'whisper-1' };
  h.client.updateSession(settingsToSession(on));
  const off: SessionSettings = { ...on, noiseReduction: 'none', transcriptionModel: 'none' };
  assert.deepEqual(needsReconnect(off, on), []);
  h.takeSent();
  h.client.updateSession(settingsToSession(off));
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
