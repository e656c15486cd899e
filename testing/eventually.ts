// Waiting on a state instead of a fixed sleep: a timer the code under test runs (a poll, an
// interval) fires late on a loaded machine, so a sleep of "a little more than its period" is no
// guarantee. Shared by the Node tests of every layer.

/** Resolves once `probe()` returns non-null (checked every 5 ms); throws after `timeoutMs`, naming `what`. */
export async function eventually<T>(probe: () => T | null | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
