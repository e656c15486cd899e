// The stack of the browser benches: the simulator at real-time speed, a relay in front of it that
// lets any origin in (and any number of WebRTC requests), the built console pointed at the relay
// with its test hooks on, and headless Chromium with `microphoneWav` as its fake microphone.
import type { Browser } from 'playwright-core';
import { launchChromium, serveBuild, type Cleanup, type StaticServer } from '../e2e/harness';
import { startRelay } from '../relay-server/server';
import { startSimulator } from '../simulator/server';

export async function startBenchConsole(cleanup: Cleanup, microphoneWav: string): Promise<{ app: StaticServer; browser: Browser }> {
  const simulator = await startSimulator({ speed: 1 });
  cleanup.add(() => simulator.close());
  const relay = await startRelay({ apiKey: 'sk-bench', port: 0, upstreamUrl: simulator.url, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, webrtcRequestsPerMinute: 1000, log: () => undefined });
  cleanup.add(() => relay.close());
  const app = await serveBuild({ buildDir: process.env.E2E_BUILD_DIR || undefined, runtimeConfig: { testHooks: true, relayUrl: relay.url, realtimeUrl: simulator.url } });
  cleanup.add(() => app.close());
  const browser = await launchChromium({ fakeMicrophoneWav: microphoneWav });
  cleanup.add(() => browser.close());
  return { app, browser };
}
