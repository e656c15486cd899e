// Tools the relay runs on a WebRTC call's sideband (RELAY_SIDEBAND_TOOLS), end to end on loopback:
// a werift peer through the relay's /session to the simulator, the relay attached with
// `?call_id=`. The relay answers the held tools itself (the phone line's modules, memory per
// call); the page is told so by /session's answer and does not answer them too.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator } from '../simulator/server';
import { RealtimeClient } from '../src/lib/realtime/client';
import { assertValidClientEvent } from '../src/lib/realtime/test-support/client-harness';
import { NodePeerConnection, loopbackPeerConfiguration } from '../src/lib/realtime/test-support/webrtc-peer';
import type { TransportEvent } from '../src/lib/realtime/transport-types';
import { WebRTCTransport } from '../src/lib/realtime/webrtc/webrtc-transport';
import { GET_WEATHER_TOOL, SET_MEMORY_TOOL } from '../src/tools';
import type { HeldTool, RelayOptions } from './config';
import { startWeatherStub, type WeatherStub } from './phone/test-support';
import { startRelay } from './server';
import { captureLog } from './test-support';

const KEY = 'sk-sideband-tools-0123456789abcdef';
const WAIT_MS = 10_000;

let sim: RunningSimulator;
let weather: WeatherStub;
/** Every frame this process sent on a sideband (`?call_id=`): the relay's own client events. */
const sidebandFrames: unknown[] = [];
const originalSend = WebSocket.prototype.send;

before(async () => {
  sim = await startSimulator({ port: 0, speed: 20 });
  weather = await startWeatherStub(21.5, 12.3);
  // A spy on real traffic: the relay runs in this process, so its sideband socket is one of ours.
  WebSocket.prototype.send = function send(this: WebSocket, data: unknown, ...rest: unknown[]) {
    if (typeof this.url === 'string' && this.url.includes('call_id=')) sidebandFrames.push(JSON.parse(String(data)));
    return (originalSend as (...args: unknown[]) => void).call(this, data, ...rest);
  } as typeof WebSocket.prototype.send;
});

after(async () => {
  WebSocket.prototype.send = originalSend;
  await weather.close();
  await sim.close();
});

async function call(relayOptions: Partial<RelayOptions>) {
  const log = captureLog();
  const relay = await startRelay({
    apiKey: KEY,
    port: 0,
    upstreamUrl: sim.url,
    upstreamProbeIntervalMs: 0,
    log: log.sink,
    policy: { tools: [GET_WEATHER_TOOL, SET_MEMORY_TOOL] as HeldTool[] },
    sidebandTools: ['get_weather', 'set_memory'],
    ...relayOptions,
  });
  const transport = new WebRTCTransport({ signalling: { via: 'relay-session', relayUrl: relay.url }, input: null, RTCPeerConnection: NodePeerConnection, peerConfiguration: loopbackPeerConfiguration() });
  const client = new RealtimeClient({ transport, session: { output_modalities: ['text'] } });
  const pageRuns: string[] = [];
  // The page has the same tools (the console always does): the relay's header must keep it from answering.
  client.addTool(GET_WEATHER_TOOL, () => pageRuns.push('get_weather'));
  client.addTool(SET_MEMORY_TOOL, () => pageRuns.push('set_memory'));
  const events: TransportEvent[] = [];
  transport.on('realtime.event', (event) => events.push(event));
  await client.connect();
  /** Asks, and resolves with the text of the next response that is a message. */
  const ask = async (text: string): Promise<string> => {
    const first = transport.waitForNext('server.response.done', WAIT_MS);
    client.sendUserMessageContent([{ type: 'input_text', text }]);
    assert.equal((await first).response.output?.[0]?.type, 'function_call', 'the model calls the tool first');
    const answer = await transport.waitForNext('server.response.done', WAIT_MS);
    const item = answer.response.output?.[0];
    assert.equal(item?.type, 'message', 'then answers once, from the relay\'s output');
    if (item?.type !== 'message') return '';
    return (item.content ?? []).map((part) => ('text' in part ? String(part.text) : '')).join('');
  };
  const close = async () => {
    client.disconnect();
    await relay.close();
  };
  return { relay, transport, client, events, pageRuns, ask, log, close };
}

