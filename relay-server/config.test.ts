import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, DEFAULTS, DEFAULT_MODEL, DEFAULT_POLICY, configFromEnv, readPolicyFile, resolveConfig } from './config';
import { heldSessionErrors, unknownPolicyEventTypes } from './policy-check';

test('defaults: loopback, port 8081, the OpenAI endpoint, the dev server origins', () => {
  const config = resolveConfig(configFromEnv({ OPENAI_API_KEY: 'sk-test' }));
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 8081);
  assert.equal(config.upstreamUrl, 'wss://api.openai.com/v1/realtime');
  assert.equal(config.defaultModel, DEFAULT_MODEL);
  assert.deepEqual(config.allowedOrigins, ['http://localhost:3000', 'http://127.0.0.1:3000']);
  assert.equal(config.accessToken, null);
  assert.equal(config.policy.instructions, null);
  assert.equal(config.maxBufferedBytes, DEFAULTS.maxBufferedBytes);
});

test('a missing key is a ConfigError with a clear message', () => {
  assert.throws(() => resolveConfig(configFromEnv({})), (error: unknown) => error instanceof ConfigError && /OPENAI_API_KEY is not set/.test(error.message));
});

test('every setting is read from the environment', () => {
  const config = resolveConfig(configFromEnv({
    OPENAI_API_KEY: 'sk-k',
    RELAY_PORT: '9000',
    RELAY_HOST: '0.0.0.0',
    OPENAI_REALTIME_URL: 'ws://127.0.0.1:8082/v1/realtime?sim_speed=10',
    OPENAI_REALTIME_MODEL: 'gpt-realtime-mini',
    RELAY_ALLOWED_MODELS: 'gpt-realtime, gpt-realtime-2025-08-28',
    RELAY_ALLOWED_ORIGINS: 'https://console.example.com',
    RELAY_ALLOW_MISSING_ORIGIN: 'false',
    RELAY_ACCESS_TOKEN: 'tok',
    RELAY_MAX_SESSIONS: '7',
    RELAY_MAX_MESSAGE_BYTES: '1000',
    RELAY_MAX_UPSTREAM_MESSAGE_BYTES: '2000',
    RELAY_MAX_BUFFERED_BYTES: '3000',
    RELAY_MAX_PENDING_MESSAGES: '4',
    RELAY_MAX_PENDING_BYTES: '5000',
    RELAY_IDLE_TIMEOUT_MS: '0',
    RELAY_UPSTREAM_TIMEOUT_MS: '600',
    RELAY_SHUTDOWN_GRACE_MS: '700',
    RELAY_CLIENT_EVENTS_ALLOW: 'input_audio_buffer.*,response.create',
    RELAY_CLIENT_EVENTS_DENY: 'conversation.item.delete',
    RELAY_SERVER_EVENTS_ALLOW: 'session.*',
    RELAY_SERVER_EVENTS_DENY: 'rate_limits.updated',
    RELAY_INSTRUCTIONS: 'Be brief.',
  }));
  assert.equal(config.port, 9000);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.upstreamUrl, 'ws://127.0.0.1:8082/v1/realtime?sim_speed=10');
  assert.equal(config.defaultModel, 'gpt-realtime-mini');
  assert.deepEqual(config.allowedModels, ['gpt-realtime', 'gpt-realtime-2025-08-28']);
  assert.deepEqual(config.allowedOrigins, ['https://console.example.com']);
  assert.equal(config.allowMissingOrigin, false);
  assert.equal(config.accessToken, 'tok');
  assert.equal(config.maxSessions, 7);
  assert.deepEqual(
    [config.maxMessageBytes, config.maxUpstreamMessageBytes, config.maxBufferedBytes, config.maxPendingMessages, config.maxPendingBytes, config.idleTimeoutMs, config.upstreamConnectTimeoutMs, config.shutdownGraceMs],
    [1000, 2000, 3000, 4, 5000, 0, 600, 700],
  );
  assert.deepEqual(config.policy, {
    clientAllow: ['input_audio_buffer.*', 'response.create'],
    clientDeny: ['conversation.item.delete'],
    serverAllow: ['session.*'],
    serverDeny: ['rate_limits.updated'],
    instructions: 'Be brief.',
    tools: null,
    voice: null,
    model: null,
    toolChoice: null,
    allowedToolTypes: null,
  });
});

test('bad values are refused with the setting named', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ RELAY_PORT: 'eighty' }, /RELAY_PORT/],
    [{ RELAY_PORT: '70000' }, /RELAY_PORT/],
    [{ OPENAI_REALTIME_URL: 'https://api.openai.com/v1/realtime' }, /OPENAI_REALTIME_URL/],
    [{ OPENAI_REALTIME_URL: 'not a url' }, /OPENAI_REALTIME_URL/],
    [{ RELAY_MAX_BUFFERED_BYTES: '0' }, /maxBufferedBytes/],
    [{ RELAY_ALLOW_MISSING_ORIGIN: 'maybe' }, /RELAY_ALLOW_MISSING_ORIGIN/],
  ];
  for (const [env, pattern] of cases) {
    assert.throws(() => resolveConfig(configFromEnv({ OPENAI_API_KEY: 'k', ...env })), (error: unknown) => error instanceof ConfigError && pattern.test(error.message), JSON.stringify(env));
  }
});

