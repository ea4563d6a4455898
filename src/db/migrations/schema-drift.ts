import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import {
  DEFAULT_MIGRATION_PATHS,
  type MigrationPaths,
  readMigrationList,
  readSchema,
} from "./migration-files.js";
import { NO_FILTERS, withSchemaEngine } from "./schema-engine.js";

/**
 * The SQL script that takes the migrations folder to `schema.prisma`, as Prisma writes it
 * (with its `-- CreateTable` comments); the migrations are replayed on a shadow database
 * of the given factory.
 */
export async function diffMigrationsToSchema(options: {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  paths?: MigrationPaths;
}): Promise<string> {
  const paths = options.paths ?? DEFAULT_MIGRATION_PATHS;
  const schema = readSchema(paths);
  const result = await withSchemaEngine({ adapterFactory: options.adapterFactory }, (engine) =>
    engine.diff({
      from: { tag: "migrations", ...readMigrationList(paths) },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    }),
  );
  return result.stdout ?? "";
}

/** Only the statements of a script: the engine prints a comment for an empty diff. */
export function sqlStatements(script: string): string {
  return script
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("--"))
    .join("\n");
}

/** The statements still needed to bring the migrations up to the schema; empty when they agree. */
export async function schemaDriftSql(options: {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  paths?: MigrationPaths;
}): Promise<string> {
  return sqlStatements(await diffMigrationsToSchema(options));
}
