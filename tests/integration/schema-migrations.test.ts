import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../../src/db/migrations/apply-migrations.js";
import { createMigration } from "../../src/db/migrations/create-migration.js";
import {
  DEFAULT_MIGRATION_PATHS,
  type MigrationPaths,
} from "../../src/db/migrations/migration-files.js";
import { readMigrationStatus } from "../../src/db/migrations/migration-status.js";
import { schemaDriftSql } from "../../src/db/migrations/schema-drift.js";
import type { Database } from "../../src/db/open-database.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

/** A copy of prisma/ that a test may change. */
function copyOfPrismaFolder(): MigrationPaths & { root: string } {
  const root = mkdtempSync(join(tmpdir(), "duban-prisma-"));
  cpSync(DEFAULT_MIGRATION_PATHS.migrationsDir, join(root, "migrations"), { recursive: true });
  cpSync(DEFAULT_MIGRATION_PATHS.schemaFile, join(root, "schema.prisma"));
  return { root, schemaFile: join(root, "schema.prisma"), migrationsDir: join(root, "migrations") };
}

describe(`schema and migrations (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("schema.prisma and prisma/migrations agree", async () => {
    const drift = await schemaDriftSql({ adapterFactory: database.adapterFactory });
    expect(drift, "run `duban db new-migration <name>` to capture schema changes").toBe("");
  });

  it("detects a schema change that has no migration, and captures it in a new one", async () => {
    const paths = copyOfPrismaFolder();
    try {
      const schema = readFileSync(paths.schemaFile, "utf8");
      writeFileSync(
        paths.schemaFile,
        schema.replace("  title       String?\n", "  title       String?\n  nickname    String?\n"),
      );
      const drift = await schemaDriftSql({ adapterFactory: database.adapterFactory, paths });
      expect(drift).toContain('ALTER TABLE "Member" ADD COLUMN     "nickname" TEXT');

      const created = await createMigration({
        adapterFactory: database.adapterFactory,
        name: "Add member nickname",
        paths,
        now: new Date("2030-01-02T03:04:05Z"),
      });
      expect(created).toMatchObject({ created: true, name: "20300102030405_add_member_nickname" });
      expect(await schemaDriftSql({ adapterFactory: database.adapterFactory, paths })).toBe("");

      // The database (migrated with the real folder) sees the new migration as pending,
      // applies it, and is then up to date.
      const before = await readMigrationStatus({ adapterFactory: database.adapterFactory, paths });
      expect(before.pending).toEqual(["20300102030405_add_member_nickname"]);
      expect(
        await applyPendingMigrations({ adapterFactory: database.adapterFactory, paths }),
      ).toEqual(["20300102030405_add_member_nickname"]);
      const after = await readMigrationStatus({ adapterFactory: database.adapterFactory, paths });
      expect(after.upToDate).toBe(true);
      expect(
        await applyPendingMigrations({ adapterFactory: database.adapterFactory, paths }),
      ).toEqual([]);
    } finally {
      rmSync(paths.root, { recursive: true, force: true });
    }
  });

  it("reports the real folder as applied and nothing pending", async () => {
    const status = await readMigrationStatus({ adapterFactory: database.adapterFactory });
    expect(status.known.length).toBeGreaterThan(0);
    expect(status.pending).toEqual([]);
  });
});
