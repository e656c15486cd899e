import { useEffect, useState } from 'react';
import type { EventLogStore, LogRow } from './eventLogStore';
import { audioBytesOf } from './eventPayload';
import { formatBytes, formatTime, joinedDeltaText, prettyEvent } from './eventSummary';
import { Highlighted } from './Highlighted';

export interface EventDetailsProps {
  store: EventLogStore;
  row: LogRow;
  onClose(): void;
}

const SOURCE_VERBS = { client: '↑ sent', server: '↓ received', console: '• recorded by the console' } as const;

/** The expanded view of one row, shown beside the list (not inside the virtualised flow). */
export function EventDetails({ store, row, onClose }: EventDetailsProps) {
  // Which event of a group is shown; a new row starts at its first event.
  const [member, setMember] = useState(0);
  useEffect(() => setMember(0), [row.id]);
  const index = Math.min(member, row.count - 1);
  const entry = store.entry(store.rowSeq(row, index))!;
  const grouped = row.count > 1;
  const audioDelta = row.type.endsWith('output_audio.delta');

  return (
    <section className="event-log__details" aria-label="Event details" data-testid="event-details">
      <header className="event-log__details-header">
        <strong className="event-log__type">{row.type}</strong>
        <span>{SOURCE_VERBS[row.source]} {formatTime(entry.time)}</span>
        {row.itemId && <span>item {row.itemId}</span>}
        <button type="button" className="event-log__button" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </header>
      {grouped && (
        <div className="event-log__group" data-testid="event-details-group">
          <span>
            {row.count} events, {formatTime(row.time)} – {formatTime(row.lastTime)}
          </span>
          {audioDelta ? (
            <span>{formatBytes(sumAudio(store, row))} of audio</span>
          ) : (
            <pre className="event-log__joined">{joinedDeltaText(store, row)}</pre>
          )}
          {row.problems > 0 && (
            <span className="event-log__status-problems">
              {row.problems} of {row.count} events fail the schema
            </span>
          )}
          <span className="event-log__stepper">
            <button type="button" className="event-log__button" disabled={index === 0} onClick={() => setMember(index - 1)} aria-label="Previous event of the group">
              ‹
            </button>
            event {index + 1} of {row.count}
            <button type="button" className="event-log__button" disabled={index === row.count - 1} onClick={() => setMember(index + 1)} aria-label="Next event of the group">
              ›
            </button>
          </span>
        </div>
      )}
      {entry.malformed !== undefined && <p className="event-log__errors">Not JSON: {entry.malformed}</p>}
      {entry.malformed === undefined && entry.errors && entry.errors.length > 0 && (
        <ul className="event-log__errors" aria-label="Schema errors">
          {entry.errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <pre className="event-log__json" data-testid="event-json">
        <Highlighted text={prettyEvent(entry)} search={store.filter.search} />
      </pre>
    </section>
  );
}

function sumAudio(store: EventLogStore, row: LogRow): number {
  let bytes = 0;
  for (let i = 0; i < row.count; i++) bytes += audioBytesOf(store.entry(store.rowSeq(row, i))?.event);
  return bytes;
}
