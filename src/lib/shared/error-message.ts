// One way to turn a caught value into text for a log line, an `error` event or a UI message.

/** The message of an `Error`, or the thrown value as a string (a `throw 'text'` or a rejection with no Error). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
