// What the conversation panel needs of an item: a structural subset of the client's ItemState,
// so the panel can be tested (and reused) without a live client.
import type { ItemState } from '../../lib/realtime';

export interface ConversationItemView {
  id: string;
  /** 'message', 'function_call', 'function_call_output', an `mcp_*` type, or another server item type. */
  type: string;
  role?: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  formatted: {
    text: string;
    transcript: string;
    audioSampleCount: number;
    tool?: { name: string; call_id: string; arguments: string };
    output?: string;
  };
  /** Set when the item was cut where the listener stopped hearing it; the transcript before the cut. */
  truncated?: { audioEndMs: number; transcript: string };
  /** `commentary` (a preamble) or `final_answer`, when a Realtime 2 model labels its output. */
  phase?: ItemState['phase'];
  /** How the item's response ended, with `status_details` (reason, error). */
  responseStatus?: ItemState['responseStatus'];
  /** The input audio transcription's failure, when it failed. */
  transcription?: Pick<NonNullable<ItemState['transcription']>, 'error'>;
  transcriptionError?: string;
  /** What an MCP item is: tool listing, call, approval request (and its answer) or approval response. */
  mcp?: ItemState['mcp'];
  getAudio(): Int16Array;
}

/** Where a conversation carried into a new session (Reconnect with history) ends. */
export interface ConversationSeam {
  /** The last carried item; null: none was carried, the seam is at the top. */
  afterItemId: string | null;
  carried: number;
  /** Items of the earlier conversation not carried (history-carry.ts says which and why). */
  leftOut: number;
}
