// Whether the upstream can be reached, for `GET /ready`. Two witnesses, the latest wins: a
// periodic TCP connect to the upstream's host and port (upstreamProbeIntervalMs; 0 = no probe),
// and the outcome of each session's upstream handshake. A TCP connect is enough to tell "this
// relay's network path to the API is down" (what a load balancer should route around) without
// spending an API session; a refusal by HTTP status still counts as reachable: the host answered.
import { connect } from 'node:net';
import { NO_OBSERVER, type SessionObserver } from './session-observer';

export type UpstreamState = 'unknown' | 'reachable' | 'unreachable';

export interface UpstreamHealthOptions {
  upstreamUrl: string;
  /** 0: no probe; the state then follows session handshakes only and starts as reachable. */
  intervalMs: number;
  /** A probe that has not connected within this counts as unreachable. */
  timeoutMs: number;
}

export class UpstreamHealth {
  private current: UpstreamState;
  private detail = '';
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly host: string;
  private readonly port: number;

  constructor(private readonly options: UpstreamHealthOptions) {
    const url = new URL(options.upstreamUrl);
    this.host = url.hostname.replace(/^\[|\]$/g, '');
    this.port = url.port ? Number(url.port) : url.protocol === 'wss:' ? 443 : 80;
    this.current = options.intervalMs > 0 ? 'unknown' : 'reachable';
  }

  /** Probes now and then every intervalMs until stop(). */
  start(): void {
    if (this.options.intervalMs > 0) this.probe();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  state(): UpstreamState {
    return this.current;
  }

  /** Why the upstream counts as unreachable (an error code), for /ready. */
  why(): string {
    return this.detail;
  }

  /** A session's upstream handshake finished: opened or answered (true) or failed to connect (false). */
  record(reachable: boolean, detail = ''): void {
    this.current = reachable ? 'reachable' : 'unreachable';
    this.detail = reachable ? '' : detail;
  }

  /** What a session reports that bears on reachability. */
  observer(): SessionObserver {
    return {
      ...NO_OBSERVER,
      upstreamOpened: () => this.record(true),
      upstreamFailed: (failure, detail) => this.record(failure === 'refused', detail),
    };
  }

  private probe(): void {
    if (this.stopped) return;
    const socket = connect({ host: this.host, port: this.port });
    let settled = false;
    const settle = (reachable: boolean, detail: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      socket.destroy();
      this.record(reachable, detail);
      if (!this.stopped) {
        this.timer = setTimeout(() => this.probe(), this.options.intervalMs);
        this.timer.unref();
      }
    };
    const timeout = setTimeout(() => settle(false, `no TCP connection within ${this.options.timeoutMs} ms`), this.options.timeoutMs);
    socket.once('connect', () => settle(true, ''));
    socket.once('error', (error: NodeJS.ErrnoException) => settle(false, error.code ?? error.message));
  }
}
