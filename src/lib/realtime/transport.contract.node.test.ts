// One sequence, every transport: the client on each wire must see the same things. The scripted
// transport runs with its scripted server; the WebSocket one against the real simulator on
// loopback. WebRTC carries audio as media, so its sequence (below TRANSPORTS) differs where the
// wire does: no appends, an interrupt that clears the server's output buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../../simulator/server';
import { RealtimeClient } from './client';
import { ScriptedTransport, scriptedServer } from './testing';
import type { ClientEvent } from '../protocol/protocol-types';
import type { RealtimeTransport, TransportEvent } from './transport-types';
import { WebSocketTransport } from './websocket-transport';
import { assertValidClientEvent } from './test-support/client-harness';
import { assertValidServerEvents, audioResponse } from './test-support/server-events';
import { WAIT_MS } from './test-support/simulator-session';
import { startRelay } from '../../../relay-server/server';
import { WebRTCTransport } from './webrtc/webrtc-transport';
import { NodePeerConnection, loopbackPeerConfiguration } from './test-support/webrtc-peer';

interface OpenTransport {
  transport: RealtimeTransport;
  close(): Promise<void>;
}

const TRANSPORTS: Array<{ name: string; open(): Promise<OpenTransport> }> = [
  { name: 'ScriptedTransport with scriptedServer', open: async () => ({ transport: new ScriptedTransport(scriptedServer()), close: async () => undefined }) },
  {
    name: 'WebSocketTransport with the simulator on loopback',
    open: async () => {
      const sim = await startSimulator({ port: 0, speed: 20 });
      return { transport: new WebSocketTransport({ url: sim.url, apiKey: 'sk-sim' }), close: () => sim.close() };
    },
  },
];

/** 200 ms of a quiet tone at 24 kHz: above the API's 100 ms commit minimum. */
const speech = (): Int16Array => Int16Array.from({ length: 4800 }, (_, i) => Math.round(3000 * Math.sin(i / 8)));

for (const { name, open } of TRANSPORTS) {
  test(`transport contract: ${name}`, async () => {
    const { transport, close } = await open();
    const client = new RealtimeClient({ transport });
    const log: TransportEvent[] = [];
    const order: string[] = [];
    transport.on('realtime.event', (e) => {
      log.push(e);
      if (e.source === 'client') order.push(`log:${e.event.type}`);
    });
    transport.on('client.*', (e) => order.push(`client.*:${e.type}`));
    const sentOf = (): ClientEvent[] => log.filter((e) => e.source === 'client').map((e) => e.event as ClientEvent);
    try {
      // Connect: the server's session, then the answer to the client's whole session.update.
      const updated = client.waitForNext('session.updated', WAIT_MS);
      await client.connect();
      assert.equal(transport.isConnected(), true);
      await updated;
      assert.equal(client.getTurnDetectionType(), null);

      // A typed turn: the user's item, then a response that completes with an assistant item.
      const done = client.waitForNext('response.done', WAIT_MS);
      client.sendUserMessageContent([{ type: 'input_text', text: 'Hello there' }]);
      assert.equal((await done).response.status, 'completed');
      const roles = client.conversation.getItems().map((item) => item.role);
      assert.deepEqual(roles.slice(0, 2), ['user', 'assistant']);

      // A spoken manual turn: appends, a commit the server confirms, the user item keeps the audio.
      const committed = transport.waitForNext('server.input_audio_buffer.committed', WAIT_MS);
      client.appendInputAudio(speech());
      const answered = client.waitForNext('response.done', WAIT_MS);
      assert.equal(client.createResponse(), true);
      const { item_id: spokenId } = await committed;
      await answered;
      assert.equal(client.conversation.getItem(spokenId)?.formatted.audioSampleCount, 4800);

      // Clear: the server drops what was appended; muted, nothing is appended at all.
      client.appendInputAudio(speech());
      const cleared = transport.waitForNext('server.input_audio_buffer.cleared', WAIT_MS);
      client.clearInputAudio();
      await cleared;
      const before = sentOf().length;
      client.muteInput(true);
      assert.equal(client.inputMuted, true);
      client.appendInputAudio(speech());
      assert.equal(sentOf().length, before, 'a muted client appends nothing');
      assert.equal(client.createResponse(), true, 'nothing pending: no commit, a response');
      client.muteInput(false);
      await client.waitForNext('response.done', WAIT_MS);

      // Interrupt on an event wire: cancel (none runs now) and truncate at what was heard.
      const assistant = client.conversation.getItems().find((item) => item.role === 'assistant')!;
      const truncated = transport.waitForNext('server.conversation.item.truncated', WAIT_MS);
      transport.interrupt({ cancel: false, heard: { itemId: assistant.id, contentIndex: 0, audioEndMs: 0 } });
      assert.equal((await truncated).item_id, assistant.id);

      // What was sent: ids assigned, valid events, each logged before its typed report.
      const sent = sentOf();
      for (const event of sent) {
        assertValidClientEvent(event);
        assert.match(String(event.event_id), /^evt_/);
      }
      assert.deepEqual(
        sent.map((e) => e.type),
        [
          'session.update',
          'conversation.item.create',
          'response.create',
          'input_audio_buffer.append',
          'input_audio_buffer.commit',
          'response.create',
          'input_audio_buffer.append',
          'input_audio_buffer.clear',
          'response.create',
          'conversation.item.truncate',
        ],
      );
      assert.deepEqual(order, sent.flatMap((e) => [`log:${e.type}`, `client.*:${e.type}`]));
      // What came back: valid server events, parsed frames without their text.
      const received = log.filter((e) => e.source === 'server');
      assertValidServerEvents(received.map((e) => e.event));
      assert.ok(received.every((e) => !('raw' in e)));

      // Close: once, then sending throws.
      const closed: number[] = [];
      transport.on('close', (info) => closed.push(info.code));
      client.disconnect();
      await new Promise<void>((resolve) => (closed.length ? resolve() : transport.once('close', () => resolve())));
      assert.deepEqual(closed, [1000]);
      assert.equal(transport.isConnected(), false);
      assert.throws(() => transport.send({ type: 'response.create' }), /not connected/);
    } finally {
      client.disconnect();
      await close();
    }
  });
}

