import { type ChangeLog, changedFields, type ImportEntity, pick } from "./change-log.js";

type Row = { id: string; archivedAt?: Date | null } & Record<string, unknown>;

/** How to bring one kind of keyed rows in line with the file. */
export interface SyncRowsOptions<Existing extends Row, Data extends Record<string, unknown>> {
  entity: ImportEntity;
  log: ChangeLog;
  existing: Existing[];
  keyOf: (row: Existing) => string;
  desired: { key: string; data: Data }[];
  create: (data: Data) => Promise<{ id: string }>;
  update: (id: string, data: Partial<Data> & { archivedAt?: Date | null }) => Promise<unknown>;
  /**
   * Rows absent from the file: archived (kept with their data), deleted (only rows nothing
   * refers to), or kept as they are (rows other campaigns share, or a partial list).
   */
  onMissing:
    | { archive: (id: string) => Promise<unknown> }
    | { remove: (id: string) => Promise<unknown> }
    | "keep";
}

/**
 * Creates, updates, restores and archives rows so they match the file, touching only rows
 * that differ (so a second import of the same file writes nothing), and records each change.
 *
 * @returns the id of each desired row by key
 */
export async function syncRows<Existing extends Row, Data extends Record<string, unknown>>(
  options: SyncRowsOptions<Existing, Data>,
): Promise<Map<string, string>> {
  const { log, entity } = options;
  const byKey = new Map(options.existing.map((row) => [options.keyOf(row), row]));
  const ids = new Map<string, string>();
  for (const { key, data } of options.desired) {
    const row = byKey.get(key);
    if (!row) {
      const created = await options.create(data);
      log.record({ entity, kind: "created", entityId: created.id, before: null, after: data });
      ids.set(key, created.id);
      continue;
    }
    ids.set(key, row.id);
    const fields = changedFields(row, data);
    const archived = row.archivedAt !== undefined && row.archivedAt !== null;
    if (fields.length === 0 && !archived) continue;
    const changes = Object.fromEntries(
      fields.map((field) => [field, data[field]]),
    ) as Partial<Data>;
    await options.update(row.id, archived ? { ...changes, archivedAt: null } : changes);
    log.record({
      entity,
      kind: archived ? "restored" : "updated",
      entityId: row.id,
      before: pick(row, fields),
      after: changes,
    });
  }
  if (options.onMissing === "keep") return ids;
  const wanted = new Set(options.desired.map((item) => item.key));
  for (const row of options.existing) {
    if (wanted.has(options.keyOf(row))) continue;
    if ("archive" in options.onMissing) {
      if (row.archivedAt) continue;
      await options.onMissing.archive(row.id);
      log.record({ entity, kind: "archived", entityId: row.id, before: null, after: null });
    } else {
      await options.onMissing.remove(row.id);
      log.record({ entity, kind: "deleted", entityId: row.id, before: { ...row }, after: null });
    }
  }
  return ids;
}
