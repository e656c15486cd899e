// Generated hostile requests to POST /v1/realtime/client_secrets, /v1/realtime/calls and /v1/live/sessions against
// `npm run mock` as a child process, over loopback: random and truncated bodies, wrong or lying
// headers, mutated JSON sessions, broken multipart, and real SDP offers mutated line by line
// (some reach werift, which must refuse or answer them without taking the process down). The
// process must stay up, keep its log clean, and still mint a key and run a call afterwards.
// Seeded: FUZZ_SEED=N reproduces a run; FUZZ_REQUESTS=N changes the count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MediaStreamTrack } from 'werift';
import { fuzzSeed, mulberry32 } from '../../testing/seeded-random';
import { rawExchange, spawnSimulator, statusOf, type SimulatorChild } from '../child-process-support';
import { createLoopbackPeer, gathered } from './loopback-peer';
import { TestPeer } from './test-support';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 600);
const SEED = fuzzSeed();
const CONCURRENCY = 12;
/** Long enough for an answer while werift answers other offers; a lying request gets nothing. */
const WAIT_MS = 1000;
const BUDGET_MS = 12_000;
const KEY = 'sk-fuzz-standard';

async function realOffer(): Promise<string> {
  const peer = createLoopbackPeer();
  peer.createDataChannel('oai-events');
  peer.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), { direction: 'sendrecv' });
  await peer.setLocalDescription(await peer.createOffer());
  await gathered(peer);
  const sdp = peer.localDescription?.sdp ?? '';
  await peer.close();
  return sdp;
}

