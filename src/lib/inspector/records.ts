// What the inspector computes from: the event log's records ({time, source, event}), live from
// the client's 'realtime.event' or read back from an exported log. Only timestamps and event
// fields are used, so a WebSocket session, a WebRTC one and a recording give the same figures.
// Besides the wire's events, the page records a few of its own observations (console-records.ts).

/** 'console': the page's own record, neither sent nor received (console-records.ts). */
export type RecordSource = 'client' | 'server' | 'console';

export interface InspectorRecord {
  /** Milliseconds since the epoch (Date.now() when the event was sent or received). */
  time: number;
  source: RecordSource;
  event: unknown;
}

export type EventFields = Record<string, unknown>;

/** The event's fields when it is an object with a string `type`; otherwise null. */
export function eventFields(event: unknown): (EventFields & { type: string }) | null {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return null;
  const fields = event as EventFields;
  return typeof fields.type === 'string' ? (fields as EventFields & { type: string }) : null;
}

export function objectField(fields: EventFields | undefined | null, name: string): EventFields | undefined {
  const value = fields?.[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as EventFields) : undefined;
}

export function stringField(fields: EventFields | undefined | null, name: string): string | undefined {
  const value = fields?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** A non-negative finite number, else 0 (token counts a server omitted or garbled count as none). */
export function countField(fields: EventFields | undefined | null, name: string): number {
  const value = fields?.[name];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
