// The recorded GPT-Live session (`npm run fixture:live` writes it: the simulator and the
// LiveClient on loopback, exported as the console's event log exports a Live session).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const LIVE_FIXTURE_NAME = 'live-recording.jsonl';
export const liveFixtureBytes = (): Uint8Array => new Uint8Array(readFileSync(resolve(__dirname, LIVE_FIXTURE_NAME)));
/** What the fixture's client answered its delegation with (scripts/live-recording-fixture.ts). */
export const FIXTURE_COMMENTARY = 'It is 18 degrees and sunny in Paris.';
export const FIXTURE_THINKING = 'Weather service says 18 °C, clear sky.';
