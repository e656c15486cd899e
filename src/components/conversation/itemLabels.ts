// The words the conversation shows about an item: who speaks, its status, its phase, how its
// response ended. Pure, so each wording is tested without rendering.
import type { ConversationItemView } from './types';

/** What an item's status badge says; null for a completed item (no badge). */
export function statusLabel(item: ConversationItemView, connected: boolean): string | null {
  if (item.status === 'completed') return null;
  if (item.status === 'in_progress' && !connected) return 'cut off by the disconnect';
  return item.status.replace('_', ' ');
}

const MCP_SPEAKERS: Record<string, string> = {
  mcp_list_tools: 'MCP tools',
  mcp_call: 'MCP call',
  mcp_approval_request: 'MCP approval request',
  mcp_approval_response: 'MCP approval',
};

export function speaker(item: ConversationItemView): string {
  if (item.type === 'function_call') return 'function call';
  if (item.type === 'function_call_output') return 'function output';
  const mcp = MCP_SPEAKERS[item.type];
  if (mcp) {
    const server = item.mcp && 'serverLabel' in item.mcp ? item.mcp.serverLabel : '';
    return server ? `${mcp} · ${server}` : mcp;
  }
  return item.role ?? item.type;
}

export const PHASE_LABELS = {
  commentary: { label: 'commentary', title: 'A preamble the model says while it works (phase: commentary)' },
  final_answer: { label: 'final answer', title: "The model's answer (phase: final_answer)" },
} as const;

/**
 * Why the item's response did not complete, from `response.done`'s `status_details`, e.g.
 * "Response incomplete: max_output_tokens". Null when it completed (or is still running).
 */
export function responseOutcome(item: ConversationItemView): string | null {
  const outcome = item.responseStatus;
  if (!outcome || outcome.status === 'completed') return null;
  const error = outcome.error;
  const errorText = error ? [error.code ?? error.type, error.message].filter(Boolean).join(': ') : '';
  const why = [outcome.reason, errorText].filter(Boolean).join(' — ');
  return `Response ${outcome.status}${why ? `: ${why}` : ''}`;
}

/** The failed transcription of a user's audio, e.g. "Transcription failed: audio_unintelligible: …". */
export function transcriptionFailure(item: ConversationItemView): string | null {
  const error = item.transcription?.error;
  if (error) return `Transcription failed: ${[error.code, error.message].filter(Boolean).join(': ') || error.type}`;
  return item.transcriptionError ? `Transcription failed: ${item.transcriptionError}` : null;
}
