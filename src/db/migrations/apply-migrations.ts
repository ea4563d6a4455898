import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import {
  DEFAULT_MIGRATION_PATHS,
  type MigrationPaths,
  readMigrationList,
} from "./migration-files.js";
import { NO_FILTERS, withSchemaEngine } from "./schema-engine.js";

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
  return withSchemaEngine({ adapterFactory: options.adapterFactory }, async (engine) => {
    const output = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return output.appliedMigrationNames;
  });
}
