import { memo } from 'react';
import type { EventLogStore, LogRow } from './eventLogStore';
import { HISTORY_CARRIED_TYPE } from '../../lib/inspector/console-records';
import { formatTime, summarizeRow } from './eventSummary';
import { Highlighted } from './Highlighted';

export interface EventLogRowProps {
  store: EventLogStore;
  row: LogRow;
  /** Changes when the row grows (rows are mutable, so their identity cannot tell). */
  count: number;
  problems: number;
  /** The log's search: its matches are marked in the summary. */
  search?: string;
  index: number;
  top: number;
  height: number;
  selected: boolean;
  onSelect(rowId: number): void;
}

const ARROWS = { client: '↑', server: '↓', console: '•' } as const;
const SOURCE_TITLES = { client: 'sent by the client', server: 'received from the server', console: "the console's own record: not sent or received" } as const;

/** The row's element id: the list names its selected row with aria-activedescendant. */
export const eventLogRowElementId = (rowId: number) => `event-log-row-${rowId}`;

function EventLogRowView({ store, row, count, problems, search = '', index, top, height, selected, onSelect }: EventLogRowProps) {
  const classes = ['event-log__row', `event-log__row--${row.source}`];
  if (selected) classes.push('event-log__row--selected');
  if (problems > 0) classes.push('event-log__row--problem');
  if (row.malformed) classes.push('event-log__row--malformed');
  // The log keeps earlier connections: each connection's first event (the client's, before the
  // server's session.created) marks where its session begins.
  const sessionStart = row.connectionStart;
  if (sessionStart) classes.push('event-log__row--session-start');
  const seam = row.type === HISTORY_CARRIED_TYPE && row.source === 'console';
  if (seam) classes.push('event-log__row--seam');
  return (
    <div
      id={eventLogRowElementId(row.id)}
      className={classes.join(' ')}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      data-testid="event-log-row"
      data-row-id={row.id}
      data-session-start={sessionStart || undefined}
      data-seam={seam || undefined}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={() => onSelect(row.id)}
    >
      {sessionStart && row.connectionTransport && (
        <span className="event-log__session-transport" data-testid="event-log-session-transport" title="the wire this connection ran over">{row.connectionTransport}</span>
      )}
      <span className="event-log__time">{formatTime(row.time)}</span>
      <span className="event-log__direction" title={SOURCE_TITLES[row.source]}>
        {ARROWS[row.source]} {row.source}
      </span>
      <span className="event-log__type" data-testid="event-log-type" title={row.type}>
        <bdi>{row.type}</bdi>
      </span>
      {count > 1 && <span className="event-log__count" data-testid="event-log-count">×{count}</span>}
      {problems > 0 && (
        <span className="event-log__problem" data-testid="event-log-problem" title={row.malformed ? 'not JSON' : row.serverError ? 'the server reported an error' : 'fails the protocol schema'}>
          {row.malformed ? 'malformed' : row.serverError ? 'error' : 'schema'}
        </span>
      )}
      <span className="event-log__summary">
        <Highlighted text={summarizeRow(store, row)} search={search} />
      </span>
    </div>
  );
}

export const EventLogRow = memo(
  EventLogRowView,
  (a, b) =>
    a.row === b.row && a.count === b.count && a.problems === b.problems && a.search === b.search && a.top === b.top && a.selected === b.selected && a.index === b.index && a.height === b.height && a.onSelect === b.onSelect,
);
