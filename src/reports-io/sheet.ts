/** A row of a spreadsheet as the person sees it: its number (header = 1) and its cells as text. */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

/** Why a file could not be read as a table at all (prompt key under `reportsio.file.`). */
export type SheetFailure =
  | { reason: "badExtension" }
  | { reason: "notUtf8" }
  | { reason: "badCsv"; row: number; detail: string }
  | { reason: "badXlsx"; detail: string }
  | { reason: "empty" };

export type SheetReading = { ok: true; rows: SheetRow[] } | ({ ok: false } & SheetFailure);

/** Which reader a file name asks for, from its extension; undefined for any other. */
export function sheetFormatOf(fileName: string): "csv" | "xlsx" | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".xlsx")) return "xlsx";
  return undefined;
}
