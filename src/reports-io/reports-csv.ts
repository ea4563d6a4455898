import { CsvError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { cellsOf, headerOf, type ReportTable } from "./report-columns.js";
import type { SheetReading } from "./sheet.js";

/**
 * The table as RFC 4180 CSV (CRLF between records, quoted where needed), UTF-8 with a byte
 * order mark so that Excel opens Chinese text correctly.
 */
export function reportsCsv(table: ReportTable): string {
  return stringify([headerOf(table), ...table.rows.map((row) => cellsOf(table, row))], {
    bom: true,
    record_delimiter: "windows",
    // With CRLF between records, csv-stringify would leave a cell's own line breaks unquoted.
    quoted_match: /[\r\n]/,
  });
}

/**
 * Reads CSV bytes into rows numbered as a spreadsheet shows them (header = 1; a quoted cell
 * with line breaks is still one row, an empty line is a row). UTF-8 with or without a byte
 * order mark; anything else (a GBK file saved by an old Excel) is refused, not misread.
 */
export function readCsvSheet(bytes: Uint8Array): SheetReading {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: "notUtf8" };
  }
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      // A file edited by hand may mix line endings; each one ends a record outside quotes.
      record_delimiter: ["\r\n", "\n", "\r"],
    });
  } catch (error: unknown) {
    if (!(error instanceof CsvError)) throw error;
    const row = typeof error.records === "number" ? error.records + 1 : 0;
    return { ok: false, reason: "badCsv", row, detail: error.message };
  }
  const rows = records.map((cells, index) => ({ rowNumber: index + 1, cells }));
  if (rows.length === 0) return { ok: false, reason: "empty" };
  return { ok: true, rows };
}
