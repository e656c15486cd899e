import type { ServerSession } from '../../lib/protocol/protocol-types';
import protocolSchema from '../../lib/protocol/protocol.schema.json';
import { validateClientEvent } from '../../lib/protocol/validate';
import { RETIRED_REALTIME_MODELS } from '../../lib/protocol/models';
import { RealtimeClient, type SessionConfigPatch as ClientPatch } from '../../lib/realtime';
import { MODELS, TRANSCRIPTION_MODELS, VOICES } from './options';
import { confirmedMismatches, readSession, sessionToSettings, settingsToSession } from './sessionMapping';
import { DEFAULT_SESSION_SETTINGS, mismatchesOf, needsReconnect, relevantFields, type SessionSettings } from './sessionSettings';
import { settingsErrors } from './validation';

const settings = (patch: Partial<SessionSettings> = {}): SessionSettings => ({ ...DEFAULT_SESSION_SETTINGS, ...patch });
const update = (s: SessionSettings, includeModel = false) => ({ type: 'session.update', event_id: 'evt_1', session: settingsToSession(s, { includeModel }) });

/** Every combination of the main choices the panel offers (numbers at their bounds). */
function combinations(): SessionSettings[] {
  const out: SessionSettings[] = [];
  const turns: Array<Partial<SessionSettings>> = [
    { turnDetection: 'none' },
    { turnDetection: 'server_vad', vadThreshold: 0, vadPrefixPaddingMs: 0, vadSilenceDurationMs: 0, idleTimeoutMs: 5000, createResponse: false },
    { turnDetection: 'server_vad', vadThreshold: 1, vadPrefixPaddingMs: 10_000, vadSilenceDurationMs: 10_000, idleTimeoutMs: 30_000, interruptResponse: false },
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

/** One variant per value of each field added for issue 12 (formats, tools, reasoning, prompt…). */
const VARIANTS: Array<Partial<SessionSettings>> = [
  ...(['pcm', 'pcmu', 'pcma'] as const).flatMap((format) => [{ inputFormat: format }, { outputFormat: format }]),
  { speed: 0.25 },
  { speed: 1.5 },
  { toolChoice: 'none' },
  { toolChoice: 'required' },
  { toolChoice: 'function', toolChoiceName: 'get_weather' },
  { toolChoice: 'mcp', toolChoiceServer: 'deepwiki' },
  { toolChoice: 'mcp', toolChoiceServer: 'deepwiki', toolChoiceName: 'ask_question' },
  ...(['minimal', 'low', 'medium', 'high', 'xhigh'] as const).map((reasoningEffort) => ({ model: 'gpt-realtime-2.1', reasoningEffort })),
  { model: 'gpt-realtime-2', parallelToolCalls: 'on' },
  { model: 'gpt-realtime-2.1-mini', parallelToolCalls: 'off' },
  { truncation: 'disabled' },
  { truncation: 'retention_ratio', retentionRatio: 0 },
  { truncation: 'retention_ratio', retentionRatio: 1, truncationTokenLimit: 8000 },
  { tracing: 'auto' },
  { tracing: 'custom', tracingWorkflowName: 'console', tracingGroupId: 'g1', tracingMetadata: '{"team":"voice"}' },
  { tracing: 'custom' },
  { promptId: 'pmpt_123' },
  { promptId: 'pmpt_123', promptVersion: '2', promptVariables: '{"name":"Ada"}' },
  { includeLogprobs: true },
  { transcriptionLanguage: 'fr', transcriptionPrompt: 'weather words' },
  { turnDetection: 'semantic_vad', createResponse: false, interruptResponse: false },
];

test('every combination the panel can produce is a valid GA session.update', () => {
  const all = [...combinations(), ...VARIANTS.map((variant) => settings(variant))];
  expect(all.length).toBeGreaterThan(1000);
  for (const s of all) {
    expect(settingsErrors(s)).toEqual({});
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
    tool_choice: 'auto',
    truncation: 'auto',
    tracing: null,
    prompt: null,
    include: [],
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        turn_detection: { type: 'server_vad', threshold: 0.7, prefix_padding_ms: 200, silence_duration_ms: 800, create_response: true, interrupt_response: true },
        noise_reduction: { type: 'far_field' },
        transcription: { model: 'gpt-4o-mini-transcribe' },
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'cedar', speed: 1 },
    },
  });
  expect(settingsToSession(settings({ turnDetection: 'semantic_vad', eagerness: 'high' })).audio?.input?.turn_detection).toEqual({
    type: 'semantic_vad',
    eagerness: 'high',
    create_response: true,
    interrupt_response: true,
  });
  const off = settingsToSession(settings({ noiseReduction: 'none', transcriptionModel: 'none' }));
  expect(off.audio?.input).toEqual({ format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null, noise_reduction: null, transcription: null }); // null turns them off
  expect(validateClientEvent({ type: 'session.update', session: off }).errors).toEqual([]);
  expect(off).not.toHaveProperty('model');
  expect(settingsToSession(settings({ model: 'gpt-realtime-2.1-mini' }), { includeModel: true }).model).toBe('gpt-realtime-2.1-mini');
});

