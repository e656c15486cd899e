// A relay that restarts (a rolling restart behind a load balancer) closes its sessions with 1012
// "service restart": the session is gone, but another relay will take a new one at once. So the
// console connects again by itself, a few times with growing pauses, and says what it is doing;
// any other close still waits for the user. The new session gets the conversation so far
// (Reconnect with history, history-carry.ts), so the user goes on where they were. No React
// here: the hook only wires it up.
import { WS_CLOSE_CODES } from '../../lib/protocol/close-codes';

/** Pauses before each attempt; after the last failure the console gives up and says so. */
export const RESTART_RETRY_DELAYS_MS: readonly number[] = [250, 1000, 2500, 5000];

export function isRelayRestart(code: number): boolean {
  return code === WS_CLOSE_CODES.serviceRestart;
}

export interface RelayRestartHooks {
  /** Connects; resolves true when connected. */
  connect(): Promise<boolean>;
  /** The line the connection bar shows. */
  say(text: string): void;
  /** How many items of the conversation so far the new session received (Reconnect with history). */
  carried?(): number;
  schedule?(run: () => void, ms: number): () => void;
}

const defaultSchedule = (run: () => void, ms: number): (() => void) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

/** Reconnects after a 1012 until connected or out of attempts; cancel() stops it (the user took over). */
export class RelayRestartReconnect {
  private cancelTimer: (() => void) | null = null;
  private run = 0;

  constructor(private readonly hooks: RelayRestartHooks, private readonly delays: readonly number[] = RESTART_RETRY_DELAYS_MS) {}

  /** Whether a reconnect is under way. */
  get active(): boolean {
    return this.cancelTimer !== null;
  }

  start(): void {
    this.cancel();
    const run = ++this.run;
    this.attempt(run, 0);
  }

  cancel(): void {
    this.run++;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private attempt(run: number, index: number): void {
    const delay = this.delays[index];
    const total = this.delays.length;
    this.hooks.say(`The relay is restarting (close 1012): reconnecting in ${formatSeconds(delay)} (attempt ${index + 1} of ${total})…`);
    const schedule = this.hooks.schedule ?? defaultSchedule;
    this.cancelTimer = schedule(() => {
      void this.hooks.connect().then(
        (connected) => this.settle(run, index, connected),
        () => this.settle(run, index, false),
      );
    }, delay);
  }

  private settle(run: number, index: number, connected: boolean): void {
    if (run !== this.run) return; // cancelled meanwhile
    if (connected) {
      this.cancelTimer = null;
      const carried = this.hooks.carried?.() ?? 0;
      this.hooks.say(
        carried > 0
          ? `The relay restarted; reconnected with a new session that has the conversation so far (${carried} item${carried === 1 ? '' : 's'}).`
          : 'The relay restarted; reconnected with a new session.',
      );
    } else if (index + 1 < this.delays.length) this.attempt(run, index + 1);
    else {
      this.cancelTimer = null;
      this.hooks.say(`The relay restarted and ${this.delays.length} reconnect attempts failed; press Connect to try again.`);
    }
  }
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1).replace(/0$/, '')} s`;
}
