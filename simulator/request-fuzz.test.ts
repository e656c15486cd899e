// Thousands of generated raw HTTP requests against `npm run mock` as a child process, over
// loopback: odd methods, targets that are not URLs, control bytes, long paths, absolute-form
// targets, bad upgrades, huge headers, half-sent requests, garbage after an upgrade. The process
// must stay up, keep its log clean, and serve a real session afterwards.
// Seeded: FUZZ_SEED=N reproduces a run; FUZZ_REQUESTS=N changes the count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fuzzSeed } from '../testing/seeded-random';
import { mulberry32, rawExchange, spawnSimulator, statusOf, type SimulatorChild } from './child-process-support';
import { openSession } from './test-support';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const SEED = fuzzSeed();
const CONCURRENCY = 24;
/** A request the server neither answers nor closes is given up after this long. */
const WAIT_MS = 250;
/** The whole run stops generating after this, whatever the count. */
const BUDGET_MS = 20_000;

interface FuzzRequest {
  chunks: Array<string | Buffer>;
}

function generator(random: () => number) {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number): boolean => random() < p;
  const bytes = (n: number, from = 0, to = 256): string => Array.from({ length: n }, () => String.fromCharCode(from + int(to - from))).join('');
  const controls = (): string => bytes(1 + int(4), 0, 32) + (chance(0.3) ? '\x7f' : '');

  const method = (): string =>
    chance(0.7)
      ? pick(['GET', 'GET', 'GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT'])
      : pick(['get', 'G\x00T', '', 'GE T', 'BREW', 'X'.repeat(1 + int(300)), bytes(1 + int(8), 33, 127), 'M-SEARCH', 'PRI']);

  const path = (): string => {
    switch (int(16)) {
      case 0: return pick(['//[', '//%', '//x:99999', '//[::1', '//x:-1', '//x:65536', '//:@', '//%zz', '/%', '/%00', '/%zz', '//%00/']);
      case 1: return `/v1/realtime?model=${encodeURIComponent(controls() + 'gpt\n' + bytes(int(20)))}`;
      case 2: return `/v1/realtime?model=${bytes(1 + int(30), 0, 128)}`; // raw bytes, controls included
      case 3: return `/${'a'.repeat(int(4) === 0 ? 70_000 : 2000 + int(9000))}`;
      case 4: return pick(['http://', 'https://', 'ws://', 'HTTP://']) + pick(['127.0.0.1', 'x', '[', '[::1]', 'a:b@c', '%', '']) + pick([':80', ':0', ':99999', ':-1', ':x', '']) + pick(['/v1/realtime', '/', '', '/%', '?model=a']);
      case 5: return pick(['*', 'x:y', 'mailto:a', 'data:,x', '\\\\x\\v1\\realtime', '..', '/../../etc/passwd', '/v1/realtime/..%2f..%2f']);
      case 6: return `/v1/realtime?${Array.from({ length: 1 + int(40) }, () => `${pick(['fault_delay_ms', 'fault_close_code', 'sim_speed', 'sim_script', 'fault_stall', 'fault_error', 'model', bytes(3, 33, 127)])}=${pick(['%', '%%', '-1', '1e309', 'NaN', '[', '["a",', '%5B%22x%22%5D', bytes(4, 33, 127), '99999999999'])}`).join('&')}`;
      case 7: return `/v1/realtime${controls()}`;
      case 8: return `/${bytes(1 + int(40), 128, 256)}`; // non-ASCII, invalid UTF-8
      case 9: return '/health';
      case 10: return `/health${pick(['?', '#', '/', '%00', '//[', '?x=%'])}`;
      case 11: return `/v1/realtime/${pick(['', '/', '//', '%2F', '.'])}`;
      case 12: return `//${bytes(1 + int(10), 33, 127)}`;
      case 13: return '';
      default: return '/v1/realtime';
    }
  };

  const header = (): string => {
    switch (int(14)) {
      case 0: return `Sec-WebSocket-Key: ${pick(['dGhlIHNhbXBsZSBub25jZQ==', '', 'short', '====', bytes(24, 33, 127), 'dGhlIHNhbXBsZSBub25jZQ=='.repeat(3)])}`;
      case 1: return `Sec-WebSocket-Version: ${pick(['13', '8', '99', '', 'x', '-13', '13, 8'])}`;
      case 2: return `Sec-WebSocket-Protocol: ${pick(['realtime', 'openai-insecure-api-key.k', 'openai-beta.realtime-v1', ',,', 'a b', 'realtime, realtime', bytes(8, 33, 127)])}`;
      case 3: return `Authorization: ${pick(['Bearer sk-x', 'Bearer ', 'Basic x', '', `Bearer ${bytes(10, 33, 127)}`])}`;
      case 4: return `OpenAI-Beta: ${pick(['realtime=v1', 'x', ''])}`;
      case 5: return `Content-Length: ${pick(['0', '5', '-1', '99999999999999999999', 'x', '1, 2'])}`;
      case 6: return `Transfer-Encoding: ${pick(['chunked', 'gzip, chunked', 'x', ''])}`;
      case 7: return `X-Big: ${'b'.repeat(int(3) === 0 ? 40_000 : 100 + int(4000))}`;
      case 8: return `X-Ctl: a${controls()}b`;
      case 9: return pick(['NoColonHere', ': empty-name', ' leading-space: x', 'Bad Name: x', `X-${bytes(5, 128, 256)}: x`]);
      case 10: return `Sec-WebSocket-Extensions: ${pick(['permessage-deflate', 'permessage-deflate; client_max_window_bits=99', 'x;;', '=,='])}`;
      case 11: return `Host: ${pick(['127.0.0.1', '', '[', 'x:99999', bytes(6, 33, 127)])}`;
      case 12: return `Connection: ${pick(['Upgrade', 'keep-alive', 'close', 'upgrade, keep-alive'])}`;
      default: return `Upgrade: ${pick(['websocket', 'WebSocket', 'h2c', '', 'websocket, x'])}`;
    }
  };

  const upgradeHeaders = (): string[] => {
    const list = ['Upgrade: websocket', 'Connection: Upgrade'];
    if (chance(0.7)) list.push(pick(['Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Key: bad', 'Sec-WebSocket-Key: ']));
    if (chance(0.8)) list.push(`Sec-WebSocket-Version: ${pick(['13', '13', '7', ''])}`);
    if (chance(0.6)) list.push('Authorization: Bearer sk-fuzz');
    return list;
  };

  // A well-formed upgrade with a fuzzed query, then frame-like garbage: reaches the session code.
  const session = (): FuzzRequest => {
    const query = pick([`model=${encodeURIComponent(controls() + bytes(int(12), 32, 127))}`, `sim_script=${encodeURIComponent(pick(['[', '["a",1]', '|||', bytes(20, 32, 127)]))}`, 'fault_close_after=0', 'fault_delay_ms=-5', 'fault_beta_shape=1', 'fault_stall=1', '']);
    const head = `GET /v1/realtime?${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${chance(0.8) ? 'Authorization: Bearer sk-fuzz\r\n' : ''}\r\n`;
    return { chunks: [Buffer.from(head, 'latin1'), Buffer.from(bytes(int(200)), 'latin1')] };
  };

  return (): FuzzRequest => {
    if (chance(0.1)) return session();
    const eol = chance(0.9) ? '\r\n' : pick(['\n', '\r', '\r\r\n', '']);
    const version = chance(0.85) ? ' HTTP/1.1' : pick([' HTTP/1.0', ' HTTP/2.0', ' HTTP/9.9', '', ' HTTP/1.1 extra', ' http/1.1', ' HTTP/1.1\x00']);
    const headers: string[] = chance(0.8) ? ['Host: 127.0.0.1'] : [];
    if (chance(0.45)) headers.push(...upgradeHeaders());
    const extra = chance(0.05) ? 500 + int(2500) : int(5);
    for (let i = 0; i < extra; i++) headers.push(header());
    const text = `${method()} ${path()}${version}${eol}${headers.map((h) => h + eol).join('')}${eol}`;
    const chunks: Array<string | Buffer> = [];
    const cut = chance(0.12) ? int(text.length) : text.length; // half-sent: the rest never comes
    if (chance(0.2) && cut > 2) {
      const at = 1 + int(cut - 1);
      chunks.push(Buffer.from(text.slice(0, at), 'latin1'), Buffer.from(text.slice(at, cut), 'latin1'));
    } else chunks.push(Buffer.from(text.slice(0, cut), 'latin1'));
    // Bytes after the head: a body, a second pipelined request, or frame-like garbage after an upgrade.
    if (cut === text.length && chance(0.25)) chunks.push(Buffer.from(bytes(1 + int(600)), 'latin1'));
    return { chunks };
  };
}