test('every new field maps to its GA place', () => {
  const s = settingsToSession(
    settings({
      model: 'gpt-realtime-2.1',
      inputFormat: 'pcmu',
      outputFormat: 'pcma',
      speed: 1.25,
      turnDetection: 'server_vad',
      idleTimeoutMs: 6000,
      createResponse: false,
      interruptResponse: false,
      transcriptionLanguage: 'en',
      transcriptionPrompt: 'expect city names',
      includeLogprobs: true,
      toolChoice: 'function',
      toolChoiceName: 'get_weather',
      parallelToolCalls: 'off',
      reasoningEffort: 'high',
      truncation: 'retention_ratio',
      retentionRatio: 0.5,
      truncationTokenLimit: 12_000,
      tracing: 'custom',
      tracingWorkflowName: 'console',
      tracingMetadata: '{"a": 1}',
      promptId: 'pmpt_1',
      promptVersion: '3',
      promptVariables: '{"city": "Paris"}',
    }),
  );
  expect(s.audio?.input?.format).toEqual({ type: 'audio/pcmu' });
  expect(s.audio?.output).toMatchObject({ format: { type: 'audio/pcma' }, speed: 1.25 });
  expect(s.audio?.input?.turn_detection).toMatchObject({ idle_timeout_ms: 6000, create_response: false, interrupt_response: false });
  expect(s.audio?.input?.transcription).toEqual({ model: 'gpt-4o-mini-transcribe', language: 'en', prompt: 'expect city names' });
  expect(s).toMatchObject({
    include: ['item.input_audio_transcription.logprobs'],
    tool_choice: { type: 'function', name: 'get_weather' },
    parallel_tool_calls: false,
    reasoning: { effort: 'high' },
    truncation: { type: 'retention_ratio', retention_ratio: 0.5, token_limits: { post_instructions: 12_000 } },
    tracing: { workflow_name: 'console', metadata: { a: 1 } },
    prompt: { id: 'pmpt_1', version: '3', variables: { city: 'Paris' } },
  });
  // Reasoning settings go to Realtime 2 models only, and only when set.
  const older = settingsToSession(settings({ model: 'gpt-realtime-1.5', reasoningEffort: 'high', parallelToolCalls: 'on' }));
  expect(older).not.toHaveProperty('reasoning');
  expect(older).not.toHaveProperty('parallel_tool_calls');
  expect(settingsToSession(settings({ model: 'gpt-realtime-2.1' }))).not.toHaveProperty('reasoning');
  // A model that takes no transcription prompt gets none.
  expect(settingsToSession(settings({ transcriptionModel: 'gpt-realtime-whisper', transcriptionPrompt: '' })).audio?.input?.transcription).toEqual({ model: 'gpt-realtime-whisper' });
});

test('a beta-shaped session would be rejected, so the check above can fail', () => {
  const session = { ...settingsToSession(settings()), voice: 'alloy', modalities: ['audio'] };
  expect(validateClientEvent({ type: 'session.update', session }).valid).toBe(false);
});

type Definitions = Record<string, { properties: Record<string, { anyOf: Array<{ const?: string; enum?: string[] }> }> }>;
const literals = (definition: string, property: string) =>
  (protocolSchema as unknown as { definitions: Definitions }).definitions[definition].properties[property].anyOf.flatMap(
    (branch) => branch.enum ?? (branch.const !== undefined ? [branch.const] : []),
  );

test('the option lists are the ones the openai types enumerate', () => {
  expect([...VOICES].sort()).toEqual(literals('RealtimeAudioConfigOutput', 'voice').sort());
  expect([...TRANSCRIPTION_MODELS].sort()).toEqual(literals('AudioTranscription', 'model').sort());
});

test('the model list offers no retired model, and every model the types name is classified', () => {
  const typed = literals('RealtimeSessionCreateRequest', 'model');
  const retired = RETIRED_REALTIME_MODELS.map((model) => model.id);
  expect([...MODELS, ...retired].sort()).toEqual([...typed].sort());
  expect(MODELS.filter((model) => model.includes('preview'))).toEqual([]);
  expect(MODELS.filter((model) => retired.includes(model))).toEqual([]);
  expect(MODELS[0]).toBe(DEFAULT_SESSION_SETTINGS.model);
  expect(DEFAULT_SESSION_SETTINGS.model).toBe('gpt-realtime-2.1');
});

