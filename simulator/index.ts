// `npm run mock`: the local Realtime API simulator (MOCK_PORT, MOCK_HOST, MOCK_API_KEY, MOCK_SPEED,
// MOCK_MAX_CALLS, MOCK_CALL_CONNECT_TIMEOUT_MS), and replay from the command line
// (`npm run mock -- --replay FILE`, replay/replay-args.ts).
import 'dotenv/config';
import { startSimulator } from './server';
import { parseReplayArgs } from './replay/replay-args';
import { errorMessage } from '../src/lib/shared/error-message';

export const DEFAULT_MOCK_PORT = 8082;

async function main(): Promise<void> {
  const port = Number(process.env.MOCK_PORT ?? DEFAULT_MOCK_PORT);
  const speed = process.env.MOCK_SPEED ? Number(process.env.MOCK_SPEED) : undefined;
  const replay = parseReplayArgs(process.argv.slice(2));
  const simulator = await startSimulator({
    port,
    host: process.env.MOCK_HOST || undefined,
    apiKey: process.env.MOCK_API_KEY || undefined,
    speed,
    maxCalls: positiveInt(process.env.MOCK_MAX_CALLS),
    callConnectTimeoutMs: positiveInt(process.env.MOCK_CALL_CONNECT_TIMEOUT_MS),
    log: (line) => console.log(line),
    replay,
  });
  console.log(`simulator: listening on ${simulator.url} (a local stand-in for the Realtime API, not the real model)`);
  if (replay.file) console.log(`simulator: every connection replays ${replay.file} unless its query names another`);
  if (replay.dir) console.log(`simulator: ?replay=<name> replays a recording in ${replay.dir}`);
  console.log(`simulator: ${process.env.MOCK_API_KEY ? 'requires the key in MOCK_API_KEY' : 'accepts any non-empty key'}; speed ${speed ?? 1}x`);
  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function positiveInt(text: string | undefined): number | undefined {
  const value = Number(text);
  return text && Number.isInteger(value) && value > 0 ? value : undefined;
}

main().catch((error: unknown) => {
  console.error(`simulator: ${errorMessage(error)}`);
  process.exit(1);
});
