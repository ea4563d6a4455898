import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaSource } from "./schema-engine.js";

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Where the schema and migrations live; tests point these at copies. */
export interface MigrationPaths {
  schemaFile: string;
  migrationsDir: string;
}

export const DEFAULT_MIGRATION_PATHS: MigrationPaths = {
  schemaFile: join(PROJECT_ROOT, "prisma", "schema.prisma"),
  migrationsDir: join(PROJECT_ROOT, "prisma", "migrations"),
};

const LOCKFILE = "migration_lock.toml";

/** Reads `prisma/migrations` in Prisma's own layout (`<timestamp>_<name>/migration.sql`). */
export function readMigrationList(paths: MigrationPaths = DEFAULT_MIGRATION_PATHS): MigrationList {
  const dir = paths.migrationsDir;
  const directories = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const lockPath = join(dir, LOCKFILE);
  return {
    baseDir: dir,
    lockfile: {
      path: LOCKFILE,
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => {
      const file = join(dir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok" as const, value: readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

export function readSchema(paths: MigrationPaths = DEFAULT_MIGRATION_PATHS): SchemaSource {
  return { path: paths.schemaFile, content: readFileSync(paths.schemaFile, "utf8") };
}

export function migrationNames(list: MigrationList): string[] {
  return list.migrationDirectories.map((directory) => directory.path);
}
