import { visibleTrim } from "../domain/visible-text.js";

/**
 * The file has no column for a blocked task's reason or a skip's reason: both travel in
 * `problems`.
 *
 * - A skipped row's `problems` is its skip reason.
 * - A blocked row's `problems` is the blocked reason, then, when the report also names
 *   problems, a line of exactly `---` and the problems. Reading splits at the first such line,
 *   so the round trip is exact unless a blocked reason itself holds a `---` line.
 */
export const BLOCKED_SEPARATOR = "---";

/** The `problems` cell of a blocked report. */
export function foldBlockedReason(reason: string, problems: string | null): string {
  return problems ? `${reason}\n${BLOCKED_SEPARATOR}\n${problems}` : reason;
}

/** A blocked row's `problems` cell split back into the reason and the problems (both trimmed). */
export function unfoldBlockedReason(cell: string): { reason: string; problems: string } {
  const lines = cell.split(/\r\n|\r|\n/);
  const at = lines.findIndex((line) => visibleTrim(line) === BLOCKED_SEPARATOR);
  if (at < 0) return { reason: visibleTrim(cell), problems: "" };
  return {
    reason: visibleTrim(lines.slice(0, at).join("\n")),
    problems: visibleTrim(lines.slice(at + 1).join("\n")),
  };
}
