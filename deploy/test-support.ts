// Helpers for the deploy/ tests: the shipped load balancer configs started as real nginx and
// HAProxy processes on loopback (only their 127.0.0.1 ports replaced), and a streaming session
// that checks every frame it sent came back, in order. Loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually, openBrowser } from '../relay-server/test-support';
import type { RecordedEvent, RecordingClient } from '../testing/recording-client';
export { freePort } from '../testing/free-port';

export const DEPLOY = resolve(__dirname);
/** The addresses the shipped configs name: the balancer, then the relays. */
export const SHIPPED_LISTEN = '127.0.0.1:8080';
export const SHIPPED_RELAYS = ['127.0.0.1:8081', '127.0.0.1:8082', '127.0.0.1:8083'];

/** The binary's path: Debian puts both in /usr/sbin, which a non-root PATH may lack. */
export function binary(name: 'nginx' | 'haproxy'): string {
  return existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : name;
}


/** The shipped config with only its ports replaced; each address must occur exactly once, so the file and the test cannot drift apart. */
export function templated(file: string, listenPort: number, relayPorts: number[]): string {
  let text = readFileSync(join(DEPLOY, file), 'utf8');
  const swaps: Array<[string, string]> = [[SHIPPED_LISTEN, `127.0.0.1:${listenPort}`], ...SHIPPED_RELAYS.map((from, i): [string, string] => [from, `127.0.0.1:${relayPorts[i]}`])];
  for (const [from, to] of swaps) {
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`${file}: expected ${from} once, found it ${count} times`);
    text = text.replace(from, to);
  }
  return text;
}

export interface Balancer {
  name: string;
  url: string;
  port: number;
  /** The main process (nginx's master; its workers are its children). */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

function run(name: string, command: string, args: string[], port: number, dir: string): Balancer {
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    name,
    url: `ws://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? 0,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's nginx with deploy/nginx-relay.conf included in a minimal main config (pid, temp paths, one worker). */
export function startNginx(listenPort: number, relayPorts: number[]): Balancer {
  const dir = mkdtempSync(join(tmpdir(), 'relay-nginx-'));
  writeFileSync(join(dir, 'relay.conf'), templated('nginx-relay.conf', listenPort, relayPorts));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${join(dir, kind)};`).join('\n  ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;\npid ${join(dir, 'nginx.pid')};\nerror_log stderr warn;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  ${temp}\n  include ${join(dir, 'relay.conf')};\n}\n`,
  );
  return run('nginx', binary('nginx'), ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], listenPort, dir);
}

