// The relay run as `npm run relay` runs it, as a child process, for tests that must show the
// process itself survives (crash, fuzz and resource tests), and raw HTTP over node:net, since
// fetch and curl normalise the very paths those tests send. Loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { eventually } from './test-support';

const ROOT = resolve(__dirname, '..');
const ENTRY = join(ROOT, 'relay-server', 'index.ts');
export const CHILD_KEY = 'sk-child-relay-0123456789abcdef';

export interface ChildRelay {
  process: ChildProcess;
  pid: number;
  port: number;
  /** ws://127.0.0.1:PORT */
  url: string;
  /** stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  alive(): boolean;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

/** Starts the CLI with only these settings (a developer's .env is not read) and waits until it listens. */
export async function startChildRelay(env: Record<string, string>): Promise<ChildRelay> {
  // Without a test upstream the default one is api.openai.com: the readiness probe must not reach it.
  const noProbe = env.OPENAI_REALTIME_URL === undefined ? { RELAY_UPSTREAM_PROBE_INTERVAL_MS: '0' } : {};
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: join(ROOT, 'relay-server', 'no-such.env'), OPENAI_API_KEY: CHILD_KEY, RELAY_PORT: '0', ...noProbe, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      exitCode = code;
      done(code);
    }),
  );
  const listening = /listening on (ws:\/\/127\.0\.0\.1:(\d+))/;
  await eventually(() => listening.test(output) || exitCode !== undefined, 'the listening line', 20_000);
  const match = listening.exec(output);
  if (!match) throw new Error(`the relay did not start:\n${output}`);
  return {
    process: child,
    pid: child.pid!,
    port: Number(match[2]),
    url: match[1],
    output: () => output,
    exited,
    alive: () => exitCode === undefined,
    stop: async () => {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory of a process in KiB, from /proc (Linux). */
export function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]);
}

export interface RawResponse {
  /** The status of the first response line, or null when none arrived. */
  status: number | null;
  /** Everything received (latin1). */
  text: string;
  /** The server closed the connection (rather than our giving up). */
  closedByServer: boolean;
  ms: number;
}

export interface RawOptions {
  /** Give up (and destroy the socket) after this long. */
  timeoutMs?: number;
  /** Stop as soon as a status line arrived (a keep-alive answer would otherwise wait). */
  untilStatus?: boolean;
  /** Half-close our side once everything is written. */
  end?: boolean;
}

/** Writes `bytes` as-is to the relay and reports what came back. */
export function rawRequest(port: number, bytes: string | Buffer | Array<string | Buffer>, options: RawOptions = {}): Promise<RawResponse> {
  const started = Date.now();
  const chunks = Array.isArray(bytes) ? bytes : [bytes];
  return new Promise<RawResponse>((done) => {
    const received: Buffer[] = [];
    let finished = false;
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const finish = (closedByServer: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      done({ status: status ? Number(status[1]) : null, text, closedByServer, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 5000);
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (options.end) socket.end();
    });
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (options.untilStatus && /^HTTP\/1\.[01] \d{3}/.test(Buffer.concat(received).toString('latin1'))) finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

/** `GET /health` over raw HTTP: the status and the parsed body. */
export async function health(port: number): Promise<{ status: number | null; body: unknown }> {
  const response = await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  const body = response.text.slice(response.text.indexOf('\r\n\r\n') + 4);
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Left null: the caller's assertion names what came back.
  }
  return { status: response.status, body: parsed };
}

/** A syntactically valid WebSocket upgrade request for `target`, with extra header lines. */
export function upgradeRequest(target: string, headers: Record<string, string> = {}): string {
  const lines = {
    Host: '127.0.0.1',
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    Origin: 'http://localhost:3000',
    ...headers,
  };
  return `GET ${target} HTTP/1.1\r\n${Object.entries(lines).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
}
