// Small helpers for values parsed from JSON: telling an object from an array or null, and
// copying a plain JSON value so the copy shares nothing with the original.

/** A non-null, non-array object: what a parsed JSON `{...}` is. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy of a JSON value (objects, arrays, strings, numbers, booleans, null) through
 * `JSON.stringify`: fields set to `undefined` are dropped, as on the wire. `undefined` itself is
 * returned as is.
 */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
