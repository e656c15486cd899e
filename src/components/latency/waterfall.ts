// A turn as waterfall segments and marks, in ms from the end of the user's input. Pure, so the
// panel only draws and the figures are tested apart from React.
import type { TurnLatency } from '../../lib/inspector/latency';

export type SegmentKind = 'commit' | 'wait' | 'response' | 'tool-run' | 'tool-return';

export interface WaterfallSegment {
  kind: SegmentKind;
  from: number;
  to: number;
  label: string;
}

export interface WaterfallMark {
  kind: 'text' | 'audio' | 'audible';
  at: number;
  label: string;
}

export interface Waterfall {
  segments: WaterfallSegment[];
  marks: WaterfallMark[];
  /** The last time drawn (ms from the start). */
  end: number;
}

const ms = (value: number): string => `${Math.round(value)} ms`;

export function waterfall(turn: TurnLatency): Waterfall {
  const at = (time: number) => time - turn.start;
  const segments: WaterfallSegment[] = [];
  const marks: WaterfallMark[] = [];
  const push = (kind: SegmentKind, from: number | undefined, to: number | undefined, what: string) => {
    if (from === undefined || to === undefined || to < from) return;
    segments.push({ kind, from: at(from), to: at(to), label: `${what}: ${ms(to - from)}` });
  };
  push('commit', turn.start, turn.committed, 'end of input → committed');
  push('wait', turn.committed ?? turn.start, turn.responseCreated, 'waiting for response.created');
  for (const response of turn.responses) {
    const last = response.done ?? Math.max(response.created, response.firstText ?? 0, response.firstAudio ?? 0);
    push('response', response.created, last, `response ${response.id}${response.status ? ` (${response.status})` : ''}`);
  }
  for (const tool of turn.tools) {
    push('tool-run', tool.argumentsDone, tool.outputSent, `tool ${tool.name ?? tool.callId} ran`);
    push('tool-return', tool.outputSent, tool.nextResponse, `tool ${tool.name ?? tool.callId} output → next response`);
  }
  if (turn.firstText !== undefined) marks.push({ kind: 'text', at: at(turn.firstText), label: `first text ${ms(at(turn.firstText))}` });
  if (turn.firstAudio !== undefined) marks.push({ kind: 'audio', at: at(turn.firstAudio), label: `first audio ${ms(at(turn.firstAudio))}` });
  if (turn.audible !== undefined) marks.push({ kind: 'audible', at: at(turn.audible), label: `audible ${ms(at(turn.audible))}` });
  const end = Math.max(0, ...segments.map((segment) => segment.to), ...marks.map((mark) => mark.at));
  return { segments, marks, end };
}
