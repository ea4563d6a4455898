import type ExcelJS from "exceljs";

/** ExcelJS on first use: it costs a start about 0.3 s and 25 MB, and only exports need it. */
const loadExcel = async () => (await import("exceljs")).default;

import { cellsOf, FIXED_COLUMNS, headerOf, type ReportTable } from "./report-columns.js";
import type { SheetReading, SheetRow } from "./sheet.js";

/** The sheet a reports workbook holds (and the one import reads, else the first). */
export const REPORTS_SHEET = "reports";

/** True when a double holds this decimal text exactly, so a number cell keeps it. */
function fitsNumberCell(decimal: string): boolean {
  return String(Number(decimal)) === decimal;
}

/**
 * The table as an XLSX workbook: one sheet "reports", the header row bold and frozen, periods,
 * keys and texts as text cells, metric values as number cells (a value a double cannot hold
 * exactly, beyond 15 significant digits, stays a text cell so no digit is lost).
 */
export async function reportsXlsx(table: ReportTable): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(REPORTS_SHEET, {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  const header = headerOf(table);
  sheet.addRow(header).font = { bold: true };
  for (const row of table.rows) {
    const cells = cellsOf(table, row);
    const added = sheet.addRow(
      cells.map((cell, index) => {
        const isMetric = index >= FIXED_COLUMNS.length;
        if (isMetric && cell !== "" && fitsNumberCell(cell)) return Number(cell);
        return cell === "" ? null : cell;
      }),
    );
    added.eachCell((cell, column) => {
      if (column <= FIXED_COLUMNS.length) cell.numFmt = "@";
      if (column >= 6 && column <= 8) cell.alignment = { wrapText: true, vertical: "top" };
    });
  }
  header.forEach((_, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = index >= 5 && index <= 7 ? 40 : 14;
    if (index < FIXED_COLUMNS.length) column.numFmt = "@";
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A number cell's value as plain decimal text, never in exponent form (1e-7 → "0.0000001"). */
function numberText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
}

/** What a person sees in a cell, as text: rich text joined, a formula's result, a date's day. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined || (typeof result === "object" && result && "error" in result)
      ? ""
      : cellText(result);
  }
  if ("hyperlink" in value) return value.text;
  if ("error" in value) return "";
  return "";
}

/** Reads the "reports" sheet (else the first) of XLSX bytes into rows as the sheet numbers them. */
export async function readXlsxSheet(bytes: Uint8Array): Promise<SheetReading> {
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch (error: unknown) {
    return { ok: false, reason: "badXlsx", detail: String(error) };
  }
  const sheet = workbook.getWorksheet(REPORTS_SHEET) ?? workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) return { ok: false, reason: "empty" };
  const rows: SheetRow[] = [];
  const width = sheet.columnCount;
  for (let number = 1; number <= sheet.rowCount; number += 1) {
    const row = sheet.getRow(number);
    const cells: string[] = [];
    for (let column = 1; column <= width; column += 1)
      cells.push(cellText(row.getCell(column).value));
    while (cells.length > 0 && cells.at(-1) === "") cells.pop();
    rows.push({ rowNumber: number, cells });
  }
  return { ok: true, rows };
}
