import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EnergyVad, frameLevel, SEMANTIC_SILENCE_MS, VAD_FRAME_MS, vadParams, type VadEvent, type VadParams } from './vad';
import { appendAudio, concat, fromBase64, suiteSimulator, openSession, silence, tone } from './test-support';

function run(params: VadParams, audio: Int16Array, chunk = 480): VadEvent[] {
  const vad = new EnergyVad(params);
  const events: VadEvent[] = [];
  for (let at = 0; at < audio.length; at += chunk) events.push(...vad.process(audio.subarray(at, at + chunk)));
  return events;
}

const near = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= VAD_FRAME_MS, `${what}: ${actual} ms, expected ${expected} ± ${VAD_FRAME_MS}`);

describe('energy VAD on tone bursts', () => {
  const cases: Array<{ params: VadParams; lead: number; burst: number; tail: number }> = [
    { params: { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 200 }, lead: 1000, burst: 700, tail: 600 },
    { params: { threshold: 0.5, prefixPaddingMs: 120, silenceDurationMs: 550 }, lead: 500, burst: 1300, tail: 900 },
    { params: { threshold: 0.7, prefixPaddingMs: 0, silenceDurationMs: 1000 }, lead: 250, burst: 400, tail: 1500 },
    // Onset sooner than the padding: the start clamps at 0.
    { params: { threshold: 0.4, prefixPaddingMs: 500, silenceDurationMs: 300 }, lead: 200, burst: 500, tail: 500 },
  ];
  for (const { params, lead, burst, tail } of cases) {
    it(`threshold ${params.threshold}, prefix ${params.prefixPaddingMs} ms, silence ${params.silenceDurationMs} ms`, () => {
      const events = run(params, concat(silence(lead), tone(burst, 0.3), silence(tail)));
      assert.deepEqual(events.map((e) => e.kind), ['speech_started', 'speech_stopped']);
      const [started, stopped] = events as [Extract<VadEvent, { kind: 'speech_started' }>, Extract<VadEvent, { kind: 'speech_stopped' }>];
      near(started.audioStartMs, Math.max(0, lead - params.prefixPaddingMs), 'audio_start_ms');
      near(stopped.audioEndMs, lead + burst + params.silenceDurationMs, 'audio_end_ms');
    });
  }

  it('does not split speech on a pause shorter than silence_duration_ms', () => {
    const params = { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 500 };
    const events = run(params, concat(silence(300), tone(400), silence(480), tone(400), silence(600)));
    assert.deepEqual(events.map((e) => e.kind), ['speech_started', 'speech_stopped']);
    near((events[1] as { audioEndMs: number }).audioEndMs, 300 + 400 + 480 + 400 + 500, 'audio_end_ms');
  });

  it('splits on a pause at least silence_duration_ms long', () => {
    const params = { threshold: 0.5, prefixPaddingMs: 0, silenceDurationMs: 300 };
    const events = run(params, concat(tone(400), silence(320), tone(400), silence(400)));
    assert.deepEqual(events.map((e) => e.kind), ['speech_started', 'speech_stopped', 'speech_started', 'speech_stopped']);
    near((events[2] as { audioStartMs: number }).audioStartMs, 720, 'second start');
  });

  it('honours the threshold: a quiet tone is speech only under a low threshold', () => {
    const quiet = concat(silence(200), tone(500, 0.01), silence(600));
    // 0.01 full scale is about -43 dBFS RMS: level 0.28 on the 0..1 scale.
    assert.equal(run({ threshold: 0.5, prefixPaddingMs: 0, silenceDurationMs: 200 }, quiet).length, 0);
    assert.equal(run({ threshold: 0.2, prefixPaddingMs: 0, silenceDurationMs: 200 }, quiet).length, 2);
    const level = frameLevel(tone(10, 0.01), 0, 240);
    assert.ok(level > 0.2 && level < 0.35, `level ${level}`);
  });

  it('gives the same times whatever the chunk size', () => {
    const params = { threshold: 0.5, prefixPaddingMs: 200, silenceDurationMs: 300 };
    const audio = concat(silence(730), tone(910), silence(800));
    const reference = run(params, audio, 480);
    for (const chunk of [37, 241, 4800, audio.length]) assert.deepEqual(run(params, audio, chunk), reference);
  });

  it('maps semantic_vad eagerness to silence lengths', () => {
    for (const eagerness of ['low', 'medium', 'high', 'auto'] as const) {
      const params = vadParams({ type: 'semantic_vad', eagerness });
      assert.equal(params.silenceDurationMs, SEMANTIC_SILENCE_MS[eagerness]);
      const events = run(params, concat(silence(500), tone(600), silence(2000)));
      near((events[1] as { audioEndMs: number }).audioEndMs, 1100 + SEMANTIC_SILENCE_MS[eagerness], `${eagerness} audio_end_ms`);
    }
    assert.ok(SEMANTIC_SILENCE_MS.high < SEMANTIC_SILENCE_MS.medium && SEMANTIC_SILENCE_MS.medium < SEMANTIC_SILENCE_MS.low);
  });
});

