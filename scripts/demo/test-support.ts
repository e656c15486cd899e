// Helpers for the demo's tests: a demo started on free ports over a stand-in build (a build/
// newer than its absent sources, so nothing is built). Loopback only.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../testing/free-port';
import { readDemoOptions } from './options';
import { startDemo, type RunningDemo } from './run-demo';

export interface StubDemo {
  demo: RunningDemo;
  appPort: number;
  /** Stops the demo and removes its stand-in repository. */
  close(): Promise<void>;
}

export async function startStubDemo(env: Record<string, string> = {}, log: (line: string) => void = () => undefined): Promise<StubDemo> {
  const root = mkdtempSync(join(tmpdir(), 'demo-stub-'));
  mkdirSync(join(root, 'build'));
  writeFileSync(join(root, 'build', 'index.html'), '<html>app</html>');
  const future = new Date(Date.now() + 60_000);
  utimesSync(join(root, 'build', 'index.html'), future, future);
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [app, relay, simulator] = [...ports];
  const options = readDemoOptions({ DEMO_APP_PORT: String(app), DEMO_RELAY_PORT: String(relay), DEMO_SIMULATOR_PORT: String(simulator), DEMO_BUILD: 'never', ...env });
  const demo = await startDemo(options, { root, log });
  return {
    demo,
    appPort: app,
    close: async () => {
      await demo.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