test('a media wire (ScriptedTransport standing for WebRTC): no appends, commit uncounted, interrupt clears the output buffer, the stream reaches the sink', async () => {
  const transport = new ScriptedTransport({ ...scriptedServer(), audio: { input: 'media', output: 'media' } });
  const client = new RealtimeClient({ transport });
  const streams: Array<MediaStream | null> = [];
  const pcm: number[] = [];
  client.setOutputAudioSink({ stream: (s) => streams.push(s), pcm: (chunk) => pcm.push(chunk.samples.length) });
  await client.connect();
  await transport.settled();
  transport.takeSent();
  assert.throws(() => client.appendInputAudio(speech()), /media track/);
  // Manual turn: only the server knows what the track carried, so the client commits anyway.
  assert.equal(client.createResponse(), true);
  assert.deepEqual(transport.takeSent().map((e) => e.type), ['input_audio_buffer.commit', 'response.create']);
  await transport.settled();
  transport.receive({ type: 'response.created', event_id: 'e1', response: { object: 'realtime.response', id: 'resp_live', status: 'in_progress', output: [] } });
  client.cancelResponse();
  assert.deepEqual(transport.takeSent().map((e) => e.type), ['response.cancel', 'output_audio_buffer.clear']);
  const fakeStream = {} as MediaStream;
  transport.receiveStream(fakeStream);
  assert.deepEqual(streams, [fakeStream]);
  assert.deepEqual(pcm, [], 'no audio bytes on a media wire');
  client.disconnect();
});

test('an event wire: the output sink gets the assistant audio the conversation decoded, once', async () => {
  const transport = new ScriptedTransport(scriptedServer());
  const client = new RealtimeClient({ transport });
  const chunks: Array<{ itemId: string; samples: number; bytes: number }> = [];
  client.setOutputAudioSink({ pcm: (c) => chunks.push({ itemId: c.itemId, samples: c.samples.length, bytes: c.bytes?.length ?? 0 }) });
  await client.connect();
  transport.receive(...audioResponse('resp_a', 'item_a', ['one', 'two'], 480));
  assert.deepEqual(chunks, [
    { itemId: 'item_a', samples: 480, bytes: 960 },
    { itemId: 'item_a', samples: 480, bytes: 960 },
  ]);
  client.disconnect();
});

