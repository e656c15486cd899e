// The child processes of `bench:relay`: the upstream and the two pipes under test.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { pace } from './pace';
import { CHUNK_MS, deltaFrame, isEcho, now, sentAt } from './relay-bench-wire';

// ---------------------------------------------------------------- upstream (child)

export interface UpstreamReport {
  latenciesUs: number[];
  bytes: number;
}

/** Streams deltas on request, echoes `e` chunks, times `t` chunks per pipe (`?pipe=` in its URL). */
export function runUpstream(): void {
  let byPipe = new Map<string, UpstreamReport>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const http = createServer();
  http.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, new URL(req.url ?? '/', 'http://x').searchParams.get('pipe') ?? '?')),
  );
  function serve(ws: WebSocket, pipe: string): void {
    let stop: (() => void) | null = null;
    ws.on('error', () => undefined);
    ws.on('close', () => stop?.());
    ws.on('message', (data) => {
      const head = (data as Buffer).toString('latin1', 0, 80);
      if (head.includes('"bench.start"')) {
        const phase = Number(/"phase":(\d+)/.exec((data as Buffer).toString('latin1'))?.[1] ?? 0);
        stop = pace(CHUNK_MS, phase, () => ws.send(deltaFrame(`t${now()}`)));
        return;
      }
      if (head.includes('"bench.stop"')) {
        stop?.();
        stop = null;
        return;
      }
      if (isEcho(data)) {
        ws.send(deltaFrame(`e${/"event_id":"e(\d+)"/.exec(head)![1]}`));
        return;
      }
      const t = sentAt(data);
      if (t === null) return;
      let report = byPipe.get(pipe);
      if (!report) byPipe.set(pipe, (report = { latenciesUs: [], bytes: 0 }));
      report.latenciesUs.push(Number(now() - t) / 1000);
      report.bytes += (data as Buffer).length;
    });
  }
  process.on('message', (message: { cmd: string }) => {
    // `report` hands over what was timed since the last one, per pipe.
    if (message.cmd === 'report') {
      process.send!(Object.fromEntries(byPipe));
      byPipe = new Map();
    }
  });
  http.listen(0, '127.0.0.1', () => process.send!({ url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/v1/realtime` }));
  reportMemoryOnRequest();
}

// ---------------------------------------------------------------- pipes under test (child)

/** The baseline: forwards frames both ways and closes, nothing else. */
export function runBarePipe(upstreamUrl: string): void {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const http = createServer();
  http.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (browser) => {
      const url = new URL(upstreamUrl);
      url.searchParams.set('model', 'gpt-realtime');
      const upstream = new WebSocket(url.toString(), { headers: { Authorization: 'Bearer sk-bench' }, perMessageDeflate: false });
      const queued: Array<[RawData, boolean]> = [];
      browser.on('message', (data, isBinary) => (upstream.readyState === WebSocket.OPEN ? upstream.send(data, { binary: isBinary }) : queued.push([data, isBinary])));
      upstream.on('open', () => queued.splice(0).forEach(([data, isBinary]) => upstream.send(data, { binary: isBinary })));
      upstream.on('message', (data, isBinary) => browser.send(data, { binary: isBinary }));
      browser.on('close', () => upstream.terminate());
      upstream.on('close', () => browser.terminate());
      browser.on('error', () => undefined);
      upstream.on('error', () => undefined);
    }),
  );
  http.listen(0, '127.0.0.1', () => process.send!({ url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}` }));
  reportMemoryOnRequest();
}

export async function runRelay(upstreamUrl: string): Promise<void> {
  const { startRelay } = await import('../relay-server/server');
  // Every bench session comes from this one client: the per-client cap would refuse most.
  const sessions = Number(process.env.BENCH_SESSIONS) || 100;
  const relay = await startRelay({ apiKey: 'sk-bench', port: 0, upstreamUrl, maxSessionsPerClient: sessions, maxSessions: Math.max(sessions, 200), log: () => undefined });
  process.send!({ url: relay.url });
  reportMemoryOnRequest();
}

function reportMemoryOnRequest(): void {
  let peakRss = process.memoryUsage().rss;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'stats') {
      const cpu = process.cpuUsage();
      process.send!({ peakRss, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
  });
}
