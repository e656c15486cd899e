import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { checkAccess, chooseModel, presentedToken, selectProtocol, upstreamUrlFor } from './access';
import { DEFAULTS } from './config';
import { parseRequestTarget } from './request-target';

function request(url: string, headers: Record<string, string>): IncomingMessage {
  return { url, headers } as unknown as IncomingMessage;
}

function target(url: string): URL {
  const parsed = parseRequestTarget(url);
  assert.ok(parsed, url);
  return parsed;
}

/** checkAccess as the server calls it: with the request's target parsed once. */
function check(req: IncomingMessage, config: Parameters<typeof checkAccess>[2]) {
  return checkAccess(req, target(req.url ?? ''), config);
}

const open = { allowedOrigins: DEFAULTS.allowedOrigins, allowMissingOrigin: true, accessToken: null };

test('origins: the dev server origins pass by default, others get 403', () => {
  assert.deepEqual(check(request('/', { origin: 'http://localhost:3000' }), open), { ok: true });
  assert.deepEqual(check(request('/', { origin: 'http://127.0.0.1:3000/' }), open), { ok: true });
  const refused = check(request('/', { origin: 'https://evil.example' }), open);
  assert.ok(!refused.ok && refused.status === 403 && /evil\.example/.test(refused.reason));
  assert.ok(!check(request('/', { origin: 'http://localhost:3001' }), open).ok);
  assert.ok(!check(request('/', { origin: 'null' }), open).ok);
  assert.deepEqual(check(request('/', {}), open), { ok: true });
  const noMissing = check(request('/', {}), { ...open, allowMissingOrigin: false });
  assert.ok(!noMissing.ok && noMissing.status === 403);
  assert.deepEqual(check(request('/', { origin: 'https://anything' }), { ...open, allowedOrigins: ['*'] }), { ok: true });
});

test('token: subprotocol, query or bearer header; missing or wrong gets 401', () => {
  const locked = { ...open, accessToken: 's3cret' };
  const origin = { origin: 'http://localhost:3000' };
  assert.deepEqual(check(request('/', { ...origin, 'sec-websocket-protocol': 'realtime, relay-token.s3cret' }), locked), { ok: true });
  assert.deepEqual(check(request('/?model=x&access_token=s3cret', origin), locked), { ok: true });
  assert.deepEqual(check(request('/', { ...origin, authorization: 'Bearer s3cret' }), locked), { ok: true });
  const missing = check(request('/', origin), locked);
  assert.ok(!missing.ok && missing.status === 401 && /required/.test(missing.reason));
  const wrong = check(request('/?access_token=s3cre', origin), locked);
  assert.ok(!wrong.ok && wrong.status === 401 && /wrong/.test(wrong.reason));
  // The origin is checked first: a foreign page learns nothing about the token.
  const foreign = check(request('/?access_token=s3cret', { origin: 'https://evil.example' }), locked);
  assert.ok(!foreign.ok && foreign.status === 403);
  assert.equal(presentedToken(request('/', { 'sec-websocket-protocol': 'relay-token.a.b-c' }), target('/')), 'a.b-c');
});

test('subprotocol: realtime when offered, never a secret when something else is offered', () => {
  assert.equal(selectProtocol(new Set(['relay-token.x', 'realtime'])), 'realtime');
  assert.equal(selectProtocol(new Set(['relay-token.x', 'other'])), 'other');
  assert.equal(selectProtocol(new Set(['relay-token.x'])), 'relay-token.x');
  assert.equal(selectProtocol(new Set()), false);
});

test('model: default, allow-listed, or refused with the allowed list named', () => {
  const config = { defaultModel: 'gpt-realtime', allowedModels: ['gpt-realtime-mini'] };
  assert.deepEqual(chooseModel(target('/'), config), { ok: true, model: 'gpt-realtime' });
  assert.deepEqual(chooseModel(target('/?model=gpt-realtime'), config), { ok: true, model: 'gpt-realtime' });
  assert.deepEqual(chooseModel(target('/v1/realtime?model=gpt-realtime-mini'), config), { ok: true, model: 'gpt-realtime-mini' });
  const refused = chooseModel(target('/?model=gpt-4o-realtime-preview'), config);
  assert.ok(!refused.ok && /gpt-4o-realtime-preview.*gpt-realtime, gpt-realtime-mini/.test(refused.message));
});

test('upstream URL keeps its query and sets model', () => {
  assert.equal(upstreamUrlFor('wss://api.openai.com/v1/realtime', 'gpt-realtime'), 'wss://api.openai.com/v1/realtime?model=gpt-realtime');
  assert.equal(upstreamUrlFor('ws://127.0.0.1:1/v1/realtime?sim_speed=10&model=old', 'm'), 'ws://127.0.0.1:1/v1/realtime?sim_speed=10&model=m');
});
