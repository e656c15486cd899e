// `npm run demo`: the whole product on this machine with no key and no network: the
// simulator, the relay pointed at it and the console, in this one process. Ctrl-C or SIGTERM
// (to the demo's group, or to npm alone) stops all of it.
// Settings: see scripts/demo/options.ts (DEMO_APP_PORT, DEMO_RELAY_PORT, ...).
import { resolve } from 'node:path';
import { DemoError, readDemoOptions } from './demo/options';
import { DemoAborted, startDemo, type RunningDemo } from './demo/run-demo';
import { demoBanner } from './demo/banner';
import { errorMessage } from '../src/lib/shared/error-message';

/** If stopping hangs, the demo gives up waiting and exits anyway (nothing may be left behind). */
const STOP_TIMEOUT_MS = 5000;
/** How often the demo checks that whoever started it (npm's shell, a terminal) is still there. */
const PARENT_CHECK_MS = 250;

/** A signal, or the parent going away without passing one on. */
type StopCause = NodeJS.Signals | 'parent exited';
const ROOT = resolve(__dirname, '..');

const log = (line: string) => console.log(line);

function fail(error: unknown): never {
  if (error instanceof DemoError) console.error(`demo: ${error.message}`);
  else console.error('demo: failed to start:', error);
  process.exit(1);
}

function main(): void {
  let options;
  try {
    options = readDemoOptions(process.env);
  } catch (error) {
    fail(error);
  }
  const abort = new AbortController();
  const startup: Promise<RunningDemo> = startDemo(options, { root: ROOT, log, signal: abort.signal, env: process.env });

  let stopping = false;
  const stop = async (cause: StopCause) => {
    if (stopping) {
      // A second Ctrl-C means "now"; a repeated SIGTERM (e.g. relayed by a wrapper) is the same request.
      if (cause !== 'SIGINT') return;
      console.log('demo: Ctrl-C again: exiting now.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\ndemo: ${cause}: stopping the console, the relay and the simulator...`);
    abort.abort();
    const forced = setTimeout(() => {
      console.error(`demo: stopping took over ${STOP_TIMEOUT_MS} ms: exiting anyway.`);
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    const demo = await startup.catch(() => null);
    if (demo) await demo.close();
    clearTimeout(forced);
    console.log('demo: stopped.');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  // SIGTERM sent to npm alone reaches npm's shell, which exits without passing it on: this
  // process is then re-parented. Stop as for SIGTERM, so nothing is left running.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('parent exited');
  }, PARENT_CHECK_MS).unref();

  // The relay alone: SIGUSR1 stops it, the next SIGUSR1 starts it again (see the banner).
  process.on('SIGUSR1', () => {
    void startup.then(
      async (demo) => {
        if (stopping) return;
        try {
          const now = await demo.toggleRelay();
          console.log(now === 'stopped' ? `demo: relay stopped (kill -USR1 ${process.pid} starts it again).` : `demo: relay started again on ${demo.relayUrl}.`);
        } catch (error) {
          console.error(`demo: relay: ${errorMessage(error)}`);
        }
      },
      () => undefined,
    );
  });

  // A simulated phone call on the relay, for the console's Phone view (see the banner).
  process.on('SIGUSR2', () => {
    void startup.then(
      (demo) => (stopping ? undefined : demo.placeCall().catch((error: unknown) => console.error(`demo: phone call: ${errorMessage(error)}`))),
      () => undefined,
    );
  });

  startup.then(
    (demo) => {
      if (!stopping) console.log(demoBanner({ ...demo, pid: process.pid }));
    },
    (error: unknown) => {
      if (error instanceof DemoAborted || stopping) return; // stop() reports and exits
      fail(error);
    },
  );
}

main();
