// The event log alone on a page, for bench/event-log.bench.ts: a store filled with a realistic
// GA event stream and <EventLog> mounted in a fixed-size box, driven from the benchmark.
import { createRoot } from 'react-dom/client';
import { EventLog, EventLogStore } from '../../src/components/event-log';
import { sampleEventStream } from '../../src/components/event-log/test-support/sampleEvents';
import '../../src/index.scss';

export interface FillResult {
  appendMs: number;
  /** From the end of the appends to the second frame after (the render is done by then). */
  renderMs: number;
  validationMs: number;
  rows: number;
  problems: number;
  heapMb: number | null;
}

export interface LongFrame {
  /** From the frame's first task to its paint, ms (includes time the process was not scheduled). */
  duration: number;
  /** Time main-thread tasks ran past 50 ms each, ms: work that made the page unresponsive. */
  blocking: number;
}

export interface FramesResult {
  /** Time between consecutive animation frames, ms. */
  intervals: number[];
  /** Long animation frames (> 50 ms) Chromium reported during the run. */
  longFrames: LongFrame[];
  /** Rows in the DOM at the end, and the position of the first. */
  renderedRows: number;
  firstRow: number;
  expectedFirstRow: number;
}

export interface EventLogBenchApi {
  fill(count: number): Promise<FillResult>;
  scroll(options: { frames: number; mode: 'smooth' | 'jump'; pxPerFrame: number }): Promise<FramesResult>;
  stream(options: { frames: number; eventsPerFrame: number }): Promise<FramesResult>;
}

declare global {
  interface Window {
    eventLogBench: EventLogBenchApi;
  }
}

const ROW_HEIGHT = 24;
export const FRAME_MARK = 'event-log-bench-frame';
// No audio limit: the panel is measured holding all 100,000 events of the sample stream (4.8 kB
// of audio each), as before the log was bounded; the bound's own cost is in event-log-heap.bench.ts.
const store = new EventLogStore({ maxAudioBytes: Infinity });
const host = document.createElement('div');
host.style.cssText = 'position:fixed;inset:0;padding:12px;display:flex;flex-direction:column;';
document.body.appendChild(host);
createRoot(host).render(<EventLog store={store} rowHeight={ROW_HEIGHT} />);

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const viewport = () => document.querySelector<HTMLElement>('[data-testid="event-log-viewport"]')!;

interface MemoryInfo {
  usedJSHeapSize: number;
}

/** Chromium's long-animation-frame entry (not in TypeScript 4.9's DOM types). */
interface LongAnimationFrameTiming extends PerformanceEntry {
  blockingDuration?: number;
}

const toLongFrame = (entry: PerformanceEntry): LongFrame => ({ duration: entry.duration, blocking: (entry as LongAnimationFrameTiming).blockingDuration ?? 0 });

function observeLongFrames(): () => LongFrame[] {
  const frames: LongFrame[] = [];
  const supported = typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes?.includes('long-animation-frame');
  if (!supported) return () => frames;
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => frames.push(toLongFrame(entry))));
  observer.observe({ type: 'long-animation-frame' });
  return () => {
    observer.takeRecords().forEach((entry) => frames.push(toLongFrame(entry)));
    observer.disconnect();
    return frames;
  };
}

function renderedState(): Pick<FramesResult, 'renderedRows' | 'firstRow' | 'expectedFirstRow'> {
  const rows = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="event-log-row"]'));
  const positions = rows.map((row) => Number(row.getAttribute('aria-posinset')));
  const view = viewport();
  const firstVisible = Math.floor(view.scrollTop / ROW_HEIGHT) + 1;
  return { renderedRows: rows.length, firstRow: Math.min(...positions), expectedFirstRow: firstVisible };
}

async function runFrames(frames: number, onFrame: (frame: number) => void): Promise<FramesResult> {
  await nextFrame();
  const stopObserving = observeLongFrames();
  const stamps: number[] = [await nextFrame()];
  for (let frame = 0; frame < frames; frame++) {
    // The benchmark's trace splits main-thread work into frames at these marks.
    performance.mark(FRAME_MARK);
    onFrame(frame);
    stamps.push(await nextFrame());
  }
  performance.mark(FRAME_MARK);
  await nextFrame(); // let the last frame's render land before checking the DOM
  const intervals = stamps.slice(1).map((t, i) => t - stamps[i]);
  return { intervals, longFrames: stopObserving(), ...renderedState() };
}

window.eventLogBench = {
  async fill(count) {
    const events = sampleEventStream(count);
    const start = performance.now();
    for (const event of events) store.append(event);
    const appended = performance.now();
    await nextFrame();
    await nextFrame();
    const rendered = performance.now();
    await store.whenValidated();
    const validated = performance.now();
    const memory = (performance as Performance & { memory?: MemoryInfo }).memory;
    return {
      appendMs: appended - start,
      renderMs: rendered - appended,
      validationMs: validated - appended,
      rows: store.rowCount,
      problems: store.problemCount,
      heapMb: memory ? memory.usedJSHeapSize / 1024 / 1024 : null,
    };
  },

  scroll({ frames, mode, pxPerFrame }) {
    const view = viewport();
    view.scrollTop = 0;
    // A fixed sequence of "random" jumps, so runs compare.
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    return runFrames(frames, () => {
      const max = view.scrollHeight - view.clientHeight;
      if (mode === 'jump') view.scrollTop = Math.floor(random() * max);
      else if (pxPerFrame > 0) view.scrollTop = (view.scrollTop + pxPerFrame) % max;
    });
  },

  stream({ frames, eventsPerFrame }) {
    const view = viewport();
    view.scrollTop = view.scrollHeight; // at the bottom: the log follows new events
    const batch = sampleEventStream(eventsPerFrame * frames, { startTime: Date.now() });
    return runFrames(frames, (frame) => {
      for (let i = frame * eventsPerFrame; i < (frame + 1) * eventsPerFrame; i++) store.append(batch[i]);
    });
  },
};
