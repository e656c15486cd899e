// Thousands of generated raw HTTP requests against the relay run as a child process: random
// methods, targets with `[`, `%`, `%00`, control bytes, huge paths, absolute-form URIs and odd
// ports, random and huge headers, WebSocket upgrades with bad or missing keys and versions, bad
// origins, the token in odd places, half-sent and split requests. Written over node:net because
// fetch and curl normalise paths. Afterwards the process is alive, GET /health answers and a
// real session reaches the upstream. Seeded: FUZZ_SEED=N reproduces a run. Loopback only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { health, rawRequest, startChildRelay, type RawOptions } from './child-relay';
import { eventually, openBrowser, startTestUpstream } from './test-support';
import { fuzzSeed, mulberry32 } from '../testing/seeded-random';

const REQUESTS = 3000;
const CONCURRENCY = 32;
/** The run stops early past this, so a slow machine still finishes in time (and says so). */
const TIME_BUDGET_MS = 20_000;
const SEED = fuzzSeed();
const TOKEN = 'fuzz-token-0123456789abcdef0123456789';
/** Every status the relay may answer with; anything else (a 5xx above all) is a failure. */
const EXPECTED_STATUSES = new Set([101, 200, 400, 401, 403, 405, 408, 426, 431]);


interface FuzzRequest {
  chunks: Buffer[];
  options: RawOptions;
}

/** A request before it is written: every part can be mutated on its own. */
interface Draft {
  method: string;
  target: string;
  version: string;
  headers: Array<[string, string]>;
  eol: string;
  tail: Buffer;
}

