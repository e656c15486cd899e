// Helpers for tests that run `npm run mock` (simulator/index.ts) as a real child process, so a
// crash shows as an exit instead of taking the test runner down, and for raw HTTP over node:net
// (fetch and curl normalise paths such as `//[` before sending them).
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const ENTRY = join(ROOT, 'simulator', 'index.ts');
const START_TIMEOUT_MS = 20_000;

export interface SimulatorChild {
  process: ChildProcess;
  url: string;
  port: number;
  stdout(): string;
  stderr(): string;
  /** True while the process has not exited. */
  alive(): boolean;
  stop(): Promise<void>;
}

/** Starts the CLI on an ephemeral loopback port with only the given settings (no .env). */
export async function spawnSimulator(env: Record<string, string> = {}): Promise<SimulatorChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: join(ROOT, 'simulator', 'no-such.env'), MOCK_PORT: '0', MOCK_SPEED: '50', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      done();
    }),
  );
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('latin1')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('latin1')));
  const started = Date.now();
  let match: RegExpExecArray | null = null;
  while (!(match = /listening on (ws:\/\/127\.0\.0\.1:(\d+)\/v1\/realtime)/.exec(stdout))) {
    if (exited || Date.now() - started > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`the simulator did not start: ${stdout}${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    process: child,
    url: match[1],
    port: Number(match[2]),
    stdout: () => stdout,
    stderr: () => stderr,
    alive: () => !exited,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}

export interface RawExchange {
  /** Everything the server sent (latin1), possibly empty. */
  response: string;
  /** The server closed (or reset) the connection before `waitMs`. */
  closedByServer: boolean;
  /** The connection could not be made or was reset. */
  error?: string;
}

/**
 * Writes `chunks` as they are (each one a separate write) and collects the answer until the
 * server closes or `waitMs` passes; then the socket is destroyed.
 */
export function rawExchange(port: number, chunks: ReadonlyArray<string | Buffer>, waitMs = 1000): Promise<RawExchange> {
  return new Promise((done) => {
    const parts: Buffer[] = [];
    let error: string | undefined;
    let finished = false;
    const socket = connect(port, '127.0.0.1');
    const finish = (closedByServer: boolean): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      done({ response: Buffer.concat(parts).toString('latin1'), closedByServer, error });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('connect', () => {
      for (const chunk of chunks) if (!socket.destroyed) socket.write(chunk);
    });
    socket.on('data', (data: Buffer) => parts.push(data));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => finish(true));
  });
}

/** A complete WebSocket upgrade request for `target` (the key in the Authorization header). */
export function upgradeRequest(target: string, key: string | null = 'sk-sim-test'): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
    (key === null ? '' : `Authorization: Bearer ${key}\r\n`) +
    '\r\n'
  );
}

/** The status code of a raw HTTP answer, or null when there was none. */
export function statusOf(response: string): number | null {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(response);
  return match ? Number(match[1]) : null;
}

export { mulberry32 } from '../testing/seeded-random';
