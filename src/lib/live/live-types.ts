// The events a LiveClient emits, and the Live protocol types it uses (type-only imports from the
// `openai` package: nothing of it reaches a bundle).
import type {
  ClientEvent,
  ForkSessionConfig as LiveForkOverrides,
  ForkSessionStartEvent,
  ErrorEvent as LiveErrorEvent,
  ServerEvent as LiveServerEvent,
  SessionConfig as LiveSessionConfig,
  SessionResource as LiveSessionResource,
} from 'openai/resources/live/live';
import type { TrackedDelegation } from './delegation-tracker';
import type { LedgerEntry } from './append-ledger';
import type { TranscriptTurn } from './transcript-grouper';
import type { ToolRunResult } from './responses-tools';
import type { LiveDecisionRecord } from './live-decisions';

export type { LiveErrorEvent, LiveForkOverrides, LiveServerEvent, LiveSessionConfig, LiveSessionResource };

/** What a Live client sends: a primary WebSocket's events, or a fork's `session.start` (forks.d.ts ForkClientEvent). */
export type LiveClientEvent = ClientEvent | ForkSessionStartEvent;

/** A stored session to fork instead of starting a new one (`/v1/live/sessions/{sessionId}/fork`). */
export interface LiveForkTarget {
  sessionId: string;
  /** The fork's `session.start` overrides (an empty object inherits everything). */
  overrides?: LiveForkOverrides;
}

/** A server event the published types do not know (a live server may add some). */
export interface UnknownLiveServerEvent {
  type: string;
  [field: string]: unknown;
}

/** Every event sent or received, as an event log shows it. */
export interface LiveWireEvent {
  time: number;
  source: 'client' | 'server';
  event: LiveClientEvent | LiveServerEvent | UnknownLiveServerEvent;
  /** The relay delivered it, rewritten, instead of the wire (a Live WebRTC session's snapshots while the relay hides held text). */
  via?: 'relay';
}

export interface LiveUsage {
  /** Cumulative session seconds (never summed across events). */
  seconds: number;
  /** Latest context-window usage, when the server measured it. */
  usageRatio?: number;
}

export interface LiveCloseInfo {
  code: number;
  reason: string;
  /** `session.closed` arrived before the socket closed (finalization confirmed). */
  finalized: boolean;
}

export type LiveClientEvents = {
  'live.event': LiveWireEvent;
  'server.event': LiveServerEvent | UnknownLiveServerEvent;
  started: LiveSessionResource;
  /** Output audio, decoded to PCM16 at 24 kHz, in delivery order. */
  audio: Int16Array;
  transcript: TranscriptTurn;
  delegation: TrackedDelegation;
  append: LedgerEntry;
  usage: LiveUsage;
  /** A decision evaluation requested or completed. */
  decision: LiveDecisionRecord;
  'tool.result': ToolRunResult;
  error: LiveErrorEvent;
  malformed: { raw: string; error: string };
  close: LiveCloseInfo;
};
