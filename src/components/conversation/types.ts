// What the conversation panel needs of an item: a structural subset of the client's ItemState,
// so the panel can be tested (and reused) without a live client.
export interface ConversationItemView {
  id: string;
  /** 'message', 'function_call', 'function_call_output', or another server item type. */
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
  getAudio(): Int16Array;
}