function generator(random: () => number, offer: string, ephemeralKey: string) {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number): boolean => random() < p;
  const bytes = (n: number, from = 0, to = 256): string => Array.from({ length: n }, () => String.fromCharCode(from + int(to - from))).join('');
  const offerLines = offer.split('\r\n').filter(Boolean);

  const weird = (): unknown =>
    pick<unknown>([null, true, -1, 0, 1e309 === Infinity ? 1e308 : 0, 10, 7200, 7201, 60.5, '', 'x', bytes(20, 32, 127), [], [1, 'a'], {}, { a: { b: [] } }, '\u0000', '\ud800']);
  const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

  const sessionValue = (): unknown => {
    const session: Record<string, unknown> = chance(0.8) ? { type: pick(['realtime', 'realtime', 'transcription', 'x', '']) } : {};
    for (let i = int(4); i > 0; i--) {
      const field = pick(['model', 'instructions', 'audio', 'tools', 'tool_choice', 'output_modalities', 'max_output_tokens', 'voice', bytes(4, 97, 123)]);
      session[field] = chance(0.5) ? weird() : field === 'audio' ? { input: { turn_detection: weird() }, output: { voice: weird() } } : field === 'tools' ? [{ type: 'function', name: weird() }] : weird();
    }
    return session;
  };

  const jsonBody = (): string => {
    switch (int(8)) {
      case 0: return bytes(int(300));
      case 1: return JSON.stringify({ expires_after: { anchor: weird(), seconds: weird() }, session: sessionValue() }).slice(0, chance(0.3) ? int(80) : undefined);
      case 2: return `{"session":${deep(100 + int(400))}}`;
      case 3: return JSON.stringify(weird());
      case 4: return JSON.stringify({ session: sessionValue(), [bytes(3, 97, 123)]: weird() });
      case 5: return `{"session":{"type":"realtime","instructions":"${'x'.repeat(int(3) === 0 ? 1_100_000 : 2000)}"}}`;
      case 6: return '';
      default: return JSON.stringify({ expires_after: { seconds: 10 + int(7200) }, session: sessionValue() });
    }
  };

  const mutatedSdp = (): string => {
    const lines = [...offerLines];
    for (let i = 1 + int(4); i > 0; i--) {
      if (lines.length === 0) lines.push('v=0');
      const at = int(lines.length);
      switch (int(8)) {
        case 0: lines.splice(at, 1); break;
        case 1: lines.splice(at, 0, lines[int(lines.length)]); break;
        case 2: lines[at] = `${lines[at].slice(0, 2)}${bytes(int(40), 32, 127)}`; break;
        case 3: lines[at] = lines[at].replace(/\d+/g, () => pick(['0', '-1', '99999999999', '65536', 'x', ''])); break;
        case 4: lines.splice(at, 0, pick(['a=candidate:1 1 udp 1 10.0.0.1 9 typ host', 'a=candidate:x', 'm=video 9 UDP/TLS/RTP/SAVPF 96', 'a=rtpmap:111 opus/0/0', 'a=sctp-port:0', 'a=max-message-size:-5', 'a=setup:actpass', 'a=fingerprint:sha-256 ZZ', 'a=group:BUNDLE 9 9 9', 'a=mid:', 'a=ssrc:1 cname:' + bytes(5, 33, 127), 'm=application 9 UDP/DTLS/SCTP x'])); break;
        case 5: lines[at] = lines[at].replace(/[a-z]/i, () => bytes(1, 33, 127)); break;
        case 6: lines.splice(at, lines.length); break;
        default: lines.reverse(); break;
      }
    }
    return lines.join(pick(['\r\n', '\r\n', '\n', '\r'])) + '\r\n';
  };

  const multipart = (): { type: string; body: string } => {
    const boundary = chance(0.8) ? `b${int(1e6)}` : pick(['', '"', 'x'.repeat(100), bytes(5, 33, 127)]);
    const parts: string[] = [];
    for (let i = int(4); i > 0; i--) {
      const name = pick(['sdp', 'sdp', 'session', 'session', 'model', '', bytes(4, 33, 127)]);
      const value = name === 'sdp' ? (chance(0.5) ? offer : mutatedSdp()) : name === 'session' ? (chance(0.7) ? JSON.stringify(sessionValue()) : bytes(int(100), 32, 127)) : bytes(int(50));
      const filename = chance(0.2) ? '; filename="x.sdp"' : '';
      parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename}\r\n\r\n${value}\r\n`);
    }
    const body = parts.join('') + (chance(0.8) ? `--${boundary}--\r\n` : bytes(int(20)));
    const type = chance(0.85) ? `multipart/form-data; boundary=${boundary}` : pick(['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/mixed; boundary=x']);
    return { type, body: chance(0.15) ? body.slice(0, int(body.length)) : body };
  };

  /** `POST /v1/live/sessions`: `{session: MediaSessionConfig, transport: {type: "webrtc", sdp}}`, bent. */
  const liveBody = (): string => {
    const session: Record<string, unknown> = { model: pick(['gpt-live-1', 'gpt-live-1.1', weird(), 'gpt-realtime']) };
    for (let i = int(3); i > 0; i--) {
      const field = pick(['instructions', 'audio', 'client', 'delegation', 'input', 'store', bytes(4, 97, 123)]);
      session[field] =
        field === 'client' && chance(0.6)
          ? { data_channel: { allowed_client_events: pick(['all', [], ['session.close'], [weird()], weird()]), allowed_server_events: pick(['all', [{ type: 'response.event' }], [{ type: weird(), response_event: weird() }], weird()]) } }
          : field === 'audio' && chance(0.5) ? { output: { voice: weird() }, format: weird() } : weird();
    }
    const transport = chance(0.8) ? { type: pick(['webrtc', 'webrtc', 'websocket', weird()]), sdp: pick([offer, mutatedSdp(), weird(), offer.repeat(30)]) } : weird();
    switch (int(5)) {
      case 0: return JSON.stringify({ session, transport }).slice(0, int(200));
      case 1: return `{"session":${deep(100 + int(400))},"transport":{}}`;
      case 2: return JSON.stringify({ session, transport, [bytes(3, 97, 123)]: weird() });
      default: return JSON.stringify({ session, transport });
    }
  };

  return (): { chunks: Array<string | Buffer>; kind: string } => {
    if (chance(0.2)) {
      const body = liveBody();
      const type = pick(['application/json', 'application/json', 'application/json; charset=utf-8', 'application/sdp', '']);
      const key = pick([KEY, KEY, ephemeralKey, '', null]);
      const headers = ['Host: 127.0.0.1', 'Connection: close', ...(key === null ? [] : [`Authorization: Bearer ${key}`]), ...(type ? [`Content-Type: ${type}`] : []), `Content-Length: ${Buffer.byteLength(body, 'latin1')}`];
      const path = pick(['/v1/live/sessions', '/v1/live/sessions/', '/v1/live/sessions?x=1']);
      return { chunks: [Buffer.from(`${chance(0.95) ? 'POST' : 'GET'} ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.from(body, 'latin1')], kind: 'live' };
    }
    const secrets = chance(0.4);
    const path = secrets ? '/v1/realtime/client_secrets' : pick(['/v1/realtime/calls', '/v1/realtime/calls', '/v1/realtime/calls/', `/v1/realtime/calls?${pick(['sim_speed=-1', 'fault_close_after=0', 'model=' + encodeURIComponent(bytes(10, 0, 128)), 'sim_script=%5B'])}`]);
    let type: string;
    let body: string;
    let kind = secrets ? 'secrets' : 'sdp';
    if (secrets) {
      type = pick(['application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', '', 'application/sdp']);
      body = jsonBody();
    } else if (chance(0.5)) {
      type = pick(['application/sdp', 'application/sdp', 'application/SDP; charset=x', 'text/plain', '']);
      body = pick([offer, mutatedSdp(), mutatedSdp(), bytes(int(400)), 'v=0\r\n', offer.repeat(20)]);
    } else {
      ({ type, body } = multipart());
      kind = 'multipart';
    }
    const key = pick([KEY, KEY, ephemeralKey, 'ek_0000', '', `${bytes(8, 33, 127)}`, null]);
    const length = Buffer.byteLength(body, 'latin1');
    const honest = chance(0.9);
    const declared = honest ? length : pick([0, length - 1, length + 10, -1, 'x', '99999999999']);
    if (!honest) kind = 'lying length';
    const headers = [
      'Host: 127.0.0.1',
      'Connection: close', // the answer ends the exchange instead of the wait
      ...(key === null ? [] : [`Authorization: Bearer ${key}`]),
      ...(type ? [`Content-Type: ${type}`] : []),
      chance(0.95) ? `Content-Length: ${String(declared)}` : ((kind = 'chunked'), 'Transfer-Encoding: chunked'),
    ];
    const head = `${chance(0.95) ? 'POST' : pick(['PUT', 'GET'])} ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`;
    return { chunks: [Buffer.from(head, 'latin1'), Buffer.from(body, 'latin1')], kind };
  };
}

