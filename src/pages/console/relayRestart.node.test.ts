// The console's answer to close 1012 (relay restarting): reconnect by itself with growing
// pauses, say so at each step, stop when connected, give up after the last attempt, and stop
// at once when the user takes over.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RelayRestartReconnect, isRelayRestart } from './relayRestart';

/** A schedule the test steps by hand: each pending run with its delay. */
function manualSchedule() {
  const pending: Array<{ ms: number; run: () => void; cancelled: boolean }> = [];
  return {
    pending,
    schedule: (run: () => void, ms: number) => {
      const entry = { ms, run, cancelled: false };
      pending.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
    /** Runs the oldest live entry and lets its connect settle. */
    async fire(): Promise<number> {
      const entry = pending.find((candidate) => !candidate.cancelled)!;
      pending.splice(pending.indexOf(entry), 1);
      entry.run();
      await new Promise((resolve) => setTimeout(resolve, 0));
      return entry.ms;
    },
  };
}

test('only 1012 counts as a relay restart', () => {
  assert.equal(isRelayRestart(1012), true);
  for (const code of [1000, 1001, 1006, 1011, 1013, 1014, 4901]) assert.equal(isRelayRestart(code), false, String(code));
});

test('reconnects after growing pauses until connected, saying so at each step', async () => {
  const clock = manualSchedule();
  const said: string[] = [];
  const outcomes = [false, false, true];
  let attempts = 0;
  const restart = new RelayRestartReconnect({ connect: async () => outcomes[attempts++], say: (text) => said.push(text), schedule: clock.schedule }, [10, 20, 30, 40]);
  restart.start();
  assert.equal(restart.active, true);
  assert.deepEqual([await clock.fire(), await clock.fire(), await clock.fire()], [10, 20, 30]);
  assert.equal(attempts, 3);
  assert.equal(restart.active, false);
  assert.equal(clock.pending.filter((entry) => !entry.cancelled).length, 0, 'nothing more scheduled once connected');
  assert.match(said[0], /relay is restarting \(close 1012\): reconnecting in 0\.01 s \(attempt 1 of 4\)/);
  assert.match(said[2], /attempt 3 of 4/);
  assert.equal(said[said.length - 1], 'The relay restarted; reconnected with a new session.');
});

test('gives up after the last attempt and says how to go on; cancel() stops a reconnect under way', async () => {
  const clock = manualSchedule();
  const said: string[] = [];
  let attempts = 0;
  const failing = new RelayRestartReconnect({ connect: async () => {
    attempts++;
    return false;
  }, say: (text) => said.push(text), schedule: clock.schedule }, [1, 2]);
  failing.start();
  await clock.fire();
  await clock.fire();
  assert.equal(attempts, 2);
  assert.equal(failing.active, false);
  assert.match(said[said.length - 1], /2 reconnect attempts failed; press Connect/);

  const user = manualSchedule();
  let connects = 0;
  const cancelled = new RelayRestartReconnect({ connect: async () => {
    connects++;
    return true;
  }, say: () => undefined, schedule: user.schedule }, [5]);
  cancelled.start();
  cancelled.cancel(); // the user pressed Disconnect or Connect
  assert.equal(cancelled.active, false);
  assert.equal(user.pending[0].cancelled, true);
  assert.equal(connects, 0);
});

test('a reconnect that carried the conversation so far says how many items the new session got', async () => {
  const clock = manualSchedule();
  const said: string[] = [];
  const restart = new RelayRestartReconnect({ connect: async () => true, say: (text) => said.push(text), schedule: clock.schedule, carried: () => 6 }, [10]);
  restart.start();
  await clock.fire();
  assert.equal(said[said.length - 1], 'The relay restarted; reconnected with a new session that has the conversation so far (6 items).');
});
