import type { ServerSession } from '../../lib/protocol/protocol-types';
import protocolSchema from '../../lib/protocol/protocol.schema.json';
import { validateClientEvent } from '../../lib/protocol/validate';
import { RealtimeClient, type SessionConfigPatch as ClientPatch } from '../../lib/realtime';
import {
  DEFAULT_SESSION_SETTINGS,
  MODELS,
  TRANSCRIPTION_MODELS,
  VOICES,
  confirmedMismatches,
  needsReconnect,
  sessionToSettings,
  settingsErrors,
  settingsToClientPatch,
  settingsToSession,
  type SessionSettings,
} from './sessionSettings';

const settings = (patch: Partial<SessionSettings> = {}): SessionSettings => ({ ...DEFAULT_SESSION_SETTINGS, ...patch });
const update = (s: SessionSettings, includeModel = false) => ({ type: 'session.update', event_id: 'evt_1', session: settingsToSession(s, { includeModel }) });

/** Every combination of the choices the panel offers (numbers at their bounds). */
function combinations(): SessionSettings[] {
  const out: SessionSettings[] = [];
  const turns: Array<Partial<SessionSettings>> = [
    { turnDetection: 'none' },
    { turnDetection: 'server_vad', vadThreshold: 0, vadPrefixPaddingMs: 0, vadSilenceDurationMs: 0 },
    { turnDetection: 'server_vad', vadThreshold: 1, vadPrefixPaddingMs: 10_000, vadSilenceDurationMs: 10_000 },
    ...(['auto', 'low', 'medium', 'high'] as const).map((eagerness) => ({ turnDetection: 'semantic_vad' as const, eagerness })),
  ];
  for (const turn of turns)
    for (const noiseReduction of ['none', 'near_field', 'far_field'] as const)
      for (const transcriptionModel of ['none', ...TRANSCRIPTION_MODELS])
        for (const outputModality of ['audio', 'text'] as const)
          for (const maxOutputTokens of ['inf', 1, 4096] as const)
            out.push(settings({ ...turn, noiseReduction, transcriptionModel, outputModality, maxOutputTokens, voice: VOICES[out.length % VOICES.length], instructions: 'Be brief.' }));
  return out;
}

test('every combination the panel can produce is a valid GA session.update', () => {
  const all = combinations();
  expect(all.length).toBeGreaterThan(1000);
  for (const s of all) {
    const result = validateClientEvent(update(s));
    if (!result.valid) throw new Error(`${JSON.stringify(s)}: ${result.errors.join('; ')}`);
  }
  for (const model of MODELS) expect(validateClientEvent(update(settings({ model }), true)).errors).toEqual([]);
});

test('the session has the GA shape: audio settings under audio.input / audio.output', () => {
  const session = settingsToSession(
    settings({ turnDetection: 'server_vad', vadThreshold: 0.7, vadPrefixPaddingMs: 200, vadSilenceDurationMs: 800, noiseReduction: 'far_field', voice: 'cedar', outputModality: 'text', maxOutputTokens: 256, instructions: 'Hi' }),
  );
  expect(session).toEqual({
    type: 'realtime',
    instructions: 'Hi',
    output_modalities: ['text'],
    max_output_tokens: 256,
    audio: {
      input: {
        turn_detection: { type: 'server_vad', threshold: 0.7, prefix_padding_ms: 200, silence_duration_ms: 800 },
        noise_reduction: { type: 'far_field' },
        transcription: { model: 'gpt-4o-mini-transcribe' },
      },
      output: { voice: 'cedar' },
    },
  });
  expect(settingsToSession(settings({ turnDetection: 'semantic_vad', eagerness: 'high' })).audio!.input!.turn_detection).toEqual({ type: 'semantic_vad', eagerness: 'high' });
  const off = settingsToSession(settings({ noiseReduction: 'none', transcriptionModel: 'none' }));
  expect(off.audio.input).toEqual({ turn_detection: null, noise_reduction: null, transcription: null }); // null turns them off
  expect(validateClientEvent({ type: 'session.update', session: off }).errors).toEqual([]);
  expect(off).not.toHaveProperty('model');
  expect(settingsToSession(settings({ model: 'gpt-realtime-mini' }), { includeModel: true }).model).toBe('gpt-realtime-mini');
});

test('a beta-shaped session would be rejected, so the check above can fail', () => {
  const session = { ...settingsToSession(settings()), voice: 'alloy', modalities: ['audio'] };
  expect(validateClientEvent({ type: 'session.update', session }).valid).toBe(false);
});

test('the option lists are exactly the ones the openai types enumerate', () => {
  const definitions = (protocolSchema as unknown as { definitions: Record<string, { properties: Record<string, { anyOf: Array<{ const?: string; enum?: string[] }> }> }> }).definitions;
  const literals = (definition: string, property: string) =>
    definitions[definition].properties[property].anyOf.flatMap((branch) => branch.enum ?? (branch.const !== undefined ? [branch.const] : []));
  expect([...VOICES].sort()).toEqual(literals('RealtimeAudioConfigOutput', 'voice').sort());
  expect([...TRANSCRIPTION_MODELS].sort()).toEqual(literals('AudioTranscription', 'model').sort());
  expect([...MODELS].sort()).toEqual(literals('RealtimeSessionCreateRequest', 'model').sort());
});

