import { readCsvSheet } from "./reports-csv.js";
import { readXlsxSheet } from "./reports-xlsx.js";
import { type SheetReading, sheetFormatOf } from "./sheet.js";

/** Reads a reports file's bytes as rows, by its extension (`.csv` or `.xlsx`). */
export async function readReportsSheet(options: {
  fileName: string;
  bytes: Uint8Array;
}): Promise<SheetReading> {
  const format = sheetFormatOf(options.fileName);
  if (format === "csv") return readCsvSheet(options.bytes);
  if (format === "xlsx") return readXlsxSheet(options.bytes);
  return { ok: false, reason: "badExtension" };
}
