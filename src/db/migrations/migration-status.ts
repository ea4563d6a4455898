import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import {
  DEFAULT_MIGRATION_PATHS,
  type MigrationPaths,
  migrationNames,
  readMigrationList,
} from "./migration-files.js";
import { NO_FILTERS, withSchemaEngine } from "./schema-engine.js";

/** How the database's migration history compares to `prisma/migrations`. */
export interface MigrationStatus {
  /** Migrations in the folder. */
  known: string[];
  /** In the folder, not yet applied. */
  pending: string[];
  /** Applied to the database but absent from the folder (the code is older than the data). */
  unknownApplied: string[];
  failed: string[];
  /** Applied, then edited on disk. */
  edited: string[];
  upToDate: boolean;
}

/** Reads the migration history of the database without changing anything. */
export async function readMigrationStatus(options: {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  paths?: MigrationPaths;
}): Promise<MigrationStatus> {
  const migrationsList = readMigrationList(options.paths ?? DEFAULT_MIGRATION_PATHS);
  const known = migrationNames(migrationsList);
  const output = await withSchemaEngine({ adapterFactory: options.adapterFactory }, (engine) =>
    engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    }),
  );
  let pending: string[] = [];
  let unknownApplied: string[] = [];
  const history = output.history;
  if (!output.hasMigrationsTable) pending = known;
  else if (history?.diagnostic === "databaseIsBehind") pending = history.unappliedMigrationNames;
  else if (history?.diagnostic === "migrationsDirectoryIsBehind")
    unknownApplied = history.unpersistedMigrationNames;
  else if (history?.diagnostic === "historiesDiverge") {
    pending = history.unappliedMigrationNames;
    unknownApplied = history.unpersistedMigrationNames;
  }
  const failed = output.failedMigrationNames;
  const edited = output.editedMigrationNames;
  return {
    known,
    pending,
    unknownApplied,
    failed,
    edited,
    upToDate:
      pending.length === 0 &&
      unknownApplied.length === 0 &&
      failed.length === 0 &&
      edited.length === 0,
  };
}
