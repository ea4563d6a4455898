import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import {
  DEFAULT_MIGRATION_PATHS,
  type MigrationPaths,
  migrationNames,
  readMigrationList,
} from "./migration-files.js";

/**
 * Applies the migrations in `prisma/migrations` that the database has not seen, recording
 * them in Prisma's `_prisma_migrations` table (so `prisma migrate deploy` stays compatible).
 *
 * @returns the names of the migrations applied now (empty when up to date)
 */
export async function applyPendingMigrations(options: {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  paths?: MigrationPaths;
}): Promise<string[]> {
  const migrationsList = readMigrationList(options.paths ?? DEFAULT_MIGRATION_PATHS);
  if (await allRecordedAsApplied(options.adapterFactory, migrationNames(migrationsList))) {
    return [];
  }
  // Loaded only when there is work (or a failure to report): the engine's WebAssembly costs
  // a start ~25 MB of memory and a few hundred milliseconds.
  const { NO_FILTERS, withSchemaEngine } = await import("./schema-engine.js");
  return withSchemaEngine({ adapterFactory: options.adapterFactory }, async (engine) => {
    const output = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return output.appliedMigrationNames;
  });
}

/**
 * True when `_prisma_migrations` records every one of `names` as finished and nothing as
 * failed (unfinished and not rolled back): then the engine would apply nothing. Anything
 * else, a new database included, is left to the engine, which applies or reports it.
 */
async function allRecordedAsApplied(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  names: string[],
): Promise<boolean> {
  const adapter = await adapterFactory.connect();
  try {
    const result = await adapter.queryRaw({
      sql: `SELECT migration_name, finished_at IS NOT NULL AS finished,
                   rolled_back_at IS NOT NULL AS rolled_back
            FROM _prisma_migrations`,
      args: [],
      argTypes: [],
    });
    const finished = new Set<string>();
    for (const [name, isFinished, isRolledBack] of result.rows) {
      if (isRolledBack === true) continue;
      if (isFinished !== true) return false;
      finished.add(String(name));
    }
    return names.every((name) => finished.has(name));
  } catch {
    return false;
  } finally {
    await adapter.dispose();
  }
}
