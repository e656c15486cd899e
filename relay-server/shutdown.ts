// How a relay stops. close(): every session gets 1001 at once (Ctrl-C, tests). drain() (SIGTERM,
// a rolling restart): the relay reports not ready and refuses new sessions at once, lets open
// ones go on for drainGraceMs, then closes the rest with 1012 "service restart" so clients know
// to reconnect (through the load balancer, to another relay) rather than give up. Phone calls and
// WebRTC sidebands are drained the same way: a call gets the same grace to end by itself.
import { WS_CLOSE_CODES } from '../src/lib/protocol/close-codes';
import type { LogSink } from './logging';

/** Something open the relay must end before it exits: a WebSocket session, a phone call, a sideband. */
export interface Closable {
  /** Closes with this code and reason (the close handshake may take up to shutdownGraceMs). */
  shutdown(code: number, reason: string): void;
  /** Cuts it now. */
  terminate(): void;
}

export interface ShutdownOptions {
  /** Everything open now; whoever owns each says so through sessionEnded() when one ends. */
  sessions: () => readonly Closable[];
  drainGraceMs: number;
  shutdownGraceMs: number;
  log: LogSink;
  /** Stops the listeners and features once sessions are gone. */
  stopServing: () => Promise<void>;
}

/** Sent with 1012: the console reads 1012 itself; the reason is for people and logs. */
export const DRAIN_CLOSE_REASON = 'relay: restarting; reconnect to continue';
export const SHUTDOWN_CLOSE_REASON = 'relay: shutting down';

export class Shutdown {
  private isDraining = false;
  private stopping: Promise<void> | null = null;
  private draining: Promise<void> | null = null;
  private wakeDrain: (() => void) | null = null;
  private allGone: (() => void) | null = null;

  constructor(private readonly options: ShutdownOptions) {}

  /** True from drain() or close() on: /ready is false and new sessions are refused. */
  refusing(): boolean {
    return this.isDraining || this.stopping !== null;
  }

  /** Called by the server whenever a session ended. */
  sessionEnded(): void {
    if (this.options.sessions().length === 0) this.allGone?.();
  }

  drain(): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.draining) return this.draining;
    this.isDraining = true;
    const { sessions, drainGraceMs, log } = this.options;
    log(`relay: draining: not ready, new sessions refused; ${sessions().length} open session(s) may go on for ${drainGraceMs} ms, then close with 1012`);
    this.draining = (async () => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, drainGraceMs);
        this.wakeDrain = () => {
          clearTimeout(timer);
          resolve();
        };
        this.allGone = this.wakeDrain;
        if (sessions().length === 0) this.wakeDrain();
      });
      const left = sessions().length;
      if (left) log(`relay: drain grace over: closing ${left} session(s) with 1012`);
      await this.stop(WS_CLOSE_CODES.serviceRestart, DRAIN_CLOSE_REASON);
    })();
    return this.draining;
  }

  /** Closes every session now (a drain in progress skips the rest of its grace, keeping 1012). */
  close(): Promise<void> {
    if (this.draining && !this.stopping) {
      this.wakeDrain?.();
      return this.draining;
    }
    return this.stop(WS_CLOSE_CODES.goingAway, SHUTDOWN_CLOSE_REASON);
  }

  private stop(code: number, reason: string): Promise<void> {
    if (this.stopping) return this.stopping;
    const { sessions, shutdownGraceMs } = this.options;
    this.stopping = (async () => {
      const allGone = new Promise<void>((resolve) => {
        this.allGone = resolve;
        if (sessions().length === 0) resolve();
      });
      for (const session of sessions()) session.shutdown(code, reason);
      // Sessions cut their own sockets after shutdownGraceMs; this is the backstop.
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, shutdownGraceMs + 500).unref());
      await Promise.race([allGone, deadline]);
      for (const session of sessions()) session.terminate();
      await this.options.stopServing();
    })();
    return this.stopping;
  }
}
