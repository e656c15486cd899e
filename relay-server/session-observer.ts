// What a relay session reports as it runs, for metrics and readiness: the session calls these
// and knows nothing of who listens (server.ts wires metrics.ts and upstream-health.ts to them).

export type Direction = 'to_upstream' | 'to_browser';
export type PolicyAction = 'denied' | 'dropped' | 'rewritten';
export type UpstreamFailure = 'refused' | 'timeout' | 'unreachable';
export type Closer = 'browser' | 'upstream' | 'relay';

export interface SessionObserver {
  /** A frame was sent on to one side (the relay's own error events to the browser included). */
  frame(direction: Direction, bytes: number): void;
  /** The policy refused a client event, dropped a server event, or rewrote one. */
  policy(action: PolicyAction, side: 'client' | 'server', type: string | null): void;
  upstreamOpened(connectMs: number): void;
  /** `refused`: the upstream answered with an HTTP status (so it is reachable). */
  upstreamFailed(failure: UpstreamFailure, detail: string): void;
  ended(code: number, closer: Closer | null, seconds: number): void;
}

export const NO_OBSERVER: SessionObserver = {
  frame: () => undefined,
  policy: () => undefined,
  upstreamOpened: () => undefined,
  upstreamFailed: () => undefined,
  ended: () => undefined,
};

/** Calls every observer in turn. */
export function observers(...list: SessionObserver[]): SessionObserver {
  return {
    frame: (direction, bytes) => list.forEach((o) => o.frame(direction, bytes)),
    policy: (action, side, type) => list.forEach((o) => o.policy(action, side, type)),
    upstreamOpened: (ms) => list.forEach((o) => o.upstreamOpened(ms)),
    upstreamFailed: (failure, detail) => list.forEach((o) => o.upstreamFailed(failure, detail)),
    ended: (code, closer, seconds) => list.forEach((o) => o.ended(code, closer, seconds)),
  };
}
