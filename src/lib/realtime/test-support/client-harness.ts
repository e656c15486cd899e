// A RealtimeClient on an in-memory socket; every event it sends is checked against the schemas.
import assert from 'node:assert/strict';
import { validateClientEvent } from '../../protocol/validate';
import { officialProtocol } from '../../../../testing/official-protocol';
import type { ServerEvent } from '../../protocol/protocol-types';
import { RealtimeClient, type RealtimeClientBaseOptions } from '../client';
import { AutoOpenSocket, FakeSocket } from './fake-socket';

export function assertValidClientEvent(event: unknown): void {
  const ours = validateClientEvent(event);
  assert.equal(ours.valid, true, `${ours.type}: ${ours.errors.join('; ')}\n${JSON.stringify(event)}`);
  const official = officialProtocol();
  if (official) {
    const theirs = official.validate('client', event);
    assert.equal(theirs.valid, true, `official ${theirs.type}: ${theirs.errors.join('; ')}\n${JSON.stringify(event)}`);
  }
}

export interface Harness {
  client: RealtimeClient;
  socket: FakeSocket;
  /** Events sent since the last call, each validated. */
  takeSent(): Array<{ type: string; [key: string]: unknown }>;
  receive(...events: ServerEvent[]): void;
}

export async function connectedClient(options: RealtimeClientBaseOptions = {}): Promise<Harness> {
  FakeSocket.reset();
  const client = new RealtimeClient({ url: 'ws://sim/v1/realtime', runtime: 'browser', WebSocket: AutoOpenSocket, ...options });
  await client.connect();
  const socket = FakeSocket.last();
  let read = 0;
  return {
    client,
    socket,
    takeSent() {
      const events = socket.sentEvents().slice(read);
      read += events.length;
      for (const event of events) assertValidClientEvent(event);
      return events;
    },
    receive(...events) {
      for (const event of events) socket.receive(event);
    },
  };
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