test('settings round-trip through a session object', () => {
  const samples = [...combinations().filter((_, i) => i % 37 === 0), ...VARIANTS.map((variant) => settings(variant))];
  for (const s of samples) {
    const back = sessionToSettings(settingsToSession(s, { includeModel: true }));
    // Only what was sent comes back: compare the fields that matter for these settings (JSON by meaning).
    const meaning = (settings: SessionSettings) =>
      relevantFields(s).map((field) => [field, field === 'tracingMetadata' || field === 'promptVariables' ? JSON.parse(settings[field] || 'null') : settings[field]]);
    expect(meaning(back)).toEqual(meaning(s));
  }
});

const confirmedSession = (patch: Record<string, unknown> = {}): ServerSession =>
  ({
    type: 'realtime',
    object: 'realtime.session',
    id: 'sess_1',
    model: 'gpt-realtime-2.1',
    instructions: '',
    output_modalities: ['audio'],
    max_output_tokens: 'inf',
    tool_choice: 'auto',
    truncation: 'auto',
    tracing: null,
    prompt: null,
    include: null,
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
      input: {
        turn_detection: { type: 'server_vad', threshold: 0.6000000001, prefix_padding_ms: 300, silence_duration_ms: 200, idle_timeout_ms: null, create_response: true, interrupt_response: true },
        noise_reduction: null,
        transcription: null,
      },
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

test('the new fields are compared with the confirmed session too', () => {
  const asked = settings({
    outputFormat: 'pcmu',
    speed: 1.2,
    toolChoice: 'function',
    toolChoiceName: 'get_weather',
    reasoningEffort: 'high',
    tracing: 'custom',
    tracingMetadata: '{ "a": 1 }',
    includeLogprobs: true,
    transcriptionLanguage: 'en',
  });
  const confirmed = confirmedSession({
    tool_choice: { type: 'function', name: 'set_memory' },
    reasoning: { effort: 'low' },
    tracing: { metadata: { a: 1 } },
    include: ['item.input_audio_transcription.logprobs'],
    audio: {
      input: { transcription: { model: 'gpt-4o-mini-transcribe', language: 'de' } },
      output: { format: { type: 'audio/pcm', rate: 24000 }, speed: 1.2 },
    },
  });
  expect(confirmedMismatches(asked, confirmed).map((m) => [m.field, m.confirmed])).toEqual([
    ['reasoningEffort', 'low'],
    ['outputFormat', 'pcm'],
    ['transcriptionLanguage', 'de'],
    ['toolChoiceName', 'set_memory'],
  ]); // metadata equal by meaning, not by spacing
  // A model default that was not asked for is not judged.
  expect(confirmedMismatches(settings(), confirmedSession({ reasoning: { effort: 'low' }, parallel_tool_calls: true }))).toEqual([]);
  expect(readSession(confirmedSession({ include: null })).includeLogprobs).toBe(false);
});

test('only a model change needs a reconnect; turning features off is a session.update', () => {
  const running = sessionToSettings(confirmedSession({ audio: { input: { noise_reduction: { type: 'near_field' }, transcription: { model: 'whisper-1' } } } }));
  expect(needsReconnect(running, running)).toEqual([]);
  expect(needsReconnect(settings({ ...running, model: 'gpt-realtime-2.1-mini' }), running)).toEqual(['the model is chosen when connecting']);
  expect(needsReconnect(settings({ ...running, noiseReduction: 'none', transcriptionModel: 'none' }), running)).toEqual([]);
  expect(needsReconnect(settings({ ...running, outputFormat: 'pcmu', speed: 0.5 }), running)).toEqual([]);
});

test('refuses out-of-range numbers, with the range', () => {
  expect(settingsErrors(settings())).toEqual({});
  const errors = settingsErrors(
    settings({ turnDetection: 'server_vad', vadThreshold: 1.5, vadPrefixPaddingMs: -1, vadSilenceDurationMs: 2.5, idleTimeoutMs: 100, maxOutputTokens: 5000, speed: 3, truncation: 'retention_ratio', retentionRatio: 1.2, truncationTokenLimit: -5 }),
  );
  expect(errors).toEqual({
    vadThreshold: 'Enter a number from 0 to 1.',
    vadPrefixPaddingMs: 'Enter a whole number from 0 to 10000.',
    vadSilenceDurationMs: 'Enter a whole number from 0 to 10000.',
    idleTimeoutMs: 'Enter a whole number from 5000 to 30000.',
    maxOutputTokens: 'Enter a whole number from 1 to 4096.',
    speed: 'Enter a number from 0.25 to 1.5.',
    retentionRatio: 'Enter a number from 0 to 1.',
    truncationTokenLimit: 'Enter a whole number from 0.',
  });
  expect(settingsErrors(settings({ maxOutputTokens: 12.5 })).maxOutputTokens).toBe('Enter a whole number from 1 to 4096.');
  expect(settingsErrors(settings({ speed: Number.NaN })).speed).toBe('Enter a number from 0.25 to 1.5.');
  expect(settingsErrors(settings({ turnDetection: 'none', vadThreshold: 7, idleTimeoutMs: 1 }))).toEqual({}); // not used, not judged
  expect(settingsErrors(settings({ turnDetection: 'server_vad', idleTimeoutMs: null }))).toEqual({}); // off
  expect(settingsErrors(settings({ model: ' ' })).model).toBe('Enter a model name.');
});

test('refuses other values the server would refuse, saying why', () => {
  expect(settingsErrors(settings({ model: 'gpt-4o-realtime-preview' })).model).toBe(
    'gpt-4o-realtime-preview was shut down (2026-05-07): choose a current model, e.g. gpt-realtime-1.5.',
  );
  expect(settingsErrors(settings({ model: 'gpt-4o-mini-realtime-preview-2024-12-17' })).model).toMatch(/shut down \(2026-07-23\).*gpt-realtime-2\.1-mini/);
  expect(settingsErrors(settings({ transcriptionLanguage: 'English' })).transcriptionLanguage).toMatch(/ISO-639-1/);
  expect(settingsErrors(settings({ transcriptionModel: 'gpt-realtime-whisper', transcriptionPrompt: 'hi' })).transcriptionPrompt).toBe(
    'gpt-realtime-whisper takes no prompt: leave it empty.',
  );
  expect(settingsErrors(settings({ toolChoice: 'function' })).toolChoiceName).toBe('Enter the function to call.');
  expect(settingsErrors(settings({ toolChoice: 'mcp' })).toolChoiceServer).toBe("Enter the MCP server's label.");
  expect(settingsErrors(settings({ tracing: 'custom', tracingMetadata: '[1]' })).tracingMetadata).toMatch(/JSON object/);
  expect(settingsErrors(settings({ promptVersion: '2' })).promptId).toMatch(/prompt id/);
  expect(settingsErrors(settings({ promptId: 'p', promptVariables: '{"n": 1}' })).promptVariables).toMatch(/JSON object of strings/);
});

describe('with the reference client', () => {
  test('the client patch turns features off in the client configuration, and round-trips', () => {
    const client = new RealtimeClient({ model: 'gpt-realtime-2.1' });
    const on = settings({ noiseReduction: 'near_field', transcriptionModel: 'whisper-1', turnDetection: 'semantic_vad', eagerness: 'low', voice: 'coral', outputFormat: 'pcmu', toolChoice: 'required' });
    const onPatch: ClientPatch = settingsToSession(on); // type-checked by `npm run typecheck`
    client.updateSession(onPatch);
    expect(sessionToSettings(client.getSessionConfig())).toEqual(on);

    const off = settings({ ...on, noiseReduction: 'none', transcriptionModel: 'none' });
    expect(settingsToSession(off).audio?.input).toMatchObject({ noise_reduction: null, transcription: null });
    client.updateSession(settingsToSession(off));
    const config = client.getSessionConfig();
    expect(config.audio!.input).not.toHaveProperty('noise_reduction');
    expect(config.audio!.input).not.toHaveProperty('transcription');
    expect(config.audio!.input!.format).toEqual({ type: 'audio/pcm', rate: 24000 });
    expect(config.audio!.output!.format).toEqual({ type: 'audio/pcmu' });
    // What the client sends on the next connect is valid and has them off.
    expect(validateClientEvent({ type: 'session.update', session: config }).errors).toEqual([]);
    expect(sessionToSettings(config, { ...DEFAULT_SESSION_SETTINGS, noiseReduction: 'none', transcriptionModel: 'none' })).toEqual(off);
  });
});

test('empty instructions are not sent (the server keeps its defaults) and their confirmed value is not judged', () => {
  const settings = { ...DEFAULT_SESSION_SETTINGS, instructions: '  ' };
  expect('instructions' in settingsToSession(settings)).toBe(false);
  expect(settingsToSession({ ...settings, instructions: 'Be brief.' }).instructions).toBe('Be brief.');
  expect(mismatchesOf(settings, { instructions: 'The server default instructions.' })).toEqual([]);
  expect(mismatchesOf({ ...settings, instructions: 'Be brief.' }, { instructions: 'Other.' }).map((m) => m.field)).toEqual(['instructions']);
});