test('settings round-trip through a session object', () => {
  for (const s of combinations().filter((_, i) => i % 37 === 0)) {
    const back = sessionToSettings(settingsToSession(s, { includeModel: true }));
    const expected = { ...s };
    if (s.turnDetection !== 'server_vad') Object.assign(expected, { vadThreshold: 0.5, vadPrefixPaddingMs: 300, vadSilenceDurationMs: 500 });
    if (s.turnDetection !== 'semantic_vad') expected.eagerness = 'auto';
    expect(back).toEqual(expected);
  }
});

const confirmedSession = (patch: Record<string, unknown> = {}): ServerSession =>
  ({
    type: 'realtime',
    object: 'realtime.session',
    id: 'sess_1',
    model: 'gpt-realtime',
    instructions: '',
    output_modalities: ['audio'],
    max_output_tokens: 'inf',
    audio: {
      input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null, noise_reduction: null, transcription: { model: 'gpt-4o-mini-transcribe' } },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin', speed: 1 },
    },
    ...patch,
  }) as unknown as ServerSession;

test('flags each field where the confirmed session differs from what was asked', () => {
  expect(confirmedMismatches(settings(), confirmedSession())).toEqual([]);
  expect(confirmedMismatches(settings(), null)).toEqual([]);
  const asked = settings({ voice: 'cedar', turnDetection: 'server_vad', vadThreshold: 0.6, maxOutputTokens: 100, noiseReduction: 'near_field' });
  const confirmed = confirmedSession({
    max_output_tokens: 100,
    audio: {
      input: { turn_detection: { type: 'server_vad', threshold: 0.6000000001, prefix_padding_ms: 300, silence_duration_ms: 200, create_response: true }, noise_reduction: null, transcription: null },
      output: { voice: 'alloy' },
    },
  });
  expect(confirmedMismatches(asked, confirmed)).toEqual([
    { field: 'voice', asked: 'cedar', confirmed: 'alloy' },
    { field: 'vadSilenceDurationMs', asked: 500, confirmed: 200 },
    { field: 'noiseReduction', asked: 'near_field', confirmed: 'none' },
    { field: 'transcriptionModel', asked: 'gpt-4o-mini-transcribe', confirmed: 'none' },
  ]);
  // Fields the server leaves out are not judged.
  expect(confirmedMismatches(settings({ voice: 'ash' }), { type: 'realtime', object: 'realtime.session', id: 's' } as ServerSession)).toEqual([]);
});

test('only a model change needs a reconnect; turning features off is a session.update', () => {
  const running = sessionToSettings(confirmedSession({ audio: { input: { noise_reduction: { type: 'near_field' }, transcription: { model: 'whisper-1' } } } }));
  expect(needsReconnect(running, running)).toEqual([]);
  expect(needsReconnect(settings({ ...running, model: 'gpt-realtime-mini' }), running)).toEqual(['the model is chosen when connecting']);
  expect(needsReconnect(settings({ ...running, noiseReduction: 'none', transcriptionModel: 'none' }), running)).toEqual([]);
  expect(needsReconnect(settings({ ...running, noiseReduction: 'far_field' }), running)).toEqual([]);
});

test('rejects out-of-range numbers', () => {
  expect(settingsErrors(settings())).toEqual({});
  expect(Object.keys(settingsErrors(settings({ turnDetection: 'server_vad', vadThreshold: 1.5, vadPrefixPaddingMs: -1, vadSilenceDurationMs: 2.5, maxOutputTokens: 5000 })))).toEqual([
    'vadThreshold',
    'vadPrefixPaddingMs',
    'vadSilenceDurationMs',
    'maxOutputTokens',
  ]);
  expect(settingsErrors(settings({ turnDetection: 'none', vadThreshold: 7 }))).toEqual({}); // not used, not judged
  expect(settingsErrors(settings({ model: ' ' })).model).toBeDefined();
});

describe('with the reference client', () => {
  test('the client patch turns features off in the client configuration, and round-trips', () => {
    const client = new RealtimeClient({ model: 'gpt-realtime' });
    const on = settings({ noiseReduction: 'near_field', transcriptionModel: 'whisper-1', turnDetection: 'semantic_vad', eagerness: 'low', voice: 'coral' });
    const onPatch: ClientPatch = settingsToClientPatch(on); // type-checked by `npm run typecheck`
    client.updateSession(onPatch);
    expect(sessionToSettings(client.getSessionConfig())).toEqual(on);

    const off = settings({ ...on, noiseReduction: 'none', transcriptionModel: 'none' });
    expect(settingsToClientPatch(off).audio.input).toMatchObject({ noise_reduction: null, transcription: null });
    client.updateSession(settingsToClientPatch(off));
    const config = client.getSessionConfig();
    expect(config.audio!.input).not.toHaveProperty('noise_reduction');
    expect(config.audio!.input).not.toHaveProperty('transcription');
    expect(config.audio!.input!.format).toEqual({ type: 'audio/pcm', rate: 24000 }); // untouched
    // What the client sends on the next connect is valid and has them off.
    expect(validateClientEvent({ type: 'session.update', session: config }).errors).toEqual([]);
    expect(sessionToSettings(config, { ...DEFAULT_SESSION_SETTINGS, noiseReduction: 'none', transcriptionModel: 'none' })).toEqual(off);
  });
});