test('policy file: read, overridden field by field by the environment, unknown keys refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-policy-'));
  try {
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ clientDeny: ['session.update'], serverDeny: ['error'], instructions: 'From the file.' }));
    const config = resolveConfig(configFromEnv({ OPENAI_API_KEY: 'k', RELAY_POLICY_FILE: file, RELAY_INSTRUCTIONS: 'From env.' }));
    assert.deepEqual(config.policy.clientDeny, ['session.update']);
    assert.deepEqual(config.policy.serverDeny, ['error']);
    assert.equal(config.policy.instructions, 'From env.');

    writeFileSync(file, JSON.stringify({ clientDenied: ['session.update'] }));
    assert.throws(() => configFromEnv({ OPENAI_API_KEY: 'k', RELAY_POLICY_FILE: file }), /unknown key "clientDenied"/);
    writeFileSync(file, '{ not json');
    assert.throws(() => configFromEnv({ OPENAI_API_KEY: 'k', RELAY_POLICY_FILE: file }), ConfigError);
    writeFileSync(file, JSON.stringify({ clientAllow: 'session.update' }));
    assert.throws(() => configFromEnv({ OPENAI_API_KEY: 'k', RELAY_POLICY_FILE: file }), /array of event types/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('event types the protocol does not know are reported (typo guard)', () => {
  const config = resolveConfig({ apiKey: 'k', policy: { clientDeny: ['session.update', 'sesion.update', 'response.*'], serverAllow: ['response.output_audio.delta', 'nope.*'] } });
  assert.deepEqual(unknownPolicyEventTypes(config.policy), ['client:sesion.update', 'server:nope.*']);
});

test('.env.example documents exactly the settings the relay reads, with the real defaults', () => {
  const example = readFileSync(join(__dirname, '..', '.env.example'), 'utf8');
  const start = example.indexOf('# --- Relay server');
  const relaySection = example.slice(start, example.indexOf('# --- ', start + 1));
  const documented = new Map<string, string>();
  for (const match of relaySection.matchAll(/^#? ?((?:RELAY|OPENAI)_[A-Z_]+)=(.*)$/gm)) documented.set(match[1], match[2].trim());

  const read = new Set<string>();
  const recorder = new Proxy({} as Record<string, string | undefined>, {
    get: (_target, name) => {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  configFromEnv(recorder);
  assert.deepEqual([...documented.keys()].sort(), [...read].sort());

  // Every value shown (commented or not) is the default, except the key and the policy examples.
  const shown = Object.fromEntries([...documented].filter(([name, value]) => value !== '' && name !== 'RELAY_POLICY_FILE'));
  const fromExample = resolveConfig(configFromEnv({ ...shown, OPENAI_API_KEY: 'k' }));
  const defaults = resolveConfig({ apiKey: 'k' });
  const { log: _a, allowedModels: exampleModels, ...exampleRest } = fromExample;
  const { log: _b, allowedModels: defaultModels, ...defaultRest } = defaults;
  assert.deepEqual(exampleRest, defaultRest);
  assert.deepEqual(defaultModels, []);
  assert.deepEqual(exampleModels, ['gpt-realtime-mini'], 'the example shows one extra model');
});

test('a key with whitespace or control characters is refused, naming OPENAI_API_KEY', () => {
  for (const apiKey of ['sk-abc\r', 'sk-abc\n', ' sk-abc', 'sk-a bc', 'sk-abc\u0000', 'sk-abc\u00e9']) {
    assert.throws(() => resolveConfig({ apiKey }), (error: Error) => error instanceof ConfigError && /OPENAI_API_KEY contains whitespace/.test(error.message), JSON.stringify(apiKey));
  }
  assert.equal(resolveConfig({ apiKey: 'sk-proj-"quote\\slash' }).apiKey, 'sk-proj-"quote\\slash');
});

test('policy file: held session fields are read and checked; a held model is the only model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-policy-'));
  const file = join(dir, 'policy.json');
  const tools = [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} } }];
  writeFileSync(file, JSON.stringify({ instructions: 'Be Acme.', tools, voice: 'marin', model: 'gpt-realtime-mini', toolChoice: 'auto', allowedToolTypes: ['function'] }));
  const policy = readPolicyFile(file);
  assert.deepEqual(policy, { instructions: 'Be Acme.', tools, voice: 'marin', model: 'gpt-realtime-mini', toolChoice: 'auto', allowedToolTypes: ['function'] });
  const config = resolveConfig({ apiKey: 'sk-x', policy, allowedModels: ['gpt-realtime'] });
  assert.equal(config.defaultModel, 'gpt-realtime-mini');
  assert.deepEqual(config.allowedModels, []);
  assert.throws(() => resolveConfig({ apiKey: 'sk-x', policy, defaultModel: 'gpt-realtime' }), /policy holds model "gpt-realtime-mini" but OPENAI_REALTIME_MODEL is "gpt-realtime"/);
  for (const [body, message] of [
    [{ tools: [{ name: 'no type' }] }, /"tools" must be an array of tool objects/],
    [{ voice: 3 }, /"voice" must be a non-empty string/],
    [{ toolChoice: [] }, /"toolChoice" must be a string/],
    [{ allowedToolTypes: 'mcp' }, /"allowedToolTypes" must be an array of tool types/],
  ] as const) {
    writeFileSync(file, JSON.stringify(body));
    assert.throws(() => readPolicyFile(file), message);
  }
  rmSync(dir, { recursive: true });
});

test('held session fields the API would refuse are reported at start-up', () => {
  assert.deepEqual(heldSessionErrors({ ...DEFAULT_POLICY, instructions: 'x', voice: 'marin', toolChoice: 'auto' }), []);
  assert.deepEqual(heldSessionErrors(DEFAULT_POLICY), []);
  const errors = heldSessionErrors({ ...DEFAULT_POLICY, tools: [{ type: 'function', name: 'f', surprise: true }] });
  assert.ok(errors.some((error) => /surprise/.test(error)), errors.join('; '));
});
