// Hostile input to replay: `?replay=` names that try to leave the replay folder, files that are
// not recordings, and frames no recording expects. Each is refused or reported; the simulator
// never reads outside its folder, never throws, and serves a normal session afterwards.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { startSimulator, type RunningSimulator } from '../server';
import { connectClient, openSession } from '../test-support';
import { toJsonl } from './test-support';
import { resolveReplayName } from './replay-source';
import { fuzzSeed, mulberry32 as seeded } from '../../testing/seeded-random';

const SEED = fuzzSeed();

/** A small valid recording: session.created, then one typed turn's answer. */
function tinyRecording(): string {
  const t = Date.parse('2026-11-30T10:00:00Z');
  const session = { id: 'sess_rec', object: 'realtime.session', type: 'realtime', model: 'gpt-realtime', expires_at: t / 1000 + 3600 };
  return toJsonl([
    { time: t, source: 'server', event: { type: 'session.created', event_id: 'event_1', session } },
    { time: t + 5, source: 'client', event: { type: 'response.create', event_id: 'c1' } },
    { time: t + 9, source: 'server', event: { type: 'response.created', event_id: 'event_2', response: { id: 'resp_1', object: 'realtime.response', status: 'in_progress', output: [] } } },
  ] as never);
}

/** A zip whose central directory claims events.jsonl inflates to ~4 GB. */
function lyingZip(): Uint8Array {
  const zip = zipSync({ 'events.jsonl': strToU8(tinyRecording()) });
  for (let i = zip.length - 22; i >= 0; i--) {
    if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 0x01 && zip[i + 3] === 0x02) {
      new DataView(zip.buffer, zip.byteOffset).setUint32(i + 24, 0xfffffff0, true);
      break;
    }
  }
  return zip;
}

describe('replay: hostile names, files and frames', () => {
  const root = mkdtempSync(join(tmpdir(), 'replay-hostile-'));
  const dir = join(root, 'recordings');
  const lines: string[] = [];
  let sim: RunningSimulator;
  before(async () => {
    mkdirSync(dir);
    writeFileSync(join(root, 'secret.jsonl'), tinyRecording());
    writeFileSync(join(dir, 'good.jsonl'), tinyRecording());
    symlinkSync(join(root, 'secret.jsonl'), join(dir, 'link.jsonl'));
    mkdirSync(join(dir, 'folder.jsonl'));
    const random = seeded(17);
    writeFileSync(join(dir, 'noise.jsonl'), Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256))));
    writeFileSync(join(dir, 'noise.zip'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)))]));
    writeFileSync(join(dir, 'truncated.zip'), zipSync({ 'events.jsonl': strToU8(tinyRecording()) }).subarray(0, 60));
    writeFileSync(join(dir, 'bomb.zip'), lyingZip());
    writeFileSync(join(dir, 'client-only.jsonl'), `${JSON.stringify({ time: 1, source: 'client', event: { type: 'response.create' } })}\n`);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    writeFileSync(join(dir, 'deep.jsonl'), `${tinyRecording()}{"time":2,"source":"server","event":{"type":"x","v":${deep}}}\n`);
    sim = await startSimulator({ replay: { dir, speed: 50, mode: 'continue' }, log: (line) => lines.push(line) });
  });
  after(async () => {
    await sim.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function refusal(query: string): Promise<{ code: string; close: number }> {
    const client = await connectClient(`${sim.url}?${query}`);
    const error = await client.next('error');
    const close = await client.closed;
    return { code: String((error.error as { code: string }).code), close: close.code };
  }

  test(`names that are not a plain recording name in the folder are refused without a file being read (FUZZ_SEED=${SEED})`, async () => {
    const names = ['../secret.jsonl', '..%2Fsecret.jsonl', '%2e%2e%2fsecret.jsonl', '/etc/passwd', `${root}/secret.jsonl`, 'good.jsonl%00', 'good.jsonl/', '.good.jsonl', 'GOOD.JSONL', 'link.jsonl', 'folder.jsonl', 'missing.jsonl', 'good', `${'a'.repeat(300)}.jsonl`, 'good.jsonl%0a', '..', '%00'];
    const random = seeded(SEED);
    const alphabet = ['.', '/', '\\', '%2e', '%2f', '%00', 'good', '.jsonl', '.zip', '~', '$HOME', '\u202e', 'é', ' '];
    for (let i = 0; i < 60; i++) names.push(Array.from({ length: 1 + Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    for (const name of names) {
      const query = `replay=${name.includes('%') ? name : encodeURIComponent(name)}`;
      if (new URLSearchParams(query).get('replay') === 'good.jsonl') continue;
      const { code, close } = await refusal(query);
      assert.equal(close, 1008, name);
      assert.ok(['replay_not_found', 'replay_unreadable'].includes(code), `${name}: ${code}`);
    }
    assert.equal(resolveReplayName(dir, 'link.jsonl'), null, 'a link out of the folder is not followed');
    assert.ok(resolveReplayName(dir, 'good.jsonl'));
  });

  test('files that are not recordings are refused with a reason; bad speeds and modes too', async () => {
    for (const name of ['noise.jsonl', 'noise.zip', 'truncated.zip', 'bomb.zip', 'client-only.jsonl']) {
      const { code, close } = await refusal(`replay=${name}`);
      assert.deepEqual({ code, close }, { code: 'replay_unreadable', close: 1008 }, name);
    }
    assert.ok(lines.every((l) => !l.includes(root)), 'no server path in the log');
    for (const speed of ['0', '-1', 'abc', 'Infinity', '1e9', '']) assert.equal((await refusal(`replay=good.jsonl&replay_speed=${speed}`)).code, 'invalid_replay_speed');
    assert.equal((await refusal('replay=good.jsonl&replay_mode=maybe')).code, 'invalid_replay_mode');
  });

  test('a recording with an event nested 100,000 deep replays the rest', async () => {
    const client = await connectClient(`${sim.url}?replay=deep.jsonl`);
    await client.next('session.created');
    assert.ok(lines.some((l) => l.includes('nested deeper than 128 levels are skipped')));
    client.socket.close();
  });

  test('hostile frames during a replay are reported, never thrown; a normal session still works', async () => {
    const client = await connectClient(`${sim.url}?replay=good.jsonl`);
    const created = await client.next('session.created');
    assert.match(String((created.session as { id: string }).id), /^sess_sim_/, 'the recorded session id is rewritten');
    assert.ok((created.session as { expires_at: number }).expires_at > Date.now() / 1000 + 3000, 'expires_at moves to today');
    const random = seeded(99);
    const frames: Array<string | Buffer> = [Buffer.from([0, 1, 2]), 'not json', '[]', 'null', '{"type":5}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '{"type":"response.create","response":{"input":"x"}}'];
    for (let i = 0; i < 200; i++) {
      const type = ['response.create', 'input_audio_buffer.append', 'conversation.item.create', '\u0000', ''][Math.floor(random() * 5)];
      frames.push(JSON.stringify({ type, audio: random() < 0.5 ? '<base64 audio 99999999999 bytes>' : 'A'.repeat(Math.floor(random() * 100)), item: { id: random() } }));
    }
    for (const frame of frames) client.socket.send(frame);
    client.send({ type: 'response.create' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(!lines.some((l) => l.includes('failed')), lines.filter((l) => l.includes('failed')).join('\n'));
    client.socket.close();
    const { client: normal } = await openSession(sim.url);
    normal.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    await normal.next('response.done');
    normal.socket.close();
  });
});
