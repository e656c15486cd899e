// The relay's event policy and held session fields: their shape, defaults, and the JSON policy
// file (RELAY_POLICY_FILE) they can be read from.
import { readFileSync } from 'node:fs';
import { isRecord } from '../src/lib/shared/json';
import { errorMessage } from '../src/lib/shared/error-message';
import { ConfigError } from './config-error';

export interface PolicyConfig {
  /** When non-empty, only these client event types reach the upstream. `prefix.*` matches a family. */
  clientAllow: string[];
  /** Client event types that never reach the upstream (checked after the allow-list). */
  clientDeny: string[];
  /** When non-empty, only these server event types reach the browser. */
  serverAllow: string[];
  /** Server event types that never reach the browser. */
  serverDeny: string[];
  /**
   * Instructions held by the server: sent upstream when a session opens, forced into every
   * `session.update` and `response.create`, stripped from `session.created` / `session.updated`.
   * `null` = the browser manages instructions itself.
   */
  instructions: string | null;
  /** Tools every session gets (`session.tools`), forced into every `session.update` and `response.create`. */
  tools: HeldTool[] | null;
  /** The output voice (`audio.output.voice`), forced like the tools. */
  voice: string | null;
  /** The model of every session: `?model=` may name no other and `session.model` is forced to it. */
  model: string | null;
  /** `tool_choice`, forced like the tools. */
  toolChoice: string | Record<string, unknown> | null;
  /**
   * Tool types a browser may declare (`function`, `mcp`). null: any while the relay holds no
   * session field; only `function` while it holds one (an MCP server runs tools the policy never sees).
   */
  allowedToolTypes: string[] | null;
}

/** A tool as the session config takes it: `{type: "function", name, ...}` or `{type: "mcp", ...}`. */
export type HeldTool = { type: string } & Record<string, unknown>;

/** Session fields the policy can hold, as they are named in the policy. */
export const HELD_FIELDS = ['instructions', 'tools', 'voice', 'model', 'toolChoice'] as const;

/** Whether the policy holds any session field (and so inspects what could change one). */
export function holdsSessionFields(policy: PolicyConfig): boolean {
  return HELD_FIELDS.some((field) => policy[field] !== null);
}

export const DEFAULT_POLICY: PolicyConfig = {
  clientAllow: [],
  clientDeny: [],
  serverAllow: [],
  serverDeny: [],
  instructions: null,
  tools: null,
  voice: null,
  model: null,
  toolChoice: null,
  allowedToolTypes: null,
};

const LIST_KEYS = ['clientAllow', 'clientDeny', 'serverAllow', 'serverDeny', 'allowedToolTypes'] as const;
const POLICY_FILE_KEYS: readonly string[] = [...LIST_KEYS, ...HELD_FIELDS];

/**
 * A policy file is JSON, every key optional: event lists `clientAllow`, `clientDeny`,
 * `serverAllow`, `serverDeny` (arrays of event types), `allowedToolTypes` (array), and the
 * held session fields `instructions` (string), `tools` (array of tool objects), `voice`
 * (string), `model` (string), `toolChoice` (string or object). Unknown keys are an error, so a
 * typo cannot silently switch a rule off. The protocol schema checks the held fields at start-up.
 */
export function readPolicyFile(path: string): Partial<PolicyConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`RELAY_POLICY_FILE ${path}: ${errorMessage(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`RELAY_POLICY_FILE ${path}: expected a JSON object`);
  }
  const policy: Partial<PolicyConfig> = {};
  const bad = (key: string, expected: string) => new ConfigError(`RELAY_POLICY_FILE ${path}: "${key}" must be ${expected}`);
  const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!POLICY_FILE_KEYS.includes(key)) throw new ConfigError(`RELAY_POLICY_FILE ${path}: unknown key "${key}" (expected ${POLICY_FILE_KEYS.join(', ')})`);
    if (value === null) continue;
    switch (key) {
      case 'instructions':
      case 'voice':
      case 'model':
        if (typeof value !== 'string' || value === '') throw bad(key, 'a non-empty string or null');
        policy[key] = value;
        break;
      case 'tools':
        if (!Array.isArray(value) || !value.every((tool) => isRecord(tool) && typeof tool.type === 'string')) {
          throw bad(key, 'an array of tool objects, each with a string "type"');
        }
        policy.tools = value as HeldTool[];
        break;
      case 'toolChoice':
        if (typeof value !== 'string' && !isRecord(value)) throw bad(key, 'a string ("auto", "none", "required") or a tool choice object');
        policy.toolChoice = value;
        break;
      default:
        if (!isStringArray(value)) throw bad(key, key === 'allowedToolTypes' ? 'an array of tool types' : 'an array of event types');
        policy[key as typeof LIST_KEYS[number]] = value;
    }
  }
  return policy;
}
