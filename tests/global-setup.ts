import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { applyPendingMigrations } from "../src/db/migrations/apply-migrations.js";
import {
  DEFAULT_MIGRATION_PATHS,
  readMigrationList,
} from "../src/db/migrations/migration-files.js";
import { PGliteAdapterFactory } from "../src/db/pglite-adapter-factory.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A tarball of a migrated, empty PGlite data directory; tests start from copies of it. */
    pgliteTemplate: string;
  }
}

/**
 * Initialising a PGlite data directory costs seconds; loading a migrated one from a
 * tarball is much cheaper. The template is rebuilt whenever the migrations change.
 */
export default async function setup(project: TestProject): Promise<void> {
  const migrations = JSON.stringify(
    readMigrationList(DEFAULT_MIGRATION_PATHS).migrationDirectories,
  );
  const digest = createHash("sha256").update(migrations).digest("hex").slice(0, 16);
  const dir = join(tmpdir(), "duban-test-templates");
  const file = join(dir, `pglite-${digest}.tar.gz`);
  if (!existsSync(file)) {
    const pglite = new PGlite();
    await pglite.waitReady;
    await applyPendingMigrations({ adapterFactory: new PGliteAdapterFactory(pglite) });
    const dump = await pglite.dumpDataDir("gzip");
    await pglite.close();
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  }
  readFileSync(file); // fail here, not in every test, if the template is unreadable
  project.provide("pgliteTemplate", file);
}
