// Chromium's own WebRTC against the simulator on loopback: what a browser console does with an
// ephemeral key (offer posted cross-origin, `oai-events` channel, fake microphone), and the
// model's speech audible on the remote track. Catches what a werift client lets pass (werift
// plays media a recvonly answer should not carry; Chromium does not).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startSimulator, type RunningSimulator } from '../server';
import { validateServerEvent } from '../../src/lib/protocol/validate';
import type { ServerEvent } from '../../src/lib/protocol/protocol-types';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Loopback candidates (Chromium leaves them out by default) as plain addresses, not mDNS names. */
const CHROMIUM_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns'];
const sent: ServerEvent[] = [];
let sim: RunningSimulator;
let browser: Browser;

before(async () => {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install chromium`);
  sim = await startSimulator({ port: 0, speed: 1, onServerEvent: (event) => sent.push(event) });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await sim?.close();
  assert.deepEqual(sent.filter((event) => !validateServerEvent(event, { strict: true }).valid).map((event) => event.type), []);
});

it('Chromium calls with an ephemeral key, talks on oai-events and hears the model on the remote track', async () => {
  const base = `http://127.0.0.1:${sim.port}`;
  const minted = await fetch(`${base}/v1/realtime/client_secrets`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-sim-test', 'content-type': 'application/json' },
    // No VAD: the fake microphone's beeps would interrupt the answer.
    body: JSON.stringify({ session: { type: 'realtime', audio: { input: { turn_detection: null } } } }),
  });
  const key = ((await minted.json()) as { value: string }).value;
  const page = await browser.newPage();
  // tsx wraps named inner functions in a `__name` helper the page lacks (as in e2e/harness.ts).
  await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  await page.goto(`${base}/health`); // a secure context (loopback) with a different origin from the API's paths
  const result = await page.evaluate(async ({ base, key }) => {
    const pc = new RTCPeerConnection();
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    pc.addTrack(mic.getAudioTracks()[0], mic);
    let remote: MediaStream | null = null;
    pc.ontrack = (event) => (remote = event.streams[0] ?? new MediaStream([event.track]));
    const channel = pc.createDataChannel('oai-events');
    const events: Array<{ type: string }> = [];
    channel.onmessage = (message) => events.push(JSON.parse(String(message.data)) as { type: string });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
    const response = await fetch(`${base}/v1/realtime/calls`, { method: 'POST', body: pc.localDescription?.sdp, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/sdp' } });
    const answer = await response.text();
    if (response.status !== 201) return { status: response.status, answer };
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    await new Promise<void>((resolve, reject) => {
      channel.onopen = () => resolve();
      setTimeout(() => reject(new Error(`no open channel: ${pc.connectionState}`)), 10_000);
    });
    const waitFor = async (type: string): Promise<void> => {
      for (let i = 0; i < 100 && !events.some((event) => event.type === type); i++) await new Promise((r) => setTimeout(r, 100));
    };
    await waitFor('session.created');
    channel.send(JSON.stringify({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello from Chromium' }] } }));
    channel.send(JSON.stringify({ type: 'response.create' }));
    await waitFor('output_audio_buffer.started');
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(remote as unknown as MediaStream).connect(analyser);
    const element = new Audio(); // Chromium decodes a remote stream only while something plays it
    element.srcObject = remote;
    element.muted = true;
    void element.play();
    let peak = 0;
    const samples = new Float32Array(analyser.fftSize);
    for (let i = 0; i < 20; i++) {
      analyser.getFloatTimeDomainData(samples);
      for (const value of samples) peak = Math.max(peak, Math.abs(value));
      await new Promise((r) => setTimeout(r, 100));
    }
    let packets = 0;
    (await pc.getStats()).forEach((report: { type: string; packetsReceived?: number }) => {
      if (report.type === 'inbound-rtp') packets += report.packetsReceived ?? 0;
    });
    pc.close();
    return { status: response.status, location: response.headers.get('location'), types: events.map((event) => event.type), peak, packets };
  }, { base, key });
  assert.equal(result.status, 201, JSON.stringify(result));
  assert.match(String(result.location), /\/v1\/realtime\/calls\/rtc_[0-9a-f]+$/, 'Location is readable cross-origin');
  const types = result.types ?? [];
  for (const type of ['session.created', 'conversation.item.added', 'response.created', 'output_audio_buffer.started']) assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
  assert.ok(!types.includes('response.output_audio.delta'));
  assert.ok((result.packets ?? 0) > 20, `${String(result.packets)} RTP packets received`);
  assert.ok((result.peak ?? 0) > 0.05, `peak ${String(result.peak)} on the remote track (silence is 0)`);
  await page.close();
});
