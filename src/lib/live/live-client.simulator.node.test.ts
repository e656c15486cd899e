// The LiveClient against the simulator's Live mode over a real WebSocket on loopback: every frame
// each way strictly valid against the generated Live schema.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LiveClient } from './live-client';
import type { LiveSessionConfig, LiveWireEvent } from './live-types';
import { startLiveSimulator, speech, invalidLiveEvents, type LiveSimulator } from '../../../simulator/live/test-support';
import { LIVE_CONSOLE_TOOLS, registerLiveConsoleTools } from '../../tools/live-console-tools';
import { simulatedForecast } from '../../../scripts/demo/weather-service';
import { assistantText, invalidLiveFrames, until } from './test-support';

const WEATHER = "What's the weather in Paris";
const simulators: LiveSimulator[] = [];
const wire: LiveWireEvent[] = [];
let weather: Server | null = null;

after(async () => {
  for (const live of simulators) {
    await live.simulator.close();
    assert.deepEqual(invalidLiveEvents(live.sent), []);
  }
  await new Promise<void>((resolve) => (weather ? weather.close(() => resolve()) : resolve()));
  const bad = invalidLiveFrames(wire);
  assert.ok(wire.length > 200, `${wire.length} frames`);
  assert.deepEqual(bad, [], 'every frame, both ways, valid against the Live schema');
});

async function connected(script: string[], session: Partial<LiveSessionConfig> = {}): Promise<LiveClient> {
  const live = await startLiveSimulator({ script });
  simulators.push(live);
  const client = new LiveClient({ url: live.url, apiKey: 'sk-sim-test', session: { model: 'gpt-live-1', ...session }, pacing: { speed: 20 } });
  client.on('live.event', (event) => wire.push(event));
  await client.connect();
  return client;
}

test('connect: session.start first, resolves with session.started; the pacer streams continuous audio (silence included)', async () => {
  const client = await connected([]);
  assert.equal(client.session?.model, 'gpt-live-1');
  assert.equal(wire.find((e) => e.source === 'client')?.event.type, 'session.start');
  let audio = 0;
  client.on('audio', (samples) => (audio += samples.length));
  client.startAudio();
  await until(client, () => (audio >= 24_000 ? true : null), 'a second of output audio');
  assert.ok(client.sentMs >= 1000);
  await client.close();
  assert.equal(client.usage?.seconds !== undefined, true);
});

test('a spoken weather question through Responses delegation: get_weather runs in the client, the answer is spoken', async () => {
  weather = createServer((req, res) => {
    const answer = simulatedForecast(new URL(req.url ?? '/', 'http://x').search);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => weather!.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(weather.address() as AddressInfo).port}/v1/forecast`;
  const client = await connected([WEATHER], { delegation: { type: 'responses', responses: { model: 'gpt-5.5', tools: [...LIVE_CONSOLE_TOOLS] } } });
  registerLiveConsoleTools(client, { baseUrl });
  const results: string[] = [];
  client.on('tool.result', (r) => results.push(r.output));
  client.appendInputAudio(speech(WEATHER));
  client.startAudio();
  const answered = await until(client, () => client.delegations.list().find((d) => d.state === 'answered'), 'the delegation answered');
  assert.equal(answered.target, 'responses');
  assert.equal(answered.toolCalls[0].name, 'get_weather');
  assert.match(answered.toolCalls[0].output ?? '', /"location":"Paris"/);
  assert.ok(answered.tokens.input > 0 && answered.tokens.output > 0);
  assert.equal(results.length, 1);
  const temperature = JSON.parse(results[0]).temperature.value as number;
  await until(client, () => (assistantText(client).includes(String(temperature)) ? true : null), 'the answer spoken with the tool result');
  await client.close();
});

test('client delegation answered with commentary: created → acknowledged → answered, the append placed on the timeline', async () => {
  const client = await connected([WEATHER]);
  client.on('delegation', (d) => {
    // The backend's answer takes a moment: it comes after the model's spoken acknowledgement.
    if (d.state === 'acknowledged') client.appendCommentary('It is 21 degrees and sunny in Paris.', d.id);
  });
  const states: string[] = [];
  client.on('delegation', (d) => states.push(d.state));
  client.appendInputAudio(speech(WEATHER));
  client.startAudio();
  const answered = await until(client, () => client.delegations.list().find((d) => d.state === 'answered'), 'the delegation answered');
  assert.ok(answered.answerMs !== undefined && answered.answerMs >= 0);
  const [entry] = client.ledger.list();
  assert.equal(entry.channel, 'commentary');
  assert.equal(entry.startMs, answered.answeredAtMs);
  assert.equal(client.ledger.pending().length, 0);
  await until(client, () => (assistantText(client).includes('sunny in Paris') ? true : null), 'the commentary spoken');
  assert.ok(client.transcript.list().some((t) => t.lane === 'user' && t.text.includes('weather in Paris')));
  await client.close();
  assert.deepEqual([...new Set(states)], ['created', 'acknowledged', 'answered']);
});

test('barge-in shows as overlapping turns; an unanswered delegation ends orphaned at close', async () => {
  const client = await connected(['Tell me a long story please', 'Wait', WEATHER]);
  client.appendInputAudio(speech('Tell me a long story please'));
  client.startAudio();
  await until(client, () => client.transcript.list().find((t) => t.lane === 'assistant'), 'the reply starting');
  client.appendInputAudio(speech('Wait'));
  await until(client, () => (client.transcript.overlaps().length ? true : null), 'an overlap');
  const [overlap] = client.transcript.overlaps();
  assert.ok(overlap.overlapMs > 0);
  client.appendInputAudio(new Int16Array(24_000));
  client.appendInputAudio(speech(WEATHER));
  await until(client, () => client.delegations.list()[0], 'a delegation');
  await client.close();
  assert.equal(client.delegations.list()[0].state, 'orphaned');
});
