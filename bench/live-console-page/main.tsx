// The console's Live panels alone on a page, for bench/live-console.bench.ts: the Live event log
// (Live's schema checks on) beside the timeline, delegations, ledger and decisions, fed a
// Live-shaped stream at a set rate, re-rendered once per frame as the console does.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createLiveEventLog, EventLog } from '../../src/components/event-log';
import { LivePanels } from '../../src/components/live/LivePanels';
import { LiveWireState } from '../../src/lib/live/live-wire-state';
import '../../src/index.scss';
import '../../src/components/live/LiveConsole.scss';

export interface RateResult {
  /** Events appended per second of wall time, as achieved. */
  achieved: number;
  /** Events appended in all (the log keeps fewer past its bound: `events`). */
  appended: number;
  /** Time between consecutive animation frames, ms. */
  intervals: number[];
  rows: number;
  events: number;
}

export interface LiveConsoleBenchApi {
  /** Feeds `rate` events/s for `ms` of wall time, paced per frame. */
  run(options: { rate: number; ms: number }): Promise<RateResult>;
}

declare global {
  interface Window {
    liveConsoleBench: LiveConsoleBenchApi;
  }
}

// 100 ms of PCM16 at 24 kHz, base64: what a Live session sends and receives ten times a second.
const AUDIO = btoa(String.fromCharCode(...new Uint8Array(4800).map((_, i) => (i * 7) & 0xff)));
const WORDS = ['the', 'weather', 'in', 'Paris', 'is', 'sunny', 'today', 'and', 'mild'];

let store = createLiveEventLog();
let state = new LiveWireState();
let sequence = 0;
let version = 0;
const listeners = new Set<() => void>();

/** The next event of a Live conversation: per 100 ms, input audio, output audio, a transcript delta; now and then a delegation, an append, usage. */
function next(): { source: 'client' | 'server'; event: { type: string; [field: string]: unknown } } {
  const n = sequence++;
  const tick = Math.floor(n / 4);
  const ms = tick * 100;
  switch (n % 4) {
    case 0:
      return { source: 'client', event: { type: 'session.input_audio.append', event_id: `c${n}`, audio: AUDIO } };
    case 1:
      return { source: 'server', event: { type: 'session.output_audio.delta', delta: AUDIO } };
    case 2:
      return {
        source: 'server',
        event: { type: tick % 20 < 10 ? 'session.input_transcript.delta' : 'session.output_transcript.delta', event_id: `e${n}`, delta: ` ${WORDS[tick % WORDS.length]}`, start_ms: ms, end_ms: ms + 100 },
      };
    default:
      if (tick % 50 === 10) return { source: 'server', event: { type: 'session.delegation.created', event_id: `e${n}`, offset_ms: ms, delegation: { id: `dlg_${tick}`, target: 'client', type: 'delegation' } } };
      if (tick % 50 === 12) return { source: 'client', event: { type: 'session.commentary.append', event_id: `a${tick}`, content: 'It is sunny.', delegation_id: `dlg_${tick - 2}` } };
      if (tick % 50 === 13) return { source: 'server', event: { type: 'session.commentary.appended', event_id: `e${n}`, client_event_id: `a${tick - 1}`, start_ms: ms, end_ms: ms } };
      if (tick % 150 === 149) return { source: 'server', event: { type: 'session.usage.updated', event_id: `e${n}`, usage: { seconds: ms / 1000 }, context_window: { usage_ratio: 0.01 } } };
      return { source: 'server', event: { type: 'session.output_audio.delta', delta: AUDIO } };
  }
}

function push(count: number, time: number): void {
  for (let i = 0; i < count; i++) {
    const record = { time, ...next() };
    store.append(record);
    if (record.source === 'client') state.sent(record.event);
    else state.received(record.event);
  }
  version++;
  listeners.forEach((listener) => listener());
}

function Page() {
  const [, setShown] = useState(0);
  const [current, setCurrent] = useState({ store, state });
  useEffect(() => {
    // One render per frame at most, as the console's hooks do.
    let pending = 0;
    const listener = () => {
      if (!pending) pending = requestAnimationFrame(() => {
        pending = 0;
        setCurrent({ store, state });
        setShown(version);
      });
    };
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return (
    <div className="live-console__body" style={{ height: '100vh' }}>
      <div className="live-console__main">
        <LivePanels state={current.state} nowMs={current.state.nowMs} />
      </div>
      <section className="live-console__log" aria-label="Live events">
        <EventLog store={current.store} />
      </section>
    </div>
  );
}

const host = document.createElement('div');
document.body.appendChild(host);
const root = createRoot(host);
root.render(<Page />);

/** Must equal FRAME_MARK in bench/live-console-ui.ts: a user-timing mark per frame, read from the trace. */
const FRAME_MARK = 'live-console-bench-frame';
const nextFrame = () =>
  new Promise<number>((resolve) =>
    requestAnimationFrame((now) => {
      performance.mark(FRAME_MARK);
      resolve(now);
    }),
  );

window.liveConsoleBench = {
  async run({ rate, ms }) {
    store = createLiveEventLog();
    state = new LiveWireState();
    sequence = 0;
    push(0, Date.now());
    await nextFrame();
    await nextFrame();
    const intervals: number[] = [];
    const start = performance.now();
    let last = start;
    let sent = 0;
    while (performance.now() - start < ms) {
      const now = await nextFrame();
      intervals.push(now - last);
      last = now;
      // The events due by now at this rate: a slow frame gets more, so the rate holds if the page keeps up.
      const due = Math.floor(((performance.now() - start) * rate) / 1000) - sent;
      if (due > 0) {
        push(due, Date.now());
        sent += due;
      }
    }
    const elapsed = performance.now() - start;
    await store.whenValidated();
    return { achieved: (sent * 1000) / elapsed, appended: sent, intervals, rows: store.rowCount, events: store.size };
  },
};