test('a weather question on a WebRTC call is answered by the relay on its sideband, not by the page', async () => {
  const sentBefore = sidebandFrames.length;
  const t = await call({ sidebandWeatherUrl: weather.baseUrl });
  try {
    assert.deepEqual([...t.transport.serverTools].sort(), ['get_weather', 'set_memory'], 'the page learns it from /session\'s answer');
    const text = await t.ask('What is the weather in Paris?');
    assert.match(text, /Paris.*21\.5 °C/s);
    assert.equal(weather.requests.length, 1);
    assert.equal(weather.requests[0].get('latitude')?.slice(0, 4), '48.8');
    assert.deepEqual(t.pageRuns, [], 'the page ran no relay tool');
    const pageOutputs = t.events.filter((e) => e.source === 'client' && e.event.type === 'conversation.item.create' && (e.event.item as { type?: string }).type === 'function_call_output');
    assert.equal(pageOutputs.length, 0, 'the page sent no function_call_output');
    const outputs = t.events.filter((e) => e.source === 'server' && e.event.type === 'conversation.item.added' && (e.event as { item?: { type?: string } }).item?.type === 'function_call_output');
    assert.equal(outputs.length, 1, 'one output for the one call');

    const sent = sidebandFrames.slice(sentBefore) as Array<{ type: string; item?: { type: string; output: string } }>;
    for (const event of sent) assertValidClientEvent(event);
    const answers = sent.filter((event) => event.type !== 'session.update');
    assert.deepEqual(answers.map((event) => event.type), ['conversation.item.create', 'response.create']);
    assert.equal(JSON.parse(answers[0].item?.output ?? '{}').temperature.value, 21.5);
    assert.ok(t.log.lines.some((line) => /sideband: ran get_weather for call rtc_\w+ in \d+ ms$/.test(line)), t.log.lines.join('\n'));
  } finally {
    await t.close();
  }
  assert.match(t.log.lines.find((line) => line.includes('sideband closed')) ?? '', /tools run 1/);
  for (const line of t.log.lines) assert.ok(!line.includes(KEY), line);
});

test('an unreachable weather service gives the model {error}, and the call goes on (set_memory next)', async () => {
  const sentBefore = sidebandFrames.length;
  const t = await call({ sidebandWeatherUrl: 'http://127.0.0.1:9/v1/forecast' });
  try {
    const text = await t.ask('What is the weather in Tokyo?');
    assert.match(text, /Tokyo.*error.*unreachable/is);
    assert.equal(await t.ask('Remember that my name is Ada.'), 'Got it. I will remember that your name is Ada.');
    assert.deepEqual(t.pageRuns, []);
    const sent = sidebandFrames.slice(sentBefore) as Array<{ type: string; item?: { output: string } }>;
    for (const event of sent) assertValidClientEvent(event);
    const outputs = sent.filter((event) => event.type === 'conversation.item.create').map((event) => JSON.parse(event.item?.output ?? '{}') as Record<string, unknown>);
    assert.match(String(outputs[0].error), /weather service unreachable/);
    assert.deepEqual(outputs[1], { ok: true, key: 'name' });
    assert.ok(t.log.lines.some((line) => /ran get_weather .* it failed: weather service unreachable/.test(line)), t.log.lines.join('\n'));
  } finally {
    await t.close();
  }
});

test('without RELAY_SIDEBAND_TOOLS the page answers its tools itself, as before', async () => {
  const t = await call({ sidebandTools: [], policy: {} });
  try {
    assert.equal(t.transport.serverTools.size, 0);
    const done = t.client.waitForNext('tool.result', WAIT_MS);
    t.client.sendUserMessageContent([{ type: 'input_text', text: 'Remember that my name is Ada.' }]);
    await done;
    assert.deepEqual(t.pageRuns, ['set_memory']);
  } finally {
    await t.close();
  }
});
