// The log as JSON Lines, secrets redacted: one line per event, in arrival order, and first a
// line saying how many events the bound dropped, when it dropped any.
import { droppedNotice, type EventLogLimits } from './eventLogLimits';
import { makeRedactor, trimAudioPayload } from './eventPayload';
import type { ExportOptions, LogEntry } from './eventLogTypes';

export interface ExportSource {
  /** Events kept, in arrival order (holes where a dropped row's events were). */
  entries: ReadonlyArray<LogEntry | undefined>;
  dropped: number;
  limits: Readonly<EventLogLimits>;
  /** With `scope: 'visible'`: whether an event's row passes the filter (absent: all do). */
  visible?: (entry: LogEntry) => boolean;
}

export function exportJsonl(source: ExportSource, options: ExportOptions = {}): string[] {
  const redact = makeRedactor(options.apiKey);
  const lines: string[] = [];
  if (source.dropped > 0) {
    lines.push(`${JSON.stringify({ dropped: source.dropped, ...source.limits, notice: droppedNotice(source.dropped, source.limits) })}\n`);
  }
  const visible = options.scope === 'visible' ? source.visible : undefined;
  // In arrival order: a run's groups interleave, so row by row would reorder the events.
  for (const entry of source.entries) {
    if (!entry || (visible && !visible(entry))) continue;
    const record: Record<string, unknown> = { time: new Date(entry.time).toISOString(), source: entry.source };
    if (entry.malformed !== undefined) {
      record.malformed = entry.malformed;
      record.raw = entry.raw;
    } else {
      record.event = options.trimAudio ? trimAudioPayload(entry.event) : entry.event;
    }
    if (entry.errors) record.errors = entry.errors;
    lines.push(`${redact(JSON.stringify(record))}\n`);
  }
  return lines;
}
