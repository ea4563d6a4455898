/** A bad cell: where it is (row as the spreadsheet numbers it, header = 1; column name), what is wrong. */
export interface RowProblem {
  row: number;
  column: string;
  /** Prompt key under `reportsio.problem.`. */
  code: string;
  params: Record<string, string | number>;
}

/** Thrown when any row of a reports file is bad; the import wrote nothing. */
export class ReportsImportError extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(`reports import refused: ${problems.length} problem(s)`);
    this.name = "ReportsImportError";
  }
}