describe('the simulator\'s HTTP endpoints under fuzzed requests (child process)', () => {
  let child: SimulatorChild;
  before(async () => {
    child = await spawnSimulator({ MOCK_API_KEY: KEY, MOCK_SPEED: '4', MOCK_MAX_CALLS: '200', MOCK_CALL_CONNECT_TIMEOUT_MS: '1000' });
  });
  after(async () => {
    await child.stop();
  });

  it(`survives ${REQUESTS} generated requests, then mints a key and runs a call (seed ${SEED})`, async () => {
    const base = `http://127.0.0.1:${child.port}`;
    const minted = await fetch(`${base}/v1/realtime/client_secrets`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
    const next = generator(mulberry32(SEED), await realOffer(), ((await minted.json()) as { value: string }).value);
    const statuses = new Map<string, number>();
    let sent = 0;
    const started = Date.now();
    const worker = async (): Promise<void> => {
      while (sent < REQUESTS && Date.now() - started < BUDGET_MS && child.alive()) {
        sent++;
        const request = next();
        const exchange = await rawExchange(child.port, request.chunks, WAIT_MS);
        const status = statusOf(exchange.response);
        const key = status !== null ? String(status) : `${exchange.closedByServer ? 'closed' : 'no answer'} (${request.kind})`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const summary = [...statuses].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
    console.log(`HTTP endpoint fuzz (seed ${SEED}): ${sent} requests in ${Date.now() - started} ms; answers: ${summary}`);
    assert.ok(child.alive(), `the simulator exited (seed ${SEED}):\n${child.stderr().slice(0, 4000)}`);
    assert.ok(sent >= Math.min(REQUESTS, 250), `only ${sent} requests in the time budget`);
    for (const status of ['200', '201', '400', '401']) assert.ok((statuses.get(status) ?? 0) > 0, `some ${status}: ${summary}`);
    assert.equal(statuses.get('500') ?? 0, 0, `no 500: ${summary}`);

    // Answered-but-unconnected calls end after MOCK_CALL_CONNECT_TIMEOUT_MS; then a real call works.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const peer = await TestPeer.dial(base, { key: KEY }).catch((error: Error) => {
      throw new Error(`${error.message}; the simulator's log ends:\n${child.stdout().split('\n').slice(-15).join('\n')}`);
    });
    await peer.next('session.created');
    peer.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] } });
    peer.send({ type: 'response.create' });
    await peer.next('output_audio_buffer.stopped', undefined, 15_000);
    await peer.close();

    assert.equal(child.stderr(), '', 'nothing on stderr');
    const log = child.stdout().split('\n');
    assert.ok(!child.stdout().includes('\x1b'), 'no raw escape character in the log');
    assert.deepEqual(log.filter((line) => line && !line.startsWith('simulator: ')).slice(0, 5), [], "every log line is the simulator's own");
    assert.deepEqual(log.filter((line) => / failed: /.test(line)).slice(0, 5), [], 'no handler failed');
  });
});
