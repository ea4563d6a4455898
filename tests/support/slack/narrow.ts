/** Narrowing helpers for the untyped bodies the fake receives and the payloads tests read back. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * An argument as text. Form bodies carry every value as a string while JSON bodies may carry
 * numbers or booleans; Slack treats an empty value as a missing one, so this does too.
 */
export function textArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** A boolean argument as forms send it ("true", "1") or JSON does. */
export function flagArg(args: Record<string, unknown>, key: string): boolean {
  const value = args[key];
  return value === true || value === "true" || value === "1" || value === 1;
}
