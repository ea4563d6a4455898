/**
 * Narrows a value read from outside (a parsed file, an API's JSON, a thrown error) to an
 * object whose fields can be looked at; arrays and null are not records. Keeps what the
 * value's type already said.
 */
export function isRecord<T>(value: T): value is T & NonNullable<T> & Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
