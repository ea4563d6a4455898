import { visibleTrim } from "../domain/visible-text.js";
import type { ImportCampaign } from "./import-campaign-model.js";
import { FIXED_COLUMNS, type FixedColumn, metricKeyOf } from "./report-columns.js";
import type { RowProblem } from "./row-problem.js";
import type { SheetRow } from "./sheet.js";

/** Where each column of the file is: fixed columns by name, metric columns by metric key. */
export interface HeaderLayout {
  fixed: Record<FixedColumn, number>;
  metrics: Map<string, number>;
  /** How many columns the header names (cells beyond it are refused). */
  width: number;
}

/** The spreadsheet letter of a 0-based column: 0 → "A", 26 → "AA". */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * Reads the header row (row 1): every fixed column once, metric columns of the campaign's
 * metrics only, in any order; blank cells at its end are ignored.
 */
export function readHeader(
  header: SheetRow,
  campaign: ImportCampaign,
): { ok: true; layout: HeaderLayout } | { ok: false; problems: RowProblem[] } {
  const names = header.cells.map((cell) => visibleTrim(cell));
  while (names.length > 0 && names.at(-1) === "") names.pop();
  const problems: RowProblem[] = [];
  const problem = (column: string, code: string, params: Record<string, string> = {}) =>
    problems.push({ row: header.rowNumber, column, code, params });
  const expected = FIXED_COLUMNS.join(", ");
  const seen = new Map<string, number>();
  const metrics = new Map<string, number>();
  for (const [index, name] of names.entries()) {
    const metricKey = metricKeyOf(name);
    const first = seen.get(name);
    if (name === "") problem(columnLetter(index), "header.blank", { expected });
    else if (first !== undefined) {
      problem(name, "header.duplicate", { letter: columnLetter(first) });
    } else if (metricKey !== undefined) {
      seen.set(name, index);
      if (campaign.metricKeys.has(metricKey)) metrics.set(metricKey, index);
      else {
        const keys = [...campaign.metricKeys].join(", ") || "—";
        problem(name, "header.unknownMetric", { metric: metricKey, keys });
      }
    } else {
      seen.set(name, index);
      if (!(FIXED_COLUMNS as readonly string[]).includes(name)) {
        problem(name, "header.unknown", { expected });
      }
    }
  }
  for (const column of FIXED_COLUMNS) {
    if (!seen.has(column)) problem(column, "header.missing", { expected });
  }
  if (problems.length > 0) return { ok: false, problems };
  const fixed = Object.fromEntries(FIXED_COLUMNS.map((column) => [column, seen.get(column)]));
  return {
    ok: true,
    layout: { fixed: fixed as Record<FixedColumn, number>, metrics, width: names.length },
  };
}
