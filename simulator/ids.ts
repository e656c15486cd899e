// Identifiers shaped like the real API's (`event_` + 21 base62 characters), random per run.
import { randomBytes } from 'node:crypto';
import { SIMULATOR_SESSION_PREFIX } from '../src/lib/protocol/simulator-ids';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Length of the random part, as in the real API's ids (e.g. `event_C9G8pqbTEddBSIxbBN6Os`). */
export const ID_RANDOM_LENGTH = 21;

export function makeId(prefix: string, length = ID_RANDOM_LENGTH): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

export const newEventId = (): string => makeId('event_');
export const newItemId = (): string => makeId('item_');
export const newResponseId = (): string => makeId('resp_');
export const newCallId = (): string => makeId('call_');
export const newConversationId = (): string => makeId('conv_');
/** The prefix marks a simulator session: the UI shows a "Simulator" badge on it. */
export const newSessionId = (): string => makeId(SIMULATOR_SESSION_PREFIX);
