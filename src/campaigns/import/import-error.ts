/** A problem the file alone does not show: it conflicts with what the database holds. */
export interface ImportConflict {
  /** Where in the file, as segments (`["members", 3, "telegram"]`). */
  path: (string | number)[];
  /** Prompt key under `campaign.errors.*`. */
  code: string;
  params: Record<string, string | number>;
}

/** Thrown inside the import transaction, so nothing is written. */
export class CampaignImportError extends Error {
  constructor(readonly conflicts: ImportConflict[]) {
    super(`campaign import conflicts: ${conflicts.map((conflict) => conflict.code).join(", ")}`);
    this.name = "CampaignImportError";
  }
}
