// Reconnect with history against the local simulator over real loopback sockets: a conversation
// with a typed turn and a tool round trip ends; a new session receives it and answers a follow-up
// from it (the simulator's planner reads `set_memory` calls back out of the conversation). The
// new session runs on each wire: WebSocket, and WebRTC (werift) through the relay's /session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../../simulator/server';
import { startRelay } from '../../../relay-server/server';
import { RealtimeClient } from './client';
import type { ItemState } from './item-state';
import type { TransportEvent } from './transport-types';
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import { assertValidClientEvent } from './test-support/client-harness';
import { WAIT_MS } from './test-support/simulator-session';
import { NodePeerConnection, loopbackPeerConfiguration } from './test-support/webrtc-peer';
import { WebRTCTransport } from './webrtc/webrtc-transport';

const SET_MEMORY: RealtimeFunctionTool = {
  type: 'function',
  name: 'set_memory',
  description: 'Remembers a fact',
  parameters: { type: 'object', properties: { key: { type: 'string' }, value: { type: 'string' } }, required: ['key', 'value'] },
};

function answered(client: RealtimeClient, pattern: RegExp): Promise<ItemState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for an answer matching ${pattern}`));
    }, WAIT_MS);
    const off = client.on('conversation.item.completed', ({ item }) => {
      if (item.role !== 'assistant' || !pattern.test(item.formatted.text || item.formatted.transcript)) return;
      clearTimeout(timer);
      off();
      resolve(item);
    });
  });
}

for (const wire of ['WebSocket', 'WebRTC'] as const) test(`simulator: a new session (${wire}) gets the conversation so far, in order, and answers a follow-up from it`, async () => {
  const sim = await startSimulator({ port: 0, speed: 20 });
  const relay = wire === 'WebRTC' ? await startRelay({ apiKey: 'sk-sim', port: 0, upstreamUrl: sim.url, log: () => undefined }) : null;
  const connectClient = async (onCall: () => void, over: 'WebSocket' | 'WebRTC' = 'WebSocket') => {
    const session = { output_modalities: ['text' as const] };
    const client = relay && over === 'WebRTC'
      ? new RealtimeClient({ session, transport: new WebRTCTransport({ signalling: { via: 'relay-session', relayUrl: relay.url }, input: null, RTCPeerConnection: NodePeerConnection, peerConfiguration: loopbackPeerConfiguration() }) })
      : new RealtimeClient({ url: sim.url, apiKey: 'sk-sim', session });
    client.addTool(SET_MEMORY, () => {
      onCall();
      return { ok: true };
    });
    const log: TransportEvent[] = [];
    client.on('realtime.event', (event) => log.push(event));
    const created = client.waitForNext('session.updated', WAIT_MS);
    await client.connect();
    await created;
    return { client, log };
  };
  try {
    let firstCalls = 0;
    const first = await connectClient(() => firstCalls++);
    const greeting = answered(first.client, /simulator/);
    first.client.sendUserMessageContent([{ type: 'input_text', text: 'Hello there' }]);
    await greeting;
    const noted = answered(first.client, /remember|favourite/i);
    first.client.sendUserMessageContent([{ type: 'input_text', text: 'Remember that my favourite colour is blue' }]);
    await noted;
    assert.equal(firstCalls, 1);
    const history = first.client.conversation.getItems();
    assert.deepEqual(history.map((item) => item.type), ['message', 'message', 'message', 'function_call', 'function_call_output', 'message']);
    first.client.disconnect(); // the session is gone; its conversation stays readable

    let secondCalls = 0;
    const second = await connectClient(() => secondCalls++, wire);
    const seams: number[] = [];
    second.client.on('history.carried', (plan) => seams.push(second.log.length, plan.items.length));
    const arrived = new Promise<void>((resolve) => {
      const off = second.client.on('conversation.item.completed', () => {
        if (second.client.conversation.getItems().length < history.length) return;
        off();
        resolve();
      });
    });
    const plan = second.client.carryHistory(history);
    await arrived;
    assert.equal(plan.items.length, history.length);
    assert.deepEqual(second.client.historyCarry, plan);
    // The same items, same ids, same order, their text kept; the carried call is not run again.
    const carried = second.client.conversation.getItems();
    assert.deepEqual(carried.map((item) => item.id), history.map((item) => item.id));
    assert.deepEqual(carried.map((item) => item.formatted.text || item.formatted.output || item.formatted.tool?.arguments), history.map((item) => item.formatted.text || item.formatted.output || item.formatted.tool?.arguments));
    assert.equal(secondCalls, 0);

    const recalled = answered(second.client, /Your favourite colour is blue\./);
    second.client.sendUserMessageContent([{ type: 'input_text', text: 'What is my favourite colour?' }]);
    await recalled;

    // On the wire: session.update, the seam, the creates in order, then the user's follow-up.
    const sent = second.log.filter((event) => event.source === 'client');
    for (const { event } of sent) assertValidClientEvent(event);
    assert.deepEqual(sent.map(({ event }) => event.type).slice(0, history.length + 3), [
      'session.update',
      ...history.map(() => 'conversation.item.create'),
      'conversation.item.create',
      'response.create',
    ]);
    assert.equal(seams[1], history.length);
    assert.equal(second.log[seams[0]].source, 'client');
    assert.equal(second.log[seams[0]].event.type, 'conversation.item.create', 'the seam comes before the first carried item');
    assert.equal(secondCalls, 0);
    second.client.disconnect();
  } finally {
    await relay?.close();
    await sim.close();
  }
});
