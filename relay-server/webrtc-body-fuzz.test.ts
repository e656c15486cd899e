// Hostile bodies for `POST /token`, `POST /session` and `POST /session/live`: random bytes, broken and deep JSON,
// duplicate keys, sessions of every wrong type, SDP with NUL bytes, huge strings, lying
// Content-Length and Content-Type, random queries. Every answer must be one of the expected
// statuses with a JSON error or a real answer, never the key, and the relay must still serve
// afterwards. Seeded: FUZZ_SEED=N reproduces a run. Loopback only.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { startRelay } from './server';
import { captureLog, startTestUpstream } from './test-support';
import { TEST_SDP_OFFER, post, webrtcEndpoints } from './test-support-webrtc';
import { fuzzSeed, mulberry32 } from '../testing/seeded-random';

const KEY = 'sk-test-fuzz-webrtc-0123456789abcdef';
const REQUESTS = 600;
const SEED = fuzzSeed();
const EXPECTED = new Set([200, 201, 400, 403, 405, 413, 415]);

function generator(random: () => number) {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const sessions: unknown[] = [
    null, 1, 'x', [], {}, { type: 'transcription' }, { type: 1 }, { model: 5 }, { model: 'nope' }, { prompt: { id: 'p' } },
    { tools: 'x' }, { tools: [1, null, { type: 'mcp' }] }, { instructions: '\u0000\u2028' }, { audio: { output: { voice: { x: 1 } } } },
    { model: 'gpt-live-1', client: { data_channel: { allowed_client_events: 'all' } } }, { model: 'gpt-live-1', input: [{ role: 'developer', content: 1 }] }, { model: ['gpt-live-1'] },
    { __proto__: { polluted: true } }, JSON.parse('{"__proto__": {"polluted": true}}'), { type: 'realtime', tools: [{ type: 'function', name: 'f' }] },
  ];
  const jsonBodies = (): string => {
    switch (int(9)) {
      case 0: return JSON.stringify({ session: pick(sessions) });
      case 1: return JSON.stringify({ sdp: pick([TEST_SDP_OFFER, 'v=0\0', '', 1, null, 'x'.repeat(int(5000))]), session: pick(sessions) });
      case 2: return '{"session":{"instructions":"a","instructions":"b"}}';
      case 3: return '['.repeat(int(5000)) + ']'.repeat(int(5000));
      case 4: return `{"session":${'{"a":'.repeat(int(100))}1${'}'.repeat(int(100))}}`;
      case 5: return pick(['', ' ', 'null', 'true', '"x"', '{', '{"session":}', '\ufeff{}', '{}garbage']);
      case 6: return JSON.stringify({ session: { instructions: 'x'.repeat(int(300_000)) } });
      case 7: return junk(int(2000)).toString('latin1');
      default: return JSON.stringify({ session: { type: 'realtime', model: pick(['', 'gpt-realtime-2.1', '../x', 'a\nb']) } });
    }
  };
  return () => {
    const path = pick(['/token', '/session', '/session/live']);
    const type = pick(['application/json', 'application/sdp', 'text/plain', '', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'APPLICATION/SDP']);
    const body = type.toLowerCase().includes('sdp') && int(2) === 0 ? pick([TEST_SDP_OFFER, `v=0${'\r\n'.repeat(int(100))}`, 'v=1', junk(int(500)).toString('latin1')]) : jsonBodies();
    const query = pick(['', '?model=x', '?model=gpt-realtime-2.1', '?access_token=x', `?${'a=b&'.repeat(int(200))}`]);
    return { path: path + query, type, body, method: pick(['POST', 'POST', 'POST', 'PUT', 'GET', 'OPTIONS']) };
  };
}

/** One raw request: the Content-Length may lie (short), which fetch would not allow. */
function raw(port: number, draft: { path: string; type: string; body: string; method: string }, lie: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const body = Buffer.from(draft.body, 'latin1');
    const headers: Record<string, string | number> = { origin: 'http://localhost:3000', 'content-length': lie ? Math.max(0, body.length - 3) : body.length };
    if (draft.type) headers['content-type'] = draft.type;
    const req = request({ host: '127.0.0.1', port, path: draft.path, method: draft.method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', () => resolve({ status: -1, text: '' }));
    req.end(lie ? body.subarray(0, Math.max(0, body.length - 3)) : body);
  });
}

test(`hostile /token, /session and /session/live bodies get a clear 4xx, never a crash or the key (seed ${SEED})`, async () => {
  const endpoints = webrtcEndpoints();
  const upstream = await startTestUpstream({ onRequest: endpoints.onRequest, onConnection: () => undefined });
  const log = captureLog();
  const relay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: upstream.url, log: log.sink, webrtcRequestsPerMinute: 100_000, maxHttpBodyBytes: 64 * 1024, sideband: false });
  try {
    const next = generator(mulberry32(SEED));
    const random = mulberry32(SEED + 1);
    const seen = new Map<number, number>();
    for (let batch = 0; batch < REQUESTS / 20; batch++) {
      const drafts = Array.from({ length: 20 }, next);
      const answers = await Promise.all(drafts.map((draft) => raw(relay.port, draft, random() < 0.05)));
      answers.forEach((answer, i) => {
        seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
        assert.ok(!answer.text.includes(KEY), 'the key is in no answer');
        if (answer.status === -1) return; // a lying Content-Length may end in a reset: not an answer to judge
        assert.ok(EXPECTED.has(answer.status) || (drafts[i].method === 'OPTIONS' && answer.status === 204), `${drafts[i].method} ${drafts[i].path.slice(0, 40)} ${drafts[i].type} → ${answer.status} ${answer.text.slice(0, 200)}`);
        if (answer.status >= 400 && drafts[i].method === 'POST') assert.equal((JSON.parse(answer.text) as { error: { type: string } }).error.type, 'relay_error');
      });
    }
    assert.ok(!Object.prototype.hasOwnProperty.call({}, 'polluted'));
    for (const line of log.lines) assert.ok(!line.includes(KEY), line);
    const after = await post(`http://127.0.0.1:${relay.port}/session`, TEST_SDP_OFFER, { type: 'application/sdp' });
    assert.equal(after.status, 201, 'the relay still serves');
    assert.equal((await post(`http://127.0.0.1:${relay.port}/session/live`, TEST_SDP_OFFER, { type: 'application/sdp' })).status, 201, 'and still creates Live sessions');
    assert.ok((seen.get(400) ?? 0) > 0 && ((seen.get(200) ?? 0) + (seen.get(201) ?? 0)) > 0, `a spread of answers: ${JSON.stringify([...seen])}`);
  } finally {
    await relay.close();
    await upstream.close();
  }
});