function generator(random: () => number) {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => random() < p;
  const control = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).concat('\x7f');
  const cleanPieces = [...'abcxyz0189/._-~', '[', ']', '%', '%00', '%zz', '%%', '%2f', '%0A', '%1B', '@', ':', '!', '$', '&', "'", '(', '*', '+', ',', ';', '='];
  const dirtyPieces = [...cleanPieces, '?', '#', '\\', ' ', '"', '<', '>', '{', '|', '^', '`', 'é', '\u2028', '\ud83d\ude00', '\xff', ...control];
  const randomPath = (n: number, dirty = chance(0.5)) => Array.from({ length: n }, () => pick(dirty ? dirtyPieces : cleanPieces)).join('');
  const base64Key = () => Buffer.from(Array.from({ length: 16 }, () => int(256))).toString('base64');
  const tokenValue = () => pick([TOKEN, TOKEN, `${TOKEN}x`, '', `%00${TOKEN}`, encodeURIComponent(TOKEN), TOKEN.toUpperCase(), ` ${TOKEN}`, 'x'.repeat(int(3000))]);

  const nastyTargets = [
    '//[', '//%', '//x:99999', '//[::1]:80/', '//x/health', '/%', '/%00', '/%zz', '/[', '//', '///', '/health', '/health?x=1', '/HEALTH',
    '/?model=gpt-realtime', '/?model=%0A%1B[31mforged', '/?model=', `/?access_token=${TOKEN}&access_token=x`, '/?access_token=',
    '*', 'http://x:99999/', 'http://[/', 'http://127.0.0.1:8081/health', `ws://relay/?access_token=${TOKEN}`, 'https://a:b@c:0/', 'http:',
    'a:b', '', '/..%2f..%2fetc%2fpasswd', `/?a=${'%'.repeat(100)}`, '/#frag', '/?#', 'about:blank', 'data:text/plain,x', 'file:///etc/passwd',
  ];
  const target = (): string => {
    switch (int(6)) {
      case 0:
      case 1: return pick(nastyTargets);
      case 2: return `/${randomPath(int(200))}`;
      case 3: return `//${randomPath(int(60))}`;
      case 4: {
        const scheme = pick(['http', 'https', 'ws', 'wss', 'ftp', 'x', 'HTTP', '1http', '']);
        const host = pick(['127.0.0.1', '[::1]', '[', 'x', '', 'a'.repeat(300), '%', '[::ffff:1]', 'relay', 'é']);
        const port = chance(0.6) ? `:${pick(['0', '80', '65535', '65536', '99999', '-1', 'abc', '', '8081'])}` : '';
        return `${scheme}://${host}${port}/${randomPath(int(40))}`;
      }
      default: return `/${'a'.repeat(int(70_000))}`;
    }
  };

  /** A request the relay would accept (an upgrade with the token), or a plain GET. */
  const valid = (upgrade: boolean): Draft => ({
    method: 'GET',
    target: upgrade ? pick(['/', '/', '/v1/realtime', '/?model=gpt-realtime']) : pick(['/health', '/', '/health?x=1']),
    version: 'HTTP/1.1',
    headers: [
      ['Host', '127.0.0.1'],
      ...(upgrade
        ? ([
            ['Upgrade', 'websocket'],
            ['Connection', 'Upgrade'],
            ['Sec-WebSocket-Key', base64Key()],
            ['Sec-WebSocket-Version', '13'],
            ['Sec-WebSocket-Protocol', `realtime, relay-token.${TOKEN}`],
          ] as Array<[string, string]>)
        : []),
      ['Origin', pick(['http://localhost:3000', 'http://127.0.0.1:3000'])],
    ],
    eol: '\r\n',
    tail: Buffer.alloc(0),
  });

  const set = (draft: Draft, name: string, value: string | null) => {
    draft.headers = draft.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
    if (value !== null) draft.headers.push([name, value]);
  };
  const mutations: Array<(draft: Draft) => void> = [
    (d) => (d.target = target()),
    (d) => (d.target = target()),
    (d) => (d.method = pick(['POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'PATCH', 'TRACE', 'PRI', 'get', 'GE T', '', 'G\x00ET', 'X'.repeat(int(100) + 1)])),
    (d) => (d.version = pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1', '', 'FOO/1.1', 'HTTP/1.1\x00', 'HTTP/1.1 x'])),
    (d) => (d.eol = pick(['\n', '\r', '\r\r\n'])),
    (d) => d.headers.splice(int(d.headers.length), 1),
    (d) => set(d, 'Host', pick(['', 'x', '127.0.0.1, evil', 'h'.repeat(500), null])),
    (d) => set(d, 'Upgrade', pick(['WebSocket', 'h2c', 'websocket, h2c', '', null])),
    (d) => set(d, 'Connection', pick(['upgrade', 'keep-alive, Upgrade', 'close', '', null])),
    (d) => set(d, 'Sec-WebSocket-Key', pick(['dGhlIHNhbXBsZSBub25jZQ==', '', 'short', 'x'.repeat(1000), `${base64Key()}, ${base64Key()}`, null])),
    (d) => set(d, 'Sec-WebSocket-Version', pick(['8', '12', '', '13, 8', 'abc', null])),
    (d) => set(d, 'Origin', pick(['https://evil.example', 'null', '', 'http://localhost:3000/', 'HTTP://LOCALHOST:3000', 'http://localhost:3000\x01', 'http://localhost:3001', null])),
    // The token where it belongs, where it does not, twice, malformed, or not at all.
    (d) => set(d, 'Sec-WebSocket-Protocol', pick([null, 'realtime', `relay-token.${TOKEN}`, `realtime, relay-token.${tokenValue()}`, 'relay-token.', ',,,', 'a b', `relay-token.${TOKEN}, relay-token.${TOKEN}`, 'openai-insecure-api-key.sk-x'])),
    (d) => set(d, 'Authorization', pick([`Bearer ${TOKEN}`, 'Bearer ', 'Bearer', `bearer ${TOKEN}`, `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, `Bearer ${tokenValue()}`])),
    (d) => {
      set(d, 'Sec-WebSocket-Protocol', chance(0.5) ? 'realtime' : null);
      if (d.target.startsWith('/')) d.target += `${d.target.includes('?') ? '&' : '?'}access_token=${chance(0.6) ? TOKEN : encodeURIComponent(tokenValue())}`;
    },
    (d) => set(d, 'Content-Length', pick(['0', '5', '-1', 'abc', '99999999999999999999', '1, 2', '100000'])),
    (d) => set(d, 'Transfer-Encoding', pick(['chunked', 'gzip, chunked', 'x'])),
    (d) => {
      for (let i = int(chance(0.1) ? 300 : 5) + 1; i > 0; i--) d.headers.push([`X-${randomPath(int(10) + 1, false).replace(/[^A-Za-z0-9-]/g, 'z')}`, randomPath(int(60))]);
    },
    (d) => d.headers.push([randomPath(int(12) + 1), randomPath(int(30))]),
    (d) => d.headers.push(['X-Huge', 'v'.repeat(int(40_000))]),
    (d) => d.headers.push(['', ' folded continuation']),
    (d) => {
      const copy = d.headers[int(d.headers.length)];
      if (copy) d.headers.push([copy[0], pick([copy[1], randomPath(int(20))])]);
    },
    (d) => (d.tail = Buffer.from(randomPath(int(200)), 'latin1')),
    // A WebSocket frame header (masked, announcing more than follows) right after the handshake.
    (d) => (d.tail = Buffer.concat([Buffer.from([0x81, 0xfe, 0x40, 0x00, 1, 2, 3, 4]), Buffer.alloc(int(4000), 0x61)])),
  ];

  const serialise = (d: Draft): Buffer => {
    const lines = [`${d.method} ${d.target} ${d.version}`, ...d.headers.map(([name, value]) => (name === '' ? value : `${name}: ${value}`))];
    return Buffer.concat([Buffer.from(lines.join(d.eol) + d.eol + d.eol, chance(0.5) ? 'latin1' : 'utf8'), d.tail]);
  };

  return (): FuzzRequest => {
    // Most are a valid request with a few mutations, so they get past Node's parser to the
    // relay's own checks; the rest are piled with mutations.
    const draft = valid(chance(0.75));
    const count = chance(0.8) ? int(3) : int(8) + 3;
    for (let i = 0; i < count; i++) pick(mutations)(draft);
    const bytes = serialise(draft);

    const mode = random();
    if (mode < 0.6) return { chunks: [bytes], options: { timeoutMs: 1500, untilStatus: true } };
    // Whole, then held a while: accepted sessions pile up against the per-client cap.
    if (mode < 0.75) return { chunks: [bytes], options: { timeoutMs: int(400) + 100 } };
    const cut = int(bytes.length);
    // Half-sent: part of the request, then we give up (or half-close our side).
    if (mode < 0.88) return { chunks: [bytes.subarray(0, cut)], options: { timeoutMs: int(150) + 10 } };
    if (mode < 0.93) return { chunks: [bytes.subarray(0, cut)], options: { timeoutMs: 1500, end: true } };
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; ) {
      const size = int(64) + 1;
      pieces.push(bytes.subarray(at, at + size));
      at += size;
    }
    return { chunks: pieces, options: { timeoutMs: 1500, untilStatus: true } };
  };
}

test(`request fuzz: ${REQUESTS} raw requests never crash the relay, it answers only expected statuses and keeps serving (seed ${SEED})`, { timeout: 60_000 }, async () => {
  const upstream = await startTestUpstream();
  const relay = await startChildRelay({ OPENAI_REALTIME_URL: upstream.url, RELAY_ACCESS_TOKEN: TOKEN });
  try {
    const next = generator(mulberry32(SEED));
    const statuses = new Map<string, number>();
    const unexpected: string[] = [];
    let sent = 0;
    const started = Date.now();
    const worker = async () => {
      while (sent < REQUESTS && Date.now() - started < TIME_BUDGET_MS && relay.alive()) {
        sent++;
        const request = next();
        const response = await rawRequest(relay.port, request.chunks, request.options);
        const key = response.status === null ? 'none' : String(response.status);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (response.status !== null && !EXPECTED_STATUSES.has(response.status) && unexpected.length < 5) {
          unexpected.push(`${response.status} for ${JSON.stringify(Buffer.concat(request.chunks).subarray(0, 200).toString('latin1'))}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = Date.now() - started;
    const crashes = relay.alive() ? 0 : 1;
    const sessionsOpened = relay.output().match(/ open: origin /g)?.length ?? 0;
    const histogram = Object.fromEntries([...statuses].sort(([a], [b]) => a.localeCompare(b)));
    console.log(`request fuzz: seed ${SEED}, ${sent} requests in ${elapsed} ms, crashes ${crashes}, sessions opened ${sessionsOpened}, statuses ${JSON.stringify(histogram)}`);

    assert.equal(crashes, 0, `the relay exited (FUZZ_SEED=${SEED}):\n${relay.output().slice(-3000)}`);
    assert.ok(sent >= Math.min(REQUESTS, 1000), `only ${sent} requests within ${TIME_BUDGET_MS} ms`);
    assert.deepEqual(unexpected, [], `unexpected statuses (FUZZ_SEED=${SEED})`);
    assert.ok((statuses.get('101') ?? 0) > 0 && (statuses.get('400') ?? 0) > 0, 'the fuzz reached both sessions and refusals');

    // Every fuzzed session ends once its socket is gone; then the relay serves as before.
    await eventually(() => upstream.openCount() === 0, 'every fuzzed session ended', 10_000);
    const after = await health(relay.port);
    assert.equal(after.status, 200);
    assert.deepEqual(after.body, { ok: true, sessions: 0 });
    const browser = await openBrowser(relay.url, { protocols: ['realtime', `relay-token.${TOKEN}`] });
    browser.send({ type: 'response.create' });
    assert.deepEqual(JSON.parse((await browser.waitForFrames(1))[0]), { type: 'response.create' });
    browser.socket.close();
    await browser.closed;
    assert.ok(relay.alive());
  } finally {
    await relay.stop();
    await upstream.close();
  }
});
