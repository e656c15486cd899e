// A client connected to a fresh local simulator over a real loopback socket, with every frame
// logged so a test can check them all against the schemas.
import assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator } from '../../../../simulator/server';
import { officialProtocol } from '../../../../testing/official-protocol';
import { validateServerEvent } from '../../protocol/validate';
import { RealtimeClient, type RealtimeClientEvents, type RealtimeClientBaseOptions } from '../client';
import type { TransportEvent } from '../transport-types';
import { assertValidClientEvent } from './client-harness';

export const WAIT_MS = 10_000;
const SIM_SPEED = 20;

export interface SimulatorSession {
  sim: RunningSimulator;
  client: RealtimeClient;
  log: TransportEvent[];
  /** Both directions validate (server events strictly: it is our simulator), official schema included when present. */
  assertAllValid(): void;
  /** The next client event of `type` whose payload passes `predicate`. */
  next<K extends keyof RealtimeClientEvents>(type: K, predicate?: (payload: RealtimeClientEvents[K]) => boolean): Promise<RealtimeClientEvents[K]>;
  close(): Promise<void>;
}

/** `query` is appended to the simulator's URL (e.g. `?sim_speed=2`, or a fault). */
export async function simulatorSession(options: RealtimeClientBaseOptions = {}, query = ''): Promise<SimulatorSession> {
  const sim = await startSimulator({ port: 0, speed: SIM_SPEED });
  const client = new RealtimeClient({ url: sim.url + query, apiKey: 'sk-sim', ...options });
  const log: TransportEvent[] = [];
  client.on('realtime.event', (e) => log.push(e));
  const created = client.transport.waitForNext('server.session.created', WAIT_MS);
  await client.connect();
  await created;
  return {
    sim,
    client,
    log,
    assertAllValid() {
      for (const { source, event } of log) {
        if (source === 'client') assertValidClientEvent(event);
        else {
          const result = validateServerEvent(event, { strict: true });
          assert.equal(result.valid, true, `${result.type}: ${result.errors.join('; ')}`);
          const official = officialProtocol()?.validate('server', event);
          if (official) assert.equal(official.valid, true, `official ${official.type}: ${official.errors.join('; ')}`);
        }
      }
    },
    next(type, predicate = () => true) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`timed out waiting for ${String(type)}`));
        }, WAIT_MS);
        const off = client.on(type, (payload) => {
          if (!predicate(payload)) return;
          clearTimeout(timer);
          off();
          resolve(payload);
        });
      });
    },
    async close() {
      client.disconnect();
      await sim.close();
    },
  };
}