describe('simulator under fuzzed raw HTTP requests (child process)', () => {
  let child: SimulatorChild;
  before(async () => {
    child = await spawnSimulator();
  });
  after(async () => {
    await child.stop();
  });

  it(`survives ${REQUESTS} generated requests and still serves a session (seed ${SEED})`, async () => {
    const next = generator(mulberry32(SEED));
    const statuses = new Map<string, number>();
    let sent = 0;
    let firstDeath = -1;
    const started = Date.now();
    const worker = async (): Promise<void> => {
      while (sent < REQUESTS && Date.now() - started < BUDGET_MS) {
        const index = sent++;
        const request = next();
        const exchange = await rawExchange(child.port, request.chunks, WAIT_MS);
        const status = statusOf(exchange.response);
        const key = status !== null ? String(status) : exchange.closedByServer ? 'closed' : 'no answer';
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (!child.alive() && firstDeath < 0) firstDeath = index;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const crashes = child.alive() ? 0 : 1;
    const summary = [...statuses].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
    console.log(`request fuzz (seed ${SEED}): ${sent} requests fuzzed in ${Date.now() - started} ms, crashes: ${crashes}; answers: ${summary}`);
    assert.equal(crashes, 0, `the simulator exited at request #${firstDeath} (seed ${SEED}):\n${child.stderr().slice(0, 4000)}`);
    assert.ok(sent >= Math.min(REQUESTS, 1000), `only ${sent} requests in the time budget`);
    assert.ok((statuses.get('400') ?? 0) > 0 && (statuses.get('101') ?? 0) > 0, summary);

    const health = await fetch(`http://127.0.0.1:${child.port}/health`);
    assert.equal(health.status, 200);
    const { client } = await openSession(child.url);
    client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is the weather in Paris?' }] } });
    client.send({ type: 'response.create' });
    await client.next('response.done', () => true, 10_000);
    client.close();

    assert.equal(child.stderr(), '', 'nothing on stderr');
    assert.ok(!child.stdout().includes('\x1b'), 'no raw escape character in the log');
    const foreign = child.stdout().split('\n').filter((line) => line && !line.startsWith('simulator: '));
    assert.deepEqual(foreign.slice(0, 5), [], 'every log line is the simulator\'s own');
  });
});
