// The `set_memory` tool: the model stores facts about the user in a small key/value memory.
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';

export const SET_MEMORY_TOOL: RealtimeFunctionTool = {
  type: 'function',
  name: 'set_memory',
  description: 'Saves a fact about the user for later, e.g. their name or a preference. Use it when the user asks you to remember something.',
  parameters: {
    type: 'object',
    properties: {
      key: { type: 'string', description: 'Short snake_case name of the fact, e.g. "user_name"' },
      value: { type: 'string', description: 'The fact to remember' },
    },
    required: ['key', 'value'],
  },
};

export type Memory = Readonly<Record<string, unknown>>;

export class MemoryError extends Error {}

/** Returns the memory with the entry set; throws a MemoryError on a missing key. */
export function setMemoryEntry(memory: Memory, args: Record<string, unknown>): Memory {
  const key = typeof args.key === 'string' ? args.key.trim() : '';
  if (!key) throw new MemoryError('set_memory needs a non-empty string "key"');
  return { ...memory, [key]: args.value ?? null };
}
