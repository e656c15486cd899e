// The LiveClient over WebRTC (LiveRtcWire, werift as the Node peer) against the simulator's
// `POST /v1/live/sessions` on loopback: the microphone as a media track (no appends), events on
// `oai-events`, every frame each way strictly valid against the generated Live schema.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LiveClient } from './live-client';
import { LiveRtcWire } from './live-rtc-wire';
import type { LiveSessionConfig, LiveWireEvent } from './live-types';
import { startLiveSimulator, speech, invalidLiveEvents, type LiveSimulator } from '../../../simulator/live/test-support';
import { LIVE_CONSOLE_TOOLS, registerLiveConsoleTools } from '../../tools/live-console-tools';
import { simulatedForecast } from '../../../scripts/demo/weather-service';
import { loopbackPeerConfiguration, NodeMicrophone, NodePeerConnection } from '../realtime/test-support/webrtc-peer';
import { assistantText, invalidLiveFrames, until } from './test-support';

const WEATHER = "What's the weather in Paris";
const KEY = 'sk-sim-live-rtc';
/** The microphone runs this much faster than real time (the session clock follows it). */
const MIC_SPEED = 2;
const simulators: LiveSimulator[] = [];
const microphones: NodeMicrophone[] = [];
const wire: LiveWireEvent[] = [];
let weather: Server | null = null;

after(async () => {
  for (const mic of microphones) mic.stop();
  for (const live of simulators) {
    await live.simulator.close();
    assert.deepEqual(invalidLiveEvents(live.sent), []);
  }
  await new Promise<void>((resolve) => (weather ? weather.close(() => resolve()) : resolve()));
  const bad = invalidLiveFrames(wire);
  assert.ok(wire.length > 20, `${wire.length} frames`);
  assert.deepEqual(bad, [], 'every frame, both ways, valid against the Live schema');
  assert.equal(wire.filter(({ event }) => event.type === 'session.input_audio.append' || event.type === 'session.output_audio.delta').length, 0, 'no audio events on a media wire');
});

async function connected(script: string[], session: Partial<LiveSessionConfig> = {}): Promise<{ client: LiveClient; mic: NodeMicrophone; rtc: LiveRtcWire }> {
  const live = await startLiveSimulator({ script, apiKey: KEY });
  simulators.push(live);
  const mic = new NodeMicrophone(MIC_SPEED);
  microphones.push(mic);
  const config: LiveSessionConfig = { model: 'gpt-live-1', ...session };
  const rtc = new LiveRtcWire({
    signalling: { via: 'api', apiKey: KEY, url: `http://127.0.0.1:${live.simulator.port}/v1/live/sessions` },
    session: config,
    input: mic.stream,
    RTCPeerConnection: NodePeerConnection,
    peerConfiguration: loopbackPeerConfiguration(),
  });
  const client = new LiveClient({ session: config, wire: rtc });
  client.on('live.event', (event) => wire.push(event));
  await client.connect();
  mic.start();
  return { client, mic, rtc };
}

test('a spoken weather question over WebRTC: the microphone track, Responses delegation, get_weather run in the client', async () => {
  weather = createServer((req, res) => {
    const answer = simulatedForecast(new URL(req.url ?? '/', 'http://x').search);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => weather!.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(weather.address() as AddressInfo).port}/v1/forecast`;
  const { client, mic, rtc } = await connected([WEATHER], { delegation: { type: 'responses', responses: { model: 'gpt-5.5', tools: [...LIVE_CONSOLE_TOOLS] } } });
  assert.equal(client.media, true);
  assert.equal(client.session?.id, rtc.sessionId, 'the creation answer names the session the channel started');
  assert.equal(wire.find((e) => e.source === 'client'), undefined, 'no session.start: the creation started the session');
  assert.throws(() => client.appendInputAudio(new Int16Array(480)), /media track/);
  let packets = 0;
  type NodeTrack = { onReceiveRtp: { subscribe(run: () => void): unknown } };
  (rtc.remoteTrack as unknown as NodeTrack | null)?.onReceiveRtp.subscribe(() => packets++);
  registerLiveConsoleTools(client, { baseUrl });
  const results: string[] = [];
  client.on('tool.result', (r) => results.push(r.output));
  await mic.say(speech(WEATHER));
  const answered = await until(client, () => client.delegations.list().find((d) => d.state === 'answered'), 'the delegation answered');
  assert.equal(answered.target, 'responses');
  assert.equal(answered.toolCalls[0].name, 'get_weather');
  assert.match(answered.toolCalls[0].output ?? '', /"location":"Paris"/);
  assert.equal(results.length, 1);
  const temperature = JSON.parse(results[0]).temperature.value as number;
  await until(client, () => (assistantText(client).includes(String(temperature)) ? true : null), 'the answer spoken with the tool result');
  assert.ok(client.transcript.list().some((t) => t.lane === 'user' && t.text.includes('weather in Paris')), 'the user lane heard the track');
  assert.ok(packets > 50, `the model's voice arrives on the remote track (${packets} packets)`);
  await client.close();
  assert.equal(client.isConnected(), false);
});

test('barge-in over WebRTC shows as overlapping turns', async () => {
  const { client, mic } = await connected(['Tell me a long story please', 'Wait']);
  await mic.say(speech('Tell me a long story please'));
  await until(client, () => client.transcript.list().find((t) => t.lane === 'assistant'), 'the reply starting');
  await mic.say(speech('Wait'));
  await until(client, () => (client.transcript.overlaps().length ? true : null), 'an overlap');
  assert.ok(client.transcript.overlaps()[0].overlapMs > 0);
  await client.close();
});

test('a stored session forked onto WebRTC (POST /v1/live/sessions/{id}/fork): inherited settings, the overrides applied, the session on the channel', async () => {
  const live = await startLiveSimulator({ apiKey: KEY });
  simulators.push(live);
  const stored = new LiveClient({ url: live.url, apiKey: KEY, session: { model: 'gpt-live-1.1', store: true, instructions: 'Be brief.' } });
  const { id } = await stored.connect();
  await stored.close();
  const mic = new NodeMicrophone(MIC_SPEED);
  microphones.push(mic);
  const rtc = new LiveRtcWire({
    signalling: { via: 'api', apiKey: KEY, url: `http://127.0.0.1:${live.simulator.port}/v1/live/sessions`, fork: { sessionId: id, overrides: { store: false } } },
    // Not sent on a fork: the stored session's settings apply.
    session: { model: 'gpt-live-1' },
    input: mic.stream,
    RTCPeerConnection: NodePeerConnection,
    peerConfiguration: loopbackPeerConfiguration(),
  });
  const client = new LiveClient({ wire: rtc });
  client.on('live.event', (event) => wire.push(event));
  const session = await client.connect();
  assert.notEqual(session.id, id);
  assert.equal(rtc.sessionId, session.id);
  assert.deepEqual([session.model, session.instructions, session.store], ['gpt-live-1.1', 'Be brief.', false]);
  await client.close();
});