test('transport contract: WebRTCTransport (werift) through the relay\'s /session and /token to the simulator on loopback', async () => {
  const sim = await startSimulator({ port: 0, speed: 4 });
  const relay = await startRelay({ apiKey: 'sk-sim', port: 0, upstreamUrl: sim.url, log: () => undefined });
  try {
    for (const via of ['relay-session', 'relay-token'] as const) {
      const signalling = via === 'relay-session' ? { via, relayUrl: relay.url } : { via, relayUrl: relay.url, realtimeUrl: sim.url };
      const transport = new WebRTCTransport({ signalling, input: null, RTCPeerConnection: NodePeerConnection, peerConfiguration: loopbackPeerConfiguration() });
      const client = new RealtimeClient({ transport });
      const log: TransportEvent[] = [];
      const order: string[] = [];
      transport.on('realtime.event', (e) => {
        log.push(e);
        if (e.source === 'client') order.push(`log:${e.event.type}`);
      });
      transport.on('client.*', (e) => order.push(`client.*:${e.type}`));
      // What a recording follows: the tracks as they exist, media flowing before the channel opens.
      const media: string[] = [];
      transport.on('media.track', ({ direction, track }) => media.push(`track:${direction}:${track.kind}`));
      transport.on('media.flowing', () => media.push('flowing'));
      transport.on('open', () => media.push('open'));
      transport.on('media.ended', () => media.push('ended'));
      transport.on('close', () => media.push('close'));
      try {
        const created = client.waitForNext('session.created', WAIT_MS);
        const updated = client.waitForNext('session.updated', WAIT_MS);
        await client.connect();
        assert.equal(transport.isConnected(), true);
        assert.match(String(transport.callId), /^rtc_/);
        // The server's first event comes as the channel opens; werift delivers it in that same turn.
        await created;
        await updated;

        // A typed turn over the data channel; its answer's audio goes out on the track.
        // Interrupt on a media wire as soon as it plays: the server's output buffer is cleared (it
        // truncates at what it played). Not after response.done: at speed 20 a loaded machine can
        // have played the whole answer by then, and a drained buffer has nothing to clear.
        const cleared = transport.waitForNext('server.output_audio_buffer.cleared', WAIT_MS);
        const stopInterrupting = transport.once('server.output_audio_buffer.started', () => transport.interrupt({ cancel: false }));
        const done = client.waitForNext('response.done', WAIT_MS);
        client.sendUserMessageContent([{ type: 'input_text', text: 'Hello there' }]);
        try {
          await cleared;
        } finally {
          stopInterrupting();
        }
        assert.equal((await done).response.status, 'completed');
        assert.deepEqual(client.conversation.getItems().map((item) => item.role).slice(0, 2), ['user', 'assistant']);
        const bufferCleared = transport.waitForNext('server.input_audio_buffer.cleared', WAIT_MS);
        client.clearInputAudio();
        await bufferCleared;
        // Listening only, the transport is muted: appended audio goes nowhere (a track would carry it).
        assert.equal(transport.muted, true);
        const before = log.length;
        client.appendInputAudio(speech());
        assert.equal(log.length, before);

        const sent = log.filter((e) => e.source === 'client').map((e) => e.event as ClientEvent);
        for (const event of sent) {
          assertValidClientEvent(event);
          assert.match(String(event.event_id), /^evt_/);
        }
        assert.deepEqual(sent.map((e) => e.type), ['session.update', 'conversation.item.create', 'response.create', 'output_audio_buffer.clear', 'input_audio_buffer.clear']);
        assert.deepEqual(order, sent.flatMap((e) => [`log:${e.type}`, `client.*:${e.type}`]));
        const received = log.filter((e) => e.source === 'server').map((e) => e.event);
        assertValidServerEvents(received);
        assert.ok(!received.some((e) => e.type === 'response.output_audio.delta'), 'no audio bytes in events on a media wire');

        const closed: number[] = [];
        transport.on('close', (info) => closed.push(info.code));
        client.disconnect();
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.deepEqual(closed, [1000]);
        // Listening only: no input track; the remote track comes with the answer's SDP, before the open.
        assert.deepEqual(media.filter((m) => m !== 'flowing'), ['track:output:audio', 'open', 'ended', 'close']);
        assert.ok(media.indexOf('flowing') >= 0 && media.indexOf('flowing') < media.indexOf('open'), media.join(' '));
        assert.equal(transport.isConnected(), false);
        assert.throws(() => transport.send({ type: 'response.create' }), /not connected/);
      } finally {
        client.disconnect();
      }
    }
  } finally {
    await relay.close();
    await sim.close();
  }
});

test('WebRTCTransport: a connect whose offer is refused tells media.ended (a recording made before it closes) and no close', async () => {
  const refused: typeof fetch = async () => new Response('no', { status: 503 });
  const transport = new WebRTCTransport({ signalling: { via: 'relay-session', relayUrl: 'ws://127.0.0.1:9' }, input: null, fetch: refused, RTCPeerConnection: NodePeerConnection, peerConfiguration: loopbackPeerConfiguration() });
  const told: string[] = [];
  transport.on('media.ended', () => told.push('ended'));
  transport.on('close', () => told.push('close'));
  await assert.rejects(transport.connect(), /503|refused|could not/i);
  assert.deepEqual(told, ['ended']);
});
