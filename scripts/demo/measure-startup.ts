// Prints how long `npm run demo` takes to print its URL (with build/ up to date) and to stop
// after SIGTERM, over a few runs on free ports. Run: node --import tsx scripts/demo/measure-startup.ts
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../../testing/free-port';

const RUNS = Number(process.env.RUNS ?? 3);
const READY_TIMEOUT_MS = 30_000;
const ROOT = resolve(__dirname, '..', '..');


async function once(): Promise<{ readyMs: number; stopMs: number }> {
  const env = {
    ...process.env,
    DEMO_APP_PORT: String(await freePort()),
    DEMO_RELAY_PORT: String(await freePort()),
    DEMO_SIMULATOR_PORT: String(await freePort()),
    DEMO_BUILD: 'never', // measures the start, not a build
  };
  const started = performance.now();
  const child = spawn('npm', ['run', 'demo'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/^Open /m.test(output)) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      fail(new Error(`exited before it was ready:\n${output}`));
    });
  });
  const readyMs = performance.now() - started;
  const stopping = performance.now();
  process.kill(-child.pid!, 'SIGTERM');
  await closed;
  return { readyMs, stopMs: performance.now() - stopping };
}

async function main(): Promise<void> {
  const results: Array<{ readyMs: number; stopMs: number }> = [];
  for (let i = 0; i < RUNS; i++) results.push(await once());
  const list = (pick: (r: { readyMs: number; stopMs: number }) => number) => results.map((r) => pick(r).toFixed(0)).join(', ');
  console.log(`npm run demo, ${RUNS} runs, build/ up to date`);
  console.log(`  URL printed after (ms):         ${list((r) => r.readyMs)}`);
  console.log(`  all stopped after SIGTERM (ms):${list((r) => r.stopMs)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