/** Debian's HAProxy with deploy/haproxy-relay.cfg, in the foreground. */
export function startHaproxy(listenPort: number, relayPorts: number[]): Balancer {
  const dir = mkdtempSync(join(tmpdir(), 'relay-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, templated('haproxy-relay.cfg', listenPort, relayPorts));
  return run('haproxy', binary('haproxy'), ['-db', '-f', file], listenPort, dir);
}

/** One connection's record: what was sent and what came back, for the no-loss/no-reorder check. */
export interface ConnectionRecord {
  /** Texts sent as conversation items, in order: `seq 0`, `seq 1`, … */
  textsSent: number;
  /** The numbers of the user text items the server echoed, in arrival order. */
  textsEchoed: number[];
  /** Base64 audio of each commit, in order, as sent. */
  audioSent: string[];
  /** Base64 audio of each committed item as the server retrieved it, in commit order. */
  audioKept: string[];
  outputAudioDeltas: number;
  responseDone: boolean;
  /** Error events received (none expected). */
  errors: string[];
  close: { code: number; reason: string } | null;
}

const CHUNK_SAMPLES = 24_000 / 5; // 200 ms of 24 kHz PCM16 per tick

/** PCM16 that names the session and the chunk, so a lost or swapped chunk changes the bytes. */
function chunkFor(session: number, chunk: number): string {
  const pcm = Buffer.alloc(CHUNK_SAMPLES * 2);
  for (let i = 0; i < CHUNK_SAMPLES; i++) pcm.writeInt16LE(((session * 7919 + chunk * 104_729 + i * 31) % 60_000) - 30_000, i * 2);
  return pcm.toString('base64');
}

/**
 * A browser stand-in streaming audio both ways through a balancer: per tick it appends 200 ms of
 * PCM16, commits it and adds a numbered text item; it retrieves each committed item's audio. On
 * 1012 it reconnects through the balancer by itself, as the console does, and starts a new record.
 */
export class StreamingSession {
  readonly records: ConnectionRecord[] = [];
  /** When the 1012 arrived. */
  reconnectedAt: number | null = null;
  /** Reconnect attempts that failed (none expected: the balancer retries another relay). */
  readonly reconnectFailures: string[] = [];
  private client: RecordingClient | null = null;
  private chunk = 0;
  private stopped = false;

  constructor(private readonly url: string, readonly index: number) {}

  async open(): Promise<void> {
    const record: ConnectionRecord = { textsSent: 0, textsEchoed: [], audioSent: [], audioKept: [], outputAudioDeltas: 0, responseDone: false, errors: [], close: null };
    const client = await openBrowser(this.url, { path: '/v1/realtime', protocols: ['realtime'] });
    this.records.push(record);
    this.client = client;
    client.socket.on('message', (data) => this.onEvent(client, record, JSON.parse(String(data)) as RecordedEvent));
    void client.closed.then((close) => {
      record.close = close;
      if (close.code === 1012 && !this.stopped) {
        this.reconnectedAt = Date.now();
        void this.reconnect();
      }
    });
    client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcm', rate: 24_000 }, turn_detection: null } } } });
    client.send({ type: 'response.create' });
  }

  /** As the console does on 1012: a new connection through the balancer, a few tries apart. */
  private async reconnect(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.open();
        return;
      } catch (error) {
        this.reconnectFailures.push(String(error));
        if (attempt === 5 || this.stopped) return;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  /** Cuts the connection without waiting (test teardown). */
  abandon(): void {
    this.stopped = true;
    this.client?.socket.terminate();
  }

  /** One tick of streaming; does nothing between a 1012 and the reconnect. */
  tick(): void {
    const client = this.client;
    const record = this.records[this.records.length - 1];
    if (!client || client.socket.readyState !== client.socket.OPEN || record.close) return;
    const audio = chunkFor(this.index, this.chunk++);
    client.send({ type: 'input_audio_buffer.append', audio });
    client.send({ type: 'input_audio_buffer.commit' });
    record.audioSent.push(audio);
    client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `seq ${record.textsSent++}` }] } });
  }

  /** Stops streaming and waits until everything the open connection sent has come back. */
  async finish(timeoutMs: number): Promise<void> {
    this.stopped = true;
    const record = this.records[this.records.length - 1];
    const client = this.client!;
    // Polled: the client's own frame listener runs before this class's, so a check on each frame would see the record one frame late.
    await eventually(() => record.textsEchoed.length >= record.textsSent && record.audioKept.length >= record.audioSent.length && record.responseDone, `session ${this.index}: all echoes`, timeoutMs);
    client.socket.close(1000);
    await client.closed;
  }

  private onEvent(client: RecordingClient, record: ConnectionRecord, event: RecordedEvent): void {
    const item = event.item as { role?: string; content?: Array<{ type: string; text?: string; audio?: string }> } | undefined;
    switch (event.type) {
      case 'conversation.item.added': {
        const part = item?.role === 'user' ? item.content?.[0] : undefined;
        if (part?.type === 'input_text' && part.text?.startsWith('seq ')) record.textsEchoed.push(Number(part.text.slice(4)));
        break;
      }
      case 'input_audio_buffer.committed':
        client.send({ type: 'conversation.item.retrieve', item_id: event.item_id });
        break;
      case 'conversation.item.retrieved':
        record.audioKept.push(item?.content?.[0]?.audio ?? '');
        break;
      case 'response.output_audio.delta':
        record.outputAudioDeltas++;
        break;
      case 'response.done':
        record.responseDone = true;
        break;
      case 'error':
        record.errors.push(JSON.stringify(event).slice(0, 300));
        break;
      default:
    }
  }
}

/** GET a relay's /health or /ready directly (not through the balancer). */
export async function relayStatus(port: number, path: '/health' | '/ready'): Promise<{ status: number; sessions: number }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  const body = (await response.json()) as { sessions: number };
  return { status: response.status, sessions: body.sessions };
}