describe('server VAD over the socket', () => {
  const sim = suiteSimulator({ speed: 100 });

  it('reports speech_started / speech_stopped at the configured times and commits exactly that audio', async () => {
    const { client } = await openSession(sim.url);
    const detection = { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 250, silence_duration_ms: 400, create_response: false };
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: detection } } } });
    const updated = await client.next('session.updated');
    const reported = (updated.session as { audio: { input: { turn_detection: Record<string, unknown> } } }).audio.input.turn_detection;
    assert.equal(reported.idle_timeout_ms, null);
    assert.equal(reported.interrupt_response, true, 'defaults filled in');
    const lead = 1200;
    const burst = 900;
    appendAudio(client, concat(silence(lead), tone(burst), silence(700)), 20);
    const started = await client.next('input_audio_buffer.speech_started');
    const stopped = await client.next('input_audio_buffer.speech_stopped');
    near(Number(started.audio_start_ms), lead - 250, 'audio_start_ms');
    near(Number(stopped.audio_end_ms), lead + burst + 400, 'audio_end_ms');
    const committed = await client.next('input_audio_buffer.committed');
    client.send({ type: 'conversation.item.retrieve', item_id: committed.item_id });
    const retrieved = await client.next('conversation.item.retrieved');
    const audio = (retrieved.item as { content: Array<{ audio: string }> }).content[0].audio;
    const ms = fromBase64(audio).length / 24;
    near(ms, Number(stopped.audio_end_ms) - Number(started.audio_start_ms), 'committed audio length');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(client.all('response.created').length, 0, 'create_response: false');

    // A second turn counts on the same session clock.
    appendAudio(client, concat(tone(500), silence(500)), 20);
    const second = await client.next('input_audio_buffer.speech_started');
    near(Number(second.audio_start_ms), lead + burst + 700 - 250, 'second audio_start_ms');
    client.close();
  });

  it('semantic_vad with high eagerness ends the turn after its short silence and responds', async () => {
    const { client } = await openSession(sim.url);
    client.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'high' } } } } });
    await client.next('session.updated');
    appendAudio(client, concat(silence(400), tone(600), silence(1000)), 20);
    const stopped = await client.next('input_audio_buffer.speech_stopped');
    near(Number(stopped.audio_end_ms), 1000 + SEMANTIC_SILENCE_MS.high, 'audio_end_ms');
    const done = await client.next('response.done');
    assert.match(JSON.stringify(done), /seconds of audio/);
    client.close();
  });

  it('a turn_detection of null turns VAD off', async () => {
    const { client } = await openSession(sim.url);
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: null } } } });
    await client.next('session.updated');
    appendAudio(client, concat(tone(500), silence(800)), 20);
    client.send({ type: 'input_audio_buffer.clear' });
    await client.next('input_audio_buffer.cleared');
    assert.equal(client.all('input_audio_buffer.speech_started').length, 0);
    client.close();
  });
});
